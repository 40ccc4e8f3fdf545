import { Injectable } from '@nestjs/common';
import {
  applyWorkloadEvent,
  CloudUnits,
  isVisibleToNode,
  NextAction,
  Pool,
  WorkloadEvent,
  WorkloadFacts,
} from '@app/domain';
import { FarmPolicy, WorkloadEntity, WorkloadsRepository } from '@app/persistence';
import { emptyResult, encodeWorkload, NextActionValue, Workload } from '@app/wire';
import { EntityManager } from 'typeorm';
import { unitsOf } from './capacity-spec';
import { WorkloadPools } from './workload-pools';

/** Who caused a transition: `tid:<n>`, `node:<id>` or `system`. */
export type Actor = `tid:${number}` | `node:${string}` | 'system';

export const tidActor = (tid: number): Actor => `tid:${tid}`;
export const nodeActor = (nodeId: string): Actor => `node:${nodeId}`;

export interface CreatedWorkload {
  id: number;
  /** False when the same customer signature was already stored: `id` is the first one's. */
  inserted: boolean;
  nextAction: NextAction;
}

function causeOf(event: WorkloadEvent): string {
  return event.kind === 'node_result' ? `node_result:${event.state}` : event.kind;
}

/** The workload as stored in `document` (the decoded wire model). */
export function documentOf(row: WorkloadEntity): Workload {
  return row.document as unknown as Workload;
}

/**
 * The one place where a new-style workload changes state (decisions.md §2.1): the pure machine
 * decides, and the change, its history entry, the node's work queue and the pool usage are written
 * with the caller's transaction, under the caller's row lock.
 */
@Injectable()
export class WorkloadTransitions {
  constructor(
    private readonly workloads: WorkloadsRepository,
    private readonly pools: WorkloadPools,
  ) {}

  /**
   * Applies `event` to `row` (locked FOR UPDATE by the caller, inside `em`'s transaction). `mutate`
   * changes the document along with the state (a signature, a result). Throws the machine's
   * DomainError, before writing anything, when the event is not allowed.
   */
  async apply(
    em: EntityManager,
    row: WorkloadEntity,
    event: WorkloadEvent,
    actor: string,
    now: number,
    mutate?: (w: Workload) => Workload,
  ): Promise<NextAction> {
    const doc = documentOf(row);
    const from = row.nextAction as NextAction;
    const units: CloudUnits = { cu: row.cu, su: row.su };
    const farm = row.farmId === null ? null : await this.workloads.farmPolicy(em, row.farmId);
    const canPay = async () => {
      const pool = await this.pools.find(row.poolId);
      return pool !== null && this.pools.canPay(pool, units, now);
    };
    const to = await decide(factsOf(doc, from, farm), event, canPay);
    const next: Workload = { ...(mutate ? mutate(doc) : doc), next_action: to as NextActionValue };
    await this.workloads.saveState(em, row.id, {
      nextAction: to,
      document: next,
      wire: encodeWorkload(next),
    });
    if (to !== from)
      await this.record(em, row.id, row.nodeId, row.workloadId, from, to, causeOf(event), actor, now);
    await this.updateUsage(em, row, event, units, now);
    return to;
  }

  /**
   * Stores a verified new workload in the state the machine gives it at create time (one insert, no
   * intermediate `create` row). A repeat of the same signed workload returns the first id untouched.
   */
  async create(
    w: Workload,
    farm: FarmPolicy | null,
    pool: Pool,
    actor: string,
    now: number,
  ): Promise<CreatedWorkload> {
    const doc: Workload = {
      ...w,
      // Placeholder: the insert statement draws the id (see WorkloadsRepository.insertCreated).
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
      this.pools.canPay(pool, units, now),
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
        nextAction: state,
        cu: units.cu,
        su: units.su,
        document: stored,
        wire: encodeWorkload(stored),
      },
      { toAction: state, cause: 'created', actor, at: now },
      // The node must learn about it even when its poll cursor is already past this id.
      isVisibleToNode(state),
    );
    return { ...saved, nextAction: state };
  }

  private async record(
    em: EntityManager,
    id: number,
    nodeId: string,
    workloadId: number,
    from: NextAction | null,
    to: NextAction,
    cause: string,
    actor: string,
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
    // The node must learn about it even when its poll cursor is already past this id.
    if (isVisibleToNode(to)) await this.workloads.enqueue(em, nodeId, id, workloadId);
  }

  /** Pool usage follows what runs on the node: counted on `ok`, released on error or removal. */
  private async updateUsage(
    em: EntityManager,
    row: WorkloadEntity,
    event: WorkloadEvent,
    units: CloudUnits,
    now: number,
  ): Promise<void> {
    if (event.kind === 'node_result' && event.state === 'ok') {
      await this.pools.addUsage(em, row.poolId, row.id, units, now);
    } else if (event.kind === 'node_deleted' || event.kind === 'node_result') {
      await this.pools.removeUsage(em, row.poolId, row.id, units, now);
    }
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
