import { Module } from '@nestjs/common';
import { PoolsModule } from '../pools/pools.module';
import { CustomerSignatureGuard } from '../workloads/customer-signature.guard';
import { WorkloadsModule } from '../workloads/workloads.module';
import { Clock } from './clock';
import { ReservationExpiry } from './reservation-expiry';
import { ReservationTransitions } from './reservation-transitions';
import { ReservationsController } from './reservations.controller';
import { ReservationsService } from './reservations.service';

/** Legacy multi-workload reservations: create, read, sign, node reports and both expirations. */
@Module({
  imports: [WorkloadsModule, PoolsModule],
  controllers: [ReservationsController],
  providers: [Clock, ReservationTransitions, ReservationsService, ReservationExpiry, CustomerSignatureGuard],
  exports: [ReservationTransitions, Clock],
})
export class ReservationsModule {}
