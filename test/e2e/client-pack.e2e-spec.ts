import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startTestApp, TestApp } from '../setup/app';
import { listen } from '../setup/listening';

const run = promisify(execFile);
const ROOT = join(__dirname, '../..');

/** `npm pack` of libs/client installs in an empty folder and works there, examples included. */
describe('the packed client outside the repository', () => {
  let t: TestApp;
  let url: string;
  let folder: string;
  let tarball: string;

  beforeAll(async () => {
    t = await startTestApp();
    url = await listen(t);
    const packs = mkdtempSync(join(tmpdir(), 'client-pack-'));
    const packed = await run('npm', ['pack', './libs/client', '--pack-destination', packs, '--json'], {
      cwd: ROOT,
      maxBuffer: 1 << 24,
    });
    const [{ filename, files }] = JSON.parse(packed.stdout) as {
      filename: string;
      files: { path: string }[];
    }[];
    tarball = join(packs, filename);
    const paths = files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'README.md',
        'examples/deploy-volume.js',
        'dist/client/src/index.js',
        'dist/client/src/index.d.ts',
      ]),
    );
    expect(paths.filter((p) => /\.spec\.|\.ts$/.test(p) && !p.endsWith('.d.ts'))).toEqual([]);

    folder = mkdtempSync(join(tmpdir(), 'client-user-'));
    writeFileSync(join(folder, 'package.json'), '{"name":"someone-else","version":"1.0.0","private":true}\n');
    await run('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund'], { cwd: folder });
  }, 300_000);
  afterAll(() => t.close());

  it('the example deploys and deletes a volume against the explorer', async () => {
    const example = join(folder, 'node_modules/@zos-explorer/client/examples/deploy-volume.js');
    const { stdout } = await run(process.execPath, [example], {
      cwd: folder,
      env: { ...process.env, EXPLORER_URL: url },
    });
    expect(stdout).toMatch(
      /^workload (\d+): deploy\nworkload \1: deploy, result \{"volume_id":"vol-\1"\}\nworkload \1: delete\nhistory: deploy -> delete -> deleted\n$/,
    );
  }, 60_000);

  it('TypeScript users get the declarations', async () => {
    writeFileSync(
      join(folder, 'check.ts'),
      `import { ExplorerClient, ExplorerError, Identity, Workload } from '@zos-explorer/client';\n` +
        `const c: ExplorerClient = new ExplorerClient('http://x');\n` +
        `const p: Promise<Workload> = c.getWorkload(1);\n` +
        `const e: number = new ExplorerError(404, 'x', null, 'GET', '/').status;\n` +
        `export const used = [p, e, Identity.generate().pubkeyHex];\n`,
    );
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    await run(
      process.execPath,
      [
        tsc,
        '--noEmit',
        '--target',
        'es2022',
        '--strict',
        '--module',
        'commonjs',
        '--moduleResolution',
        'node',
        '--types',
        'node',
        '--typeRoots',
        join(ROOT, 'node_modules/@types'),
        'check.ts',
      ],
      { cwd: folder },
    );
  }, 60_000);
});
