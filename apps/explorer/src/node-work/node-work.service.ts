import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { badRequest, forbidden, nodeResultState, notFound, pollPage, storesResult } from '@app/domain';
import { verifyResultSignature } from '@app/crypto';
import { NODE_POLL_LIMIT, NodeWorkRepository, WorkloadEntity, WorkloadsRepository } from '@app/persistence';
import { decodeResult, Result, ResultState, Workload } from '@app/wire';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../config/config';
import { nodeActor, NodeReport, ReservationStateService, WorkloadStateService } from '../workload-state';
import { CommittedCeiling } from './committed-ceiling.service';
import { NodeWorkNotifier } from './node-work-notifier.service';

/** Longest hold of an empty long poll. */
export const MAX_POLL_WAIT_SECONDS = 30;
/** Longest hold of a long poll for the committed ceiling to pass the items it found. */
const CEILING_HOLD_MS = 5000;

export interface NodeWork {
  wires: string[];
  lastId: number;
}

interface Gwid {
  id: number;
  workloadId: number;
}

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
    private readonly state: WorkloadStateService,
    private readonly reservations: ReservationStateService,
    private readonly ceiling: CommittedCeiling,
    private readonly notifier: NodeWorkNotifier,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /**
   * One page of the node's work from `from` (see `pollPage`); `x-last-id` per decisions.md §2.2. With
   * `waitSeconds`, an empty answer is held until work is queued for the node, and a page whose items
   * lie above the committed ceiling is held until the ceiling passes them (then read again), so a node
   * that polls again at once does not get the same items back.
   */
  async poll(nodeId: string, from: number, waitSeconds: number): Promise<NodeWork> {
    // Subscribed before the first query, so work queued while it runs still wakes us.
    const waiter = waitSeconds > 0 ? this.notifier.subscribe(nodeId) : null;
    const deadline = Date.now() + Math.min(waitSeconds, MAX_POLL_WAIT_SECONDS) * 1000;
    let held = false;
    try {
      for (;;) {
        // The ceiling is read before the scan: it must not cover rows the scan's snapshot cannot see.
        const ceiling = this.ceiling.current;
        const work = await this.repository.poll(nodeId, from);
        const page = pollPage(from, [work.cursor, work.queue], ceiling, NODE_POLL_LIMIT);
        const answer = { wires: page.items.map((item) => item.wire), lastId: page.lastId };
        if (waiter === null) return answer;
        const remaining = deadline - Date.now();
        if (remaining <= 0) return answer;
        if (page.resent !== null && !held) {
          // Once, bounded: under a stream of creates on this node the next page would be above it again.
          held = true;
          if (await this.ceiling.advanceTo(page.resent, Math.min(remaining, CEILING_HOLD_MS))) continue;
        }
        if (answer.wires.length > 0) return answer;
        const woken = await waiter.wait(remaining);
        // A stopping process answers held polls with what it has (the node asks again elsewhere).
        if (this.notifier.stopping || (!woken && Date.now() >= deadline)) return answer;
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
    // The result signature does not cover the gwid: the body's own id binds it to the path.
    if (sent.workload_id !== gwid) {
      throw badRequest(
        `result workload_id ${JSON.stringify(sent.workload_id)} does not match the path's ${gwid}`,
      );
    }
    if (this.config.VERIFY_RESULT_SIGNATURES && !(await verifyResultSignature(sent, nodeId))) {
      throw badRequest('invalid result signature');
    }
    const result: Result = { ...sent, node_id: nodeId, workload_id: gwid };
    const event = { kind: 'node_result', state: nodeResultState(result.state) } as const;
    await this.db.transaction(async (em) => {
      const row = await this.lockOnNode(em, name, nodeId, { kind: 'result', result });
      if (!row) return;
      await this.state.apply(em, row, event, nodeActor(nodeId), {
        mutate: (w, t) =>
          storesResult(t.from, event.state, w.result.epoch > 0)
            ? { ...w, result: { ...result, epoch: t.now } }
            : w,
      });
    });
  }

  /** DELETE confirmation (workloads.md §4.2 #9): idempotent, also for items the node never deployed. */
  async confirmDeleted(nodeId: string, signer: string, gwid: string): Promise<void> {
    assertSigner(nodeId, signer);
    const name = parseGwid(gwid);
    await this.db.transaction(async (em) => {
      const row = await this.lockOnNode(em, name, nodeId, { kind: 'deleted' });
      if (!row) return;
      const deleted = (w: Workload, t: { now: number }): Workload => ({
        ...w,
        result: {
          ...w.result,
          category: w.workload_type,
          workload_id: gwid,
          node_id: nodeId,
          state: ResultState.Deleted,
          // The reference keeps the epoch of an earlier result.
          epoch: w.result.epoch > 0 ? w.result.epoch : t.now,
        },
      });
      await this.state.apply(em, row, { kind: 'node_deleted' }, nodeActor(nodeId), { mutate: deleted });
    });
  }

  /**
   * The new-style workload the gwid names, locked; null when the gwid names a workload derived from
   * a legacy reservation (ids are shared), to which `report` has then been applied.
   */
  private async lockOnNode(
    em: EntityManager,
    name: Gwid,
    nodeId: string,
    report: NodeReport,
  ): Promise<WorkloadEntity | null> {
    const row = await this.workloads.lockById(em, name.id);
    if (!row) {
      await this.reservations.reportFromNode(em, name.id, name.workloadId, nodeId, report, nodeActor(nodeId));
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
