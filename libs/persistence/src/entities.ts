import { FarmEntity } from './entities/farm.entity';
import { GatewayEntity } from './entities/gateway.entity';
import { NodeEntity, NodeProofEntity } from './entities/node.entity';
import { CapacityReservationEntity, PoolEntity, PoolWorkloadEntity } from './entities/pool.entity';
import { ReservationEntity } from './entities/reservation.entity';
import { UserEntity } from './entities/user.entity';
import { WorkloadEntity, WorkloadHistoryEntity, WorkQueueEntity } from './entities/workload.entity';

/** Every entity, listed explicitly (no globs): the drift test compares exactly these with the migrations. */
export const ENTITIES = [
  UserEntity,
  WorkloadEntity,
  WorkloadHistoryEntity,
  WorkQueueEntity,
  FarmEntity,
  NodeEntity,
  NodeProofEntity,
  GatewayEntity,
  PoolEntity,
  PoolWorkloadEntity,
  CapacityReservationEntity,
  ReservationEntity,
];
