import { Injectable } from '@nestjs/common';
import {
  addWorkload,
  applyWorkloadEvent,
  CloudUnits,
  isVisibleToNode,
  NextAction,
  notFound,
  PoolAccount,
  poolUsageEffect,
  usesExhaustedUnit,
  WorkloadEvent,
  WorkloadFacts,
} from '@app/domain';
import { FarmPolicy, WorkloadEntity, WorkloadsRepository, WorkloadState } from '@app/persistence';
import { sha256 } from '@app/crypto';
import { emptyResult, encodeWorkload, encodeWorkloadTemplate, NextActionValue, Workload } from '@app/wire';
import { EntityManager } from 'typeorm';
import { Clock } from '../clock/clock';
import { Actor } from './actor';
import { unitsOf } from './capacity-spec';
import { PoolLedger } from './pool-ledger';
import { storedForm, workloadOf } from './stored-form';

export interface CreatedWorkload {
  id: number;
  /** False when the same customer signature was already stored: `id` is the first one's. */
  inserted: boolean;
  nextAction: NextAction;
}

/** What a transition knows when it changes the workload along with the state. */
export interface TransitionContext {
  from: NextAction;
  now: number;
}

export interface ApplyOptions {
  /** Changes the workload along with the state (a signature, a result). */
  mutate?: (w: Workload, t: TransitionContext) => Workload;
  /**
   * The pool as the caller holds it in this transaction (locked, maybe changed and not saved yet): the
   * capacity test uses it instead of the stored row.
   */
  pool?: PoolAccount;
}

/** System events that concern every workload of one pool. */
export type PoolEvent = Extract<WorkloadEvent, { kind: 'pool_topped_up' | 'pool_exhausted' }>;

const SYSTEM: Actor = 'system';

function causeOf(event: WorkloadEvent): string {
  return event.kind === 'node_result' ? `node_result:${event.state}` : event.kind;
}

function isNodeReport(event: WorkloadEvent): boolean {
  return event.kind === 'node_result' || event.kind === 'node_deleted';
}

/**
 * The one writer of workload state (decisions.md §2.1). The pure machine decides; the state column, the
 * stored wire JSON with its derived columns, the history entry, the node's work queue and the pool usage (through
 * PoolLedger) are written together on the caller's transaction, under the workload's row lock.
 */
@Injectable()
export class WorkloadStateService {
  constructor(
    private readonly workloads: WorkloadsRepository,
    private readonly ledger: PoolLedger,
    private readonly clock: Clock,
  ) {}

  /**
   * Throws the machine's DomainError when `event` is not allowed on `row` as read, writing nothing: the
   * checks a request runs before it verifies a signature and opens its transaction.
   */
  check(row: WorkloadEntity, farm: FarmPolicy | null, event: WorkloadEvent): void {
    applyWorkloadEvent({ ...factsOf(workloadOf(row), row.nextAction, farm), poolCanPay: true }, event);
  }

  /** Locks a workload for the rest of `em`'s transaction; 404 `workload not found`. */
  async lock(em: EntityManager, id: number): Promise<WorkloadEntity> {
    const row = await this.workloads.lockById(em, id);
    if (!row) throw notFound('workload not found');
    return row;
  }

  /**
   * Applies `event` to one workload: a row locked FOR UPDATE in `em`'s transaction, or an id to lock.
   * Throws the machine's DomainError, before writing anything, when the event is not allowed.
   */
  async apply(
    em: EntityManager,
    target: WorkloadEntity | number,
    event: WorkloadEvent,
    actor: Actor,
    options: ApplyOptions = {},
  ): Promise<NextAction> {
    const row = typeof target === 'number' ? await this.lock(em, target) : target;
    const now = this.clock.now();
    const doc = workloadOf(row);
    const from = row.nextAction as NextAction;
    const units: CloudUnits = { cu: row.cu, su: row.su };
    const farm = row.farmId === null ? null : await this.workloads.farmPolicy(em, row.farmId);
    const canPay = async () => {
      const pool = options.pool ?? (await this.ledger.find(em, row.poolId));
      return pool !== null && this.ledger.canPay(pool, units, now);
    };
    const to = await decide(factsOf(doc, from, farm), event, canPay);
    const changed = options.mutate ? options.mutate(doc, { from, now }) : doc;
    let state: WorkloadState | null = null;
    if (to !== from || changed !== doc) {
      state = storedForm({ ...changed, next_action: to as NextActionValue });
      row.nextAction = to;
      row.resultState = state.resultState;
      row.wire = state.wire;
    }
    const history =
      to === from ? null : { fromAction: from, toAction: to, cause: causeOf(event), actor, at: now };
    // A node's report acknowledges the item it was given; the node must (again) see the workload when
    // it entered a state it acts on (even when its poll cursor is already past this id), or when it
    // still has to be removed after the report.
    const dequeue = isNodeReport(event);
    const enqueue = isVisibleToNode(to) && (to !== from || (dequeue && to === NextAction.Delete));
    if (state || history || dequeue || enqueue) {
      await this.workloads.saveTransition(em, {
        id: row.id,
        nodeId: row.nodeId,
        workloadId: row.workloadId,
        state,
        history,
        dequeue,
        enqueue,
      });
    }
    await this.updateUsage(em, row, from, event, units, now);
    return to;
  }

  /**
   * A system event on every workload of `pool` it concerns (the caller holds the pool's row lock and
   * passes the pool as it now stands): a top-up moves `pay` workloads that now fit on (oldest first,
   * each one's rate counted before the next is tested, so one top-up never promises the same capacity
   * twice); an exhausted pool sends its `deploy` workloads that draw a unit it ran out of to `delete`.
   * Returns how many workloads changed state.
   */
  async applyToPool(em: EntityManager, pool: PoolAccount, event: PoolEvent): Promise<number> {
    const now = this.clock.now();
    const state = event.kind === 'pool_topped_up' ? NextAction.Pay : NextAction.Deploy;
    let trial = pool;
    let moved = 0;
    for (const row of await this.workloads.lockInPool(em, pool.id, state)) {
      const units = { cu: row.cu, su: row.su };
      if (event.kind === 'pool_exhausted' && !usesExhaustedUnit(pool, units)) continue;
      const to = await this.apply(em, row, event, SYSTEM, { pool: trial });
      if (to === state) continue;
      moved++;
      if (to === NextAction.Deploy) trial = addWorkload(trial, units, now);
    }
    return moved;
  }

  /**
   * Stores a verified new workload in the state the machine gives it at create time (one insert, no
   * intermediate `create` row). Idempotent on the whole request: a repeat of the same workload (every
   * field as decoded from the request) returns the first id untouched; a workload that differs in any
   * field is stored as its own, even when it carries the same customer signature.
   */
  async create(
    w: Workload,
    farm: FarmPolicy | null,
    pool: PoolAccount,
    actor: Actor,
  ): Promise<CreatedWorkload> {
    const now = this.clock.now();
    const requestDigest = sha256(encodeWorkload(w)).toString('hex');
    const doc: Workload = {
      ...w,
      // The insert statement draws the id and fills the template's slot with it.
      id: 0,
      epoch: now,
      signing_request_provision: {
        ...w.signing_request_provision,
        signers: w.signing_request_provision.signers ?? [],
      },
      signing_request_delete: {
        ...w.signing_request_delete,
        signers: w.signing_request_delete.signers ?? [],
      },
      signatures_provision: [],
      signatures_delete: [],
      signature_farmer: { tid: 0, signature: '', epoch: 0 },
      result: emptyResult(),
      next_action: NextAction.Create,
    };
    const units = unitsOf(doc);
    const state = await decide(factsOf(doc, NextAction.Create, farm), { kind: 'created' }, async () =>
      this.ledger.canPay(pool, units, now),
    );
    const stored: Workload = { ...doc, next_action: state as NextActionValue };
    const saved = await this.workloads.insertCreated(
      {
        workloadId: stored.workload_id,
        workloadType: stored.workload_type,
        nodeId: stored.node_id,
        farmId: farm?.farmId ?? null,
        poolId: stored.pool_id,
        customerTid: stored.customer_tid,
        customerSignature: stored.customer_signature,
        requestDigest,
        nextAction: state,
        cu: units.cu,
        su: units.su,
        wire: encodeWorkloadTemplate(stored),
      },
      { toAction: state, cause: 'created', actor, at: now },
      // The node must learn about it even when its poll cursor is already past this id.
      isVisibleToNode(state),
    );
    return { ...saved, nextAction: state };
  }

  private async updateUsage(
    em: EntityManager,
    row: WorkloadEntity,
    from: NextAction,
    event: WorkloadEvent,
    units: CloudUnits,
    now: number,
  ): Promise<void> {
    const effect = poolUsageEffect(from, event);
    if (effect === 'charge') await this.ledger.addUsage(em, row.poolId, row.id, units, now);
    else if (effect === 'release') await this.ledger.removeUsage(em, row.poolId, row.id, units, now);
  }
}

/** Runs the machine; the pool is consulted only when its answer changes the outcome. */
async function decide(
  facts: Omit<WorkloadFacts, 'poolCanPay'>,
  event: WorkloadEvent,
  canPay: () => Promise<boolean>,
): Promise<NextAction> {
  const funded = applyWorkloadEvent({ ...facts, poolCanPay: true }, event);
  const unfunded = applyWorkloadEvent({ ...facts, poolCanPay: false }, event);
  if (funded === unfunded) return funded;
  return (await canPay()) ? funded : unfunded;
}

/** The machine's facts of a workload, built one way for every event. */
function factsOf(
  doc: Workload,
  state: NextAction,
  farm: FarmPolicy | null,
): Omit<WorkloadFacts, 'poolCanPay'> {
  return {
    nextAction: state,
    provisionRequest: {
      signers: doc.signing_request_provision.signers ?? [],
      quorum_min: doc.signing_request_provision.quorum_min,
    },
    provisionSignatures: doc.signatures_provision ?? [],
    deleteRequest: {
      signers: doc.signing_request_delete.signers ?? [],
      quorum_min: doc.signing_request_delete.quorum_min,
    },
    deleteSignatures: doc.signatures_delete ?? [],
    farmerSignatureRequired: farm?.requireFarmerSignature ?? false,
    farmerSigned: doc.signature_farmer.tid !== 0,
  };
}
