import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  addWorkload,
  allowsWorkloadFor,
  applyWorkloadEvent,
  assertPoolExtension,
  badRequest,
  CloudUnits,
  conflict,
  forbidden,
  newPool,
  NextAction,
  notFound,
  Pool,
  removeWorkload,
  syncPool,
  topUp,
} from '@app/domain';
import { verifyCapacitySignature } from '@app/crypto';
import { PoolsRepository, UsersRepository } from '@app/persistence';
import {
  capacityDataEqual,
  CapacityReservation,
  decodeCapacityReservation,
  decodeCapacityReservationData,
  encodePool,
  WireError,
} from '@app/wire';
import { factsFromWire, PoolTransitions } from './pool-transitions';
import { PoolSweeper } from './pool-sweeper';

export interface ReservationCreated {
  reservation_id: number;
  escrow_information: { address: string; asset: string; amount: number };
}

/** Free escrow: nothing to pay, the capacity is credited in the request's transaction. */
const FREE_ESCROW = { address: '', asset: '', amount: 0 };

export const NOT_ALLOWED_ON_POOL = 'not allowed to deploy workload on this pool';

/** Pool wire JSON (exact int64 `empty_at`). */
export function poolJson(pool: Pool): string {
  return encodePool({
    pool_id: pool.id,
    cus: pool.cus,
    sus: pool.sus,
    node_ids: [...pool.nodeIds],
    last_updated: pool.lastUpdated,
    active_cu: pool.activeCu,
    active_su: pool.activeSu,
    empty_at: pool.emptyAt,
    customer_tid: pool.customerTid,
    active_workload_ids: [...pool.activeWorkloadIds],
  });
}

/**
 * Capacity pools (workloads.md §9, directory.md §9, decisions.md §2.8, §2.11, §4). Every mutation runs
 * in one transaction holding the pool's row lock; the methods taking an EntityManager join the caller's.
 */
@Injectable()
export class PoolsService {
  constructor(
    private readonly pools: PoolsRepository,
    private readonly users: UsersRepository,
    private readonly transitions: PoolTransitions,
    private readonly sweeper: PoolSweeper,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** POST /reservations/pools: validates the signed capacity reservation, creates or extends, credits. */
  async reserve(body: string, now: number): Promise<ReservationCreated> {
    const r = decodeCapacityReservation(body);
    const nodeIds = validateReservation(r);
    const data = r.data_reservation;
    // Checks that only read come first, outside the transaction: a transaction waiting for a pool lock must
    // never need a second connection.
    if ((await this.pools.farmsOfNodes(nodeIds)).length > 1) {
      throw badRequest('all nodes for a capacity pool must belong to the same farm');
    }
    const pubkey = await this.users.findPubkey(r.customer_tid);
    if (pubkey === null) throw badRequest(`cannot find user with id ${r.customer_tid}`);
    if (!verifyCapacitySignature(r.json, Buffer.from(pubkey, 'hex'), r.customer_signature)) {
      throw badRequest('failed to verify customer signature');
    }
    // Accepted once: a replay of what the customer signed answers the first id and credits nothing.
    const requestKey = capacityRequestKey(r);
    const accepted = await this.pools.findReservationIdByKey(requestKey);
    if (accepted !== null) return { reservation_id: accepted, escrow_information: FREE_ESCROW };
    const id = await this.db.transaction(async (em) => {
      const reservation = {
        json: r.json,
        customerTid: r.customer_tid,
        customerSignature: r.customer_signature,
        cus: data.cus,
        sus: data.sus,
        nodeIds,
        created: now,
        requestKey,
      };
      // A concurrent replay got in first (the insert waited for it): its id, nothing else changes.
      const acceptedMeanwhile = async () =>
        (await this.pools.findReservationIdByKey(requestKey, em)) as number;
      if (data.pool_id === 0) {
        const reservationId = await this.pools.insertReservation(em, { ...reservation, poolId: 0 });
        if (reservationId === null) return acceptedMeanwhile();
        const pool = topUp(newPool(reservationId, r.customer_tid, nodeIds, now), data.cus, data.sus, now);
        await this.pools.insert(em, pool);
        return reservationId;
      }
      const pool = await this.pools.lockById(em, data.pool_id);
      if (!pool) throw notFound('capacity pool not found');
      if (pool.customerTid !== r.customer_tid) throw forbidden('capacity pool belongs to another customer');
      assertPoolExtension(pool, data.cus, data.sus, nodeIds);
      const reservationId = await this.pools.insertReservation(em, { ...reservation, poolId: pool.id });
      if (reservationId === null) return acceptedMeanwhile();
      const credited = topUp({ ...pool, nodeIds }, data.cus, data.sus, now);
      await this.pools.save(em, await this.releasePaying(em, credited, now));
      return reservationId;
    });
    return { reservation_id: id, escrow_information: FREE_ESCROW };
  }

  /** GET /reservations/pools/{id}: synced to `now` in memory only (reads never write). */
  async get(id: number, now: number): Promise<string> {
    const pool = await this.pools.findById(id);
    if (!pool) throw notFound('capacity pool not found');
    return poolJson(syncPool(pool, now));
  }

  async listByOwner(customerTid: number, now: number): Promise<string[]> {
    return (await this.pools.findByOwner(customerTid)).map((p) => poolJson(syncPool(p, now)));
  }

  // ---- API for the workloads module (always inside the caller's transaction) ----

  /** Locks the pool row until the caller's transaction ends; 404 `pool does not exist`. */
  async lockPool(em: EntityManager, poolId: number): Promise<Pool> {
    const pool = await this.pools.lockById(em, poolId);
    if (!pool) throw notFound('pool does not exist');
    return pool;
  }

  /**
   * Owner and node membership (directory.md §9.4), else 403. The pool must come from `lockPool` on the
   * same EntityManager, so the check and what follows see one state.
   */
  canHost(_em: EntityManager, pool: Pool, customerTid: number, nodeId: string): void {
    if (pool.customerTid !== customerTid || !pool.nodeIds.includes(nodeId))
      throw forbidden(NOT_ALLOWED_ON_POOL);
  }

  /** The 120-second rule: the pool, synced to `now` with this workload added, lasts more than 120 s. */
  allowsWorkload(pool: Pool, units: CloudUnits, now: number): boolean {
    return allowsWorkloadFor(pool, units, now);
  }

  /** Starts charging a workload (idempotent by workload id); locks, saves and returns the pool. */
  async addUsage(
    em: EntityManager,
    poolId: number,
    workloadId: number,
    units: CloudUnits,
    now: number,
  ): Promise<Pool> {
    const pool = await this.lockPool(em, poolId);
    const next = addWorkload(pool, workloadId, units, now);
    if (next !== pool) {
      await this.pools.save(em, next);
      this.sweeper.wakeBy(next.emptyAt);
    }
    return next;
  }

  /** Stops charging a workload (no-op when it is not active); locks, saves and returns the pool. */
  async removeUsage(
    em: EntityManager,
    poolId: number,
    workloadId: number,
    units: CloudUnits,
    now: number,
  ): Promise<Pool> {
    const pool = await this.lockPool(em, poolId);
    const next = removeWorkload(pool, workloadId, units, now);
    if (next !== pool) await this.pools.save(em, next);
    return next;
  }

  /**
   * decisions.md §2.1: after a top-up, workloads waiting in `pay` that now fit move on (oldest first,
   * each one charged before the next is tested, so the pool never promises the same capacity twice).
   */
  private async releasePaying(em: EntityManager, credited: Pool, now: number): Promise<Pool> {
    let pool = credited;
    for (const w of await this.pools.lockWorkloadsInState(em, pool.id, NextAction.Pay)) {
      const units = { cu: w.cu, su: w.su };
      const next = applyWorkloadEvent(factsFromWire(w.wire, allowsWorkloadFor(pool, units, now)), {
        kind: 'pool_topped_up',
      });
      if (next === NextAction.Pay) continue;
      if (next === NextAction.Deploy) pool = addWorkload(pool, w.id, units, now);
      await this.transitions.move(em, w, NextAction.Pay, next, 'pool_topped_up', now);
    }
    if (pool.emptyAt < credited.emptyAt) this.sweeper.wakeBy(pool.emptyAt);
    return pool;
  }
}

/** What identifies a capacity reservation: the signed text and its signer. */
function capacityRequestKey(r: CapacityReservation): string {
  return createHash('sha256').update(`${r.customer_tid}\n${r.json}`, 'utf8').digest('hex');
}

/** Reference `Validate` plus the duplicate check (directory.md §9.3 steps 1–2); returns the node ids. */
function validateReservation(r: CapacityReservation): string[] {
  if (r.customer_tid === 0) throw badRequest('customer_tid is required');
  if (r.customer_signature === '') throw badRequest('customer_signature is required');
  const nodeIds = r.data_reservation.node_ids ?? [];
  if (nodeIds.length === 0) throw badRequest('capacity reservation must contain at least one node id');
  let signed;
  try {
    signed = decodeCapacityReservationData(r.json);
  } catch (error) {
    if (error instanceof WireError) throw badRequest(`invalid json data on reservation: ${error.message}`);
    throw error;
  }
  if (!capacityDataEqual(signed, r.data_reservation))
    throw badRequest('json data does not match the reservation data');
  if (new Set(nodeIds).size !== nodeIds.length)
    throw conflict('duplicate node ID is not allowed in capacity pool');
  return nodeIds;
}
