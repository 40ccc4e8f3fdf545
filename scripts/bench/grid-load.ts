// Load generators of the grid and mixed parts. Each runs in its own process (harness.runModule), so the
// explorer's CPU and memory stay its own; this module imports nothing of the service.
import { setMaxListeners } from 'node:events';
import { Agent, request } from 'node:http';
import { signRequestHeaders, signResult } from '@app/crypto';
import { encodeResult, NextAction, ResultState } from '@app/wire';

interface Timing {
  /** Epoch ms at which every load process starts. */
  readonly startAt: number;
  readonly seconds: number;
}

export interface NodesLoad extends Timing {
  base: string;
  /** Secret keys as hex (the 64-byte seed + public key form). */
  nodes: { id: string; secretKey: string; long: boolean; phaseMs: number }[];
  /** Short pollers poll every periodMs (from their phase); long pollers hold `wait=waitSeconds` back to back. */
  periodMs: number;
  waitSeconds: number;
}

export interface CreatesLoad extends Timing {
  base: string;
  path: string;
  customers: { tid: number; secretKey: string }[];
  /** Encoded signed workloads; body i is sent at startAt + i / rate by customer i % customers.length. */
  bodies: string[];
  rate: number;
}

/** [ms since startAt when the call was sent, its duration in ms]. */
export type Sample = [number, number];

export interface NodesFigures {
  /** Short polls that answered nothing (caught-up, idle). */
  idlePolls: Sample[];
  /** Every other poll answer: short ones carrying work, and long polls (empty after `wait` or with work). */
  otherPolls: number;
  results: Sample[];
  /**
   * [workload id, epoch ms when a poll answer carried it, 1 if a long poller, epoch ms of the node's
   * first poll]: nodes start at their phase, and a workload created before its node asked at all
   * measures the start, not a delivery.
   */
  received: [number, number, number, number][];
  failed: number;
  failures: string[];
}

export interface CreatesFigures {
  creates: Sample[];
  /** [workload id, epoch ms of its 201]. */
  created: [number, number][];
  /** Creates due in the run but not sent (the generator fell behind). */
  unsent: number;
  failed: number;
  failures: string[];
}

interface Answer {
  status: number;
  lastId: number;
  body: string;
}

const epochMs = () => performance.timeOrigin + performance.now();
const sleepUntil = (at: number) => new Promise((done) => setTimeout(done, Math.max(0, at - epochMs())));
const keyOf = (hex: string) => new Uint8Array(Buffer.from(hex, 'hex'));

function send(
  agent: Agent,
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
  signal?: AbortSignal,
): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = request(`${base}${path}`, { agent, method, headers, signal }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () =>
        done({ status: res.statusCode ?? 0, lastId: Number(res.headers['x-last-id']), body: text }),
      );
    });
    req.on('error', fail);
    req.end(body);
  });
}

/** Counts every failed call (`failed`) and keeps the messages of the first 20 (`failures`). */
function failureCounter(figures: { failed: number; failures: string[] }): (what: string) => void {
  return (what) => {
    figures.failed++;
    if (figures.failures.length < 20) figures.failures.push(what);
  };
}

/** Prints `ready`, runs, prints the figures as one JSON line. */
async function run<T>(work: () => Promise<T>): Promise<void> {
  process.stdout.write('ready\n');
  process.stdout.write(`${JSON.stringify(await work())}\n`);
}

/**
 * Nodes as 0-OS runs them: each follows its x-last-id; every workload a poll hands it in `deploy` gets
 * a result (state ok, signed over state, message and data as provisiond signs it) PUT with the node's
 * HTTP signature, before the node polls again.
 */
export function nodes(load: NodesLoad): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const endAt = load.startAt + load.seconds * 1000;
  const stop = new AbortController();
  setMaxListeners(Infinity, stop.signal); // every poll in flight listens
  const figures: NodesFigures = {
    idlePolls: [],
    otherPolls: 0,
    results: [],
    received: [],
    failed: 0,
    failures: [],
  };
  const fail = failureCounter(figures);

  const report = async (nodeId: string, secretKey: Uint8Array, item: PolledItem) => {
    const gwid = `${item.id}-${item.workload_id}`;
    const result = {
      state: ResultState.Ok,
      message: '',
      data_json: JSON.stringify({ volume_id: `vol-${gwid}` }),
    };
    const body = encodeResult({
      ...result,
      category: item.workload_type,
      workload_id: gwid,
      signature: signResult(result, secretKey),
      epoch: Math.floor(Date.now() / 1000),
      node_id: nodeId,
    });
    const path = `/api/v1/reservations/nodes/${nodeId}/workloads/${gwid}`;
    const headers = {
      ...signRequestHeaders({ keyId: nodeId, secretKey, method: 'PUT', url: path }),
      'content-type': 'application/json',
    };
    const sent = epochMs();
    const answer = await send(agent, load.base, 'PUT', path, headers, body);
    if (answer.status !== 201) fail(`result ${answer.status}: ${answer.body}`);
    else figures.results.push([sent - load.startAt, epochMs() - sent]);
  };

  const node = async (n: NodesLoad['nodes'][number]) => {
    const secretKey = keyOf(n.secretKey);
    let from = 0;
    let due = load.startAt + n.phaseMs;
    const asking = Math.max(due, epochMs());
    while (due < endAt && !stop.signal.aborted) {
      await sleepUntil(due);
      const wait = n.long ? `&wait=${load.waitSeconds}` : '';
      const path = `/api/v1/reservations/nodes/${n.id}/workloads?from=${from}${wait}`;
      const sent = epochMs();
      const answer = await send(agent, load.base, 'GET', path, {}, undefined, stop.signal).catch(
        (e: Error) => (stop.signal.aborted ? null : e),
      );
      if (answer === null) return; // aborted at the end of the run
      const at = epochMs();
      const ok = !(answer instanceof Error) && answer.status === 200;
      if (!ok) {
        // As a node does, it asks again at its next turn.
        fail(answer instanceof Error ? `poll: ${answer.message}` : `poll ${answer.status}: ${answer.body}`);
      } else {
        const items = JSON.parse(answer.body) as PolledItem[];
        if (items.length === 0 && !n.long) figures.idlePolls.push([sent - load.startAt, at - sent]);
        else figures.otherPolls++;
        for (const item of items) {
          figures.received.push([item.id, at, n.long ? 1 : 0, asking]);
          if (item.next_action === NextAction.Deploy)
            await report(n.id, secretKey, item).catch((e: Error) => fail(`result: ${e.message}`));
        }
        from = answer.lastId + 1;
      }
      due = n.long && ok ? epochMs() : due + load.periodMs;
    }
  };

  return run(async () => {
    const stopper = sleepUntil(endAt).then(() => stop.abort());
    await Promise.all(load.nodes.map(node));
    await stopper;
    agent.destroy();
    return figures;
  });
}

interface PolledItem {
  id: number;
  workload_id: number;
  workload_type: number;
  next_action: number;
}

/** Signed creates at a fixed rate (open loop: a slow answer does not delay the next create). */
export function creates(load: CreatesLoad): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const bodies = load.bodies;
  const customers = load.customers.map((c) => ({ keyId: String(c.tid), secretKey: keyOf(c.secretKey) }));
  const endAt = load.startAt + load.seconds * 1000;
  const figures: CreatesFigures = { creates: [], created: [], unsent: 0, failed: 0, failures: [] };
  const fail = failureCounter(figures);
  const one = async (i: number) => {
    const customer = customers[i % customers.length];
    const headers = {
      ...signRequestHeaders({ ...customer, method: 'POST', url: load.path }),
      'content-type': 'application/json',
    };
    const sent = epochMs();
    const answer = await send(agent, load.base, 'POST', load.path, headers, bodies[i]);
    const at = epochMs();
    if (answer.status !== 201) return void fail(`create ${answer.status}: ${answer.body}`);
    figures.creates.push([sent - load.startAt, at - sent]);
    figures.created.push([(JSON.parse(answer.body) as { reservation_id: number }).reservation_id, at]);
  };
  return run(async () => {
    const pending: Promise<void>[] = [];
    const due = Math.floor(load.seconds * load.rate);
    for (let i = 0; i < due && i < bodies.length; i++) {
      await sleepUntil(load.startAt + (i * 1000) / load.rate);
      if (epochMs() >= endAt) break;
      pending.push(one(i).catch((e: Error) => void fail(`create: ${e.message}`)));
    }
    figures.unsent = due - pending.length;
    // Alive until the end, so that the run's CPU figures can read this process.
    await Promise.all([...pending, sleepUntil(endAt)]);
    agent.destroy();
    return figures;
  });
}
