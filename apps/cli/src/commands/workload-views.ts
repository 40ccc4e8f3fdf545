import { Command } from 'commander';
import {
  ExplorerClient,
  HistoryEntry,
  Identity,
  nextActionName,
  Result,
  SigningRequest,
  Workload,
  WORKLOAD_TYPE_NAMES,
} from '@app/client';
import { Context } from '../context';
import type { Register } from '../main';
import { integer, isoTime } from '../options';

export const WORKLOAD_COLUMNS = ['ID', 'TYPE', 'STATE', 'NODE', 'POOL', 'CUSTOMER', 'RESULT'];

export const stateOf = (w: Workload): string => nextActionName(w.next_action);

const RESULT_STATES = ['error', 'ok', 'deleted'];

/** A node's result in a word (with its message). */
export function resultWord(r: Result): string {
  const state = RESULT_STATES[r.state] ?? String(r.state);
  return r.message ? `${state}: ${r.message}` : state;
}

/** The node's result in a word; '-' until the node reported. */
export function resultOf(w: Workload): string {
  if (!w.result || (!w.result.workload_id && !w.result.epoch)) return '-';
  return resultWord(w.result);
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

/** `n of quorum q (tids)`: the signatures given against a signing request. */
export function signingLine(given: unknown[] | null, request: SigningRequest, noSigners = ''): string {
  return `${given?.length ?? 0} of quorum ${request.quorum_min} (${(request.signers ?? []).join(', ') || noSigners})`;
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
      ['provision signers', signingLine(w.signatures_provision, w.signing_request_provision, 'none needed')],
      ['farmer signature', w.signature_farmer?.tid ? `tid ${w.signature_farmer.tid}` : '-'],
      ['delete signers', signingLine(w.signatures_delete, w.signing_request_delete)],
      ['result', resultOf(w)],
      ['result data', w.result?.data_json ?? '-'],
    ]),
  );
}

export function historyLine(ctx: Context, h: HistoryEntry): string {
  const from = h.from === null ? 'created' : nextActionName(h.from);
  return `${isoTime(h.time)}  ${from} → ${ctx.out.paint('bold', nextActionName(h.to))}  (${h.cause} by ${h.actor})`;
}

/** `<group> history <id>`: every state change of a workload or reservation. */
export function historyCommand(
  group: Command,
  run: Parameters<Register>[1],
  what: string,
  history: (client: ExplorerClient, id: number) => Promise<HistoryEntry[]>,
): void {
  group
    .command('history')
    .argument('<id>', `${what} id`, integer)
    .description('every state change: when, why, by whom')
    .action(
      run(async (ctx, id: number) => {
        const entries = await history(ctx.client, id);
        ctx.out.result(entries, () => entries.forEach((h) => ctx.out.line(historyLine(ctx, h))));
      }),
    );
}

/** What a signature command prints afterwards: the signed object (for `--json`) and its new state. */
export interface SignedState {
  data: unknown;
  text: string;
}

const workloadState = async (client: ExplorerClient, id: number): Promise<SignedState> => {
  const w = await client.getWorkload(id);
  return { data: w, text: `${WORKLOAD_TYPE_NAMES[w.workload_type]} ${id} is now ${stateOf(w)}` };
};

/** `<group> <name> <id>`: one signature by your identity, then the signed object's new state. */
export function signatureCommand(
  group: Command,
  run: Parameters<Register>[1],
  name: string,
  description: string,
  sign: (client: ExplorerClient, me: Identity, id: number) => Promise<unknown>,
  after: (client: ExplorerClient, id: number) => Promise<SignedState> = workloadState,
): void {
  group
    .command(name)
    .argument('<id>', after === workloadState ? 'workload id' : 'reservation id', integer)
    .description(description)
    .action(
      run(async (ctx, id: number) => {
        await sign(ctx.client, ctx.user(), id);
        const state = await after(ctx.client, id);
        ctx.out.result(state.data, () => ctx.out.line(`${name}: ${state.text}`));
      }),
    );
}
