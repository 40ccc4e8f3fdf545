import { Module } from '@nestjs/common';
import { PoolLedger } from './pool-ledger';
import { WorkloadPools } from './workload-pools';
import { WorkloadTransitions } from './workload-transitions.service';

/** New-style workloads: create, read, sign, and the one transition service other features call. */
@Module({
  providers: [WorkloadTransitions, { provide: WorkloadPools, useClass: PoolLedger }],
  exports: [WorkloadTransitions],
})
export class WorkloadsModule {}
