import 'reflect-metadata';
import { resolve } from 'node:path';
import { encodeWorkload } from '@app/wire';
import { CREATE_PATH, seed, Seeded, signedWorkloads } from './creates';
import type { CreatesFigures, CreatesLoad, NodesFigures, NodesLoad, Sample } from './grid-load';
import {
  cpuSecondsOf,
  ExplorerProcess,
  percentile,
  runModule,
  startBenchDatabase,
  startExplorer,
  watchPostgresCpu,
} from './harness';

const LOAD_MODULE = resolve(__dirname, 'grid-load.js');
/** Time the load processes get to read their arguments before the common start. */
const START_MARGIN_MS = 5000;

export interface ScenarioOptions {
  tag: string;
  customers: number;
  /** Nodes per customer, each in that customer's pool (its own farm). */
  nodesPerCustomer: number;
  /** Share of the nodes on long poll (`wait=waitSeconds`, back to back); the others poll every periodMs. */
  longShare: number;
  periodMs: number;
  waitSeconds: number;
  createsPerSecond: number;
  seconds: number;
  /** Processes the nodes are split over. */
  nodeProcesses: number;
}

export interface Percentiles {
  count: number;
  p50Ms: number;
  p99Ms: number;
}

export interface ScenarioResult {
  seconds: number;
  /** Null when every node long-polls: its poll rate follows the deliveries. */
  askedPollsPerSecond: number | null;
  pollsPerSecond: number;
  askedCreatesPerSecond: number;
  createsPerSecond: number;
  resultsPerSecond: number;
  idlePoll: Percentiles;
  /** Create 201 → the answer of a long poller carrying the workload. */
  longPollDelivery: Percentiles;
  create: Percentiles;
  result: Percentiles;
  createSamples: Sample[];
  resultSamples: Sample[];
  /** Failed calls, and the first messages of each load process. */
  failed: number;
  failures: string[];
  /** Cores used over the run (CPU seconds per second). */
  explorerCores: number;
  /** Null when PostgreSQL's processes are not visible from here. */
  postgresCores: { database: number; server: number } | null;
  loadCores: number;
  peakRssMb: number;
}

const round = (n: number, digits = 2) => Number(n.toFixed(digits));

export function percentiles(samples: Sample[] | number[]): Percentiles {
  const ms = samples.map((s) => (typeof s === 'number' ? s : s[1])).sort((a, b) => a - b);
  return { count: ms.length, p50Ms: round(percentile(ms, 0.5)), p99Ms: round(percentile(ms, 0.99)) };
}

const hex = (key: Uint8Array) => Buffer.from(key).toString('hex');
const sleepUntil = (at: number) => new Promise((done) => setTimeout(done, Math.max(0, at - Date.now())));

/** The explorer's count of connections it closed at its connection cap (clients saw resets). */
async function connectionsRefused(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return Number(/^explorer_http_connections_refused_total (\d+)$/m.exec(text)?.[1] ?? 0);
}

/** Every `1 / share`-th node (spread evenly over the list) is a long poller. */
const isLong = (g: number, share: number) => Math.floor((g + 1) * share) > Math.floor(g * share);

/**
 * Customers (each its own identity, farm, nodes and pool, seeded through the API as the creates part
 * does) and their nodes under load from separate processes: nodes poll, long-poll and report results,
 * creates arrive at a fixed rate spread over the customers round robin. Latencies are measured by the
 * load processes; the explorer's and PostgreSQL's CPU from /proc over the run.
 */
export async function runScenario(opts: ScenarioOptions): Promise<ScenarioResult> {
  const database = await startBenchDatabase(opts.tag);
  let explorer: ExplorerProcess | null = null;
  const loads: ReturnType<typeof runModule>[] = [];
  try {
    explorer = await startExplorer(database.url, 10);
    const base = explorer.base;
    const customers: Seeded[] = await Promise.all(
      Array.from({ length: opts.customers }, () => seed(base, opts.nodesPerCustomer)),
    );
    // Body k goes to customer k % customers (what the creates process assumes), spread over its nodes.
    const perCustomer = Math.ceil((opts.createsPerSecond * opts.seconds) / opts.customers) + 1;
    const signed = customers.map((c) => signedWorkloads(c, perCustomer, opts.tag).map(encodeWorkload));
    const bodies = Array.from(
      { length: perCustomer * opts.customers },
      (_, k) => signed[k % opts.customers][Math.floor(k / opts.customers)],
    );
    // Nodes interleaved over the customers, so that phases and long pollers spread over every pool.
    const all = Array.from({ length: opts.customers * opts.nodesPerCustomer }, (_, g) => {
      const c = customers[g % opts.customers];
      const i = Math.floor(g / opts.customers);
      return {
        id: c.nodeIds[i],
        secretKey: hex(c.nodeKeys[i].secretKey),
        long: isLong(g, opts.longShare),
        phaseMs: (g * opts.periodMs) / (opts.customers * opts.nodesPerCustomer),
      };
    });
    const startAt = Date.now() + START_MARGIN_MS;
    const timing = { startAt, seconds: opts.seconds };
    for (let p = 0; p < opts.nodeProcesses; p++) {
      const load: NodesLoad = {
        ...timing,
        base,
        nodes: all.filter((_, g) => g % opts.nodeProcesses === p),
        periodMs: opts.periodMs,
        waitSeconds: opts.waitSeconds,
      };
      loads.push(runModule(LOAD_MODULE, 'nodes', load));
    }
    const createLoad: CreatesLoad = {
      ...timing,
      base,
      path: CREATE_PATH,
      customers: customers.map((c) => ({ tid: c.customerTid, secretKey: hex(c.keys.secretKey) })),
      bodies,
      rate: opts.createsPerSecond,
    };
    loads.push(runModule(LOAD_MODULE, 'creates', createLoad));
    await Promise.all(loads.map((l) => l.firstLine));
    if (Date.now() > startAt)
      throw new Error('load processes were not ready at the start: raise START_MARGIN_MS');

    await sleepUntil(startAt);
    const postgres = await watchPostgresCpu(database);
    const explorerCpu = explorer.cpuSeconds();
    const loadCpu = () => loads.reduce((sum, l) => sum + cpuSecondsOf(l.pid), 0);
    const loadCpuBefore = loadCpu();
    await sleepUntil(startAt + opts.seconds * 1000);
    const explorerCores = (explorer.cpuSeconds() - explorerCpu) / opts.seconds;
    const loadCores = (loadCpu() - loadCpuBefore) / opts.seconds;
    const pg = await postgres.stop();

    const refused = await connectionsRefused(base);
    const outputs = await Promise.all(
      loads.map(async (l) => JSON.parse(lastLine(await l.result)) as unknown),
    );
    const nodeFigures = outputs.slice(0, -1) as NodesFigures[];
    const createFigures = outputs[outputs.length - 1] as CreatesFigures;
    const inRun = (samples: Sample[]) => samples.filter(([t]) => t < opts.seconds * 1000);
    const idle = nodeFigures.flatMap((f) => f.idlePolls);
    const results = nodeFigures.flatMap((f) => f.results);
    const polls = inRun(idle).length + nodeFigures.reduce((n, f) => n + f.otherPolls, 0);
    const createdAt = new Map(createFigures.created);
    const delivery = nodeFigures
      .flatMap((f) => f.received)
      .filter(([id, , long, asking]) => long === 1 && (createdAt.get(id) ?? 0) >= asking)
      .map(([id, at]) => Math.max(0, at - createdAt.get(id)!));
    const failures = [...createFigures.failures, ...nodeFigures.flatMap((f) => f.failures)];
    const failed = createFigures.failed + nodeFigures.reduce((n, f) => n + f.failed, 0);
    if (createFigures.unsent > 0) failures.unshift(`${createFigures.unsent} creates due were not sent`);
    if (refused > 0)
      failures.unshift(`${refused} connections refused at HTTP_MAX_CONNECTIONS (explorer metric)`);
    return {
      seconds: opts.seconds,
      askedPollsPerSecond: opts.longShare < 1 ? round(all.length / (opts.periodMs / 1000), 1) : null,
      pollsPerSecond: round(polls / opts.seconds, 1),
      askedCreatesPerSecond: opts.createsPerSecond,
      createsPerSecond: round(inRun(createFigures.creates).length / opts.seconds, 1),
      resultsPerSecond: round(inRun(results).length / opts.seconds, 1),
      idlePoll: percentiles(idle),
      longPollDelivery: percentiles(delivery),
      create: percentiles(createFigures.creates),
      result: percentiles(results),
      createSamples: createFigures.creates,
      resultSamples: results,
      failed,
      failures,
      explorerCores: round(explorerCores, 3),
      postgresCores: pg && {
        database: round(pg.database / opts.seconds, 3),
        server: round(pg.server / opts.seconds, 3),
      },
      loadCores: round(loadCores, 3),
      peakRssMb: explorer.peakRssMb(),
    };
  } finally {
    for (const l of loads) l.kill();
    await explorer?.stop();
    await database.drop();
  }
}

const lastLine = (out: string) => out.trim().split('\n').pop()!;

/** The grid: `nodes` nodes polling every 10 s (a share on long poll), creates over many customers, results. */
export function benchGrid(opts: {
  nodes: number;
  customers: number;
  longShare: number;
  createsPerSecond: number;
  seconds: number;
}): Promise<ScenarioResult> {
  return runScenario({
    tag: 'grid',
    customers: opts.customers,
    nodesPerCustomer: Math.ceil(opts.nodes / opts.customers),
    longShare: opts.longShare,
    periodMs: 10_000,
    waitSeconds: 10,
    createsPerSecond: opts.createsPerSecond,
    seconds: opts.seconds,
    nodeProcesses: 2,
  });
}

export interface MixedResult extends ScenarioResult {
  /** p99 of creates and results per window of `windowSeconds`, by when the call was sent. */
  windows: { fromSecond: number; create: Percentiles; result: Percentiles }[];
  createFlatness: number;
  resultFlatness: number;
}

/**
 * One customer, one pool: `createsPerSecond` creates on its long-polling nodes, each answered by the
 * node's result, for `seconds`; p99 per window shows whether the pool's cost grows as it charges more.
 */
export async function benchMixed(opts: {
  nodes: number;
  createsPerSecond: number;
  seconds: number;
  windowSeconds: number;
}): Promise<MixedResult> {
  const r = await runScenario({
    tag: 'mixed',
    customers: 1,
    nodesPerCustomer: opts.nodes,
    longShare: 1,
    periodMs: 10_000,
    waitSeconds: 30,
    createsPerSecond: opts.createsPerSecond,
    seconds: opts.seconds,
    nodeProcesses: 1,
  });
  const windowMs = opts.windowSeconds * 1000;
  const slice = (samples: Sample[], w: number) => samples.filter(([t]) => Math.floor(t / windowMs) === w);
  const windows = Array.from({ length: Math.ceil(opts.seconds / opts.windowSeconds) }, (_, w) => ({
    fromSecond: w * opts.windowSeconds,
    create: percentiles(slice(r.createSamples, w)),
    result: percentiles(slice(r.resultSamples, w)),
  }));
  const flat = (pick: (w: (typeof windows)[number]) => Percentiles) =>
    round(pick(windows[windows.length - 1]).p99Ms / pick(windows[0]).p99Ms, 3);
  return { ...r, windows, createFlatness: flat((w) => w.create), resultFlatness: flat((w) => w.result) };
}
