import { ExplorerClient } from '@app/client';
import { seedDemo } from './seed';

/** `npm run demo [-- --url http://host:port]`: seeds a running explorer (default $EXPLORER_URL or localhost:8080). */
async function main(): Promise<void> {
  const flag = process.argv.indexOf('--url');
  const url = flag >= 0 ? process.argv[flag + 1] : (process.env.EXPLORER_URL ?? 'http://localhost:8080');
  const client = new ExplorerClient(url);
  await client.health();
  console.log(`seeding ${url}`);
  await seedDemo(client, (line) => console.log(`  ${line}`));
  console.log(`done: open ${url}/ for the grid and ${url}/api/v1 for the API`);
}

main().catch((error: Error) => {
  console.error(`demo failed: ${error.message}`);
  process.exitCode = 1;
});
