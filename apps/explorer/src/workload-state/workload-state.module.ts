import { Module } from '@nestjs/common';
import { PoolLedger } from './pool-ledger';
import { ReservationStateService } from './reservation-state.service';
import { WorkloadStateService } from './workload-state.service';

/**
 * Below every feature that changes workloads (workloads, pools, node work, legacy reservations): the
 * one writer of their state and the one component that charges pools for them.
 */
@Module({
  providers: [WorkloadStateService, ReservationStateService, PoolLedger],
  exports: [WorkloadStateService, ReservationStateService, PoolLedger],
})
export class WorkloadStateModule {}
