import { ResultState } from '@app/wire';
import { assertUnreachable, badRequest, conflict, unauthorized } from './errors';
import { NextAction, isTerminal, nextActionName, settle } from './next-action';
import { SignatureRef, SigningRequest, assertCanSign, deleteSatisfied, provisionSatisfied } from './quorum';

/** What a node reports for a workload (`result.state`, by name). */
export type NodeResultState = 'ok' | 'error' | 'deleted';

const NODE_RESULT_STATES: Readonly<Record<ResultState, NodeResultState>> = {
  [ResultState.Error]: 'error',
  [ResultState.Ok]: 'ok',
  [ResultState.Deleted]: 'deleted',
};

export function nodeResultState(state: ResultState): NodeResultState {
  return NODE_RESULT_STATES[state];
}

/** Everything the new-style state machine needs to know about one workload, as stored before the event. */
export interface WorkloadFacts {
  readonly nextAction: NextAction;
  readonly provisionRequest: SigningRequest;
  readonly provisionSignatures: readonly SignatureRef[];
  readonly deleteRequest: SigningRequest;
  readonly deleteSignatures: readonly SignatureRef[];
  /** The node's farm has `require_farmer_signature` (decisions.md §3). */
  readonly farmerSignatureRequired: boolean;
  readonly farmerSigned: boolean;
  /** The pool holds at least 120 s of capacity with this workload added (see `allowsWorkloadFor`). */
  readonly poolCanPay: boolean;
}

export type WorkloadEvent =
  | { readonly kind: 'created' }
  | { readonly kind: 'provision_signed'; readonly tid: number }
  | { readonly kind: 'farmer_signed' }
  | { readonly kind: 'farmer_refused' }
  | { readonly kind: 'delete_signed'; readonly tid: number }
  | { readonly kind: 'pool_topped_up' }
  /** The sweeper found that the pool ran out of a unit this workload uses. */
  | { readonly kind: 'pool_exhausted' }
  | { readonly kind: 'node_result'; readonly state: NodeResultState }
  | { readonly kind: 'node_deleted' };

export const NOT_EXPECTING_SIGNATURES = 'workload not expecting signatures';

/**
 * The one automatic transition of each state (decisions.md §2.1), given the facts. `atCreate` keeps the
 * reference 402 rule: a workload that reaches `pay` inside the create call without capacity is `invalid`;
 * later it waits in `pay` for a top-up instead.
 */
function step(state: NextAction, f: WorkloadFacts, atCreate: boolean): NextAction {
  switch (state) {
    case NextAction.Create:
      return NextAction.Sign;
    case NextAction.Sign:
    case NextAction.Pay:
    case NextAction.Deploy:
      if (deleteSatisfied(f.deleteRequest, f.deleteSignatures)) return NextAction.Delete;
      if (state === NextAction.Sign) return signComplete(f) ? NextAction.Pay : NextAction.Sign;
      if (state === NextAction.Pay) {
        if (f.poolCanPay) return NextAction.Deploy;
        return atCreate ? NextAction.Invalid : NextAction.Pay;
      }
      return NextAction.Deploy;
    // Waits for the node's confirmation (an event, not a fact).
    case NextAction.Delete:
    case NextAction.Invalid:
    case NextAction.Deleted:
    case NextAction.Migrated:
      return state;
    default:
      return assertUnreachable(state);
  }
}

function signComplete(f: WorkloadFacts): boolean {
  return (
    provisionSatisfied(f.provisionRequest, f.provisionSignatures) &&
    (!f.farmerSignatureRequired || f.farmerSigned)
  );
}

/** Runs the automatic progression from the stored state. */
export function settleWorkload(facts: WorkloadFacts, atCreate = false): NextAction {
  return settle(facts.nextAction, (state) => step(state, facts, atCreate));
}

/**
 * Applies one event to a workload and returns its resulting `next_action` (the caller persists it and the
 * history entry in the same transaction). Throws a DomainError when the event is not allowed in the
 * current state; checks run in the reference order (state, then signer list, then duplicate).
 */
export function applyWorkloadEvent(facts: WorkloadFacts, event: WorkloadEvent): NextAction {
  const state = facts.nextAction;
  switch (event.kind) {
    case 'created':
      if (state !== NextAction.Create)
        throw conflict(`workload already created (next_action ${nextActionName(state)})`);
      return settleWorkload(facts, true);
    case 'provision_signed':
      if (state !== NextAction.Sign) throw unauthorized(NOT_EXPECTING_SIGNATURES);
      assertCanSign(facts.provisionRequest, facts.provisionSignatures, event.tid);
      return settleWorkload({
        ...facts,
        provisionSignatures: [...facts.provisionSignatures, { tid: event.tid }],
      });
    case 'farmer_signed':
      assertFarmerCanSign(facts);
      return settleWorkload({ ...facts, farmerSigned: true });
    case 'farmer_refused':
      assertFarmerCanSign(facts);
      return NextAction.Invalid;
    case 'delete_signed':
      if (isTerminal(state)) throw conflict(`workload is ${nextActionName(state)}`);
      assertCanSign(facts.deleteRequest, facts.deleteSignatures, event.tid);
      return settleWorkload({ ...facts, deleteSignatures: [...facts.deleteSignatures, { tid: event.tid }] });
    case 'pool_topped_up':
      return settleWorkload(facts);
    case 'pool_exhausted':
      // Only running workloads are torn down; one waiting in `pay` keeps waiting for a top-up.
      return state === NextAction.Deploy ? NextAction.Delete : state;
    case 'node_result':
      assertOnNode(state);
      if (event.state === 'deleted' || state === NextAction.Deleted) return NextAction.Deleted;
      return event.state === 'error' ? NextAction.Delete : state;
    case 'node_deleted':
      assertOnNode(state);
      return NextAction.Deleted;
    default:
      return assertUnreachable(event);
  }
}

function assertFarmerCanSign(facts: WorkloadFacts): void {
  // A second farmer signature is a bad request even once the first one has moved the workload on.
  if (facts.farmerSigned) throw badRequest('farmer has already signed the workload');
  if (facts.nextAction !== NextAction.Sign) throw unauthorized(NOT_EXPECTING_SIGNATURES);
  if (!facts.farmerSignatureRequired) throw unauthorized('farmer signature not required for this workload');
}

/** Node reports only make sense for workloads a node was given (`deploy`/`delete`) or already confirmed. */
function assertOnNode(state: NextAction): void {
  if (state !== NextAction.Deploy && state !== NextAction.Delete && state !== NextAction.Deleted) {
    throw conflict(`workload is ${nextActionName(state)}, not deployed on a node`);
  }
}

/** What a transition does to the pool's usage: `charge` starts counting the workload, `release` stops it. */
export type PoolUsageEffect = 'charge' | 'release' | 'none';

/**
 * The one charging rule: a workload is counted in its pool from the node's `ok` in `deploy` until it
 * stops running (an `error` in `deploy`, or its removal confirmed). Once it has left `deploy`, results
 * never start counting it again.
 */
export function poolUsageEffect(from: NextAction, event: WorkloadEvent): PoolUsageEffect {
  if (from === NextAction.Deleted) return 'none';
  if (event.kind === 'node_deleted') return 'release';
  if (event.kind !== 'node_result') return 'none';
  if (event.state === 'deleted') return 'release';
  if (from !== NextAction.Deploy) return 'none';
  return event.state === 'ok' ? 'charge' : 'release';
}

/**
 * Whether a node's result is stored. In `deploy` every result is news. Once the workload has left
 * `deploy`, only the confirmation of its removal or a first result (none stored yet) is kept: a late or
 * re-sent result never replaces one already stored. A `deleted` workload's result is final.
 */
export function storesResult(from: NextAction, state: NodeResultState, hasResult: boolean): boolean {
  if (from === NextAction.Deleted) return false;
  if (from === NextAction.Deploy || state === 'deleted') return true;
  return !hasResult;
}
