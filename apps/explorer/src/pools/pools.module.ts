import { Module } from '@nestjs/common';
import { PoolSweeper } from './pool-sweeper';
import { PoolTransitions } from './pool-transitions';
import { PoolsController } from './pools.controller';
import { PoolsService } from './pools.service';

/** Capacity pools; PoolsService is the API the workloads module uses inside its transactions. */
@Module({
  controllers: [PoolsController],
  providers: [PoolsService, PoolSweeper, PoolTransitions],
  exports: [PoolsService, PoolSweeper],
})
export class PoolsModule {}
