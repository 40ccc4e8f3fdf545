import { Module } from '@nestjs/common';
import { WorkloadStateModule } from '../workload-state';
import { WorkloadChanges } from './workload-changes';
import { WorkloadsController } from './workloads.controller';
import { WorkloadsService } from './workloads.service';

/** New-style workloads: create, read (with the customer long poll) and sign. */
@Module({
  imports: [WorkloadStateModule],
  controllers: [WorkloadsController],
  providers: [WorkloadsService, WorkloadChanges],
  exports: [WorkloadsService],
})
export class WorkloadsModule {}
