import 'reflect-metadata';
import { createPrivateKey, randomBytes, sign as nodeSign } from 'node:crypto';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Pool } from 'pg';
import { volume } from '@app/client';
import {
  hashChallenge,
  keyPairFromSeed,
  nodeIdFromPublicKey,
  signCapacity,
  signRequestHeaders,
} from '@app/crypto';
import { encodeWorkload, Workload } from '@app/wire';
import { createApp } from '../../apps/explorer/src/app.factory';
import { loadConfig } from '../../apps/explorer/src/config/config';
import { startEmbeddedPostgres } from '../../apps/explorer/src/database/embedded-postgres';

export interface CreatesBenchResult {
  httpPerSecond: number;
  directPerSecond: number;
  ratio: number;
}

const CONNECTIONS = 16;
/** Generous upper bound of creates per second, to pre-sign enough distinct bodies. */
const MAX_RATE = 4000;
const CREATE_PATH = '/api/v1/reservations/workloads';
const ROOT = resolve(__dirname, '../..');

/** Ed25519 signing through OpenSSL: tweetnacl (the SDK's signer) is far too slow to pre-sign thousands of bodies. */
function fastSigner(seed: Uint8Array): (message: Uint8Array) => string {
  const key = createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
    format: 'der',
    type: 'pkcs8',
  });
  return (message) => nodeSign(null, message, key).toString('hex');
}

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

interface Seeded {
  customerTid: number;
  seed: Uint8Array;
  nodeId: string;
  poolId: number;
}

/** A customer, a farmer's farm with one node, and a well-funded pool, all through the HTTP API. */
export async function seed(base: string): Promise<Seeded> {
  const user = async (name: string, s: Uint8Array) =>
    (
      (await call(base, 'POST', '/api/v1/users', {
        name,
        email: `${name}@bench.io`,
        pubkey: Buffer.from(keyPairFromSeed(s).publicKey).toString('hex'),
      })) as { id: number }
    ).id;
  const customerSeed = randomBytes(32);
  const customerTid = await user('benchcustomer', customerSeed);
  const farmerTid = await user('benchfarmer', randomBytes(32));
  const farm = (await call(base, 'POST', '/api/v1/farms', {
    threebot_id: farmerTid,
    name: 'benchfarm',
    wallet_addresses: [{ asset: 'TFT', address: 'GBENCH' }],
  })) as { id: number };
  const nodeKeys = keyPairFromSeed(randomBytes(32));
  const nodeId = nodeIdFromPublicKey(nodeKeys.publicKey);
  const location = { city: 'Ghent', country: 'Belgium', continent: 'Europe', latitude: 51, longitude: 3.7 };
  const registration = {
    node_id: nodeId,
    farm_id: farm.id,
    public_key_hex: Buffer.from(nodeKeys.publicKey).toString('hex'),
    os_version: 'v2',
    hostname: 'bench',
    location,
  };
  await call(
    base,
    'POST',
    '/api/v1/nodes',
    registration,
    signRequestHeaders({
      keyId: nodeId,
      secretKey: nodeKeys.secretKey,
      method: 'POST',
      url: '/api/v1/nodes',
    }),
  );
  const data = { pool_id: 0, cus: 1e12, sus: 1e12, node_ids: [nodeId], currencies: ['TFT'] };
  const json = JSON.stringify(data);
  const secret = keyPairFromSeed(customerSeed).secretKey;
  const pool = (await call(base, 'POST', '/api/v1/reservations/pools', {
    json,
    data_reservation: data,
    customer_tid: customerTid,
    customer_signature: signCapacity(json, secret),
  })) as {
    reservation_id: number;
  };
  return { customerTid, seed: customerSeed, nodeId, poolId: pool.reservation_id };
}

/** `count` distinct signed volume workloads (the description makes each one unique). */
function signedWorkloads(s: Seeded, count: number, tag: string): Workload[] {
  const signer = fastSigner(s.seed);
  const epoch = Math.floor(Date.now() / 1000);
  return Array.from({ length: count }, (_, i) => {
    const w = volume(
      {
        node_id: s.nodeId,
        pool_id: s.poolId,
        customer_tid: s.customerTid,
        description: `${tag} ${i}`,
        epoch,
      },
      1,
    );
    return { ...w, customer_signature: signer(hashChallenge(w)) };
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

export async function measureHttp(base: string, s: Seeded, durationSeconds: number): Promise<number> {
  const bodies = signedWorkloads(s, durationSeconds * MAX_RATE, 'http').map(encodeWorkload);
  // The HTTP signature covers (created), date and threebot-id only: one header set serves every request.
  const headers = {
    ...signRequestHeaders({
      keyId: String(s.customerTid),
      secretKey: keyPairFromSeed(s.seed).secretKey,
      method: 'POST',
      url: CREATE_PATH,
    }),
    'content-type': 'application/json',
  };
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

/** The same rows a create writes (workload, history, queue + notify), one transaction each: the database's limit. */
async function measureDirect(databaseUrl: string, s: Seeded, durationSeconds: number): Promise<number> {
  const pool = new Pool({ connectionString: databaseUrl, max: CONNECTIONS });
  // Idle clients are killed when the benchmark's database stops; that is not a failure of the run.
  pool.on('error', () => undefined);
  const workloads = signedWorkloads(s, durationSeconds * MAX_RATE, 'direct');
  const deadline = Date.now() + durationSeconds * 1000;
  let next = 0;
  let done = 0;
  const worker = async () => {
    const client = await pool.connect();
    try {
      while (Date.now() < deadline && next < workloads.length) {
        const w = workloads[next++];
        await client.query('BEGIN');
        const [{ id }] = (await client.query(`SELECT nextval('reservation_id_seq') AS id`)).rows as {
          id: string;
        }[];
        const stored = { ...w, id: Number(id), next_action: 3 as const };
        await client.query(
          `INSERT INTO workloads (id, workload_id, workload_type, node_id, farm_id, pool_id, customer_tid, customer_signature, next_action, cu, su, document, wire)
           VALUES ($1, 1, 2, $2, NULL, $3, $4, $5, 3, 0, 0.01, $6, $7) ON CONFLICT (customer_tid, customer_signature) WHERE NOT derived DO NOTHING`,
          [id, w.node_id, w.pool_id, w.customer_tid, w.customer_signature, stored, encodeWorkload(stored)],
        );
        await client.query(
          `INSERT INTO workload_history (workload_id, from_action, to_action, cause, actor, at) VALUES ($1, NULL, 3, 'created', $2, $3)`,
          [id, `tid:${w.customer_tid}`, w.epoch],
        );
        await client.query(
          'INSERT INTO work_queue (node_id, id, workload_id) VALUES ($1, $2, 1) ON CONFLICT DO NOTHING',
          [w.node_id, id],
        );
        await client.query(`SELECT pg_notify('node_work', $1)`, [w.node_id]);
        await client.query('COMMIT');
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

/**
 * Signed creates per second through HTTP (full pipeline: HTTP signature, decode, customer signature,
 * pool and farm checks, insert, history, queue) against the same inserts done directly with pg.
 */
export async function benchCreates(opts: { durationSeconds: number }): Promise<CreatesBenchResult> {
  const pg = await startEmbeddedPostgres({
    dir: mkdtempSync(join(tmpdir(), 'explorer-bench-pg-')),
    port: 0,
    persistent: false,
  });
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    RUN_BACKGROUND_JOBS: 'false',
    DATABASE_POOL_SIZE: String(CONNECTIONS),
  });
  const app = await createApp(config, pg.url, { logger: false });
  try {
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const seeded = await seed(base);
    const httpPerSecond = await measureHttp(base, seeded, opts.durationSeconds);
    const directPerSecond = await measureDirect(pg.url, seeded, opts.durationSeconds);
    return { httpPerSecond, directPerSecond, ratio: httpPerSecond / directPerSecond };
  } finally {
    await app.close();
    await pg.stop();
  }
}
