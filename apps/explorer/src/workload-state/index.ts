export * from './actor';
export * from './capacity-spec';
export * from './pool-ledger';
export * from './workload-state.module';
export * from './workload-state.service';
export * from './reservation-state.service';
export * from './stored-form';
