import { Injectable } from '@nestjs/common';
import {
  addWorkload,
  allowsWorkloadFor,
  CloudUnits,
  forbidden,
  notFound,
  Pool,
  PoolAccount,
  removeWorkload,
} from '@app/domain';
import { PoolsRepository } from '@app/persistence';
import { EntityManager } from 'typeorm';

export const NOT_ALLOWED_ON_POOL = 'not allowed to deploy workload on this pool';

/**
 * The one component that reads, locks and charges pools for workloads. Every method taking an
 * EntityManager runs on the caller's transaction; usage changes lock the pool row until it ends.
 */
@Injectable()
export class PoolLedger {
  private readonly emptyAtListeners: ((emptyAt: bigint) => void)[] = [];

  constructor(private readonly pools: PoolsRepository) {}

  /** Called with a pool's new `empty_at` after a usage change (the expiry sweeper's wake-up). */
  onEmptyAtChanged(listener: (emptyAt: bigint) => void): void {
    this.emptyAtListeners.push(listener);
  }

  /** The pool as stored, unlocked (the capacity test of a transition). */
  find(em: EntityManager, poolId: number): Promise<Pool | null> {
    return this.pools.findById(poolId, em);
  }

  /** Locks the pool row until the caller's transaction ends; 404 `pool does not exist`. */
  async lock(em: EntityManager, poolId: number): Promise<Pool> {
    const pool = await this.pools.lockById(em, poolId);
    if (!pool) throw notFound('pool does not exist');
    return pool;
  }

  /**
   * The pool a new workload goes to (null when missing; `hostsNode`: it lists the workload's node): 404,
   * or 403 unless owner and node match.
   */
  hostingPool(pool: PoolAccount | null, hostsNode: boolean, customerTid: number): PoolAccount {
    if (!pool) throw notFound('pool does not exist');
    if (pool.customerTid !== customerTid || !hostsNode) throw forbidden(NOT_ALLOWED_ON_POOL);
    return pool;
  }

  /** The 120-second rule: the pool, synced to `now` with this workload added, lasts more than 120 s. */
  canPay(pool: PoolAccount, units: CloudUnits, now: number): boolean {
    return allowsWorkloadFor(pool, units, now);
  }

  /** Starts charging a workload (idempotent by workload id); returns the pool as saved. */
  addUsage(
    em: EntityManager,
    poolId: number,
    workloadId: number,
    units: CloudUnits,
    now: number,
  ): Promise<PoolAccount> {
    return this.changeUsage(em, poolId, workloadId, 'add', (pool) => addWorkload(pool, units, now));
  }

  /** Stops charging a workload (no-op when it is not counted); returns the pool as saved. */
  removeUsage(
    em: EntityManager,
    poolId: number,
    workloadId: number,
    units: CloudUnits,
    now: number,
  ): Promise<PoolAccount> {
    return this.changeUsage(em, poolId, workloadId, 'remove', (pool) => removeWorkload(pool, units, now));
  }

  /**
   * A membership change, with the pool locked in the same round trip (404 when it is missing), and,
   * when it changed something, the usage it implies, saved.
   */
  private async changeUsage(
    em: EntityManager,
    poolId: number,
    workloadId: number,
    change: 'add' | 'remove',
    charge: (pool: PoolAccount) => PoolAccount,
  ): Promise<PoolAccount> {
    const locked = await this.pools.lockChangingMember(em, poolId, workloadId, change);
    if (!locked) throw notFound('pool does not exist');
    const { pool, changed } = locked;
    if (!changed) return pool;
    const next = charge(pool);
    await this.pools.saveUsage(em, next);
    for (const listener of this.emptyAtListeners) listener(next.emptyAt);
    return next;
  }
}
