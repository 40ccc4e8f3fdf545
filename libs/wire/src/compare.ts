import { CapacityReservationData, ReservationData } from './model';

/** reflect.DeepEqual over the decoded model: null (nil) and [] differ, as in Go. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && deepEqual(ra[k], rb[k]));
}

/** Legacy create rule: the decoded `json` must equal data_reservation exactly (Go DeepEqual). */
export function reservationDataEqual(a: ReservationData, b: ReservationData): boolean {
  return deepEqual(a, b);
}

/** Pool reservation rule: `json` must decode to data_reservation; a missing list equals [] (decisions §2.8). */
export function capacityDataEqual(a: CapacityReservationData, b: CapacityReservationData): boolean {
  const norm = (d: CapacityReservationData) => ({
    ...d,
    node_ids: d.node_ids ?? [],
    currencies: d.currencies ?? [],
  });
  return deepEqual(norm(a), norm(b));
}
