export * from './data-source';
export * from './entities';
export * from './transformers';
export * from './entities/user.entity';
export * from './repositories/users.repository';
export * from './migrate';
export * from './entities/workload.entity';
export * from './repositories/workloads.repository';
