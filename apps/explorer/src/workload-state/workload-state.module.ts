import { Module } from '@nestjs/common';
import { PoolLedger } from './pool-ledger';
import { WorkloadStateService } from './workload-state.service';

/**
 * Below every feature that changes workloads (workloads, pools, node work): the one writer of their
 * state and the one component that charges pools for them.
 */
@Module({
  providers: [WorkloadStateService, PoolLedger],
  exports: [WorkloadStateService, PoolLedger],
})
export class WorkloadStateModule {}
