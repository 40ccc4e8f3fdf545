// Decoders by message family; the field machinery is internal to this folder.
export { decodeCapacityReservation, decodeCapacityReservationData } from './capacity';
export { decodeLegacyReservation, decodeReservationData } from './legacy';
export { decodeResult, decodeWorkload, emptyResult, newInfo } from './workload';
