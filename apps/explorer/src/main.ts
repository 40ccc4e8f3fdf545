import 'reflect-metadata';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/config';
import { RunningPostgres, startEmbeddedPostgres } from './database/embedded-postgres';

async function main(): Promise<void> {
  const config = loadConfig();
  let embedded: RunningPostgres | null = null;
  if (!config.DATABASE_URL) {
    embedded = await startEmbeddedPostgres({
      dir: config.EMBEDDED_PG_DIR,
      port: config.EMBEDDED_PG_PORT,
      persistent: true,
    });
    process.stdout.write(`embedded PostgreSQL started in ${config.EMBEDDED_PG_DIR}\n`);
  }
  const app = await createApp(config, config.DATABASE_URL ?? embedded!.url);
  const stop = async () => {
    await app.close();
    await embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  await app.listen(config.PORT, config.HOST);
  process.stdout.write(`explorer listening on http://localhost:${config.PORT}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
