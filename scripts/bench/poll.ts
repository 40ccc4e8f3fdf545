import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { volume } from '@app/client';
import { NODE_POLL_SQL } from '@app/persistence';
import { encodeWorkload } from '@app/wire';
import { freePort, startEmbeddedPostgres } from '../../apps/explorer/src/database/embedded-postgres';

export interface PollBenchOptions {
  /** Total workloads seeded (default 1 000 000) over `nodes` nodes (default 10 000). */
  workloads?: number;
  nodes?: number;
  /** Workloads present for the "small" latency figure (default 10 000). */
  smallWorkloads?: number;
  /** Seconds of each throughput run (default 8) and of each latency run (default 3). */
  durationSeconds?: number;
  latencySeconds?: number;
  connections?: number;
}

export interface PollBenchResult {
  explorerRps: number;
  baselineRps: number;
  ratio: number;
  latencySmallMs: number;
  latencyLargeMs: number;
  latencyRatio: number;
  peakRssMb: number;
}

const ROOT = resolve(__dirname, '../..');
const POOL_SIZE = 10;
/** Distinct node urls cycled by the load generator. */
const URLS = 512;
/** The compiled explorer (`npm run bench` compiles it next to this script). */
const EXPLORER_MAIN = resolve(__dirname, '../../apps/explorer/src/main.js');
/** A node with no work: its idle poll answers the committed ceiling in x-last-id. */
const IDLE_PROBE = '/api/v1/reservations/nodes/bench-probe/workloads?from=1';

// Run as child processes so that neither the load generator nor the baseline server counts in the
// explorer's RSS or shares its event loop. Plain JS: they only need packages from node_modules.
const AUTOCANNON_JS = `
const autocannon = require('autocannon');
const [url, connections, duration, paths] = JSON.parse(process.argv[1]);
autocannon({ url, connections, duration, requests: paths.map((path) => ({ method: 'GET', path })) }, (error, r) => {
  if (error) { console.error(error); process.exit(1); }
  process.stdout.write(JSON.stringify({ rps: r.requests.total / r.duration, non2xx: r.non2xx, errors: r.errors }));
});`;

// Sequential keep-alive requests timed with hrtime (autocannon's histogram has 1 ms resolution).
const LATENCY_JS = `
const http = require('http');
const [url, seconds, paths] = JSON.parse(process.argv[1]);
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const samples = [];
const end = Date.now() + seconds * 1000;
const once = (path) => new Promise((resolve, reject) => {
  const started = process.hrtime.bigint();
  http.get(url + path, { agent }, (res) => {
    res.resume();
    res.on('end', () => (res.statusCode === 200 ? resolve(Number(process.hrtime.bigint() - started) / 1e6) : reject(new Error('status ' + res.statusCode))));
  }).on('error', reject);
});
(async () => {
  for (let i = 0; Date.now() < end; i++) samples.push(await once(paths[i % paths.length]));
  samples.sort((a, b) => a - b);
  process.stdout.write(JSON.stringify({ medianMs: samples[samples.length >> 1], count: samples.length }));
  agent.destroy();
})().catch((error) => { console.error(error); process.exit(1); });`;

const BASELINE_JS = `
const fastify = require('fastify')();
const { Pool } = require('pg');
const [url, sql, poolSize] = JSON.parse(process.argv[1]);
const pool = new Pool({ connectionString: url, max: poolSize });
fastify.get('/api/v1/reservations/nodes/:node/workloads', async (req, reply) => {
  const from = Number(req.query.from);
  const { rows } = await pool.query({ name: 'poll', text: sql, values: [req.params.node, from] });
  const last = rows.length ? Math.max(...rows.filter((r) => !r.queued).map((r) => Number(r.id)), from - 1) : from - 1;
  reply.header('x-last-id', String(last)).type('application/json; charset=utf-8');
  return '[' + rows.map((r) => r.wire).join(',') + ']';
});
fastify.listen({ port: 0, host: '127.0.0.1' }).then((address) => process.stdout.write(address + '\\n'));`;

function runNode(
  script: string,
  args: unknown,
): { result: Promise<string>; kill: () => void; firstLine: Promise<string> } {
  const child = spawn(process.execPath, ['-e', script, JSON.stringify(args)], {
    cwd: ROOT,
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
  return { result, firstLine, kill: () => child.kill() };
}

interface LoadFigures {
  rps: number;
  non2xx: number;
  errors: number;
}

/** Median latency of one client polling sequentially. */
async function latency(base: string, paths: string[], seconds: number): Promise<number> {
  return (JSON.parse(await runNode(LATENCY_JS, [base, seconds, paths]).result) as { medianMs: number })
    .medianMs;
}

async function load(
  base: string,
  paths: string[],
  connections: number,
  duration: number,
): Promise<LoadFigures> {
  const figures = JSON.parse(
    await runNode(AUTOCANNON_JS, [base, connections, duration, paths]).result,
  ) as LoadFigures;
  if (figures.non2xx > 0 || figures.errors > 0)
    throw new Error(`load run had failures: ${JSON.stringify(figures)}`);
  return figures;
}

/**
 * Seeds `[from, to)` workloads with one INSERT … SELECT generate_series: node = n % nodes, one in five
 * in `deploy`, the rest `deleted`. The wire text is a real encoded volume with the id and node spliced in.
 */
async function seed(db: Client, from: number, to: number, nodes: number): Promise<void> {
  const sample = encodeWorkload({
    ...volume({ node_id: 'NODE_MARK', pool_id: 1, customer_tid: 1 }, 1),
    id: 987654321987,
    next_action: 3,
  });
  const [beforeNode, afterNode] = sample.split('NODE_MARK');
  const [beforeId, afterId] = afterNode.split('987654321987');
  const chunk = 200_000;
  for (let start = from; start < to; start += chunk) {
    await db.query(
      `INSERT INTO workloads (id, workload_id, workload_type, node_id, pool_id, customer_tid, customer_signature, next_action, document, wire)
       SELECT s.id, 1, 2, s.node, 1, 1, 'sig' || s.id, s.action, '{}'::jsonb, $1 || s.node || $2 || s.id || $3
       FROM (SELECT nextval('reservation_id_seq') AS id, 'bench-node-' || (g % $5) AS node,
                    CASE WHEN g % 5 = 0 THEN 3 ELSE 6 END AS action
             FROM generate_series($4::bigint, $6::bigint) g) s`,
      [beforeNode, beforeId, afterId, start, nodes, Math.min(start + chunk, to) - 1],
    );
  }
  await db.query('ANALYZE workloads');
}

/** Both latency figures are taken in the same steady state: visibility map set, dirty pages written. */
async function settle(db: Client): Promise<void> {
  await db.query('VACUUM ANALYZE workloads');
  await db.query('CHECKPOINT');
}

/** VmHWM: the process's peak resident set, as the kernel counted it. */
function peakRssKb(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** Caught-up polls (the steady state of a 10 s poller): random nodes, from = past the last id. */
function pollPaths(nodes: number, from: number): string[] {
  return Array.from(
    { length: URLS },
    (_, i) => `/api/v1/reservations/nodes/bench-node-${(i * 7919) % nodes}/workloads?from=${from}`,
  );
}

/**
 * Node poll throughput and latency (issue 7 benchmark): the explorer against a bare Fastify + pg
 * server running the same prepared query, idle-poll latency at `smallWorkloads` vs `workloads` rows,
 * and the peak RSS of the process hosting the explorer (this one: explorer plus an idle driver).
 */
export async function benchPoll(opts: PollBenchOptions = {}): Promise<PollBenchResult> {
  const total = opts.workloads ?? 1_000_000;
  const nodes = opts.nodes ?? 10_000;
  const small = Math.min(opts.smallWorkloads ?? 10_000, total);
  const duration = opts.durationSeconds ?? 8;
  const latencySeconds = opts.latencySeconds ?? 3;
  const connections = opts.connections ?? 32;

  const embedded = process.env.DATABASE_URL
    ? null
    : await startEmbeddedPostgres({
        dir: mkdtempSync(join(tmpdir(), 'explorer-bench-poll-')),
        port: 0,
        persistent: false,
      });
  const serverUrl = new URL(process.env.DATABASE_URL ?? embedded!.adminUrl);
  const name = `explorer_bench_poll_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl.toString());
  url.pathname = `/${name}`;

  // The explorer runs as its own process, as deployed (`node dist/.../main.js`), so its peak RSS is its own.
  const port = await freePort();
  // Same V8 flag as `npm start`: a small young generation keeps the RSS of a busy poll server low.
  const explorer = spawn(process.execPath, ['--max-semi-space-size=4', EXPLORER_MAIN], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: url.toString(),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      RUN_BACKGROUND_JOBS: 'false',
      DATABASE_POOL_SIZE: String(POOL_SIZE),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  const db = new Client({ connectionString: url.toString() });
  let baseline: ReturnType<typeof runNode> | null = null;
  try {
    await waitFor(async () => (await fetch(`${base}/health`)).status === 200, 30_000, 'explorer start');
    await db.connect();
    // Reads only: the secondary indexes play no part in a poll and would triple the seeding time.
    for (const index of [
      'workloads_customer',
      'workloads_pool',
      'workloads_next_action',
      'workloads_farm',
      'workloads_type',
      'workloads_request_digest',
    ]) {
      await db.query(`DROP INDEX IF EXISTS ${index}`);
    }
    await db.query('ALTER TABLE workloads SET UNLOGGED');
    /** Idle polls may only jump to ids whose transactions have ended: wait until the seeded ones count. */
    const ceilingReaches = (id: number) =>
      waitFor(
        async () => Number((await fetch(`${base}${IDLE_PROBE}`)).headers.get('x-last-id')) >= id,
        30_000,
        `committed ceiling ${id}`,
      );

    await seed(db, 0, small, nodes);
    await settle(db);
    await ceilingReaches(small);
    await latency(base, pollPaths(nodes, small + 1), 1); // warm-up
    const latencySmall = await latency(base, pollPaths(nodes, small + 1), latencySeconds);

    await seed(db, small, total, nodes);
    await settle(db);
    await ceilingReaches(total);
    const paths = pollPaths(nodes, total + 1);
    await latency(base, paths, 1);
    const latencyLarge = await latency(base, paths, latencySeconds);
    baseline = runNode(BASELINE_JS, [url.toString(), NODE_POLL_SQL, POOL_SIZE]);
    const baselineBase = (await baseline.firstLine).trim();
    await load(baselineBase, paths, connections, 1);
    // Alternating rounds, best of each: on a shared 2-core machine a single run of either is noisy.
    let explorerRps = 0;
    let bareRps = 0;
    for (let round = 0; round < 2; round++) {
      explorerRps = Math.max(explorerRps, (await load(base, paths, connections, duration / 2)).rps);
      bareRps = Math.max(bareRps, (await load(baselineBase, paths, connections, duration / 2)).rps);
    }

    return {
      explorerRps: Math.round(explorerRps),
      baselineRps: Math.round(bareRps),
      ratio: Number((explorerRps / bareRps).toFixed(3)),
      latencySmallMs: Number(latencySmall.toFixed(3)),
      latencyLargeMs: Number(latencyLarge.toFixed(3)),
      latencyRatio: Number((latencyLarge / latencySmall).toFixed(3)),
      peakRssMb: Math.round(peakRssKb(explorer.pid) / 1024),
    };
  } finally {
    baseline?.kill();
    await db.end().catch(() => undefined);
    explorer.kill('SIGTERM');
    await new Promise((done) => explorer.once('exit', done));
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    await embedded?.stop();
  }
}
