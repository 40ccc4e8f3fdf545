import { HistoryEntry, nextActionName, Workload, WORKLOAD_TYPE_NAMES } from '@app/client';
import { Context } from '../context';
import { isoTime } from '../options';

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
