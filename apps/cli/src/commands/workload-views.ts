import { Command } from 'commander';
import {
  ExplorerClient,
  HistoryEntry,
  Identity,
  nextActionName,
  Workload,
  WORKLOAD_TYPE_NAMES,
} from '@app/client';
import { Context } from '../context';
import type { Register } from '../main';
import { integer, isoTime } from '../options';

export const WORKLOAD_COLUMNS = ['ID', 'TYPE', 'STATE', 'NODE', 'POOL', 'CUSTOMER', 'RESULT'];

export const stateOf = (w: Workload): string => nextActionName(w.next_action);

const RESULT_STATES = ['error', 'ok', 'deleted'];

/** The node's result in a word; '-' until the node reported. */
export function resultOf(w: Workload): string {
  if (!w.result || (!w.result.workload_id && !w.result.epoch)) return '-';
  const state = RESULT_STATES[w.result.state] ?? String(w.result.state);
  return w.result.message ? `${state}: ${w.result.message}` : state;
}

export function workloadRow(w: Workload): unknown[] {
  return [
    w.id,
    WORKLOAD_TYPE_NAMES[w.workload_type],
    stateOf(w),
    w.node_id,
    w.pool_id,
    w.customer_tid,
    resultOf(w),
  ];
}

export function showWorkload(ctx: Context, w: Workload): void {
  ctx.out.result(w, () =>
    ctx.out.fields([
      ['id', w.id],
      ['type', WORKLOAD_TYPE_NAMES[w.workload_type]],
      ['state', ctx.out.paint('bold', stateOf(w))],
      ['node', w.node_id],
      ['pool', w.pool_id],
      ['customer', w.customer_tid],
      ['created', isoTime(w.epoch)],
      [
        'provision signers',
        `${w.signatures_provision?.length ?? 0} of quorum ${w.signing_request_provision.quorum_min} (${(w.signing_request_provision.signers ?? []).join(', ') || 'none needed'})`,
      ],
      ['farmer signature', w.signature_farmer?.tid ? `tid ${w.signature_farmer.tid}` : '-'],
      [
        'delete signers',
        `${w.signatures_delete?.length ?? 0} of quorum ${w.signing_request_delete.quorum_min} (${(w.signing_request_delete.signers ?? []).join(', ')})`,
      ],
      ['result', resultOf(w)],
      ['result data', w.result?.data_json ?? '-'],
    ]),
  );
}

export function historyLine(ctx: Context, h: HistoryEntry): string {
  const from = h.from === null ? 'created' : nextActionName(h.from);
  return `${isoTime(h.time)}  ${from} → ${ctx.out.paint('bold', nextActionName(h.to))}  (${h.cause} by ${h.actor})`;
}

/** `<group> <name> <workload_id>`: one signature by your identity, then the workload's new state. */
export function signatureCommand(
  group: Command,
  run: Parameters<Register>[1],
  name: string,
  description: string,
  sign: (client: ExplorerClient, me: Identity, id: number) => Promise<unknown>,
): void {
  group
    .command(name)
    .argument('<workload_id>', 'workload id', integer)
    .description(description)
    .action(
      run(async (ctx, id: number) => {
        await sign(ctx.client, ctx.user(), id);
        const w = await ctx.client.getWorkload(id);
        ctx.out.result(w, () =>
          ctx.out.line(
            `${name}: ${WORKLOAD_TYPE_NAMES[w.workload_type]} ${id} is now ${ctx.out.paint('bold', stateOf(w))}`,
          ),
        );
      }),
    );
}
