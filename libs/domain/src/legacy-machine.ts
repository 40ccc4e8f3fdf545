import { assertUnreachable, badRequest, conflict, unauthorized } from './errors';
import { NextAction, isTerminal, nextActionName, settle } from './next-action';
import { SignatureRef, SigningRequest, assertCanSign, deleteSatisfied, provisionSatisfied } from './quorum';
import { NodeResultState } from './workload-machine';

/** One workload derived from a legacy reservation for one node (networks: one per node, shared gwid). */
export interface DerivedKey {
  readonly gwid: string;
  readonly nodeId: string;
}

/** Results are kept per (gwid, node_id) (decisions.md §2.10). */
export interface LegacyResult extends DerivedKey {
  readonly state: NodeResultState;
}

/** Everything the legacy reservation rules need, as stored before the event. */
export interface LegacyFacts {
  readonly nextAction: NextAction;
  readonly provisionRequest: SigningRequest;
  readonly provisionSignatures: readonly SignatureRef[];
  readonly deleteRequest: SigningRequest;
  readonly deleteSignatures: readonly SignatureRef[];
  /** Owner tids of the involved farms that require a farmer signature (decisions.md §3). */
  readonly farmerSigners: readonly number[];
  readonly farmerSignatures: readonly SignatureRef[];
  readonly expirationProvisioning: number;
  readonly expirationReservation: number;
  readonly derived: readonly DerivedKey[];
  readonly results: readonly LegacyResult[];
  readonly now: number;
}

export type LegacyEvent =
  | { readonly kind: 'created' }
  | { readonly kind: 'provision_signed'; readonly tid: number }
  | { readonly kind: 'farmer_signed'; readonly tid: number }
  | { readonly kind: 'farmer_refused'; readonly tid: number }
  | { readonly kind: 'delete_signed'; readonly tid: number }
  | ({ readonly kind: 'node_result' } & LegacyResult)
  | ({ readonly kind: 'node_deleted' } & DerivedKey)
  /** Re-evaluate the expirations at `facts.now` (reads, polls and the sweeper persist what it returns). */
  | { readonly kind: 'clock' };

export const RESERVATION_NOT_EXPECTING_SIGNATURES = 'reservation not expecting signatures';

const sameKey = (a: DerivedKey, b: DerivedKey): boolean => a.gwid === b.gwid && a.nodeId === b.nodeId;

function resultOf(f: LegacyFacts, key: DerivedKey): NodeResultState | undefined {
  return f.results.find((r) => sameKey(r, key))?.state;
}

/** Reference "successfully deployed": every derived workload reported ok. */
function allOk(f: LegacyFacts): boolean {
  return f.derived.every((k) => resultOf(f, k) === 'ok');
}

function allDeleted(f: LegacyFacts): boolean {
  return f.derived.every((k) => resultOf(f, k) === 'deleted');
}

function farmersSigned(f: LegacyFacts): boolean {
  return f.farmerSigners.every((tid) => f.farmerSignatures.some((s) => s.tid === tid));
}

/** Legacy pipeline (workloads.md §6.2) with free payment and the decisions.md §2.10 fixes. */
function step(state: NextAction, f: LegacyFacts): NextAction {
  switch (state) {
    case NextAction.Create:
    case NextAction.Sign:
    case NextAction.Pay:
    case NextAction.Deploy:
      if (f.expirationReservation <= f.now || deleteSatisfied(f.deleteRequest, f.deleteSignatures)) {
        return NextAction.Delete;
      }
      if (f.expirationProvisioning < f.now && !allOk(f)) return NextAction.Delete;
      if (state === NextAction.Create) return NextAction.Sign;
      if (state === NextAction.Sign) {
        const ready = provisionSatisfied(f.provisionRequest, f.provisionSignatures) && farmersSigned(f);
        return ready ? NextAction.Pay : NextAction.Sign;
      }
      // Payment is free (decisions.md §4): pay -> deploy at once.
      return NextAction.Deploy;
    case NextAction.Delete:
      return allDeleted(f) ? NextAction.Deleted : NextAction.Delete;
    case NextAction.Invalid:
    case NextAction.Deleted:
    case NextAction.Migrated:
      return state;
    default:
      return assertUnreachable(state);
  }
}

export function settleLegacy(facts: LegacyFacts): NextAction {
  return settle(facts.nextAction, (state) => step(state, facts));
}

/** Applies one event to a legacy reservation and returns its resulting `next_action`. */
export function applyLegacyEvent(facts: LegacyFacts, event: LegacyEvent): NextAction {
  const state = facts.nextAction;
  switch (event.kind) {
    case 'created':
      if (state !== NextAction.Create)
        throw conflict(`reservation already created (next_action ${nextActionName(state)})`);
      return settleLegacy(facts);
    case 'provision_signed':
      if (state !== NextAction.Sign) throw unauthorized(RESERVATION_NOT_EXPECTING_SIGNATURES);
      assertCanSign(facts.provisionRequest, facts.provisionSignatures, event.tid);
      return settleLegacy({
        ...facts,
        provisionSignatures: [...facts.provisionSignatures, { tid: event.tid }],
      });
    case 'farmer_signed':
      assertFarmerCanSign(facts, event.tid);
      return settleLegacy({ ...facts, farmerSignatures: [...facts.farmerSignatures, { tid: event.tid }] });
    case 'farmer_refused':
      assertFarmerCanSign(facts, event.tid);
      return NextAction.Invalid;
    case 'delete_signed':
      if (isTerminal(state)) throw conflict(`reservation is ${nextActionName(state)}`);
      assertCanSign(facts.deleteRequest, facts.deleteSignatures, event.tid);
      return settleLegacy({ ...facts, deleteSignatures: [...facts.deleteSignatures, { tid: event.tid }] });
    case 'node_result':
    case 'node_deleted': {
      assertOnNode(state);
      if (!facts.derived.some((k) => sameKey(k, event))) {
        throw conflict(`workload ${event.gwid} is not part of this reservation on node ${event.nodeId}`);
      }
      const reported: NodeResultState = event.kind === 'node_result' ? event.state : 'deleted';
      const results = [
        ...facts.results.filter((r) => !sameKey(r, event)),
        { gwid: event.gwid, nodeId: event.nodeId, state: reported },
      ];
      // A failed or vanished workload tears the whole reservation down (reference: error -> delete).
      const next = state === NextAction.Deploy && reported !== 'ok' ? NextAction.Delete : state;
      return settleLegacy({ ...facts, nextAction: next, results });
    }
    case 'clock':
      return settleLegacy(facts);
    default:
      return assertUnreachable(event);
  }
}

function assertFarmerCanSign(facts: LegacyFacts, tid: number): void {
  if (facts.nextAction !== NextAction.Sign) throw unauthorized(RESERVATION_NOT_EXPECTING_SIGNATURES);
  if (!facts.farmerSigners.includes(tid)) throw unauthorized(`signature not required for farmer '${tid}'`);
  if (facts.farmerSignatures.some((s) => s.tid === tid)) {
    throw badRequest(`farmer ${tid} has already signed the reservation`);
  }
}

function assertOnNode(state: NextAction): void {
  if (state !== NextAction.Deploy && state !== NextAction.Delete && state !== NextAction.Deleted) {
    throw conflict(`reservation is ${nextActionName(state)}, not deployed on a node`);
  }
}
