import { Module } from '@nestjs/common';
import { PoolsModule } from '../pools/pools.module';
import { CustomerSignatureGuard } from './customer-signature.guard';
import { PoolLedger } from './pool-ledger';
import { WorkloadPools } from './workload-pools';
import { WorkloadTransitions } from './workload-transitions.service';
import { WorkloadsController } from './workloads.controller';
import { WorkloadsService } from './workloads.service';

/** New-style workloads: create, read, sign, and the one transition service other features call. */
@Module({
  imports: [PoolsModule],
  controllers: [WorkloadsController],
  providers: [
    WorkloadTransitions,
    WorkloadsService,
    CustomerSignatureGuard,
    { provide: WorkloadPools, useClass: PoolLedger },
  ],
  exports: [WorkloadTransitions, WorkloadsService],
})
export class WorkloadsModule {}
