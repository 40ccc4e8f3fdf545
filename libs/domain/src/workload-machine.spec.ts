import { NextAction as A, NEXT_ACTIONS } from './next-action';
import {
  applyWorkloadEvent,
  poolUsageEffect,
  settleWorkload,
  storesResult,
  WorkloadEvent,
  WorkloadFacts,
} from './workload-machine';

const req = (signers: number[], quorum_min: number) => ({ signers, quorum_min });
const sigs = (...tids: number[]) => tids.map((tid) => ({ tid }));

/** What js-sdk sends: empty provision request, customer 7 as sole delete signer. */
const base: WorkloadFacts = {
  nextAction: A.Create,
  provisionRequest: req([], 0),
  provisionSignatures: [],
  deleteRequest: req([7], 1),
  deleteSignatures: [],
  farmerSignatureRequired: false,
  farmerSigned: false,
  poolCanPay: true,
};
const f = (over: Partial<WorkloadFacts>): WorkloadFacts => ({ ...base, ...over });

type Row = [string, Partial<WorkloadFacts>, WorkloadEvent, A];

describe('applyWorkloadEvent: resulting next_action', () => {
  const rows: Row[] = [
    // create runs create -> sign -> pay -> deploy as far as the facts allow
    ['create, empty requests, funded -> deploy', {}, { kind: 'created' }, A.Deploy],
    ['create, under-funded -> invalid (402)', { poolCanPay: false }, { kind: 'created' }, A.Invalid],
    [
      'create, multisig 2 of [1,2] -> sign',
      { provisionRequest: req([1, 2], 2) },
      { kind: 'created' },
      A.Sign,
    ],
    [
      'create, multisig and under-funded -> sign (pool checked when pay is reached)',
      { provisionRequest: req([1, 2], 2), poolCanPay: false },
      { kind: 'created' },
      A.Sign,
    ],
    ['create, farm requires farmer -> sign', { farmerSignatureRequired: true }, { kind: 'created' }, A.Sign],
    [
      'create, quorum 0 with listed signers -> deploy',
      { provisionRequest: req([1], 0) },
      { kind: 'created' },
      A.Deploy,
    ],
    // provision signatures
    [
      'first of 2 provision signatures stays sign',
      { nextAction: A.Sign, provisionRequest: req([1, 2, 3], 2) },
      { kind: 'provision_signed', tid: 1 },
      A.Sign,
    ],
    [
      'quorum reached -> deploy',
      { nextAction: A.Sign, provisionRequest: req([1, 2, 3], 2), provisionSignatures: sigs(3) },
      { kind: 'provision_signed', tid: 1 },
      A.Deploy,
    ],
    [
      'quorum reached, pool short -> waits in pay (no 402 after create)',
      { nextAction: A.Sign, provisionRequest: req([1], 1), poolCanPay: false },
      { kind: 'provision_signed', tid: 1 },
      A.Pay,
    ],
    [
      'quorum reached, farmer still missing -> sign',
      { nextAction: A.Sign, provisionRequest: req([1], 1), farmerSignatureRequired: true },
      { kind: 'provision_signed', tid: 1 },
      A.Sign,
    ],
    // farmer
    [
      'farmer signs, no multisig -> deploy',
      { nextAction: A.Sign, farmerSignatureRequired: true },
      { kind: 'farmer_signed' },
      A.Deploy,
    ],
    [
      'farmer signs before multisig quorum -> sign',
      { nextAction: A.Sign, farmerSignatureRequired: true, provisionRequest: req([1], 1) },
      { kind: 'farmer_signed' },
      A.Sign,
    ],
    [
      'farmer signs, pool short -> pay',
      { nextAction: A.Sign, farmerSignatureRequired: true, poolCanPay: false },
      { kind: 'farmer_signed' },
      A.Pay,
    ],
    [
      'farmer refuses -> invalid',
      { nextAction: A.Sign, farmerSignatureRequired: true },
      { kind: 'farmer_refused' },
      A.Invalid,
    ],
    // pay waits for top-up
    ['top-up with capacity -> deploy', { nextAction: A.Pay }, { kind: 'pool_topped_up' }, A.Deploy],
    [
      'top-up still short -> pay',
      { nextAction: A.Pay, poolCanPay: false },
      { kind: 'pool_topped_up' },
      A.Pay,
    ],
    ['top-up leaves deploy alone', { nextAction: A.Deploy }, { kind: 'pool_topped_up' }, A.Deploy],
    [
      'top-up leaves sign alone',
      { nextAction: A.Sign, provisionRequest: req([1], 1) },
      { kind: 'pool_topped_up' },
      A.Sign,
    ],
    ['top-up leaves deleted alone', { nextAction: A.Deleted }, { kind: 'pool_topped_up' }, A.Deleted],
    // delete quorum
    [
      'customer deletes deployed -> delete',
      { nextAction: A.Deploy },
      { kind: 'delete_signed', tid: 7 },
      A.Delete,
    ],
    [
      'delete 2 of [1,2,3]: first keeps deploy',
      { nextAction: A.Deploy, deleteRequest: req([1, 2, 3], 2) },
      { kind: 'delete_signed', tid: 2 },
      A.Deploy,
    ],
    [
      'delete 2 of [1,2,3]: second -> delete',
      { nextAction: A.Deploy, deleteRequest: req([1, 2, 3], 2), deleteSignatures: sigs(1) },
      { kind: 'delete_signed', tid: 3 },
      A.Delete,
    ],
    [
      'delete quorum 0: listed signer can never delete',
      { nextAction: A.Deploy, deleteRequest: req([7], 0) },
      { kind: 'delete_signed', tid: 7 },
      A.Deploy,
    ],
    [
      'delete while waiting in sign -> delete',
      { nextAction: A.Sign, provisionRequest: req([1], 1) },
      { kind: 'delete_signed', tid: 7 },
      A.Delete,
    ],
    [
      'delete while waiting in pay -> delete',
      { nextAction: A.Pay, poolCanPay: false },
      { kind: 'delete_signed', tid: 7 },
      A.Delete,
    ],
    [
      'late co-signer on delete stays delete',
      { nextAction: A.Delete, deleteRequest: req([1, 2], 1), deleteSignatures: sigs(1) },
      { kind: 'delete_signed', tid: 2 },
      A.Delete,
    ],
    // pool exhaustion
    [
      'exhausted pool deletes running workload',
      { nextAction: A.Deploy },
      { kind: 'pool_exhausted' },
      A.Delete,
    ],
    ['exhausted pool: pay keeps waiting', { nextAction: A.Pay }, { kind: 'pool_exhausted' }, A.Pay],
    ['exhausted pool: delete stays', { nextAction: A.Delete }, { kind: 'pool_exhausted' }, A.Delete],
    ['exhausted pool: invalid stays', { nextAction: A.Invalid }, { kind: 'pool_exhausted' }, A.Invalid],
    // node reports
    ['node ok keeps deploy', { nextAction: A.Deploy }, { kind: 'node_result', state: 'ok' }, A.Deploy],
    ['node error -> delete', { nextAction: A.Deploy }, { kind: 'node_result', state: 'error' }, A.Delete],
    [
      'node result deleted -> deleted',
      { nextAction: A.Deploy },
      { kind: 'node_result', state: 'deleted' },
      A.Deleted,
    ],
    [
      'node re-sends ok while deleting',
      { nextAction: A.Delete },
      { kind: 'node_result', state: 'ok' },
      A.Delete,
    ],
    [
      'node re-sends ok after deleted: no resurrection',
      { nextAction: A.Deleted },
      { kind: 'node_result', state: 'ok' },
      A.Deleted,
    ],
    ['node confirms deletion', { nextAction: A.Delete }, { kind: 'node_deleted' }, A.Deleted],
    ['node deletes a running workload', { nextAction: A.Deploy }, { kind: 'node_deleted' }, A.Deleted],
    ['node confirms twice', { nextAction: A.Deleted }, { kind: 'node_deleted' }, A.Deleted],
  ];

  it.each(rows)('%s', (_name, over, event, want) => {
    expect(applyWorkloadEvent(f(over), event)).toBe(want);
  });
});

describe('applyWorkloadEvent: rejected events', () => {
  type Bad = [string, Partial<WorkloadFacts>, WorkloadEvent, string, string];
  const rows: Bad[] = [
    [
      'provision sign on deploy',
      { nextAction: A.Deploy },
      { kind: 'provision_signed', tid: 1 },
      'unauthorized',
      'workload not expecting signatures',
    ],
    [
      'provision sign on invalid',
      { nextAction: A.Invalid },
      { kind: 'provision_signed', tid: 1 },
      'unauthorized',
      'workload not expecting signatures',
    ],
    [
      'provision sign by unlisted tid',
      { nextAction: A.Sign, provisionRequest: req([1], 1) },
      { kind: 'provision_signed', tid: 2 },
      'unauthorized',
      "signature not required for user '2'",
    ],
    [
      'second provision signature by same tid',
      { nextAction: A.Sign, provisionRequest: req([1, 2], 2), provisionSignatures: sigs(1) },
      { kind: 'provision_signed', tid: 1 },
      'bad_request',
      'user 1 has already signed the reservation for deletion',
    ],
    [
      'delete sign by unlisted tid',
      { nextAction: A.Deploy },
      { kind: 'delete_signed', tid: 8 },
      'unauthorized',
      "signature not required for user '8'",
    ],
    [
      'second delete signature by same tid',
      { nextAction: A.Deploy, deleteRequest: req([7, 8], 2), deleteSignatures: sigs(7) },
      { kind: 'delete_signed', tid: 7 },
      'bad_request',
      'user 7 has already signed the reservation for deletion',
    ],
    [
      'delete sign on deleted',
      { nextAction: A.Deleted },
      { kind: 'delete_signed', tid: 7 },
      'conflict',
      'workload is deleted',
    ],
    [
      'delete sign on invalid',
      { nextAction: A.Invalid },
      { kind: 'delete_signed', tid: 7 },
      'conflict',
      'workload is invalid',
    ],
    [
      'delete sign on migrated',
      { nextAction: A.Migrated },
      { kind: 'delete_signed', tid: 7 },
      'conflict',
      'workload is migrated',
    ],
    [
      'farmer signs a deployed workload',
      { nextAction: A.Deploy, farmerSignatureRequired: true },
      { kind: 'farmer_signed' },
      'unauthorized',
      'workload not expecting signatures',
    ],
    [
      'farmer signs where the farm does not require it',
      { nextAction: A.Sign, provisionRequest: req([1], 1) },
      { kind: 'farmer_signed' },
      'unauthorized',
      'farmer signature not required for this workload',
    ],
    [
      'farmer signs twice',
      {
        nextAction: A.Sign,
        farmerSignatureRequired: true,
        farmerSigned: true,
        provisionRequest: req([1], 1),
      },
      { kind: 'farmer_signed' },
      'bad_request',
      'farmer has already signed the workload',
    ],
    [
      'farmer signs again after the signature moved the workload to deploy',
      { nextAction: A.Deploy, farmerSignatureRequired: true, farmerSigned: true },
      { kind: 'farmer_signed' },
      'bad_request',
      'farmer has already signed the workload',
    ],
    [
      'farmer refuses after signing',
      {
        nextAction: A.Sign,
        farmerSignatureRequired: true,
        farmerSigned: true,
        provisionRequest: req([1], 1),
      },
      { kind: 'farmer_refused' },
      'bad_request',
      'farmer has already signed the workload',
    ],
    [
      'farmer refuses a deployed workload',
      { nextAction: A.Deploy, farmerSignatureRequired: true },
      { kind: 'farmer_refused' },
      'unauthorized',
      'workload not expecting signatures',
    ],
    [
      'created twice',
      { nextAction: A.Deploy },
      { kind: 'created' },
      'conflict',
      'workload already created (next_action deploy)',
    ],
    [
      'node result for a workload never sent',
      { nextAction: A.Sign },
      { kind: 'node_result', state: 'ok' },
      'conflict',
      'workload is sign, not deployed on a node',
    ],
    [
      'node result for invalid',
      { nextAction: A.Invalid },
      { kind: 'node_result', state: 'error' },
      'conflict',
      'workload is invalid, not deployed on a node',
    ],
    [
      'node deletes a workload in pay',
      { nextAction: A.Pay },
      { kind: 'node_deleted' },
      'conflict',
      'workload is pay, not deployed on a node',
    ],
  ];

  it.each(rows)('%s', (_name, over, event, kind, message) => {
    let thrown: unknown;
    try {
      applyWorkloadEvent(f(over), event);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toMatchObject({ name: 'DomainError', kind, message });
  });
});

describe('terminal states never move', () => {
  const events: WorkloadEvent[] = [{ kind: 'pool_topped_up' }, { kind: 'pool_exhausted' }];
  it.each([A.Invalid, A.Deleted, A.Migrated])('%i', (state) => {
    for (const e of events) expect(applyWorkloadEvent(f({ nextAction: state }), e)).toBe(state);
    expect(settleWorkload(f({ nextAction: state, deleteSignatures: sigs(7) }))).toBe(state);
  });
});

describe('settleWorkload is exhaustive and stable', () => {
  it.each(NEXT_ACTIONS)('state %i settles to a fixed point', (state) => {
    const once = settleWorkload(f({ nextAction: state }));
    expect(settleWorkload(f({ nextAction: once }))).toBe(once);
  });
});

describe('the charging rule', () => {
  const ok: WorkloadEvent = { kind: 'node_result', state: 'ok' };
  const error: WorkloadEvent = { kind: 'node_result', state: 'error' };
  const deleted: WorkloadEvent = { kind: 'node_result', state: 'deleted' };
  const confirmed: WorkloadEvent = { kind: 'node_deleted' };
  it.each<[A, WorkloadEvent, string]>([
    [A.Deploy, ok, 'charge'],
    [A.Deploy, error, 'release'],
    [A.Deploy, deleted, 'release'],
    [A.Deploy, confirmed, 'release'],
    // Once it has left deploy, a late or re-sent ok or error never moves the pool.
    [A.Delete, ok, 'none'],
    [A.Delete, error, 'none'],
    [A.Delete, deleted, 'release'],
    [A.Delete, confirmed, 'release'],
    [A.Deleted, ok, 'none'],
    [A.Deleted, deleted, 'none'],
    [A.Deleted, confirmed, 'none'],
    [A.Pay, { kind: 'pool_topped_up' }, 'none'],
    [A.Deploy, { kind: 'pool_exhausted' }, 'none'],
    [A.Sign, { kind: 'provision_signed', tid: 7 }, 'none'],
  ])('from %i on %j: %s', (from, event, effect) => {
    expect(poolUsageEffect(from, event)).toBe(effect);
  });
});

describe('which results are stored', () => {
  it.each<[A, 'ok' | 'error' | 'deleted', boolean, boolean]>([
    [A.Deploy, 'ok', true, true],
    [A.Deploy, 'error', true, true],
    [A.Delete, 'deleted', true, true],
    [A.Delete, 'ok', false, true],
    [A.Delete, 'ok', true, false],
    [A.Delete, 'error', true, false],
    [A.Deleted, 'deleted', true, false],
    [A.Deleted, 'ok', false, false],
  ])('from %i, %s, a result stored before: %s -> %s', (from, state, had, stored) => {
    expect(storesResult(from, state, had)).toBe(stored);
  });
});
