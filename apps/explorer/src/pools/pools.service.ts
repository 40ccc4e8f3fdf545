import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  assertPoolExtension,
  badRequest,
  conflict,
  forbidden,
  newPool,
  notFound,
  Pool,
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
import { Clock } from '../clock/clock';
import { WorkloadStateService } from '../workload-state';

export interface ReservationCreated {
  reservation_id: number;
  escrow_information: { address: string; asset: string; amount: number };
}

/** Free escrow: nothing to pay, the capacity is credited in the request's transaction. */
const FREE_ESCROW = { address: '', asset: '', amount: 0 };

/** Pool wire JSON (exact int64 `empty_at`); `activeWorkloadIds`: the workloads it is charging. */
export function poolJson(pool: Pool, activeWorkloadIds: readonly number[]): string {
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
    active_workload_ids: [...activeWorkloadIds],
  });
}

/**
 * Capacity pools (workloads.md §9, directory.md §9, decisions.md §2.8, §2.11, §4). Every mutation runs
 * in one transaction holding the pool's row lock; workloads are charged through PoolLedger.
 */
@Injectable()
export class PoolsService {
  constructor(
    private readonly pools: PoolsRepository,
    private readonly users: UsersRepository,
    private readonly state: WorkloadStateService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  /** POST /reservations/pools: validates the signed capacity reservation, creates or extends, credits. */
  async reserve(body: string): Promise<ReservationCreated> {
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
    if (!(await verifyCapacitySignature(r.json, Buffer.from(pubkey, 'hex'), r.customer_signature))) {
      throw badRequest('failed to verify customer signature');
    }
    // Accepted once: a replay of what the customer signed answers the first id and credits nothing.
    const requestKey = capacityRequestKey(r);
    const accepted = await this.pools.findReservationIdByKey(requestKey);
    if (accepted !== null) return { reservation_id: accepted, escrow_information: FREE_ESCROW };
    const now = this.clock.now();
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
      await this.state.applyToPool(em, credited, { kind: 'pool_topped_up' });
      await this.pools.save(em, credited);
      return reservationId;
    });
    return { reservation_id: id, escrow_information: FREE_ESCROW };
  }

  /** GET /reservations/pools/{id}: synced to `now` in memory only (reads never write). */
  async get(id: number): Promise<string> {
    const pool = await this.pools.findById(id);
    if (!pool) throw notFound('capacity pool not found');
    const members = await this.pools.memberIds([id]);
    return poolJson(syncPool(pool, this.clock.now()), members.get(id) ?? []);
  }

  async listByOwner(customerTid: number): Promise<string[]> {
    const now = this.clock.now();
    const pools = await this.pools.findByOwner(customerTid);
    const members = await this.pools.memberIds(pools.map((p) => p.id));
    return pools.map((p) => poolJson(syncPool(p, now), members.get(p.id) ?? []));
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
