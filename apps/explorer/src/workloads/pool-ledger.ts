import { Injectable } from '@nestjs/common';
import {
  addWorkload,
  allowsWorkloadFor,
  CloudUnits,
  forbidden,
  notFound,
  Pool,
  removeWorkload,
} from '@app/domain';
import { PoolsRepository } from '@app/persistence';
import { EntityManager } from 'typeorm';
import { WorkloadPools } from './workload-pools';

/** WorkloadPools over the pools table and the domain's pool arithmetic. */
@Injectable()
export class PoolLedger extends WorkloadPools {
  constructor(private readonly pools: PoolsRepository) {
    super();
  }

  override async assertCanHost(
    em: EntityManager,
    poolId: number,
    customerTid: number,
    nodeId: string,
  ): Promise<void> {
    const pool = await this.pools.findById(poolId);
    if (!pool) throw notFound('pool does not exist');
    if (pool.customerTid !== customerTid || !pool.nodeIds.includes(nodeId)) {
      throw forbidden('not allowed to deploy workload on this pool');
    }
  }

  // A read, not a lock: usage only changes on node results, so the answer cannot be invalidated here.
  override async canPay(em: EntityManager, poolId: number, units: CloudUnits, now: number): Promise<boolean> {
    const pool = await this.pools.findById(poolId);
    return pool !== null && allowsWorkloadFor(pool, units, now);
  }

  override addUsage(
    em: EntityManager,
    poolId: number,
    workloadId: number,
    units: CloudUnits,
    now: number,
  ): Promise<void> {
    return this.change(em, poolId, (pool) => addWorkload(pool, workloadId, units, now));
  }

  override removeUsage(
    em: EntityManager,
    poolId: number,
    workloadId: number,
    units: CloudUnits,
    now: number,
  ): Promise<void> {
    return this.change(em, poolId, (pool) => removeWorkload(pool, workloadId, units, now));
  }

  private async change(em: EntityManager, poolId: number, update: (pool: Pool) => Pool): Promise<void> {
    const pool = await this.pools.lockById(em, poolId);
    if (!pool) return;
    const next = update(pool);
    if (next !== pool) await this.pools.save(em, next);
  }
}
