import { Injectable } from '@nestjs/common';
import {
  applyLegacyEvent,
  conflict,
  forbidden,
  isVisibleToNode,
  LegacyEvent,
  LegacyFacts,
  LegacyResult,
  NextAction,
  nodeResultState,
  notFound,
  storesResult,
} from '@app/domain';
import {
  DerivedRow,
  FarmPolicy,
  ReservationEntity,
  ReservationsRepository,
  WorkloadsRepository,
} from '@app/persistence';
import {
  deriveWorkloads,
  emptyResult,
  gwidOf,
  LegacyReservation,
  NextActionValue,
  Result,
  ResultState,
  Workload,
} from '@app/wire';
import { EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { Actor } from './actor';
import { storedForm, workloadOf } from './stored-form';

/** The reservation as stored in `document` (its results live on the derived rows). */
export const reservationOf = (row: ReservationEntity): LegacyReservation =>
  row.document as unknown as LegacyReservation;

/** A derived row's result, when its node has reported one (an unreported result has no workload_id). */
export function reportedResult(d: DerivedRow): Result | null {
  const result = workloadOf(d).result;
  return result.workload_id === '' ? null : result;
}

const requestOf = (q: { signers: number[] | null; quorum_min: number }) => ({
  signers: q.signers ?? [],
  quorum_min: q.quorum_min,
});

/** The facts of the legacy machine: the reservation, its farmer signers, and its derived workloads' results. */
export function legacyFacts(
  r: LegacyReservation,
  state: NextAction,
  farmerSigners: number[],
  derived: ReadonlyArray<{ workloadId: number; nodeId: string; result: Result | null }>,
  now: number,
): LegacyFacts {
  const d = r.data_reservation;
  const results: LegacyResult[] = [];
  for (const w of derived) {
    if (w.result)
      results.push({
        gwid: gwidOf(r.id, w.workloadId),
        nodeId: w.nodeId,
        state: nodeResultState(w.result.state),
      });
  }
  return {
    nextAction: state,
    provisionRequest: requestOf(d.signing_request_provision),
    provisionSignatures: r.signatures_provision ?? [],
    deleteRequest: requestOf(d.signing_request_delete),
    deleteSignatures: r.signatures_delete ?? [],
    farmerSigners,
    farmerSignatures: r.signatures_farmer ?? [],
    expirationProvisioning: d.expiration_provisioning,
    expirationReservation: d.expiration_reservation,
    derived: derived.map((w) => ({ gwid: gwidOf(r.id, w.workloadId), nodeId: w.nodeId })),
    results,
    now,
  };
}

/** The facts of a stored reservation (row locked or read by the caller). */
export function storedFacts(row: ReservationEntity, derived: DerivedRow[], now: number): LegacyFacts {
  const reports = derived.map((d) => ({
    workloadId: d.workloadId,
    nodeId: d.nodeId,
    result: reportedResult(d),
  }));
  return legacyFacts(reservationOf(row), row.nextAction as NextAction, row.farmerSigners, reports, now);
}

function causeOf(event: LegacyEvent): string {
  if (event.kind === 'node_result') return `node_result:${event.state}`;
  return event.kind === 'clock' ? 'expired' : event.kind;
}

/** What a node reports on one of its derived workloads. */
export type NodeReport = { kind: 'result'; result: Result } | { kind: 'deleted' };

export interface NewReservation {
  /** Decoded and verified; `id` and `epoch` are the stored ones. */
  reservation: LegacyReservation;
  requestSha256: string;
  /** Farm of every node and gateway the reservation uses. */
  farms: ReadonlyMap<string, FarmPolicy>;
}

/**
 * The legacy-reservation half of the one writer of workload state (decisions.md §2.1, §2.10): the pure
 * legacy machine decides; the reservation row, every derived workload row (state, stored wire,
 * wire), the history entry and the nodes' work queue are written together on the caller's
 * transaction, under the reservation's row lock. Derived rows are written nowhere else.
 */
@Injectable()
export class ReservationStateService {
  constructor(
    private readonly reservations: ReservationsRepository,
    private readonly workloads: WorkloadsRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * Throws the machine's DomainError when `event` is not allowed on the reservation as read, writing
   * nothing: the checks a request runs before it verifies a signature and opens its transaction.
   */
  check(row: ReservationEntity, derived: DerivedRow[], event: LegacyEvent): void {
    applyLegacyEvent(storedFacts(row, derived, this.clock.now()), event);
  }

  /** Locks a reservation for the rest of `em`'s transaction; 404 `reservation not found`. */
  async lock(em: EntityManager, id: number): Promise<ReservationEntity> {
    const row = await this.reservations.lockById(em, id);
    if (!row) throw notFound('reservation not found');
    return row;
  }

  /**
   * Stores a new reservation in the state the machine gives it. Throws 409 when another request holds
   * its customer signature; false when the same request is stored already.
   */
  async create(em: EntityManager, input: NewReservation, actor: Actor): Promise<boolean> {
    const now = this.clock.now();
    const r = input.reservation;
    const farmerSigners = [
      ...new Set([...input.farms.values()].filter((f) => f.requireFarmerSignature).map((f) => f.ownerTid)),
    ].sort((a, b) => a - b);
    const workloads = deriveWorkloads(r, NextAction.Create);
    const pending = workloads.map((w) => ({ workloadId: w.workload_id, nodeId: w.node_id, result: null }));
    const state = applyLegacyEvent(legacyFacts(r, NextAction.Create, farmerSigners, pending, now), {
      kind: 'created',
    }) as NextActionValue;
    const stored: LegacyReservation = { ...r, next_action: state };
    const inserted = await this.reservations.insert(em, {
      id: r.id,
      customerTid: r.customer_tid,
      customerSignature: r.customer_signature,
      requestSha256: input.requestSha256,
      nextAction: state,
      expirationProvisioning: r.data_reservation.expiration_provisioning,
      expirationReservation: r.data_reservation.expiration_reservation,
      farmerSigners,
      document: stored,
    });
    if (inserted === 'signature_taken') throw conflict('a reservation with this customer signature exists');
    if (inserted === 'repeated') return false;
    const derived = workloads.map((created): DerivedRow => {
      const w = { ...created, next_action: state } as Workload;
      return {
        workloadId: w.workload_id,
        nodeId: w.node_id,
        workloadType: w.workload_type,
        farmId: input.farms.get(w.node_id)?.farmId ?? null,
        ...storedForm(w),
      };
    });
    await this.reservations.insertDerived(em, r.id, r.customer_tid, state, derived);
    await this.record(em, r.id, derived, null, state, 'created', actor, now);
    return true;
  }

  /**
   * Applies `event` to `row` (locked FOR UPDATE by the caller, inside `em`'s transaction). `mutate`
   * changes the reservation document (a signature); `update` changes one derived workload (a result).
   * Throws the machine's DomainError, before writing anything, when the event is not allowed.
   */
  async apply(
    em: EntityManager,
    row: ReservationEntity,
    event: LegacyEvent,
    actor: Actor,
    mutate?: (r: LegacyReservation) => LegacyReservation,
    update?: { workloadId: number; nodeId: string; change: (w: Workload) => Workload },
  ): Promise<NextAction> {
    const now = this.clock.now();
    const derived = await this.reservations.derivedOfLocked(em, row.id);
    const from = row.nextAction as NextAction;
    const to = applyLegacyEvent(storedFacts(row, derived, now), event);
    const doc = reservationOf(row);
    if (to !== from || mutate) {
      const next: LegacyReservation = { ...(mutate ? mutate(doc) : doc), next_action: to as NextActionValue };
      await this.reservations.saveState(em, row.id, to, next);
    }
    for (const d of derived) {
      const targeted = update && update.workloadId === d.workloadId && update.nodeId === d.nodeId;
      if (to === from && !targeted) continue;
      const changed = targeted ? update.change(workloadOf(d)) : workloadOf(d);
      const w = { ...changed, next_action: to as NextActionValue } as Workload;
      await this.reservations.saveDerived(em, row.id, to, { ...d, ...storedForm(w) });
    }
    if (to !== from) await this.record(em, row.id, derived, from, to, causeOf(event), actor, now);
    return to;
  }

  /**
   * A node's result or deletion confirmation for one derived workload (decisions.md §2.4, §2.10).
   * Results are kept per (gwid, node): a `deleted` one is final, and once the reservation has left
   * `deploy` only deletions change them. The report acknowledges the node's queue item.
   */
  async reportFromNode(
    em: EntityManager,
    id: number,
    workloadId: number,
    nodeId: string,
    report: NodeReport,
    actor: Actor,
  ): Promise<void> {
    const now = this.clock.now();
    const row = await this.reservations.lockById(em, id);
    const derived = row ? await this.reservations.derivedOfLocked(em, id) : [];
    const named = derived.filter((d) => d.workloadId === workloadId);
    if (!row || named.length === 0) throw notFound('workload not found');
    const target = named.find((d) => d.nodeId === nodeId);
    if (!target) throw forbidden('workload is not deployed on this node');
    await this.workloads.dequeue(em, nodeId, id, workloadId);
    if (row.nextAction === NextAction.Deleted) return;
    const gwid = gwidOf(id, workloadId);
    const stored = reportedResult(target);
    if (report.kind === 'result') {
      const state = nodeResultState(report.result.state);
      // The rule of new-style workloads: once the reservation has left `deploy`, a late or re-sent
      // result never replaces a stored one.
      if (!storesResult(row.nextAction as NextAction, state, stored !== null)) return;
      await this.apply(em, row, { kind: 'node_result', gwid, nodeId, state }, actor, undefined, {
        workloadId,
        nodeId,
        change: (w) => ({ ...w, result: { ...report.result, epoch: now } }),
      });
      return;
    }
    await this.apply(em, row, { kind: 'node_deleted', gwid, nodeId }, actor, undefined, {
      workloadId,
      nodeId,
      change: (w) => ({
        ...w,
        result: {
          ...(stored ?? emptyResult()),
          category: w.workload_type,
          workload_id: gwid,
          node_id: nodeId,
          state: ResultState.Deleted,
          // As for workloads: the epoch of an earlier result is kept.
          epoch: stored && stored.epoch > 0 ? stored.epoch : now,
        },
      }),
    });
  }

  private async record(
    em: EntityManager,
    id: number,
    derived: DerivedRow[],
    from: NextAction | null,
    to: NextAction,
    cause: string,
    actor: Actor,
    now: number,
  ): Promise<void> {
    await this.workloads.appendHistory(em, {
      workloadId: id,
      fromAction: from,
      toAction: to,
      cause,
      actor,
      at: now,
    });
    // Every node must learn the new state even when its poll cursor is already past this id.
    if (isVisibleToNode(to))
      for (const d of derived) await this.workloads.enqueue(em, d.nodeId, id, d.workloadId);
  }
}
