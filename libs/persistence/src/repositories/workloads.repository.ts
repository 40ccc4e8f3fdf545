import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { PoolAccount } from '@app/domain';
import type { WireTemplate } from '@app/wire';
import { WorkloadEntity, WorkloadHistoryEntity } from '../entities/workload.entity';
import { PrimaryStatements, statement } from '../primary-statements';
import { ReadRouter } from '../read-routing';
import { POOL_ACCOUNT_COLUMNS, poolAccountOfRow, PoolAccountRow } from './pools.repository';

/** Channel of `pg_notify` when work is queued for a node (payload: node id); long polls LISTEN on it. */
export const NODE_WORK_CHANNEL = 'node_work';

export interface NewWorkloadRow {
  workloadId: number;
  workloadType: number;
  nodeId: string;
  farmId: number | null;
  poolId: number;
  customerTid: number;
  customerSignature: string;
  /** Idempotency key: a repeat of the same request inserts nothing and answers the first id. */
  requestDigest: string;
  nextAction: number;
  cu: number;
  su: number;
  /** The encoder's wire JSON with the `id` slot the insert fills with the id it draws. */
  wire: WireTemplate<'id'>;
}

/** The stored form of a workload: its wire JSON and the query columns derived from the same value. */
export interface WorkloadState {
  nextAction: number;
  resultState: number;
  wire: string;
}

/** What one transition writes besides the pool (see saveTransition). */
export interface Transition {
  id: number;
  nodeId: string;
  workloadId: number;
  /** The new stored form; null when unchanged. */
  state: WorkloadState | null;
  /** Null when the state did not change. */
  history: Omit<HistoryEntry, 'workloadId'> | null;
  dequeue: boolean;
  enqueue: boolean;
}

// The CTEs run on one snapshot, so the queue item is either deleted or upserted, never both.
const SAVE_TRANSITION_SQL = `WITH
  s AS (UPDATE workloads SET next_action = $3::int, result_state = $4::int, wire = $5::text, updated_at = now()
        WHERE $2::boolean AND id = $1::bigint AND NOT derived),
  h AS (INSERT INTO workload_history (workload_id, from_action, to_action, cause, actor, at)
        SELECT $1::bigint, $7::int, $8::int, $9::text, $10::text, $11::bigint WHERE $6::boolean),
  d AS (DELETE FROM work_queue WHERE $12::boolean AND node_id = $14::text AND id = $1::bigint AND workload_id = $15::bigint),
  q AS (INSERT INTO work_queue (node_id, id, workload_id) SELECT $14::text, $1::bigint, $15::bigint WHERE $13::boolean
        ON CONFLICT (node_id, id, workload_id) DO UPDATE SET position = EXCLUDED.position, queued_at = now())
  SELECT CASE WHEN $13::boolean THEN pg_notify('${NODE_WORK_CHANNEL}', $14::text) END AS notified`;

export interface HistoryEntry {
  workloadId: number;
  fromAction: number | null;
  toAction: number;
  cause: string;
  actor: string;
  at: number;
}

/** What workloads need to know about the farm of their node (decisions.md §3). */
export interface FarmPolicy {
  farmId: number;
  ownerTid: number;
  requireFarmerSignature: boolean;
}

interface FarmPolicyRow {
  id: string;
  threebot_id: string;
  require_farmer_signature: boolean;
}

const farmPolicy = (row: FarmPolicyRow | undefined): FarmPolicy | null =>
  row
    ? {
        farmId: Number(row.id),
        ownerTid: Number(row.threebot_id),
        requireFarmerSignature: row.require_farmer_signature,
      }
    : null;

export interface WorkloadFilter {
  customerTid?: number;
  nextAction?: number;
  workloadType?: number;
  nodeId?: string;
  poolId?: number;
  farmId?: number;
}

/** A `workloads` row as pg returns it (int8 as text). */
interface WorkloadRow {
  id: string;
  workload_id: string;
  workload_type: number;
  node_id: string;
  derived: boolean;
  farm_id: string | null;
  pool_id: string;
  customer_tid: string;
  customer_signature: string;
  request_digest: string | null;
  next_action: number;
  cu: number;
  su: number;
  result_state: number;
  wire: string;
  created_at: Date;
  updated_at: Date;
}

const WORKLOAD_ROW_COLUMNS =
  'id, workload_id, workload_type, node_id, derived, farm_id, pool_id, customer_tid, customer_signature, ' +
  'request_digest, next_action, cu, su, result_state, wire, created_at, updated_at';

/** The same WorkloadEntity the ORM mapping gives, from a raw row (statements that bypass the ORM). */
function workloadOfRow(row: WorkloadRow): WorkloadEntity {
  return Object.assign(new WorkloadEntity(), {
    id: Number(row.id),
    workloadId: Number(row.workload_id),
    workloadType: row.workload_type,
    nodeId: row.node_id,
    derived: row.derived,
    farmId: row.farm_id === null ? null : Number(row.farm_id),
    poolId: Number(row.pool_id),
    customerTid: Number(row.customer_tid),
    customerSignature: row.customer_signature,
    requestDigest: row.request_digest,
    nextAction: row.next_action,
    cu: row.cu,
    su: row.su,
    resultState: row.result_state,
    wire: row.wire,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

type Nullable<T> = { [K in keyof T]: T[K] | null };

type CreateContextRow = Nullable<PoolAccountRow> & {
  hosts_node: boolean | null;
  farm_id: string | null;
  threebot_id: string | null;
  require_farmer_signature: boolean | null;
};

/** The farm of a node or a gateway, by node id ($1 of the enclosing statement unless told). */
const farmOfNodeSql = (param: string) =>
  `(SELECT farm_id FROM nodes WHERE node_id = ${param} UNION ALL SELECT farm_id FROM gateways WHERE node_id = ${param} LIMIT 1)`;

// Always one row: the pool's columns and the farm's are null when missing.
export const CREATE_CONTEXT_SQL = `SELECT ${POOL_ACCOUNT_COLUMNS}, $2 = ANY(p.node_ids) AS hosts_node,
  f.id AS farm_id, f.threebot_id, f.require_farmer_signature
  FROM (SELECT 1) one
  LEFT JOIN pools p ON p.id = $1
  LEFT JOIN farms f ON f.id = ${farmOfNodeSql('$2')}`;

export const INSERT_CREATED_SQL = `WITH n AS (SELECT nextval('reservation_id_seq') AS id),
  w AS (
    INSERT INTO workloads (id, workload_id, workload_type, node_id, farm_id, pool_id, customer_tid, customer_signature, request_digest, next_action, cu, su, wire)
    SELECT n.id, $1, $2, $3, $4, $5, $6, $7, $17, $8, $9, $10, $11 || n.id || $12
    FROM n
    ON CONFLICT (customer_tid, request_digest) DO NOTHING
    RETURNING id, node_id, workload_id),
  h AS (INSERT INTO workload_history (workload_id, from_action, to_action, cause, actor, at)
        SELECT id, NULL, $13, $14, $15, $16 FROM w),
  q AS (INSERT INTO work_queue (node_id, id, workload_id, position) SELECT node_id, id, workload_id, id FROM w WHERE $18)
  SELECT w.id, CASE WHEN $18 THEN pg_notify('${NODE_WORK_CHANNEL}', w.node_id) END AS notified FROM w`;

/** Parameters of INSERT_CREATED_SQL in order. */
export function insertCreatedParams(
  row: NewWorkloadRow,
  history: Omit<HistoryEntry, 'workloadId' | 'fromAction'>,
  enqueue: boolean,
): unknown[] {
  return [
    row.workloadId,
    row.workloadType,
    row.nodeId,
    row.farmId,
    row.poolId,
    row.customerTid,
    row.customerSignature,
    row.nextAction,
    row.cu,
    row.su,
    ...idSlot(row.wire),
    history.toAction,
    history.cause,
    history.actor,
    history.at,
    row.requestDigest,
    enqueue,
  ];
}

const INSERT_CREATED = statement<unknown[], { id: string }>('workload_insert_created', INSERT_CREATED_SQL);
const CREATE_CONTEXT = statement<[number, string], CreateContextRow>(
  'workload_create_context',
  CREATE_CONTEXT_SQL,
);
const ID_BY_REQUEST = statement<[number, string], { id: string }>(
  'workload_id_by_request',
  'SELECT id FROM workloads WHERE customer_tid = $1 AND request_digest = $2',
);

/** The text around a template's one `id` slot, for a statement that fills it with the id it draws. */
function idSlot(template: WireTemplate<'id'>): [string, string] {
  if (template.slots.length !== 1 || template.slots[0] !== 'id') throw new Error('expected one id slot');
  return [template.parts[0], template.parts[1]];
}

/** Every query on workloads, their history and the node work queue. */
@Injectable()
export class WorkloadsRepository {
  // The create path's statements run on the primary: a create must see the rows it checks and write
  // where the node poll reads.
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly primary: PrimaryStatements,
    private readonly reads: ReadRouter,
  ) {}

  /**
   * Stores a new workload with its first history entry and, when `enqueue`, its work-queue item, in ONE
   * statement (one round trip, its own transaction). The id is drawn from the sequence inside that
   * statement, so the poll cursor's committed ceiling covers it (an id taken in an earlier transaction
   * could commit after the ceiling passed it) and fills the wire template's `id` slot with it (a new workload has no result: `result_state` keeps its
   * default). A repeat of the same request (same digest) inserts nothing and returns the
   * id that holds it.
   */
  async insertCreated(
    row: NewWorkloadRow,
    history: Omit<HistoryEntry, 'workloadId' | 'fromAction'>,
    enqueue: boolean,
  ): Promise<{ id: number; inserted: boolean }> {
    const rows = await this.primary.run(INSERT_CREATED, insertCreatedParams(row, history, enqueue));
    if (rows.length === 1) return { id: Number(rows[0].id), inserted: true };
    const existing = await this.findIdByRequest(row.customerTid, row.requestDigest);
    if (existing === null) throw new Error('workload insert conflicted but no row holds its request digest');
    return { id: existing, inserted: false };
  }

  /**
   * What a create checks before its insert, in one round trip on the primary: the pool's account (null
   * when it does not exist), whether the pool lists the node, and the farm of the node or gateway (null
   * when the id is registered as neither).
   */
  async createContext(
    poolId: number,
    nodeId: string,
  ): Promise<{ pool: PoolAccount | null; poolHostsNode: boolean; farm: FarmPolicy | null }> {
    const rows = await this.primary.run(CREATE_CONTEXT, [poolId, nodeId]);
    const row = rows[0];
    return {
      pool: row.id === null ? null : poolAccountOfRow(row as PoolAccountRow),
      poolHostsNode: row.hosts_node === true,
      farm:
        row.farm_id === null
          ? null
          : farmPolicy({
              id: row.farm_id,
              threebot_id: row.threebot_id as string,
              require_farmer_signature: row.require_farmer_signature as boolean,
            }),
    };
  }

  private async findIdByRequest(customerTid: number, requestDigest: string): Promise<number | null> {
    const rows = await this.primary.run(ID_BY_REQUEST, [customerTid, requestDigest]);
    return rows[0] ? Number(rows[0].id) : null;
  }

  /** The row, locked for the rest of the transaction (the guard of every transition). */
  async lockById(em: EntityManager, id: number): Promise<WorkloadEntity | null> {
    // Plain SQL: every node result and signature takes this lock, and the ORM's query builder cost
    // more CPU than the rest of the lookup.
    const rows: WorkloadRow[] = await em.query(
      `SELECT ${WORKLOAD_ROW_COLUMNS} FROM workloads WHERE id = $1 AND NOT derived FOR UPDATE`,
      [id],
    );
    return rows.length === 0 ? null : workloadOfRow(rows[0]);
  }

  /** The row as committed, without a lock (what a request checks before its transaction). */
  findById(id: number): Promise<WorkloadEntity | null> {
    return this.db.getRepository(WorkloadEntity).findOneBy({ id });
  }

  /**
   * The workloads of a pool in one state, locked, oldest first (system events on a pool). SKIP LOCKED:
   * result handling locks a workload before its pool (the reverse of this order); a row held there is
   * left for the next top-up or sweep instead of risking a deadlock.
   */
  lockInPool(em: EntityManager, poolId: number, nextAction: number): Promise<WorkloadEntity[]> {
    return em
      .getRepository(WorkloadEntity)
      .createQueryBuilder('w')
      .where('w.pool_id = :poolId AND w.next_action = :nextAction', { poolId, nextAction })
      .orderBy('w.id')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  /** Current wire JSON of one workload (may be read on a replica, see ReadRouter). */
  async findWire(id: number): Promise<string | null> {
    const rows = await this.reads.query<{ wire: string }>(
      'SELECT wire FROM workloads WHERE id = $1 AND NOT derived',
      [id],
    );
    return rows[0]?.wire ?? null;
  }

  /**
   * A transition's writes in one statement (one round trip inside the transaction): the stored form
   * when it changed, the history entry when the state changed, and the node's queue item, taken off
   * (`dequeue`) or queued at a new position with a wake-up of long polls (`enqueue`; an item still
   * queued moves there, which also acknowledges it). The caller holds the row lock.
   */
  async saveTransition(em: EntityManager, t: Transition): Promise<void> {
    await em.query(SAVE_TRANSITION_SQL, [
      t.id,
      t.state !== null,
      t.state?.nextAction ?? null,
      t.state?.resultState ?? null,
      t.state?.wire ?? null,
      t.history !== null,
      t.history?.fromAction ?? null,
      t.history?.toAction ?? null,
      t.history?.cause ?? null,
      t.history?.actor ?? null,
      t.history?.at ?? null,
      t.dequeue && !t.enqueue,
      t.enqueue,
      t.nodeId,
      t.workloadId,
    ]);
  }

  async appendHistory(em: EntityManager, entry: HistoryEntry): Promise<void> {
    await em.query(
      'INSERT INTO workload_history (workload_id, from_action, to_action, cause, actor, at) VALUES ($1, $2, $3, $4, $5, $6)',
      [entry.workloadId, entry.fromAction, entry.toAction, entry.cause, entry.actor, entry.at],
    );
  }

  history(workloadId: number): Promise<WorkloadHistoryEntity[]> {
    return this.db.getRepository(WorkloadHistoryEntity).find({ where: { workloadId }, order: { id: 'ASC' } });
  }

  /**
   * Queues the workload for its node at a new position (an item still queued moves there: the node's
   * cursor may have passed its old one) and wakes long polls once the transaction commits.
   */
  async enqueue(em: EntityManager, nodeId: string, id: number, workloadId: number): Promise<void> {
    await em.query(
      `WITH q AS (INSERT INTO work_queue (node_id, id, workload_id) VALUES ($1, $2, $3)
         ON CONFLICT (node_id, id, workload_id) DO UPDATE SET position = EXCLUDED.position, queued_at = now())
       SELECT pg_notify($4, $1)`,
      [nodeId, id, workloadId, NODE_WORK_CHANNEL],
    );
  }

  async dequeue(em: EntityManager, nodeId: string, id: number, workloadId: number): Promise<void> {
    await em.query('DELETE FROM work_queue WHERE node_id = $1 AND id = $2 AND workload_id = $3', [
      nodeId,
      id,
      workloadId,
    ]);
  }

  async farmPolicy(em: EntityManager, farmId: number): Promise<FarmPolicy | null> {
    const rows: FarmPolicyRow[] = await em.query(
      'SELECT id, threebot_id, require_farmer_signature FROM farms WHERE id = $1',
      [farmId],
    );
    return farmPolicy(rows[0]);
  }

  /** Wire JSON of a filtered, id-ordered page, and the filter's total (may be read on a replica). */
  async list(
    filter: WorkloadFilter,
    offset: number,
    limit: number,
  ): Promise<{ wires: string[]; total: number }> {
    // Rows derived from legacy reservations are listed with their reservation.
    const clauses: string[] = ['NOT derived'];
    const params: unknown[] = [];
    const add = (column: string, value: unknown) => {
      params.push(value);
      clauses.push(`${column} = $${params.length}`);
    };
    if (filter.customerTid) add('customer_tid', filter.customerTid);
    if (filter.nextAction !== undefined) add('next_action', filter.nextAction);
    if (filter.workloadType !== undefined) add('workload_type', filter.workloadType);
    if (filter.nodeId) add('node_id', filter.nodeId);
    if (filter.poolId) add('pool_id', filter.poolId);
    if (filter.farmId) add('farm_id', filter.farmId);
    const where = `WHERE ${clauses.join(' AND ')}`;
    const [rows, count] = await Promise.all([
      this.reads.query<{ wire: string }>(
        `SELECT wire FROM workloads ${where} ORDER BY id LIMIT ${limit} OFFSET ${offset}`,
        params,
      ),
      this.reads.query<{ n: string }>(`SELECT count(*) AS n FROM workloads ${where}`, params),
    ]);
    return { wires: rows.map((r) => r.wire), total: Number(count[0].n) };
  }
}
