import { Module } from '@nestjs/common';
import { PoolsModule } from '../pools/pools.module';
import { WorkloadsModule } from '../workloads/workloads.module';
import { ReservationExpiry } from './reservation-expiry';
import { WorkloadStateModule } from '../workload-state';
import { ReservationsController } from './reservations.controller';
import { ReservationsService } from './reservations.service';

/** Legacy multi-workload reservations: create, read, sign, node reports and both expirations. */
@Module({
  imports: [WorkloadStateModule, WorkloadsModule, PoolsModule],
  controllers: [ReservationsController],
  providers: [ReservationsService, ReservationExpiry],
})
export class ReservationsModule {}
