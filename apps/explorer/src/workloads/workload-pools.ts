import { CloudUnits, Pool } from '@app/domain';
import { EntityManager } from 'typeorm';

/**
 * What the workload machine needs from capacity pools. Implemented over the pools feature; kept as a
 * port so that the transitions service owns no pool arithmetic of its own.
 */
export abstract class WorkloadPools {
  /** The pool a new workload goes to (`pool` as read, null when missing): 404 `pool does not exist`, 403 `not allowed to deploy workload on this pool` (§8.1). */
  abstract hostingPool(pool: Pool | null, customerTid: number, nodeId: string): Pool;
  abstract find(poolId: number): Promise<Pool | null>;
  /** At least 120 s of capacity with this workload added (decisions.md §2.1 `pay`). */
  abstract canPay(pool: Pool, units: CloudUnits, now: number): boolean;
  /** Idempotent: a workload already counted is not counted twice. */
  abstract addUsage(
    em: EntityManager,
    poolId: number,
    workloadId: number,
    units: CloudUnits,
    now: number,
  ): Promise<void>;
  /** Idempotent: a workload not counted changes nothing. */
  abstract removeUsage(
    em: EntityManager,
    poolId: number,
    workloadId: number,
    units: CloudUnits,
    now: number,
  ): Promise<void>;
}
