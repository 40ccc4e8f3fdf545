import { Injectable } from '@nestjs/common';
import { CloudUnits, notFound, Pool } from '@app/domain';
import { PoolsRepository } from '@app/persistence';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PoolsService } from '../pools/pools.service';
import { WorkloadPools } from './workload-pools';

/**
 * WorkloadPools over the pools feature. Creates and signatures only read the pool (nothing is charged
 * before the node's `ok`), so they take no pool lock and creates on one pool never serialise.
 */
@Injectable()
export class PoolLedger extends WorkloadPools {
  constructor(
    private readonly pools: PoolsService,
    private readonly poolRows: PoolsRepository,
    @InjectDataSource() private readonly db: DataSource,
  ) {
    super();
  }

  override hostingPool(pool: Pool | null, customerTid: number, nodeId: string): Pool {
    if (!pool) throw notFound('pool does not exist');
    this.pools.canHost(this.db.manager, pool, customerTid, nodeId);
    return pool;
  }

  override find(poolId: number): Promise<Pool | null> {
    return this.poolRows.findById(poolId);
  }

  override canPay(pool: Pool, units: CloudUnits, now: number): boolean {
    return this.pools.allowsWorkload(pool, units, now);
  }

  override async addUsage(
    em: EntityManager,
    poolId: number,
    workloadId: number,
    units: CloudUnits,
    now: number,
  ): Promise<void> {
    await this.pools.addUsage(em, poolId, workloadId, units, now);
  }

  override async removeUsage(
    em: EntityManager,
    poolId: number,
    workloadId: number,
    units: CloudUnits,
    now: number,
  ): Promise<void> {
    await this.pools.removeUsage(em, poolId, workloadId, units, now);
  }
}
