import { applyLegacyEvent, LegacyEvent, LegacyFacts } from './legacy-machine';
import { NextAction as A } from './next-action';

const NOW = 1_600_000_000;
const req = (signers: number[], quorum_min: number) => ({ signers, quorum_min });
const sigs = (...tids: number[]) => tids.map((tid) => ({ tid }));
const w1a = { gwid: '9-1', nodeId: 'A' };
const net9a = { gwid: '9-2', nodeId: 'A' };
const net9b = { gwid: '9-2', nodeId: 'B' };

const base: LegacyFacts = {
  nextAction: A.Create,
  provisionRequest: req([], 0),
  provisionSignatures: [],
  deleteRequest: req([7], 1),
  deleteSignatures: [],
  farmerSigners: [],
  farmerSignatures: [],
  expirationProvisioning: NOW + 3600,
  expirationReservation: NOW + 86_400,
  derived: [w1a, net9a, net9b],
  results: [],
  now: NOW,
};
const f = (over: Partial<LegacyFacts>): LegacyFacts => ({ ...base, ...over });
const ok = (k: { gwid: string; nodeId: string }) => ({ ...k, state: 'ok' as const });
const gone = (k: { gwid: string; nodeId: string }) => ({ ...k, state: 'deleted' as const });

describe('applyLegacyEvent', () => {
  it.each<[string, Partial<LegacyFacts>, LegacyEvent, A]>([
    ['create: free payment -> deploy', {}, { kind: 'created' }, A.Deploy],
    ['create: multisig -> sign', { provisionRequest: req([1, 2], 2) }, { kind: 'created' }, A.Sign],
    ['create: a farm requires its farmer -> sign', { farmerSigners: [50] }, { kind: 'created' }, A.Sign],
    [
      'provision quorum met but one of two farms missing -> sign',
      {
        nextAction: A.Sign,
        provisionRequest: req([1], 1),
        farmerSigners: [50, 60],
        farmerSignatures: sigs(50),
      },
      { kind: 'provision_signed', tid: 1 },
      A.Sign,
    ],
    [
      'last farmer signs -> deploy',
      { nextAction: A.Sign, farmerSigners: [50, 60], farmerSignatures: sigs(60) },
      { kind: 'farmer_signed', tid: 50 },
      A.Deploy,
    ],
    [
      'farmer refuses -> invalid',
      { nextAction: A.Sign, farmerSigners: [50] },
      { kind: 'farmer_refused', tid: 50 },
      A.Invalid,
    ],
    ['delete quorum -> delete', { nextAction: A.Deploy }, { kind: 'delete_signed', tid: 7 }, A.Delete],
    [
      'delete quorum 0 never deletes',
      { nextAction: A.Deploy, deleteRequest: req([7], 0) },
      { kind: 'delete_signed', tid: 7 },
      A.Deploy,
    ],
    [
      'reservation expired -> delete',
      { nextAction: A.Deploy, now: NOW + 86_400 },
      { kind: 'clock' },
      A.Delete,
    ],
    [
      'provisioning timeout without every workload ok -> delete',
      { nextAction: A.Deploy, now: NOW + 3601, results: [ok(w1a), ok(net9a)] },
      { kind: 'clock' },
      A.Delete,
    ],
    [
      'provisioning timeout after every workload ok keeps deploy',
      { nextAction: A.Deploy, now: NOW + 3601, results: [ok(w1a), ok(net9a), ok(net9b)] },
      { kind: 'clock' },
      A.Deploy,
    ],
    [
      'provisioning timeout while waiting for signatures -> delete',
      { nextAction: A.Sign, farmerSigners: [50], now: NOW + 3601 },
      { kind: 'clock' },
      A.Delete,
    ],
    [
      'migrated is terminal even when expired',
      { nextAction: A.Migrated, now: NOW + 10 ** 6 },
      { kind: 'clock' },
      A.Migrated,
    ],
    ['node ok keeps deploy', { nextAction: A.Deploy }, { kind: 'node_result', ...ok(net9b) }, A.Deploy],
    [
      'node error -> delete',
      { nextAction: A.Deploy },
      { kind: 'node_result', ...net9b, state: 'error' },
      A.Delete,
    ],
    [
      'one of two network nodes confirms: still delete',
      { nextAction: A.Delete, results: [gone(w1a)] },
      { kind: 'node_deleted', ...net9a },
      A.Delete,
    ],
    [
      'last derived workload confirms -> deleted',
      { nextAction: A.Delete, results: [gone(w1a), gone(net9a), ok(net9b)] },
      { kind: 'node_deleted', ...net9b },
      A.Deleted,
    ],
    [
      'confirmations after deleted stay deleted',
      { nextAction: A.Deleted },
      { kind: 'node_result', ...ok(w1a) },
      A.Deleted,
    ],
  ])('%s', (_name, over, event, want) => {
    expect(applyLegacyEvent(f(over), event)).toBe(want);
  });

  it.each<[string, Partial<LegacyFacts>, LegacyEvent, string, string]>([
    [
      'provision sign outside sign',
      { nextAction: A.Deploy },
      { kind: 'provision_signed', tid: 1 },
      'unauthorized',
      'reservation not expecting signatures',
    ],
    [
      'unlisted farmer',
      { nextAction: A.Sign, farmerSigners: [50] },
      { kind: 'farmer_signed', tid: 51 },
      'unauthorized',
      "signature not required for farmer '51'",
    ],
    [
      'farmer signs twice',
      { nextAction: A.Sign, farmerSigners: [50, 60], farmerSignatures: sigs(50) },
      { kind: 'farmer_signed', tid: 50 },
      'bad_request',
      'farmer 50 has already signed the reservation',
    ],
    [
      'delete sign on migrated',
      { nextAction: A.Migrated },
      { kind: 'delete_signed', tid: 7 },
      'conflict',
      'reservation is migrated',
    ],
    [
      'second delete signature',
      { nextAction: A.Delete, deleteSignatures: sigs(7) },
      { kind: 'delete_signed', tid: 7 },
      'bad_request',
      'user 7 has already signed the reservation for deletion',
    ],
    [
      'result for unknown derived workload',
      { nextAction: A.Deploy },
      { kind: 'node_result', gwid: '9-1', nodeId: 'B', state: 'ok' },
      'conflict',
      'workload 9-1 is not part of this reservation on node B',
    ],
    [
      'result while signing',
      { nextAction: A.Sign },
      { kind: 'node_deleted', ...w1a },
      'conflict',
      'reservation is sign, not deployed on a node',
    ],
  ])('rejects: %s', (_name, over, event, kind, message) => {
    expect(() => applyLegacyEvent(f(over), event)).toThrow(expect.objectContaining({ kind, message }));
  });
});
