import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestApp, TestApp } from '../setup/app';
import { listen } from '../setup/listening';

const run = promisify(execFile);
const ROOT = join(__dirname, '../..');
const DOC = join(ROOT, 'docs/getting-started.md');

/** The `sh` blocks of the doc, in order; the explorer itself is this test's app (it replaces `npm start`). */
export function docScript(markdown: string, url: string): string {
  const blocks = [...markdown.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  const lines = blocks
    .join('')
    .split('\n')
    .filter((line) => line.trim() !== 'npm ci && npm start');
  return lines.join('\n').replaceAll('http://localhost:8080', url);
}

describe('docs/getting-started.md, executed', () => {
  let t: TestApp;
  let url: string;
  beforeAll(async () => {
    t = await startTestApp();
    url = await listen(t);
  });
  afterAll(() => t.close());

  it('every command of the doc works, in order, from the repository folder', async () => {
    const script = docScript(readFileSync(DOC, 'utf8'), url);
    expect(script).toContain('npx explorer workload watch $ID');
    const home = mkdtempSync(join(tmpdir(), 'getting-started-'));
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', `set -m\n${script}`], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: home, EXPLORER_CLI_FROM_SOURCE: '1' },
      maxBuffer: 1 << 24,
      timeout: 540_000,
    });
    expect(stdout).toMatch(/^done: open http:\/\/127\.0\.0\.1:\d+\/ for the grid/m);
    expect(stdout).toMatch(/^deployed: workload (\d+) is deploy, result ok$/m);
    expect(stdout).toMatch(/^deleted: workload (\d+) is deleted, result deleted$/m);
    expect(stdout).toMatch(/delete → deleted {2}\(node_deleted by node:/);
    expect(stdout).toContain('"cause":"created"');
    const nodeLog = readFileSync(join(home, '.explorer/node.log'), 'utf8');
    expect(nodeLog).toMatch(/deployed volume \d+-1\nremoved volume \d+-1/);
  }, 600_000);
});
