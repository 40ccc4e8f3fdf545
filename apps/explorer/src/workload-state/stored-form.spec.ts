import {
  decodeLegacyReservation,
  deriveWorkloads,
  encodeLegacyReservation,
  LegacyReservation,
  Result,
  Workload,
} from '@app/wire';
import { storyData } from '../../../../test/fixtures/reservations';
import { WORKLOAD_TYPES } from '../../../../test/fixtures/workloads';
import { storedForm, workloadOf } from './stored-form';

const NODE = '2fHDHzRyx3REoJGL8rkzakQnF37PSX1BwjHBmydEqfVR';
const signed = (tid: number, epoch: number) => ({ tid, signature: `${'ab'.repeat(32)}${tid}`, epoch });

const result = (w: Workload): Result => ({
  category: w.workload_type,
  workload_id: `${w.id}-${w.workload_id}`,
  data_json: '{"volume_id" : "4217-1", "ips": [1, 2]}',
  signature: 'cd'.repeat(32),
  state: 1,
  message: 'deployed',
  epoch: 1600000500,
  node_id: NODE,
});

/** Everything the explorer adds to a workload once stored: signatures, farmer signature, result, state. */
function asStored(w: Workload): Workload {
  const stored = {
    ...w,
    id: 4217,
    epoch: 1600000000,
    next_action: 6,
    signatures_provision: [signed(12, 1600000100)],
    signature_farmer: signed(30, 1600000200),
    signatures_delete: [signed(12, 1600000300), signed(13, 1600000301)],
  } as Workload;
  return { ...stored, result: result(stored) };
}

describe('the stored form of a workload (the wire text is the only copy)', () => {
  it.each(WORKLOAD_TYPES)('%s: decoding the stored wire re-encodes it byte for byte', (_, build) => {
    const w = asStored(build({ node_id: NODE, pool_id: 7, customer_tid: 12, metadata: '{"a":1}' }));
    const stored = storedForm(w);
    const decoded = workloadOf(stored);
    expect(decoded).toEqual(w);
    expect(storedForm(decoded)).toEqual(stored);
    expect(stored).toMatchObject({ nextAction: 6, resultState: 1 });
  });

  it('a legacy reservation and each of its derived workloads round-trip byte for byte', () => {
    const r: LegacyReservation = {
      id: 5000,
      json: '{"any":"text"}',
      data_reservation: storyData(12, NODE, 'node-b', 1600000000),
      customer_tid: 12,
      customer_signature: 'ef'.repeat(64),
      next_action: 3,
      signatures_provision: [signed(12, 1600000100)],
      signatures_farmer: [signed(30, 1600000200)],
      signatures_delete: null,
      epoch: 1600000000,
      metadata: '',
      results: null,
    };
    const wire = encodeLegacyReservation(r);
    expect(encodeLegacyReservation(decodeLegacyReservation(wire))).toBe(wire);
    const derived = deriveWorkloads(r, 3).map(asStored);
    expect(derived.length).toBeGreaterThan(3);
    for (const w of derived) {
      const stored = storedForm(w);
      expect(workloadOf(stored)).toEqual(w);
      expect(storedForm(workloadOf(stored))).toEqual(stored);
    }
  });
});
