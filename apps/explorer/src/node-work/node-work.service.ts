import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { badRequest, forbidden, NextAction, NodeResultState, notFound, pollLastId } from '@app/domain';
import { verifyResultSignature } from '@app/crypto';
import { NodeWorkRepository, WorkloadEntity, WorkloadsRepository } from '@app/persistence';
import { decodeResult, Result, ResultStateValue, Workload } from '@app/wire';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/config';
import { NodeReport, ReservationTransitions } from '../reservations/reservation-transitions';
import { nodeActor, WorkloadTransitions } from '../workloads/workload-transitions.service';
import { CommittedCeiling } from './committed-ceiling.service';
import { NodeWorkNotifier } from './node-work-notifier.service';

/** Longest hold of an empty long poll. */
export const MAX_POLL_WAIT_SECONDS = 30;

export interface NodeWork {
  wires: string[];
  lastId: number;
}

interface Gwid {
  id: number;
  workloadId: number;
}

const RESULT_STATES: Record<ResultStateValue, NodeResultState> = { 0: 'error', 1: 'ok', 2: 'deleted' };
const RESULT_STATE_DELETED: ResultStateValue = 2;

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** `<reservation id>-<workload id>`, as nodes name workloads (workloads.md §7.1). */
export function parseGwid(gwid: string): Gwid {
  const match = /^(\d+)-(\d+)$/.exec(gwid);
  const id = Number(match?.[1]);
  const workloadId = Number(match?.[2]);
  if (!match || !Number.isSafeInteger(id) || !Number.isSafeInteger(workloadId))
    throw badRequest(`invalid workload id: ${JSON.stringify(gwid)}`);
  return { id, workloadId };
}

/** What nodes and gateways do with the explorer: poll for work, report results, confirm deletions. */
@Injectable()
export class NodeWorkService {
  constructor(
    private readonly repository: NodeWorkRepository,
    private readonly workloads: WorkloadsRepository,
    private readonly transitions: WorkloadTransitions,
    private readonly reservations: ReservationTransitions,
    private readonly ceiling: CommittedCeiling,
    private readonly notifier: NodeWorkNotifier,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /**
   * The node's workloads in deploy/delete from `from` (id order) plus its queue; `x-last-id` per
   * decisions.md §2.2. With `waitSeconds`, an empty answer is held until work is queued for the node.
   */
  async poll(nodeId: string, from: number, waitSeconds: number): Promise<NodeWork> {
    // Subscribed before the first query, so work queued while it runs still wakes us.
    const waiter = waitSeconds > 0 ? this.notifier.subscribe(nodeId) : null;
    const deadline = Date.now() + Math.min(waitSeconds, MAX_POLL_WAIT_SECONDS) * 1000;
    try {
      for (;;) {
        // The ceiling is read before the scan: it must not cover rows the scan's snapshot cannot see.
        const ceiling = this.ceiling.current;
        const work = await this.repository.poll(nodeId, from);
        const answer = { wires: work.wires, lastId: pollLastId(from, work.scannedIds, ceiling) };
        const remaining = deadline - Date.now();
        if (answer.wires.length > 0 || waiter === null || remaining <= 0) return answer;
        if (!(await waiter.wait(remaining)) && Date.now() >= deadline) return answer;
      }
    } finally {
      waiter?.cancel();
    }
  }

  /** The workload with its result; 404 only when the gwid names no workload (decisions.md §2.3). */
  async get(gwid: string): Promise<string> {
    const { id, workloadId } = parseGwid(gwid);
    const wire = await this.repository.findWireByGwid(id, workloadId);
    if (wire === null) throw notFound('workload not found');
    return wire;
  }

  /** PUT result (workloads.md §4.2 #8, decisions.md §2.4). `body` is the raw request text. */
  async putResult(nodeId: string, signer: string, gwid: string, body: string): Promise<void> {
    assertSigner(nodeId, signer);
    const name = parseGwid(gwid);
    const sent = decodeResult(body);
    if (this.config.VERIFY_RESULT_SIGNATURES && !verifyResultSignature(sent, nodeId)) {
      throw badRequest('invalid result signature');
    }
    const now = nowSeconds();
    const result: Result = { ...sent, node_id: nodeId, workload_id: gwid, epoch: now };
    await this.db.transaction(async (em) => {
      const row = await this.lockOnNode(em, name, nodeId, { kind: 'result', result }, now);
      if (!row) return;
      // The result acknowledges the item the node was given...
      await this.workloads.dequeue(em, row.nodeId, row.id, row.workloadId);
      // `deleted` is terminal: a late or re-sent result must neither replace the deletion result nor
      // count the workload in its pool again.
      if (row.nextAction === NextAction.Deleted) return;
      const event = { kind: 'node_result', state: RESULT_STATES[result.state] } as const;
      const to = await this.transitions.apply(em, row, event, nodeActor(nodeId), now, (w) => ({
        ...w,
        result,
      }));
      // ...unless the workload must now go (an `error`, or a delete that raced with the deployment):
      // the node still has to receive the `delete` item.
      if (to === NextAction.Delete) await this.workloads.enqueue(em, row.nodeId, row.id, row.workloadId);
    });
  }

  /** DELETE confirmation (workloads.md §4.2 #9): idempotent, also for items the node never deployed. */
  async confirmDeleted(nodeId: string, signer: string, gwid: string): Promise<void> {
    assertSigner(nodeId, signer);
    const name = parseGwid(gwid);
    const now = nowSeconds();
    await this.db.transaction(async (em) => {
      const row = await this.lockOnNode(em, name, nodeId, { kind: 'deleted' }, now);
      if (!row) return;
      await this.workloads.dequeue(em, row.nodeId, row.id, row.workloadId);
      const deleted = (w: Workload): Workload => ({
        ...w,
        result: {
          ...w.result,
          category: w.workload_type,
          workload_id: gwid,
          node_id: nodeId,
          state: RESULT_STATE_DELETED,
          // The reference keeps the epoch of an earlier result.
          epoch: w.result.epoch > 0 ? w.result.epoch : now,
        },
      });
      await this.transitions.apply(em, row, { kind: 'node_deleted' }, nodeActor(nodeId), now, deleted);
    });
  }

  /**
   * The new-style workload the gwid names, locked; null when the gwid names a workload derived from
   * a legacy reservation, in which case `report` has been applied to it already.
   */
  private async lockOnNode(
    em: EntityManager,
    name: Gwid,
    nodeId: string,
    report: NodeReport,
    now: number,
  ): Promise<WorkloadEntity | null> {
    const row = await this.workloads.lockById(em, name.id);
    if (!row) {
      await this.reservations.reportFromNode(
        em,
        name.id,
        name.workloadId,
        nodeId,
        report,
        nodeActor(nodeId),
        now,
      );
      return null;
    }
    if (row.workloadId !== name.workloadId) throw notFound('workload not found');
    if (row.nodeId !== nodeId) throw forbidden('workload is not deployed on this node');
    return row;
  }
}

/** Only the node itself reports on its workloads (decisions.md §2.4). */
function assertSigner(nodeId: string, signer: string): void {
  if (signer !== nodeId) throw forbidden('request signer does not match the node id');
}
