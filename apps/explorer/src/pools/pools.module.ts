import { Module } from '@nestjs/common';
import { WorkloadStateModule } from '../workload-state';
import { PoolSweeper } from './pool-sweeper';
import { PoolsController } from './pools.controller';
import { PoolsService } from './pools.service';

/** Capacity pools: reservations, reads and the expiry sweeper. */
@Module({
  imports: [WorkloadStateModule],
  controllers: [PoolsController],
  providers: [PoolsService, PoolSweeper],
  exports: [PoolSweeper],
})
export class PoolsModule {}
