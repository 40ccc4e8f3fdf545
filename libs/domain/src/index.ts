export * from './errors';
export * from './next-action';
export * from './quorum';
export * from './workload-machine';
export * from './legacy-machine';
export * from './capacity';
export * from './pool';
export * from './poll-cursor';
