import Fastify from 'fastify';
import { Pool } from 'pg';
import {
  decodeHex,
  hashChallenge,
  HttpSignatureError,
  verifyEd25519Async,
  verifyHttpSignature,
} from '@app/crypto';
import { CREATE_CONTEXT_SQL, INSERT_CREATED_SQL } from '@app/persistence';
import { decodeWorkload } from '@app/wire';
import { CREATE_PATH, directInsertParams } from './create-statement';

export interface CreateFloorArgs {
  databaseUrl: string;
  poolSize: number;
  /** Public keys (hex) by tid: the explorer caches them too, so no lookup per request. */
  keys: Record<string, string>;
}

const FRESHNESS_SECONDS = 15 * 60;

/**
 * The floor of a signed create: only the work no create server can skip, on bare Fastify + pg. The HTTP
 * signature (ed25519 on the thread pool), the wire decode, the customer's signature over the Go
 * challenge, one read of the pool and the node's farm, and the explorer's own insert statement; no
 * framework, hooks, metrics, or state machine. Run in its own process (see runModule); prints its
 * address. What separates it from the insert sent directly is what any HTTP create must add; what
 * separates the explorer from it is the explorer's own overhead.
 */
export async function serveCreateFloor(args: CreateFloorArgs): Promise<void> {
  const pool = new Pool({ connectionString: args.databaseUrl, max: args.poolSize });
  const keys = new Map(Object.entries(args.keys).map(([tid, hex]) => [tid, decodeHex(hex)!]));
  const keyOf = (keyId: string) => {
    const key = keys.get(keyId);
    if (!key) throw new HttpSignatureError(`no key with id "${keyId}"`);
    return key;
  };
  const app = Fastify();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );
  app.post(CREATE_PATH, async (request, reply) => {
    const body = request.body as string;
    const view = { method: request.method, url: request.url, headers: request.headers, body };
    const { keyId } = await verifyHttpSignature(view, keyOf, { freshnessSeconds: FRESHNESS_SECONDS });
    const w = decodeWorkload(body);
    const signature = decodeHex(w.customer_signature);
    if (String(w.customer_tid) !== keyId || !signature) return reply.code(401).send({ error: 'signer' });
    if (!(await verifyEd25519Async(keyOf(keyId), hashChallenge(w), signature)))
      return reply.code(400).send({ error: 'customer signature' });
    const context = await pool.query<{ id: string | null; customer_tid: string; farm_id: string | null }>({
      name: 'create_context',
      text: CREATE_CONTEXT_SQL,
      values: [w.pool_id, w.node_id],
    });
    const { id, customer_tid, farm_id } = context.rows[0];
    if (id === null || Number(customer_tid) !== w.customer_tid || farm_id === null)
      return reply.code(400).send({ error: 'pool or node' });
    const inserted = await pool.query<{ id: string }>({
      name: 'workload_insert_created',
      text: INSERT_CREATED_SQL,
      values: directInsertParams(w, Number(farm_id)),
    });
    reply.code(201).type('application/json; charset=utf-8');
    return `{"reservation_id":${inserted.rows[0].id}}`;
  });
  process.stdout.write(`${await app.listen({ port: 0, host: '127.0.0.1' })}\n`);
}
