import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Pool } from 'pg';
import { volume } from '@app/client';
import {
  KeyPair,
  nodeIdFromPublicKey,
  randomKeyPair,
  signCapacity,
  signRequestHeaders,
  signWorkload,
} from '@app/crypto';
import { INSERT_CREATED_SQL } from '@app/persistence';
import { encodeWorkload, Workload } from '@app/wire';
import { CREATE_PATH, directInsertParams } from './create-statement';
import { ExplorerProcess, runModule, startBenchDatabase, startExplorer } from './harness';

export { CREATE_PATH };

export interface CreatesBenchResult {
  httpPerSecond: number;
  /** The create floor (create-floor.ts): the work any signed create over HTTP must do. */
  floorPerSecond: number;
  directPerSecond: number;
  ratio: number;
}

const CONNECTIONS = 16;
/** Generous upper bound of creates per second, to pre-sign enough distinct bodies. */
const MAX_RATE = 4000;
const ROOT = resolve(__dirname, '../..');

async function call(
  base: string,
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<unknown> {
  const res = await fetch(base + path, {
    method,
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as unknown;
}

export interface Seeded {
  customerTid: number;
  keys: KeyPair;
  /** The first of `nodeIds`. */
  nodeId: string;
  nodeIds: string[];
  /** The nodes' keys, in the order of `nodeIds`. */
  nodeKeys: KeyPair[];
  poolId: number;
}

/** A customer, a farmer's farm with `nodes` nodes, and a well-funded pool on them, all through the HTTP API. */
export async function seed(base: string, nodes = 1): Promise<Seeded> {
  const user = async (name: string, keys: KeyPair) =>
    (
      (await call(base, 'POST', '/api/v1/users', {
        name,
        email: `${name}@bench.io`,
        pubkey: Buffer.from(keys.publicKey).toString('hex'),
      })) as { id: number }
    ).id;
  // Distinct names: a bench may seed several customers in one database.
  const tag = randomBytes(4).toString('hex');
  const customerKeys = randomKeyPair();
  const customerTid = await user(`benchcustomer${tag}`, customerKeys);
  const farmerKeys = randomKeyPair();
  const farmerTid = await user(`benchfarmer${tag}`, farmerKeys);
  const farm = (await call(
    base,
    'POST',
    '/api/v1/farms',
    {
      threebot_id: farmerTid,
      name: `benchfarm${tag}`,
      wallet_addresses: [{ asset: 'TFT', address: 'GBENCH' }],
    },
    signRequestHeaders({
      keyId: String(farmerTid),
      secretKey: farmerKeys.secretKey,
      method: 'POST',
      url: '/api/v1/farms',
    }),
  )) as { id: number };
  const location = { city: 'Ghent', country: 'Belgium', continent: 'Europe', latitude: 51, longitude: 3.7 };
  const nodeIds: string[] = [];
  const allNodeKeys: KeyPair[] = [];
  for (let i = 0; i < nodes; i++) {
    const nodeKeys = randomKeyPair();
    const nodeId = nodeIdFromPublicKey(nodeKeys.publicKey);
    const registration = {
      node_id: nodeId,
      farm_id: farm.id,
      public_key_hex: Buffer.from(nodeKeys.publicKey).toString('hex'),
      os_version: 'v2',
      hostname: `bench${i}`,
      location,
    };
    const url = '/api/v1/nodes';
    const headers = signRequestHeaders({ keyId: nodeId, secretKey: nodeKeys.secretKey, method: 'POST', url });
    await call(base, 'POST', url, registration, headers);
    nodeIds.push(nodeId);
    allNodeKeys.push(nodeKeys);
  }
  const data = { pool_id: 0, cus: 1e12, sus: 1e12, node_ids: nodeIds, currencies: ['TFT'] };
  const json = JSON.stringify(data);
  const secret = customerKeys.secretKey;
  const pool = (await call(base, 'POST', '/api/v1/reservations/pools', {
    json,
    data_reservation: data,
    customer_tid: customerTid,
    customer_signature: signCapacity(json, secret),
  })) as {
    reservation_id: number;
  };
  return {
    customerTid,
    keys: customerKeys,
    nodeId: nodeIds[0],
    nodeIds,
    nodeKeys: allNodeKeys,
    poolId: pool.reservation_id,
  };
}

/** `count` distinct signed volume workloads (the description makes each one unique), on nodeIds[i % n]. */
export function signedWorkloads(s: Seeded, count: number, tag: string): Workload[] {
  const epoch = Math.floor(Date.now() / 1000);
  return Array.from({ length: count }, (_, i) => {
    const w = volume(
      {
        node_id: s.nodeIds[i % s.nodeIds.length],
        pool_id: s.poolId,
        customer_tid: s.customerTid,
        description: `${tag} ${i}`,
        epoch,
      },
      1,
    );
    return { ...w, customer_signature: signWorkload(w, s.keys.secretKey) };
  });
}

/**
 * The load generator runs as a child process (as in the poll bench): in the server's process (event
 * loop or worker thread) it would share the measured service's process. Plain JS, one body per
 * request; the bodies go through a temporary file (too large for argv).
 */
const LOAD_JS = `
const autocannon = require('autocannon');
const { readFileSync } = require('node:fs');
const { url, path, headers, bodiesFile, connections, duration } = JSON.parse(process.argv[1]);
const bodies = JSON.parse(readFileSync(bodiesFile, 'utf8'));
let next = 0;
autocannon({
  url, connections, duration,
  requests: [{ method: 'POST', path, headers, setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }) }],
}).then(
  (r) => process.stdout.write(JSON.stringify({ ok: r['2xx'], sent: next, non2xx: r.non2xx, duration: r.duration })),
  (e) => process.stdout.write(JSON.stringify({ error: String(e) })),
);`;

interface LoadResult {
  ok: number;
  sent: number;
  non2xx: number;
  duration: number;
  error?: string;
}

/** The HTTP signature covers (created), date and threebot-id only: one header set serves every create. */
export function createHeaders(s: Seeded): Record<string, string> {
  return {
    ...signRequestHeaders({
      keyId: String(s.customerTid),
      secretKey: s.keys.secretKey,
      method: 'POST',
      url: CREATE_PATH,
    }),
    'content-type': 'application/json',
  };
}

export async function measureHttp(base: string, s: Seeded, durationSeconds: number): Promise<number> {
  const bodies = signedWorkloads(s, durationSeconds * MAX_RATE, 'http').map(encodeWorkload);
  const headers = createHeaders(s);
  const dir = mkdtempSync(join(tmpdir(), 'explorer-bench-bodies-'));
  const bodiesFile = join(dir, 'bodies.json');
  writeFileSync(bodiesFile, JSON.stringify(bodies));
  const args = {
    url: base,
    path: CREATE_PATH,
    headers,
    bodiesFile,
    connections: CONNECTIONS,
    duration: durationSeconds,
  };
  let result: LoadResult;
  try {
    result = await new Promise<LoadResult>((done, fail) => {
      const child = spawn(process.execPath, ['-e', LOAD_JS, JSON.stringify(args)], {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.once('error', fail);
      child.once('exit', (code) =>
        code === 0 ? done(JSON.parse(out) as LoadResult) : fail(new Error(`load generator exited ${code}`)),
      );
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (result.error) throw new Error(result.error);
  if (result.non2xx > 0) throw new Error(`${result.non2xx} creates failed`);
  // A reused body would be an idempotent repeat, not a create.
  if (result.sent > bodies.length) throw new Error('ran out of distinct bodies: raise MAX_RATE');
  return result.ok / result.duration;
}

/**
 * The explorer's own create statement (INSERT_CREATED_SQL: id, workload, history, queue, notify) sent
 * directly over pg as a named prepared statement, one round trip per create, with the values the HTTP
 * path would compute: what is left between the two is everything the HTTP path adds.
 */
async function measureDirect(databaseUrl: string, s: Seeded, durationSeconds: number): Promise<number> {
  const pool = new Pool({ connectionString: databaseUrl, max: CONNECTIONS });
  // Idle clients are killed when the benchmark's database stops; that is not a failure of the run.
  pool.on('error', () => undefined);
  const farmId = Number(
    (await pool.query<{ farm_id: string }>('SELECT farm_id FROM nodes WHERE node_id = $1', [s.nodeId]))
      .rows[0].farm_id,
  );
  const params = signedWorkloads(s, durationSeconds * MAX_RATE, 'direct').map((w) =>
    directInsertParams(w, farmId),
  );
  const deadline = Date.now() + durationSeconds * 1000;
  let next = 0;
  let done = 0;
  const worker = async () => {
    const client = await pool.connect();
    try {
      while (Date.now() < deadline && next < params.length) {
        const { rowCount } = await client.query({
          name: 'workload_insert_created',
          text: INSERT_CREATED_SQL,
          values: params[next++],
        });
        if (rowCount !== 1) throw new Error('direct insert stored nothing');
        done++;
      }
    } finally {
      client.release();
    }
  };
  const started = Date.now();
  try {
    await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  } finally {
    await pool.end();
  }
  return done / ((Date.now() - started) / 1000);
}

/** The same signed creates against the create floor, a server of its own in its own process. */
async function measureFloor(databaseUrl: string, s: Seeded, durationSeconds: number): Promise<number> {
  const floor = runModule(resolve(__dirname, 'create-floor.js'), 'serveCreateFloor', {
    databaseUrl,
    poolSize: CONNECTIONS,
    keys: { [s.customerTid]: Buffer.from(s.keys.publicKey).toString('hex') },
  });
  try {
    return await measureHttp((await floor.firstLine).trim(), s, durationSeconds);
  } finally {
    floor.kill();
  }
}

/**
 * Signed creates per second through HTTP (full pipeline: HTTP signature, decode, customer signature,
 * pool and farm checks, insert, history, queue) against the explorer's insert statement sent directly.
 */
export async function benchCreates(opts: { durationSeconds: number }): Promise<CreatesBenchResult> {
  const database = await startBenchDatabase('creates');
  let explorer: ExplorerProcess | null = null;
  try {
    explorer = await startExplorer(database.url, CONNECTIONS);
    const seeded = await seed(explorer.base);
    const httpPerSecond = await measureHttp(explorer.base, seeded, opts.durationSeconds);
    const floorPerSecond = await measureFloor(database.url, seeded, opts.durationSeconds);
    const directPerSecond = await measureDirect(database.url, seeded, opts.durationSeconds);
    return { httpPerSecond, floorPerSecond, directPerSecond, ratio: httpPerSecond / directPerSecond };
  } finally {
    await explorer?.stop();
    await database.drop();
  }
}
