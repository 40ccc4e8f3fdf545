import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Pool, PoolAccount } from '@app/domain';
import { CapacityReservationEntity, PoolEntity } from '../entities/pool.entity';

/** Key of `pg_try_advisory_xact_lock`: one expiry sweep at a time across every explorer process. */
export const POOL_SWEEP_LOCK_KEY = 724_310_005;

export interface NewCapacityReservation {
  /** 0 creates a pool whose id is the reservation's own id. */
  poolId: number;
  json: string;
  customerTid: number;
  customerSignature: string;
  cus: number;
  sus: number;
  nodeIds: readonly string[];
  created: number;
  /** Identifies what the customer signed; a second insert with the same key stores nothing. */
  requestKey: string;
}

function toPool(row: PoolEntity): Pool {
  return {
    id: row.id,
    cus: row.cus,
    sus: row.sus,
    nodeIds: row.nodeIds,
    lastUpdated: row.lastUpdated,
    activeCu: row.activeCu,
    activeSu: row.activeSu,
    emptyAt: row.emptyAt,
    customerTid: row.customerTid,
  };
}

/** A pool's account columns as pg returns them (int8 as text). */
export interface PoolAccountRow {
  id: string;
  cus: number;
  sus: number;
  active_cu: number;
  active_su: number;
  last_updated: string;
  empty_at: string;
  customer_tid: string;
}

/**
 * The `pools` columns of a PoolAccountRow, for queries that bypass the ORM (`p` is the table's alias).
 * Not the node list: the hot paths (creates, results) do not need it, and it grows with the pool's nodes.
 */
export const POOL_ACCOUNT_COLUMNS =
  'p.id, p.cus, p.sus, p.active_cu, p.active_su, p.last_updated, p.empty_at, p.customer_tid';

/** The same account the entity mapping gives, from a raw row. */
export function poolAccountOfRow(row: PoolAccountRow): PoolAccount {
  return {
    id: Number(row.id),
    cus: row.cus,
    sus: row.sus,
    lastUpdated: Number(row.last_updated),
    activeCu: row.active_cu,
    activeSu: row.active_su,
    emptyAt: BigInt(row.empty_at),
    customerTid: Number(row.customer_tid),
  };
}

/** Every query on pools and capacity reservations. */
@Injectable()
export class PoolsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The pool without a lock; inside a transaction pass its manager. */
  async findById(id: number, em: EntityManager = this.db.manager): Promise<Pool | null> {
    const row = await em.getRepository(PoolEntity).findOneBy({ id });
    return row ? toPool(row) : null;
  }

  async findByOwner(customerTid: number): Promise<Pool[]> {
    const rows = await this.db
      .getRepository(PoolEntity)
      .find({ where: { customerTid }, order: { id: 'ASC' } });
    return rows.map(toPool);
  }

  /** The pool row, locked for the rest of the transaction (the guard of every pool mutation). */
  async lockById(em: EntityManager, id: number): Promise<Pool | null> {
    const row = await em
      .getRepository(PoolEntity)
      .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    return row ? toPool(row) : null;
  }

  /**
   * Stores the reservation as received; a new pool takes the reservation's id. Returns that id, or null
   * when a reservation with the same request key exists (waiting for a concurrent insert to settle).
   */
  async insertReservation(em: EntityManager, r: NewCapacityReservation): Promise<number | null> {
    const rows: { id: string }[] = await em.query(
      `WITH n AS (SELECT nextval('capacity_reservation_id_seq') AS id)
       INSERT INTO capacity_reservations (id, pool_id, json, customer_tid, customer_signature, cus, sus, node_ids, created, request_key)
       SELECT n.id, CASE WHEN $1::bigint = 0 THEN n.id ELSE $1::bigint END, $2, $3, $4, $5, $6, $7, $8, $9 FROM n
       ON CONFLICT (request_key) DO NOTHING
       RETURNING id`,
      [
        r.poolId,
        r.json,
        r.customerTid,
        r.customerSignature,
        r.cus,
        r.sus,
        r.nodeIds,
        r.created,
        r.requestKey,
      ],
    );
    return rows.length === 0 ? null : Number(rows[0].id);
  }

  /** The id of the reservation accepted with this request key, if any. */
  async findReservationIdByKey(
    requestKey: string,
    em: EntityManager = this.db.manager,
  ): Promise<number | null> {
    const row = await em.getRepository(CapacityReservationEntity).findOne({
      select: { id: true },
      where: { requestKey },
    });
    return row ? row.id : null;
  }

  async insert(em: EntityManager, pool: Pool): Promise<void> {
    await em.query(
      `INSERT INTO pools (id, cus, sus, active_cu, active_su, node_ids, last_updated, empty_at, customer_tid)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        pool.id,
        pool.cus,
        pool.sus,
        pool.activeCu,
        pool.activeSu,
        pool.nodeIds,
        pool.lastUpdated,
        pool.emptyAt.toString(),
        pool.customerTid,
      ],
    );
  }

  /** Writes every mutable field; the caller holds the row lock. */
  async save(em: EntityManager, pool: Pool): Promise<void> {
    await em.query(
      `UPDATE pools SET cus = $2, sus = $3, active_cu = $4, active_su = $5, node_ids = $6, last_updated = $7,
       empty_at = $8 WHERE id = $1`,
      [
        pool.id,
        pool.cus,
        pool.sus,
        pool.activeCu,
        pool.activeSu,
        pool.nodeIds,
        pool.lastUpdated,
        pool.emptyAt.toString(),
      ],
    );
  }

  /**
   * Counts the workload as charged by the pool (`add`) or stops counting it (`remove`), and locks the
   * pool row for the rest of the transaction, in one round trip: the lock is held from here to the
   * commit, so the fewer round trips under it the more results a pool takes per second. Null when the
   * pool does not exist; `changed` is false when the workload already was (was not) counted.
   */
  async lockChangingMember(
    em: EntityManager,
    poolId: number,
    workloadId: number,
    change: 'add' | 'remove',
  ): Promise<{ pool: PoolAccount; changed: boolean } | null> {
    const member =
      change === 'add'
        ? 'INSERT INTO pool_workloads (pool_id, workload_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1'
        : 'DELETE FROM pool_workloads WHERE pool_id = $1 AND workload_id = $2 RETURNING 1';
    const rows: (PoolAccountRow & { changed: number })[] = await em.query(
      `WITH m AS (${member})
       SELECT ${POOL_ACCOUNT_COLUMNS}, (SELECT count(*) FROM m)::int AS changed FROM pools p WHERE p.id = $1 FOR UPDATE`,
      [poolId, workloadId],
    );
    return rows.length === 0 ? null : { pool: poolAccountOfRow(rows[0]), changed: rows[0].changed === 1 };
  }

  /** Writes what a usage change changes (not the node list); the caller holds the row lock. */
  async saveUsage(em: EntityManager, pool: PoolAccount): Promise<void> {
    await em.query(
      'UPDATE pools SET cus = $2, sus = $3, active_cu = $4, active_su = $5, last_updated = $6, empty_at = $7 WHERE id = $1',
      [pool.id, pool.cus, pool.sus, pool.activeCu, pool.activeSu, pool.lastUpdated, pool.emptyAt.toString()],
    );
  }

  /** The workloads each pool is charging (`active_workload_ids` of the pool views), oldest first. */
  async memberIds(poolIds: readonly number[]): Promise<Map<number, number[]>> {
    const rows: { pool_id: string; workload_id: string }[] = await this.db.query(
      'SELECT pool_id, workload_id FROM pool_workloads WHERE pool_id = ANY($1) ORDER BY pool_id, workload_id',
      [poolIds],
    );
    const members = new Map<number, number[]>(poolIds.map((id) => [id, []]));
    for (const row of rows) members.get(Number(row.pool_id))?.push(Number(row.workload_id));
    return members;
  }

  /** Distinct farms of the given ids among registered nodes (unknown ids and gateways count for nothing). */
  async farmsOfNodes(nodeIds: readonly string[]): Promise<number[]> {
    const rows: { farm_id: string }[] = await this.db.query(
      'SELECT DISTINCT farm_id FROM nodes WHERE node_id = ANY($1)',
      [nodeIds],
    );
    return rows.map((r) => Number(r.farm_id));
  }

  /** Takes the sweep lock for the current transaction; false when another process is sweeping. */
  async tryLockSweep(em: EntityManager): Promise<boolean> {
    const [row]: { locked: boolean }[] = await em.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [
      POOL_SWEEP_LOCK_KEY,
    ]);
    return row.locked;
  }

  /** Ids of pools run dry by `now` that still have workloads in `deploy`, locked in id order. */
  async lockExpiredWithDeployed(em: EntityManager, now: number, deploy: number): Promise<number[]> {
    const rows: { id: string }[] = await em.query(
      `SELECT p.id FROM pools p WHERE p.empty_at <= $1
       AND EXISTS (SELECT 1 FROM workloads w WHERE w.pool_id = p.id AND w.next_action = $2)
       ORDER BY p.id FOR UPDATE OF p`,
      [now, deploy],
    );
    return rows.map((r) => Number(r.id));
  }

  /** The earliest `empty_at` not before `now` (null when none): when the sweeper must look next. */
  async nextEmptyAt(now: number): Promise<bigint | null> {
    const [row]: { at: string | null }[] = await this.db.query(
      'SELECT min(empty_at) AS at FROM pools WHERE empty_at >= $1',
      [now],
    );
    return row.at === null ? null : BigInt(row.at);
  }
}
