import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { freePort, startEmbeddedPostgres } from '../../apps/explorer/src/database/embedded-postgres';

const ROOT = resolve(__dirname, '../..');
/** The compiled explorer (`npm run bench` compiles it next to this script). */
const EXPLORER_MAIN = resolve(__dirname, '../../apps/explorer/src/main.js');

/**
 * The environment settings (`NAME=value` before `node`) and Node's flags of `npm start`, so the
 * explorer runs as deployed: from the repository's package.json (the first one up from here next to
 * package-lock.json; tsc copies a package.json into dist/ that goes stale).
 */
function startCommand(): { env: Record<string, string>; flags: string[] } {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package-lock.json'))) dir = dirname(dir);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const words = pkg.scripts.start.split(/\s+/);
  const settings = words.slice(0, words.indexOf('node')).map((word) => word.split('='));
  return {
    env: Object.fromEntries(settings),
    flags: words.filter((word) => word.startsWith('--')),
  };
}

/** A throw-away database: on DATABASE_URL's server when set, else on an embedded PostgreSQL. */
export interface BenchDatabase {
  url: string;
  /** Connection string of the server's admin database (for server-wide views). */
  serverUrl: string;
  name: string;
  drop(): Promise<void>;
}

export async function startBenchDatabase(tag: string): Promise<BenchDatabase> {
  const embedded = process.env.DATABASE_URL
    ? null
    : await startEmbeddedPostgres({
        dir: mkdtempSync(join(tmpdir(), `explorer-bench-${tag}-`)),
        port: 0,
        persistent: false,
      });
  const serverUrl = process.env.DATABASE_URL ?? embedded!.adminUrl;
  const name = `explorer_bench_${tag}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    serverUrl,
    name,
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
      await admin.end();
      await embedded?.stop();
    },
  };
}

/**
 * A plain-JS child process (load generators, baseline servers): its CPU and memory are not the
 * explorer's. `asStarted`: with `npm start`'s flags and settings, for a baseline whose memory is
 * compared with the explorer's.
 */
export function runNode(
  script: string,
  args: unknown,
  asStarted = false,
): { result: Promise<string>; kill: () => void; firstLine: Promise<string>; pid: number } {
  const start = asStarted ? startCommand() : { env: {}, flags: [] };
  const child = spawn(process.execPath, [...start.flags, '-e', script, JSON.stringify(args)], {
    cwd: ROOT,
    env: { ...process.env, ...start.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  let resolveLine: (line: string) => void = () => undefined;
  const firstLine = new Promise<string>((done) => (resolveLine = done));
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    if (out.includes('\n')) resolveLine(out.split('\n')[0]);
  });
  const result = new Promise<string>((done, fail) =>
    child.on('exit', (code) =>
      code === 0 || code === null ? done(out) : fail(new Error(`child exited ${code}`)),
    ),
  );
  return { result, firstLine, kill: () => child.kill(), pid: child.pid! };
}

/**
 * `exportName(args)` of a compiled bench module in its own process (see runNode); the arguments go
 * through a temporary file (argv holds at most 128 KB).
 */
export function runModule(
  modulePath: string,
  exportName: string,
  args: unknown,
  asStarted = false,
): ReturnType<typeof runNode> {
  const dir = mkdtempSync(join(tmpdir(), 'explorer-bench-args-'));
  const file = join(dir, 'args.json');
  writeFileSync(file, JSON.stringify(args));
  const script = `require(${JSON.stringify(modulePath)}).${exportName}(JSON.parse(require('node:fs').readFileSync(JSON.parse(process.argv[1]), 'utf8')))`;
  const child = runNode(script, file, asStarted);
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  child.result.then(cleanup, cleanup);
  return child;
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

export interface ExplorerProcess {
  base: string;
  pid: number;
  /** Current resident set (VmRSS) and peak (VmHWM) of the explorer's process, as the kernel counts them. */
  rssMb(): number;
  peakRssMb(): number;
  /** CPU seconds (user + system) the explorer's process used so far. */
  cpuSeconds(): number;
  /** Waits until an idle poll of `probe` answers x-last-id >= id (the committed ceiling passed it). */
  ceilingReaches(id: number, probe: string): Promise<void>;
  stop(): Promise<void>;
}

/** A size field of /proc/<pid>/status (VmRSS, VmHWM…) in MB, as the kernel counts it. */
function procStatusMb(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024);
}

/** Current resident set of a process. */
export const rssMbOf = (pid: number): number => procStatusMb(pid, 'VmRSS');

/** CPU seconds of a process from /proc/<pid>/stat (utime + stime, clock ticks of 100 Hz). */
export function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/**
 * The compiled explorer as its own process, as deployed (`node dist/.../main.js`, the environment
 * settings and flags of `npm start`), so its resident set and CPU are its own.
 */
export async function startExplorer(
  databaseUrl: string,
  poolSize: number,
  env: Record<string, string> = {},
): Promise<ExplorerProcess> {
  const port = await freePort();
  const start = startCommand();
  const child: ChildProcess = spawn(process.execPath, [...start.flags, EXPLORER_MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...start.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      RUN_BACKGROUND_JOBS: 'false',
      DATABASE_POOL_SIZE: String(poolSize),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const exited = new Promise((done) => child.once('exit', done));
  await waitFor(async () => (await fetch(`${base}/health`)).status === 200, 60_000, 'explorer start');
  const pid = child.pid!;
  return {
    base,
    pid,
    rssMb: () => rssMbOf(pid),
    peakRssMb: () => procStatusMb(pid, 'VmHWM'),
    cpuSeconds: () => cpuSecondsOf(pid),
    ceilingReaches: (id, probe) =>
      waitFor(
        async () => Number((await fetch(`${base}${probe}`)).headers.get('x-last-id')) >= id,
        30_000,
        `committed ceiling ${id}`,
      ),
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

export interface PostgresCpu {
  /** CPU seconds of the backends serving the bench database (client backends, its autovacuum workers). */
  database: number;
  /** CPU seconds of the server's own processes (WAL writer, checkpointer, …): shared with every database. */
  server: number;
}

/**
 * PostgreSQL's CPU during a run, read from /proc like the explorer's: the processes pg_stat_activity
 * lists, sampled every second so that backends started during the run count from their start. Null
 * when the server's processes are not visible here (a server on another machine or pid namespace).
 */
export async function watchPostgresCpu(
  database: BenchDatabase,
): Promise<{ stop(): Promise<PostgresCpu | null> }> {
  const client = new Client({ connectionString: database.serverUrl });
  await client.connect();
  const kind = new Map<number, 'database' | 'server'>();
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  let visible = true;
  const sample = async (initial: boolean) => {
    const { rows } = await client.query<{ pid: number; datname: string | null }>(
      `SELECT pid, datname FROM pg_stat_activity
       WHERE pid <> pg_backend_pid() AND (datname = $1 OR datname IS NULL)`,
      [database.name],
    );
    for (const { pid, datname } of rows) {
      let cpu: number;
      try {
        cpu = cpuSecondsOf(pid);
      } catch {
        if (initial) visible = false;
        continue;
      }
      if (!first.has(pid)) {
        kind.set(pid, datname === null ? 'server' : 'database');
        first.set(pid, initial ? cpu : 0);
      }
      last.set(pid, cpu);
    }
  };
  await sample(true);
  let sampling = Promise.resolve();
  const timer = setInterval(
    () => (sampling = sampling.then(() => sample(false)).catch(() => undefined)),
    1000,
  );
  return {
    stop: async () => {
      clearInterval(timer);
      await sampling;
      await sample(false).catch(() => undefined);
      await client.end();
      if (!visible || first.size === 0) return null;
      const total = { database: 0, server: 0 };
      for (const [pid, start] of first) total[kind.get(pid)!] += last.get(pid)! - start;
      return total;
    },
  };
}
