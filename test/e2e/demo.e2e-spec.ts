import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ExplorerClient } from '@app/client';
import { seedDemo } from '../../scripts/demo/seed';
import { startTestApp, TestApp } from '../setup/app';
import { listen } from '../setup/listening';

const run = promisify(execFile);

describe('npm run demo: a small grid through the SDK', () => {
  let t: TestApp;
  let client: ExplorerClient;
  beforeAll(async () => {
    t = await startTestApp();
    client = new ExplorerClient(await listen(t));
  });
  afterAll(() => t.close());

  it('leaves workloads in every state, farms in four countries, online nodes and a gateway', async () => {
    const grid = await seedDemo(client);
    const counts = Object.fromEntries(
      Object.entries(grid.workloads).map(([state, ids]) => [state, ids.length]),
    );
    expect(counts).toEqual({ deploy: 5, delete: 2, deleted: 1, sign: 2, pay: 1, invalid: 2 });
    const stats = await client.stats();
    expect(stats).toMatchObject({
      farms: 4,
      countries: 4,
      nodes: { total: 8, online: 8 },
      gateways: { total: 1, online: 1 },
    });
    const history = await client.workloadHistory(grid.workloads.deleted[0]);
    expect(history.map((h) => h.to)).toEqual([3, 4, 6]);
    expect((await client.listGateways()).items[0].managed_domains[0]).toMatch(/^gw-\w+\.example\.com$/);
  });

  it('the npm script seeds the explorer at --url again (fresh names each run)', async () => {
    const root = join(__dirname, '../..');
    const { stdout } = await run(
      process.execPath,
      ['scripts/ts-run.js', 'scripts/demo/index.ts', '--url', client.url],
      { cwd: root },
    );
    expect(stdout).toMatch(/^seeding http:\/\/127\.0\.0\.1:\d+\n/);
    expect(stdout).toMatch(/done: open http:\/\/127\.0\.0\.1:\d+\/ for the grid/);
    expect((await client.stats()).farms).toBe(8);
  }, 60_000);
});
