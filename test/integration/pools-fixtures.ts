import { signCapacity } from '@app/crypto';
import { decodeWorkload, encodeWorkload } from '@app/wire';
import type { DataSource } from 'typeorm';
import type { TestUser } from '../setup/identities';

export interface CapacityData {
  pool_id: number;
  cus: number;
  sus: number;
  node_ids: string[] | null;
  currencies: string[] | null;
}

/** A capacity reservation body as the Go client sends it: `json` in Go field order, signed by the customer. */
export function capacityReservation(
  user: TestUser,
  data: Partial<CapacityData> & { node_ids: string[] | null },
) {
  const full: CapacityData = { pool_id: 0, cus: 0, sus: 0, currencies: ['TFT'], ...data };
  const json = JSON.stringify({
    pool_id: full.pool_id,
    cus: full.cus,
    sus: full.sus,
    node_ids: full.node_ids,
    currencies: full.currencies,
  });
  return {
    json,
    data_reservation: full,
    customer_tid: user.id,
    customer_signature: signCapacity(json, user.keys.secretKey),
  };
}

/**
 * Registers a node row for the farm check. The nodes table belongs to the directory module and is still
 * growing: every NOT NULL column without a default gets a neutral value of its type.
 */
export async function insertNode(db: DataSource, nodeId: string, farmId: number): Promise<void> {
  const columns: { column_name: string; data_type: string }[] = await db.query(
    `SELECT column_name, data_type FROM information_schema.columns
     WHERE table_name = 'nodes' AND is_nullable = 'NO' AND column_default IS NULL AND column_name NOT IN ('node_id', 'farm_id')`,
  );
  const neutral = (type: string): string =>
    type === 'ARRAY'
      ? `'{}'`
      : type === 'jsonb' || type === 'json'
        ? `'{}'`
        : type === 'boolean'
          ? 'false'
          : type === 'text'
            ? `''`
            : type.startsWith('timestamp')
              ? 'now()'
              : '0';
  const names = ['node_id', 'farm_id', ...columns.map((c) => c.column_name)].map((n) => `"${n}"`).join(', ');
  const values = ['$1', '$2', ...columns.map((c) => neutral(c.data_type))].join(', ');
  await db.query(`INSERT INTO nodes (${names}) VALUES (${values})`, [nodeId, farmId]);
}

export interface WorkloadRowSpec {
  poolId: number;
  nodeId: string;
  customerTid: number;
  nextAction: number;
  cu: number;
  su: number;
  deleteQuorum?: number;
}

/** Inserts a volume workload row as the workloads module stores it (document decoded from the wire JSON). */
export async function insertWorkload(db: DataSource, spec: WorkloadRowSpec): Promise<number> {
  const [{ id }]: { id: string }[] = await db.query(`SELECT nextval('reservation_id_seq') AS id`);
  const wire =
    `{"workload_id":1,"node_id":${JSON.stringify(spec.nodeId)},"pool_id":${spec.poolId},"reference":"","description":""` +
    `,"signing_request_provision":{"signers":null,"quorum_min":0}` +
    `,"signing_request_delete":{"signers":[${spec.customerTid}],"quorum_min":${spec.deleteQuorum ?? 0}}` +
    `,"id":${id},"json":"","customer_tid":${spec.customerTid},"customer_signature":"sig${id}","next_action":${spec.nextAction}` +
    `,"signatures_provision":null,"signature_farmer":{"tid":0,"signature":"","epoch":0},"signatures_delete":null` +
    `,"epoch":0,"metadata":"{\\"next_action\\":9}","result":{},"workload_type":2,"size":1,"type":1}`;
  const document = decodeWorkload(wire);
  await db.query(
    `INSERT INTO workloads (id, workload_id, workload_type, node_id, pool_id, customer_tid, customer_signature, next_action, cu, su, document, wire)
     VALUES ($1, 1, 2, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      id,
      spec.nodeId,
      spec.poolId,
      spec.customerTid,
      `sig${id}`,
      spec.nextAction,
      spec.cu,
      spec.su,
      document,
      encodeWorkload(document),
    ],
  );
  return Number(id);
}

export async function workloadState(
  db: DataSource,
  id: number,
): Promise<{ nextAction: number; wire: string }> {
  const [row]: { next_action: number; wire: string }[] = await db.query(
    'SELECT next_action, wire FROM workloads WHERE id = $1',
    [id],
  );
  return { nextAction: row.next_action, wire: row.wire };
}

export async function historyOf(
  db: DataSource,
  id: number,
): Promise<{ from_action: number; to_action: number; cause: string; actor: string; at: string }[]> {
  return db.query(
    'SELECT from_action, to_action, cause, actor, at FROM workload_history WHERE workload_id = $1 ORDER BY id',
    [id],
  );
}

export async function queuedFor(db: DataSource, nodeId: string): Promise<number[]> {
  const rows: { id: string }[] = await db.query('SELECT id FROM work_queue WHERE node_id = $1 ORDER BY id', [
    nodeId,
  ]);
  return rows.map((r) => Number(r.id));
}
