import 'reflect-metadata';
import { setMaxListeners } from 'node:events';
import { Agent, request } from 'node:http';
import { resolve } from 'node:path';
import { encodeWorkload } from '@app/wire';
import { CREATE_PATH, createHeaders, seed, signedWorkloads } from './creates';
import {
  cpuSecondsOf,
  ExplorerProcess,
  percentile,
  rssMbOf,
  runModule,
  startBenchDatabase,
  startExplorer,
} from './harness';

export interface DeliveryBenchOptions {
  /** Nodes on long poll (`wait=30`), each following its x-last-id as provisiond does. */
  nodes: number;
  /** Signed creates per second over HTTP, spread over the nodes, for `seconds`. */
  createsPerSecond: number;
  seconds: number;
  /** Long polls held at once for the memory figure (distinct idle nodes). */
  held: number;
}

export interface DeliveryBenchResult {
  created: number;
  delivered: number;
  /** Create 201 → the node's poll answer carrying it, ms. */
  p50Ms: number;
  p99Ms: number;
  /** Poll answers the nodes received per delivered workload. */
  pollsPerDelivery: number;
  /** CPU seconds of the explorer during the run, per wall second. */
  explorerCpuShare: number;
  /** Long polls actually held for the memory figure. */
  held: number;
  /** Resident set added by the held long polls, per poll. */
  heldKbEach: number;
  /** The same for bare node:http holding as many requests (held-floor.ts). */
  floorHeld: number;
  floorKbEach: number;
  peakRssMb: number;
}

const WAIT_SECONDS = 30;

interface Answer {
  status: number;
  lastId: number;
  body: string;
}

function get(agent: Agent, base: string, path: string, signal: AbortSignal): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = request(`${base}${path}`, { agent, signal }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        done({ status: res.statusCode ?? 0, lastId: Number(res.headers['x-last-id']), body }),
      );
    });
    req.on('error', fail);
    req.end();
  });
}

function post(agent: Agent, base: string, headers: Record<string, string>, body: string): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = request(`${base}${CREATE_PATH}`, { agent, method: 'POST', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, lastId: 0, body: text }));
    });
    req.on('error', fail);
    req.end(body);
  });
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** A server process whose memory and CPU the held-poll figure reads. */
type HoldingServer = Pick<ExplorerProcess, 'base' | 'rssMb' | 'cpuSeconds'>;

/**
 * `held` long polls of idle nodes at once: the server's resident set before and while they are held,
 * per poll actually held (a connection refused or reset before the abort does not count).
 */
async function holdPolls(server: HoldingServer, held: number): Promise<{ held: number; kbEach: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const abort = new AbortController();
  setMaxListeners(Infinity, abort.signal); // every held poll listens
  const before = server.rssMb();
  let failed = 0;
  const polls = Array.from({ length: held }, (_, i) =>
    get(
      agent,
      server.base,
      `/api/v1/reservations/nodes/held-${i}/workloads?from=1&wait=${WAIT_SECONDS}`,
      abort.signal,
    ).catch(() => {
      if (!abort.signal.aborted) failed++;
    }),
  );
  // Every poll has had its first (empty) query once the process is quiet again.
  let cpu = server.cpuSeconds();
  for (let i = 0; i < 60; i++) {
    await sleep(500);
    const now = server.cpuSeconds();
    if (now - cpu < 0.02 && i > 2) break;
    cpu = now;
  }
  const during = server.rssMb();
  const holding = held - failed;
  abort.abort();
  await Promise.all(polls);
  agent.destroy();
  return { held: holding, kbEach: ((during - before) * 1024) / holding };
}

/** The held-poll figure of bare node:http, in its own process started as the explorer is. */
async function holdOnFloor(held: number): Promise<{ held: number; kbEach: number }> {
  const floor = runModule(
    resolve(__dirname, 'held-floor.js'),
    'serveHeldFloor',
    { maxConnections: held + 100 },
    true,
  );
  try {
    const base = (await floor.firstLine).trim();
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    // Warm, as the explorer is after the delivery run: its code paths compiled, its heap in use.
    for (let i = 0; i < 200; i++) await get(agent, base, '/warm', new AbortController().signal);
    agent.destroy();
    return await holdPolls(
      { base, rssMb: () => rssMbOf(floor.pid), cpuSeconds: () => cpuSecondsOf(floor.pid) },
      held,
    );
  } finally {
    floor.kill();
  }
}

/**
 * Long-poll delivery: `nodes` nodes follow x-last-id with `wait=30` while signed creates arrive at
 * `createsPerSecond` over HTTP; each delivery is timed from the create's 201 to the poll answer that
 * carries it (0 when the answer came first). Nodes do not report results: a queue item that a poll
 * re-sent until the result arrived would show up here as polls per delivery.
 */
export async function benchDelivery(opts: DeliveryBenchOptions): Promise<DeliveryBenchResult> {
  const database = await startBenchDatabase('delivery');
  let explorer: ExplorerProcess | null = null;
  try {
    // Room for every held poll (the default connection limit is below BENCH_HELD).
    explorer = await startExplorer(database.url, 10, {
      HTTP_MAX_CONNECTIONS: String(opts.held + opts.nodes + 100),
    });
    const base = explorer.base;
    const seeded = await seed(base, opts.nodes);
    const bodies = signedWorkloads(seeded, opts.createsPerSecond * opts.seconds, 'delivery').map(
      encodeWorkload,
    );
    const headers = createHeaders(seeded);
    const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
    const createdAt = new Map<number, number>();
    const receivedAt = new Map<number, number>();
    const stop = new AbortController();
    setMaxListeners(Infinity, stop.signal); // every node's poll listens
    let polls = 0;
    const follow = async (nodeId: string) => {
      let from = 0;
      while (!stop.signal.aborted) {
        const path = `/api/v1/reservations/nodes/${nodeId}/workloads?from=${from}&wait=${WAIT_SECONDS}`;
        const answer = await get(agent, base, path, stop.signal).catch(() => null);
        if (answer === null) return;
        if (answer.status !== 200) throw new Error(`poll answered ${answer.status}: ${answer.body}`);
        polls++;
        const now = performance.now();
        for (const item of JSON.parse(answer.body) as { id: number }[]) {
          if (!receivedAt.has(item.id)) receivedAt.set(item.id, now);
        }
        from = answer.lastId + 1;
      }
    };
    const followers = seeded.nodeIds.map(follow);
    await sleep(500); // every node holds its first poll
    const pollsBefore = polls;
    const cpuBefore = explorer.cpuSeconds();
    const started = performance.now();
    const interval = 1000 / opts.createsPerSecond;
    const creates: Promise<void>[] = [];
    for (let i = 0; i < bodies.length; i++) {
      const due = started + i * interval;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      creates.push(
        post(agent, base, headers, bodies[i]).then((answer) => {
          if (answer.status !== 201) throw new Error(`create answered ${answer.status}: ${answer.body}`);
          createdAt.set(
            (JSON.parse(answer.body) as { reservation_id: number }).reservation_id,
            performance.now(),
          );
        }),
      );
    }
    await Promise.all(creates);
    // Stragglers: everything created must arrive within a couple of seconds.
    const deadline = performance.now() + 3000;
    while ([...createdAt.keys()].some((id) => !receivedAt.has(id)) && performance.now() < deadline)
      await sleep(50);
    const elapsed = (performance.now() - started) / 1000;
    const cpu = explorer.cpuSeconds() - cpuBefore;
    const deliveryPolls = polls - pollsBefore;
    stop.abort();
    await Promise.all(followers);
    agent.destroy();
    const latencies = [...createdAt.entries()]
      .filter(([id]) => receivedAt.has(id))
      .map(([id, at]) => Math.max(0, receivedAt.get(id)! - at))
      .sort((a, b) => a - b);
    const holding = await holdPolls(explorer, opts.held);
    const floor = await holdOnFloor(opts.held);
    return {
      created: createdAt.size,
      delivered: latencies.length,
      p50Ms: Number(percentile(latencies, 0.5).toFixed(2)),
      p99Ms: Number(percentile(latencies, 0.99).toFixed(2)),
      pollsPerDelivery: Number((deliveryPolls / Math.max(1, latencies.length)).toFixed(2)),
      explorerCpuShare: Number((cpu / elapsed).toFixed(3)),
      held: holding.held,
      heldKbEach: Number(holding.kbEach.toFixed(1)),
      floorHeld: floor.held,
      floorKbEach: Number(floor.kbEach.toFixed(1)),
      peakRssMb: explorer.peakRssMb(),
    };
  } finally {
    await explorer?.stop();
    await database.drop();
  }
}
