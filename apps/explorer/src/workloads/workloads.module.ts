import { Module } from '@nestjs/common';
import { WorkloadStateModule } from '../workload-state';
import { WorkloadsController } from './workloads.controller';
import { WorkloadsService } from './workloads.service';

/** New-style workloads: create, read and sign. */
@Module({
  imports: [WorkloadStateModule],
  controllers: [WorkloadsController],
  providers: [WorkloadsService],
  exports: [WorkloadsService],
})
export class WorkloadsModule {}
