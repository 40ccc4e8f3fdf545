import { CapacityReservation, CapacityReservationData } from '../model';
import { decodeInto, fields, int64, nested, string, strings, uint64 } from './fields';

// Capacity (pool) reservations: the signed body and the `json` it carries.

const capacityDataFields = fields<CapacityReservationData>({
  pool_id: int64,
  cus: uint64,
  sus: uint64,
  node_ids: (n, p) => strings(n, p),
  currencies: (n, p) => strings(n, p),
});
const newCapacityData = (): CapacityReservationData => ({
  pool_id: 0,
  cus: 0,
  sus: 0,
  node_ids: null,
  currencies: null,
});

const capacityFieldsTable = fields<CapacityReservation>({
  id: int64,
  json: string,
  data_reservation: nested(capacityDataFields),
  customer_tid: int64,
  customer_signature: string,
  sponsor_tid: int64,
  sponsor_signature: string,
});

/** Decodes a capacity reservation (POST /pools body). */
export function decodeCapacityReservation(body: string): CapacityReservation {
  const r: CapacityReservation = {
    id: 0,
    json: '',
    data_reservation: newCapacityData(),
    customer_tid: 0,
    customer_signature: '',
    sponsor_tid: 0,
    sponsor_signature: '',
  };
  return decodeInto(body, 'a capacity reservation object', r, capacityFieldsTable);
}

/** Decodes the signed `json` text of a capacity reservation. */
export function decodeCapacityReservationData(text: string): CapacityReservationData {
  return decodeInto(text, 'capacity reservation data', newCapacityData(), capacityDataFields);
}
