import { ExplorerError, Farm, NextAction, nextActionName, Workload } from '@app/client';
import { Context, EXIT } from '../context';
import { ago } from '../options';
import { historyLine, resultOf, stateOf } from './workload-views';

/** How a watched workload ended, and the exit code it maps to. */
type Outcome = { outcome: 'deployed' | 'deleted' | 'invalid' | 'failed' | 'migrated'; exitCode: number };

const MAX_WAIT_SECONDS = 30;
/** A node whose last uptime report is older than this looks offline (nodes report every ~10 minutes). */
const OFFLINE_AFTER_SECONDS = 15 * 60;

const reported = (w: Workload): boolean => Boolean(w.result && (w.result.workload_id || w.result.epoch));

export function settled(w: Workload): Outcome | null {
  switch (w.next_action) {
    case NextAction.Deploy:
      return reported(w) && w.result.state === 1 ? { outcome: 'deployed', exitCode: EXIT.ok } : null;
    case NextAction.Deleted:
      return reported(w) && w.result.state === 0
        ? { outcome: 'failed', exitCode: EXIT.workloadFailed }
        : { outcome: 'deleted', exitCode: EXIT.ok };
    case NextAction.Invalid:
      return { outcome: 'invalid', exitCode: EXIT.workloadFailed };
    case NextAction.Migrated:
      return { outcome: 'migrated', exitCode: EXIT.ok };
    default:
      return null;
  }
}

/** What the workload waits for, in words; reads the node, farm and pool it depends on. */
class WaitExplainer {
  private farm: Promise<Farm | null> | null = null;

  constructor(
    private readonly ctx: Context,
    private readonly w0: Workload,
  ) {}

  private async host(): Promise<{ farm_id: number; updated: number; online: boolean } | null> {
    try {
      return await this.ctx.client.getNode(this.w0.node_id);
    } catch (error) {
      if (!(error instanceof ExplorerError && error.isNotFound)) throw error;
      return this.ctx.client.getGateway(this.w0.node_id).catch(() => null);
    }
  }

  private farmOf(): Promise<Farm | null> {
    this.farm ??= this.host().then((h) => (h ? this.ctx.client.getFarm(h.farm_id) : null));
    return this.farm;
  }

  private async nodeLiveness(): Promise<string> {
    const host = await this.host();
    if (!host) return `node ${this.w0.node_id} is not in the directory`;
    const stale = Date.now() / 1000 - host.updated > OFFLINE_AFTER_SECONDS;
    return !host.online || stale
      ? `node ${this.w0.node_id} looks offline: last uptime report ${ago(host.updated)}`
      : `node last reported ${ago(host.updated)}`;
  }

  async explain(w: Workload): Promise<string> {
    switch (w.next_action) {
      case NextAction.Sign: {
        const parts: string[] = [];
        const request = w.signing_request_provision;
        const have = new Set((w.signatures_provision ?? []).map((s) => s.tid)).size;
        if (have < request.quorum_min) parts.push(`provision signatures ${have}/${request.quorum_min}`);
        const farm = await this.farmOf();
        if (farm?.require_farmer_signature && !w.signature_farmer?.tid)
          parts.push(`the farmer (tid ${farm.threebot_id}) of farm ${farm.id} "${farm.name}" to sign`);
        return parts.join(' and ') || 'signatures';
      }
      case NextAction.Pay: {
        const pool = await this.ctx.client.getPool(w.pool_id);
        return `pool capacity: pool ${pool.pool_id} has ${Math.round(pool.cus)} CU·s and ${Math.round(pool.sus)} SU·s left (extend it with "explorer pool extend ${pool.pool_id}")`;
      }
      case NextAction.Deploy:
        return `the node's result (${await this.nodeLiveness()})`;
      case NextAction.Delete:
        return `the node to remove it (${await this.nodeLiveness()})`;
      default:
        return nextActionName(w.next_action);
    }
  }
}

/**
 * Follows a workload with the explorer's long poll (`?wait=` + ETag): prints each transition from
 * its history and what it waits for, until it settles; resolves to the exit code.
 */
export async function watchWorkload(ctx: Context, id: number, timeoutSeconds?: number): Promise<number> {
  const { client, out } = ctx;
  const deadline = timeoutSeconds === undefined ? Infinity : Date.now() + timeoutSeconds * 1000;
  let current = await client.getVersionedWorkload(id);
  const explainer = new WaitExplainer(ctx, current.workload);
  let printed = 0;
  let lastWait = '';
  const printHistory = async () => {
    const history = await client.workloadHistory(id);
    for (const entry of history.slice(printed)) {
      out.event({ event: 'transition', id, ...entry });
      out.line(historyLine(ctx, entry));
    }
    printed = history.length;
  };
  await printHistory();
  for (;;) {
    const w = current.workload;
    const end = settled(w);
    if (end) {
      out.event({ event: 'settled', id, outcome: end.outcome, state: stateOf(w), result: w.result });
      const colour = end.exitCode === EXIT.ok ? 'green' : 'red';
      out.line(out.paint(colour, `${end.outcome}: workload ${id} is ${stateOf(w)}, result ${resultOf(w)}`));
      return end.exitCode;
    }
    const waiting = await explainer.explain(w);
    if (waiting !== lastWait) {
      out.event({ event: 'waiting', id, state: stateOf(w), for: waiting });
      if (!out.colours) out.line(`waiting for ${waiting}`);
      lastWait = waiting;
    }
    out.spin(`${stateOf(w)}: waiting for ${waiting}`);
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      out.event({ event: 'timeout', id, state: stateOf(w), for: waiting });
      out.error(`timed out: workload ${id} is still ${stateOf(w)}, waiting for ${waiting}`);
      return EXIT.timeout;
    }
    const next = await client.waitForChange(
      id,
      current.etag,
      Math.max(1, Math.min(MAX_WAIT_SECONDS, Math.ceil(remaining / 1000))),
    );
    if (next) {
      current = next;
      await printHistory();
    }
  }
}
