import { Command } from 'commander';
import {
  buildWorkload,
  CREATABLE_TYPES,
  CreatableType,
  ExplorerError,
  NextAction,
  SigningRequest,
  WORKLOAD_TYPE_NAMES,
  WorkloadBase,
} from '@app/client';
import { CliError, EXIT } from '../context';
import type { Register } from '../main';
import { integer, list, withPaging } from '../options';
import { readSpecFile, TYPE_SPECS, typeFields, typeOptions } from './workload-spec';
import {
  historyCommand,
  showWorkload,
  signatureCommand,
  stateOf,
  WORKLOAD_COLUMNS,
  workloadRow,
} from './workload-views';
import { watchWorkload } from './watch';

interface CommonFlags {
  node?: string;
  pool?: number;
  file?: string;
  description?: string;
  metadata?: string;
  provisionSigners?: string[];
  provisionQuorum?: number;
  deleteSigners?: string[];
  deleteQuorum?: number;
  watch?: boolean;
  timeout?: number;
}

export const STATE_NUMBERS: Record<string, number> = Object.fromEntries(
  Object.entries(NextAction)
    .filter(([, v]) => typeof v === 'number')
    .map(([k, v]) => [k.toLowerCase(), v as number]),
);
const TYPE_NUMBERS: Record<string, number> = Object.fromEntries(
  Object.entries(WORKLOAD_TYPE_NAMES).map(([n, name]) => [name, Number(n)]),
);

export function named(table: Record<string, number>, what: string) {
  return (value: string) => {
    const n = table[value] ?? (/^\d+$/.test(value) ? Number(value) : undefined);
    if (n === undefined)
      throw new CliError(`unknown ${what} "${value}" (one of ${Object.keys(table).join(', ')})`);
    return n;
  };
}

function signingRequest(
  signers: string[] | undefined,
  quorum: number | undefined,
  fallback?: SigningRequest,
) {
  if (signers === undefined && quorum === undefined) return fallback;
  const tids = (signers ?? []).map((s) => integer(s));
  return { signers: tids, quorum_min: quorum ?? tids.length };
}

function createCommand(group: Command, type: CreatableType, run: Parameters<Register>[1]): void {
  const options = typeOptions(type);
  const command = group
    .command(type)
    .description(`create ${TYPE_SPECS[type].description}`)
    .option('--file <spec>', 'JSON or YAML file with the fields (flags override it)')
    .option('--node <node_id>', 'node (or gateway) to deploy on')
    .option('--pool <pool_id>', 'capacity pool that pays', integer)
    .option('--description <text>')
    .option('--metadata <text>')
    .option('--provision-signers <tids>', 'tids whose signatures are needed to deploy', list)
    .option('--provision-quorum <n>', 'how many of them (default: all)', integer)
    .option('--delete-signers <tids>', 'tids allowed to delete (default: you)', list)
    .option('--delete-quorum <n>', 'how many of them (default: all)', integer)
    .option('--watch', 'follow the workload until it settles (see workload watch)')
    .option('--timeout <seconds>', 'with --watch: give up after this long (exit 7)', integer);
  for (const { option } of options) command.addOption(option);
  command.action(
    run(async (ctx, flags: CommonFlags & Record<string, unknown>) => {
      const customer = ctx.user();
      const file = flags.file ? readSpecFile(flags.file) : {};
      const {
        node_id,
        pool_id,
        description,
        metadata,
        signing_request_provision,
        signing_request_delete,
        ...rest
      } = file;
      const nodeId = flags.node ?? (node_id as string | undefined);
      const poolId = flags.pool ?? (pool_id as number | undefined);
      if (!nodeId || poolId === undefined)
        throw new CliError(
          'say where it runs and who pays: --node and --pool (or node_id/pool_id in --file)',
        );
      const base: WorkloadBase = {
        node_id: nodeId,
        pool_id: poolId,
        customer_tid: customer.tid,
        description: flags.description ?? (description as string | undefined),
        metadata: flags.metadata ?? (metadata as string | undefined),
        signing_request_provision: signingRequest(
          flags.provisionSigners,
          flags.provisionQuorum,
          signing_request_provision as SigningRequest,
        ),
        signing_request_delete: signingRequest(
          flags.deleteSigners,
          flags.deleteQuorum,
          signing_request_delete as SigningRequest,
        ),
      };
      const workload = buildWorkload(type, base, typeFields(type, rest, flags, options) as never);
      let id: number;
      try {
        id = await ctx.client.createWorkload(customer, workload);
      } catch (error) {
        // Under-funded: the reference stores it invalid and answers 402 with its id.
        const rejected = error instanceof ExplorerError && error.status === 402;
        const stored = rejected ? (error.body as { reservation_id?: number }).reservation_id : undefined;
        if (stored !== undefined)
          throw new CliError(
            `the pool cannot pay for it: workload ${stored} was stored invalid (${(error as ExplorerError).error})`,
            EXIT.rejected,
          );
        throw error;
      }
      if (flags.watch) return watchWorkload(ctx, id, flags.timeout);
      const stored = await ctx.client.getWorkload(id);
      ctx.out.result({ reservation_id: id, workload: stored }, () => {
        ctx.out.line(
          `created ${type} ${ctx.out.paint('bold', String(id))}: ${WORKLOAD_TYPE_NAMES[stored.workload_type]} on ${stored.node_id}, state ${ctx.out.paint('bold', stateOf(stored))}`,
        );
        ctx.out.line(`follow it with: explorer workload watch ${id}`);
      });
    }),
  );
}

export const workloadCommands: Register = (program, run) => {
  const group = program.command('workload').description('reserve, follow and delete workloads');

  const create = group.command('create').description(`create a workload: ${CREATABLE_TYPES.join(', ')}`);
  for (const type of CREATABLE_TYPES) createCommand(create, type, run);

  group
    .command('show')
    .argument('<id>', 'workload id', integer)
    .description('one workload: state, signatures, result')
    .action(run(async (ctx, id: number) => showWorkload(ctx, await ctx.client.getWorkload(id))));

  withPaging(
    group
      .command('list')
      .description('workloads, filtered on the server')
      .option('--mine', 'only yours')
      .option('--customer <tid>', 'customer tid', integer)
      .option(
        '--state <state>',
        `next action: ${Object.keys(STATE_NUMBERS).join(', ')}`,
        named(STATE_NUMBERS, 'state'),
      )
      .option('--type <type>', 'workload type name', named(TYPE_NUMBERS, 'type'))
      .option('--node <node_id>')
      .option('--pool <pool_id>', 'pool id', integer),
  ).action(
    run(
      async (
        ctx,
        flags: {
          mine?: boolean;
          customer?: number;
          state?: number;
          type?: number;
          node?: string;
          pool?: number;
          page?: number;
          size?: number;
        },
      ) => {
        const page = await ctx.client.listWorkloads({
          customer_tid: flags.mine ? ctx.user().tid : flags.customer,
          next_action: flags.state,
          workload_type: flags.type,
          node_id: flags.node,
          pool_id: flags.pool,
          page: flags.page,
          size: flags.size,
        });
        ctx.out.result(page.items, () =>
          ctx.out.table(
            WORKLOAD_COLUMNS,
            page.items.map(workloadRow),
            `${page.total} workload(s), page ${flags.page ?? 1}/${page.pages}`,
          ),
        );
      },
    ),
  );

  historyCommand(group, run, 'workload', (c, id) => c.workloadHistory(id));

  signatureCommand(
    group,
    run,
    'sign-delete',
    'sign the deletion (with the quorum met the node removes it)',
    (c, me, id) => c.signDelete(me, id),
  );
  signatureCommand(
    group,
    run,
    'sign-provision',
    'add your provision signature (multisig deployments)',
    (c, me, id) => c.signProvision(me, id),
  );

  group
    .command('watch')
    .argument('<id>', 'workload id', integer)
    .description('follow the state live until deployed with a result, deleted or invalid')
    .option('--timeout <seconds>', 'give up after this long (exit 7)', integer)
    .action(
      run(async (ctx, id: number, flags: { timeout?: number }) => watchWorkload(ctx, id, flags.timeout)),
    );
};
