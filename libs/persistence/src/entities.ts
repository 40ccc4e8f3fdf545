import { UserEntity } from './entities/user.entity';
import { WorkloadEntity, WorkloadHistoryEntity, WorkQueueEntity } from './entities/workload.entity';

/** Every entity, listed explicitly (no globs): the drift test compares exactly these with the migrations. */
export const ENTITIES = [UserEntity, WorkloadEntity, WorkloadHistoryEntity, WorkQueueEntity];
