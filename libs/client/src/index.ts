/** Explorer SDK: identities and key files, workload builders, a typed HTTP client (no server dependencies). */
export * from './errors';
export * from './http';
export * from './identity';
export * from './key-file';
export * from './types';
export * from './workloads';
export { NextAction, nextActionName } from '@app/domain';
export { deriveWorkloads, gwidOf, WORKLOAD_TYPE_NAMES, WorkloadType } from '@app/wire';
export type { LegacyReservation, ReservationData, Result, SigningRequest, Workload } from '@app/wire';
