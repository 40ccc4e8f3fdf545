/** Customer SDK: identities, workload builders and signed requests (no server dependencies). */
export * from './identity';
export * from './workloads';
