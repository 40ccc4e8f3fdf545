import {
  deriveWorkloads,
  ExplorerClient,
  gwidOf,
  LegacyReservation,
  nextActionName,
  WORKLOAD_TYPE_NAMES,
} from '@app/client';
import type { Register } from '../main';
import { integer, isoTime, withPaging } from '../options';
import { named, STATE_NUMBERS } from './workload';
import { historyCommand, resultWord, signatureCommand, SignedState, signingLine } from './workload-views';

const itemCount = (r: LegacyReservation): number => deriveWorkloads(r, r.next_action).length;

const reservationState = async (client: ExplorerClient, id: number): Promise<SignedState> => {
  const r = await client.getReservation(id);
  return { data: r, text: `reservation ${id} is now ${nextActionName(r.next_action)}` };
};

/** The derived node workloads, each with the result every node reported for it ('-' before). */
function workloadRows(r: LegacyReservation): unknown[][] {
  const results = r.results ?? [];
  return deriveWorkloads(r, r.next_action).map((w) => {
    const gwid = gwidOf(w.id, w.workload_id);
    const reported = results.find((x) => x.workload_id === gwid && x.node_id === w.node_id);
    return [gwid, WORKLOAD_TYPE_NAMES[w.workload_type], w.node_id, reported ? resultWord(reported) : '-'];
  });
}

export const reservationCommands: Register = (program, run) => {
  const group = program
    .command('reservation')
    .description('multi-workload reservations: list, show, follow the history, sign');

  withPaging(
    group
      .command('list')
      .description('reservations, filtered on the server')
      .option('--customer-tid <tid>', 'customer tid', integer)
      .option(
        '--next-action <state>',
        `next action: ${Object.keys(STATE_NUMBERS).join(', ')}`,
        named(STATE_NUMBERS, 'state'),
      )
      .option('--farm-id <id>', 'with a workload on this farm', integer),
  ).action(
    run(
      async (
        ctx,
        flags: { customerTid?: number; nextAction?: number; farmId?: number; page?: number; size?: number },
      ) => {
        const page = await ctx.client.listReservations(
          { customer_tid: flags.customerTid, next_action: flags.nextAction, farm_id: flags.farmId },
          { page: flags.page, size: flags.size },
        );
        ctx.out.result(page.items, () =>
          ctx.out.table(
            ['ID', 'STATE', 'CUSTOMER', 'WORKLOADS', 'PROVISION BY', 'EXPIRES'],
            page.items.map((r) => [
              r.id,
              nextActionName(r.next_action),
              r.customer_tid,
              itemCount(r),
              isoTime(r.data_reservation.expiration_provisioning),
              isoTime(r.data_reservation.expiration_reservation),
            ]),
            `${page.total} reservation(s), page ${flags.page ?? 1}/${page.pages}`,
          ),
        );
      },
    ),
  );

  group
    .command('show')
    .argument('<id>', 'reservation id', integer)
    .description('one reservation: state, expirations, signatures, its workloads and their results')
    .action(
      run(async (ctx, id: number) => {
        const r = await ctx.client.getReservation(id);
        const d = r.data_reservation;
        ctx.out.result(r, () => {
          ctx.out.fields([
            ['id', r.id],
            ['state', ctx.out.paint('bold', nextActionName(r.next_action))],
            ['customer', r.customer_tid],
            ['description', d.description || '-'],
            ['created', isoTime(r.epoch)],
            ['provision by', isoTime(d.expiration_provisioning)],
            ['expires', isoTime(d.expiration_reservation)],
            [
              'provision signers',
              signingLine(r.signatures_provision, d.signing_request_provision, 'none needed'),
            ],
            ['farmer signatures', (r.signatures_farmer ?? []).map((s) => `tid ${s.tid}`).join(', ') || '-'],
            ['delete signers', signingLine(r.signatures_delete, d.signing_request_delete)],
          ]);
          ctx.out.line('');
          ctx.out.table(['WORKLOAD', 'TYPE', 'NODE', 'RESULT'], workloadRows(r));
        });
      }),
    );

  historyCommand(group, run, 'reservation', (c, id) => c.reservationHistory(id));

  signatureCommand(
    group,
    run,
    'sign-delete',
    'sign the deletion (with the quorum met every node removes its workloads)',
    (c, me, id) => c.signReservationDelete(me, id),
    reservationState,
  );
  signatureCommand(
    group,
    run,
    'sign-provision',
    'add your provision signature (multisig reservations)',
    (c, me, id) => c.signReservationProvision(me, id),
    reservationState,
  );
};
