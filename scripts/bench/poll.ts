import 'reflect-metadata';
import { Client } from 'pg';
import { volume } from '@app/client';
import { encodeWorkload } from '@app/wire';
import {
  BenchDatabase,
  cpuSecondsOf,
  ExplorerProcess,
  runNode,
  startBenchDatabase,
  startExplorer,
} from './harness';

export interface PollBenchOptions {
  /** Workload counts at which idle-poll latency is measured (growth), ascending. */
  steps: number[];
  /** Step at which throughput is measured (the largest step <= it). */
  throughputAt: number;
  /** Nodes the workloads are spread over. */
  nodes: number;
  /** Seconds of each throughput round and of each latency run; alternating rounds of each. */
  durationSeconds: number;
  latencySeconds: number;
  rounds: number;
  connections: number;
}

export interface Ratio {
  explorer: number;
  baseline: number;
  ratio: number;
  /** CPU microseconds per request of the explorer's process and of the baseline server's (Node side only). */
  explorerCpuMicros: number;
  baselineCpuMicros: number;
}

export interface PollBenchResult {
  /** Caught-up (idle) polls per second: the explorer vs the simplest correct query served bare. */
  idle: Ratio;
  /** Boot polls (from=0, a page of BOOT_ITEMS items) per second, same baseline. */
  boot: Ratio;
  /** Median idle-poll latency (ms) of the explorer and of the baseline at each step. */
  growth: { workloads: number; explorerMs: number; baselineMs: number }[];
  /** Latency at the largest step over latency at the smallest. */
  growthRatio: number;
  startRssMb: number;
  peakRssMb: number;
}

const POOL_SIZE = 10;
/** Distinct node urls cycled by the load generator. */
const URLS = 512;
/** Nodes with a boot page of BOOT_ITEMS workloads in deploy (besides the evenly spread ones). */
const BOOT_NODES = 32;
const BOOT_ITEMS = 150;
/** The most recent deploy rows still have a work-queue item (created, not yet reported), as in production. */
const QUEUED = 1000;
/** A node with no work: its idle poll answers the committed ceiling in x-last-id. */
const IDLE_PROBE = '/api/v1/reservations/nodes/bench-probe/workloads?from=1';

/**
 * The baseline a skeptic would pick: one indexed probe on one table (the partial index the explorer
 * also has), served by bare Fastify + pg with a named prepared statement, no queue, no ceiling. Its
 * sessions force the generic plan too: with default settings PostgreSQL re-plans even this query on
 * every call (a custom plan looks cheaper past the last id), which would make the baseline 5× slower.
 */
const BASELINE_SQL = `SELECT id, wire FROM workloads WHERE node_id = $1 AND next_action IN (3, 4) AND id >= $2 ORDER BY id LIMIT 200`;

const BASELINE_JS = `
const fastify = require('fastify')();
const { Pool } = require('pg');
const [url, sql, poolSize] = JSON.parse(process.argv[1]);
const pool = new Pool({ connectionString: url, max: poolSize, options: '-c plan_cache_mode=force_generic_plan' });
fastify.get('/api/v1/reservations/nodes/:node/workloads', async (req, reply) => {
  const from = Number(req.query.from);
  const { rows } = await pool.query({ name: 'poll', text: sql, values: [req.params.node, from] });
  const last = rows.length ? Number(rows[rows.length - 1].id) : from - 1;
  reply.header('x-last-id', String(last)).type('application/json; charset=utf-8');
  return '[' + rows.map((r) => r.wire).join(',') + ']';
});
fastify.listen({ port: 0, host: '127.0.0.1' }).then((address) => process.stdout.write(address + '\\n'));`;

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

interface LoadFigures {
  rps: number;
  non2xx: number;
  errors: number;
}

async function latency(base: string, paths: string[], seconds: number): Promise<number> {
  return (JSON.parse(await runNode(LATENCY_JS, [base, seconds, paths]).result) as { medianMs: number })
    .medianMs;
}

/** Requests per second, and the server process's CPU microseconds per request during the run. */
async function load(
  base: string,
  pid: number,
  paths: string[],
  connections: number,
  duration: number,
): Promise<{ rps: number; cpuMicros: number }> {
  const cpu = cpuSecondsOf(pid);
  const figures = JSON.parse(
    await runNode(AUTOCANNON_JS, [base, connections, duration, paths]).result,
  ) as LoadFigures;
  if (figures.non2xx > 0 || figures.errors > 0)
    throw new Error(`load run had failures: ${JSON.stringify(figures)}`);
  return { rps: figures.rps, cpuMicros: ((cpuSecondsOf(pid) - cpu) * 1e6) / (figures.rps * duration) };
}

/** Best of alternating rounds: on a shared machine a single run of either side is noisy. */
async function alternate(
  rounds: number,
  explorer: () => Promise<number>,
  baseline: () => Promise<number>,
  better: (a: number, b: number) => number,
): Promise<[number, number]> {
  let e = NaN;
  let b = NaN;
  for (let round = 0; round < rounds; round++) {
    const x = await explorer();
    const y = await baseline();
    e = Number.isNaN(e) ? x : better(e, x);
    b = Number.isNaN(b) ? y : better(b, y);
  }
  return [e, b];
}

/** Seeds workloads as production holds them: every index of the migrations, a logged table. */
class Seeder {
  private readonly wire: [string, string, string];

  constructor(
    private readonly db: Client,
    private readonly nodes: number,
  ) {
    const sample = encodeWorkload({
      ...volume({ node_id: 'NODE_MARK', pool_id: 1, customer_tid: 1 }, 1),
      id: 987654321987,
      next_action: 3,
    });
    const [beforeNode, afterNode] = sample.split('NODE_MARK');
    const [beforeId, afterId] = afterNode.split('987654321987');
    this.wire = [beforeNode, beforeId, afterId];
  }

  /**
   * Adds `count` workloads with one INSERT … SELECT generate_series per chunk: node = n % nodes, one in
   * five in `deploy`, the rest `deleted`; `boot` puts BOOT_ITEMS deploy rows on each boot node first.
   * The secondary indexes are dropped for the load and rebuilt after it (faster than maintaining them;
   * the result is the production schema), then every table the poll reads is analysed.
   */
  async add(count: number, boot: boolean): Promise<void> {
    const indexes = (
      await this.db.query<{ indexdef: string; indexname: string }>(
        `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'workloads' AND indexname <> 'PK_workloads'`,
      )
    ).rows;
    for (const index of indexes) await this.db.query(`DROP INDEX "${index.indexname}"`);
    if (boot) {
      await this.insert(
        `SELECT nextval('reservation_id_seq') AS id, 'bench-boot-' || (g % ${BOOT_NODES}) AS node, 3 AS action
         FROM generate_series(0, $4::bigint - 1) g`,
        [BOOT_NODES * BOOT_ITEMS],
      );
    }
    const chunk = 200_000;
    for (let start = 0; start < count; start += chunk) {
      await this.insert(
        `SELECT nextval('reservation_id_seq') AS id, 'bench-node-' || (g % $5) AS node,
                CASE WHEN g % 5 = 0 THEN 3 ELSE 6 END AS action
         FROM generate_series($4::bigint, $6::bigint) g`,
        [start, this.nodes, Math.min(start + chunk, count) - 1],
      );
    }
    for (const index of indexes) await this.db.query(index.indexdef);
    // The newest deploy rows are still queued for their nodes (not reported yet).
    await this.db.query(`DELETE FROM work_queue`);
    await this.db.query(
      `INSERT INTO work_queue (node_id, id, workload_id)
       SELECT node_id, id, workload_id FROM workloads WHERE next_action = 3 ORDER BY id DESC LIMIT ${QUEUED}`,
    );
    await this.db.query('VACUUM ANALYZE workloads');
    await this.db.query('VACUUM ANALYZE work_queue');
    await this.db.query('CHECKPOINT');
  }

  private async insert(source: string, params: unknown[]): Promise<void> {
    await this.db.query(
      `INSERT INTO workloads (id, workload_id, workload_type, node_id, pool_id, customer_tid, customer_signature, next_action, wire)
       SELECT s.id, 1, 2, s.node, 1, 1, 'sig' || s.id, s.action, $1 || s.node || $2 || s.id || $3
       FROM (${source}) s`,
      [...this.wire, ...params],
    );
  }

  /** Node numbers that hold a queued item: the idle probes leave them out. */
  async queuedNodes(): Promise<Set<string>> {
    const { rows } = await this.db.query<{ node_id: string }>('SELECT DISTINCT node_id FROM work_queue');
    return new Set(rows.map((r) => r.node_id));
  }

  async lastAllocated(): Promise<number> {
    const { rows } = await this.db.query<{ v: string }>(`SELECT last_value AS v FROM reservation_id_seq`);
    return Number(rows[0].v);
  }
}

/** Caught-up polls (the steady state of a 10 s poller) of nodes with nothing queued. */
function idlePaths(nodes: number, from: number, queued: Set<string>): string[] {
  const paths: string[] = [];
  for (let i = 0; paths.length < URLS && i < nodes * 2; i++) {
    const node = `bench-node-${(i * 7919) % nodes}`;
    if (!queued.has(node)) paths.push(`/api/v1/reservations/nodes/${node}/workloads?from=${from}`);
  }
  return paths;
}

const bootPaths = (): string[] =>
  Array.from({ length: BOOT_NODES }, (_, i) => `/api/v1/reservations/nodes/bench-boot-${i}/workloads?from=0`);

/**
 * Node polls against the simplest correct baseline (BASELINE_SQL served by bare Fastify + pg): idle
 * and boot throughput at `throughputAt` workloads, idle-poll latency at every step (growth), and the
 * explorer process's resident set.
 */
export async function benchPoll(opts: PollBenchOptions): Promise<PollBenchResult> {
  const database: BenchDatabase = await startBenchDatabase('poll');
  let explorer: ExplorerProcess | null = null;
  let baseline: ReturnType<typeof runNode> | null = null;
  const db = new Client({ connectionString: database.url });
  try {
    explorer = await startExplorer(database.url, POOL_SIZE);
    await db.connect();
    baseline = runNode(BASELINE_JS, [database.url, BASELINE_SQL, POOL_SIZE]);
    const baselineBase = (await baseline.firstLine).trim();
    const startRssMb = explorer.rssMb();
    const seeder = new Seeder(db, opts.nodes);
    const growth: PollBenchResult['growth'] = [];
    let idle: Ratio | null = null;
    let boot: Ratio | null = null;
    const throughputStep = [...opts.steps].reverse().find((s) => s <= opts.throughputAt) ?? opts.steps[0];
    let seeded = 0;
    for (const step of opts.steps) {
      await seeder.add(step - seeded, seeded === 0);
      seeded = step;
      const last = await seeder.lastAllocated();
      await explorer.ceilingReaches(last, IDLE_PROBE);
      const paths = idlePaths(opts.nodes, last + 1, await seeder.queuedNodes());
      const e = explorer.base;
      await latency(e, paths, 1); // warm-up of both (plans, caches)
      await latency(baselineBase, paths, 1);
      const [explorerMs, baselineMs] = await alternate(
        opts.rounds,
        () => latency(e, paths, opts.latencySeconds),
        () => latency(baselineBase, paths, opts.latencySeconds),
        Math.min,
      );
      growth.push({ workloads: step, explorerMs, baselineMs });
      if (step === throughputStep) {
        const explorerPid = explorer.pid;
        const run = (base: string, pid: number, p: string[]) => () =>
          load(base, pid, p, opts.connections, opts.durationSeconds);
        await run(baselineBase, baseline.pid, paths)();
        await run(e, explorerPid, paths)();
        idle = await compare(opts.rounds, run(e, explorerPid, paths), run(baselineBase, baseline.pid, paths));
        boot = await compare(
          opts.rounds,
          run(e, explorerPid, bootPaths()),
          run(baselineBase, baseline.pid, bootPaths()),
        );
      }
    }
    return {
      idle: idle!,
      boot: boot!,
      growth,
      growthRatio: round(growth[growth.length - 1].explorerMs / growth[0].explorerMs),
      startRssMb,
      peakRssMb: explorer.peakRssMb(),
    };
  } finally {
    baseline?.kill();
    await db.end().catch(() => undefined);
    await explorer?.stop();
    await database.drop();
  }
}

const round = (n: number): number => Number(n.toFixed(3));

type Run = () => Promise<{ rps: number; cpuMicros: number }>;

/** Alternating throughput rounds: best rate and least CPU per request of each side. */
async function compare(rounds: number, explorer: Run, baseline: Run): Promise<Ratio> {
  const e = { rps: 0, cpu: Infinity };
  const b = { rps: 0, cpu: Infinity };
  for (let i = 0; i < rounds; i++) {
    for (const [side, run] of [
      [e, explorer],
      [b, baseline],
    ] as const) {
      const r = await run();
      side.rps = Math.max(side.rps, r.rps);
      side.cpu = Math.min(side.cpu, r.cpuMicros);
    }
  }
  return {
    explorer: Math.round(e.rps),
    baseline: Math.round(b.rps),
    ratio: round(e.rps / b.rps),
    explorerCpuMicros: Math.round(e.cpu),
    baselineCpuMicros: Math.round(b.cpu),
  };
}
