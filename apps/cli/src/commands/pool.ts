import { Pool } from '@app/client';
import { CliError, Context } from '../context';
import type { Register } from '../main';
import { amount, integer, isoTime, list } from '../options';

/** Go prints max int64 for an idle pool; JSON.parse reads it as a float beyond any date. */
const emptyAt = (p: Pool): string => (p.empty_at >= 9e18 ? 'never (nothing active)' : isoTime(p.empty_at));

function poolTable(ctx: Context, pools: Pool[]): void {
  ctx.out.table(
    ['POOL', 'OWNER', 'CU·s LEFT', 'SU·s LEFT', 'ACTIVE CU', 'ACTIVE SU', 'EMPTY AT', 'NODES'],
    pools.map((p) => [
      p.pool_id,
      p.customer_tid,
      p.cus,
      p.sus,
      p.active_cu,
      p.active_su,
      emptyAt(p),
      (p.node_ids ?? []).length,
    ]),
  );
}

interface Units {
  cus?: number;
  sus?: number;
  cuHours?: number;
  suHours?: number;
}

/** Unit-seconds from --cus/--sus or the friendlier --cu-hours/--su-hours. */
function unitSeconds(flags: Units): { cus: number; sus: number } {
  const cus = flags.cus ?? (flags.cuHours ?? 0) * 3600;
  const sus = flags.sus ?? (flags.suHours ?? 0) * 3600;
  if (cus === 0 && sus === 0)
    throw new CliError('reserve some capacity: --cu-hours/--su-hours (or --cus/--sus in unit-seconds)');
  return { cus: Math.round(cus), sus: Math.round(sus) };
}

const capacityOptions = <T extends import('commander').Command>(c: T): T =>
  c
    .option('--cu-hours <n>', 'compute-unit hours', amount)
    .option('--su-hours <n>', 'storage-unit hours', amount)
    .option('--cus <n>', 'compute-unit seconds', integer)
    .option('--sus <n>', 'storage-unit seconds', integer);

export const poolCommands: Register = (program, run) => {
  const group = program.command('pool').description('capacity pools that pay for workloads');

  capacityOptions(
    group
      .command('create')
      .description('reserve capacity on nodes of one farm (free escrow: credited at once)')
      .requiredOption('--nodes <ids>', 'node ids, comma separated (repeatable)', list),
  ).action(
    run(async (ctx, flags: Units & { nodes: string[] }) => {
      const customer = ctx.user();
      const created = await ctx.client.reserveCapacity(customer, {
        ...unitSeconds(flags),
        node_ids: flags.nodes,
      });
      const pool = await ctx.client.getPool(created.reservation_id);
      ctx.out.result(pool, () => poolTable(ctx, [pool]));
    }),
  );

  capacityOptions(
    group
      .command('extend')
      .argument('<pool_id>', 'pool id', integer)
      .description('add capacity (and nodes) to your pool')
      .option('--nodes <ids>', 'more node ids (the pool keeps its own)', list),
  ).action(
    run(async (ctx, poolId: number, flags: Units & { nodes?: string[] }) => {
      const customer = ctx.user();
      const current = await ctx.client.getPool(poolId);
      const nodeIds = [...new Set([...(current.node_ids ?? []), ...(flags.nodes ?? [])])];
      await ctx.client.reserveCapacity(customer, {
        ...unitSeconds(flags),
        pool_id: poolId,
        node_ids: nodeIds,
      });
      const pool = await ctx.client.getPool(poolId);
      ctx.out.result(pool, () => poolTable(ctx, [pool]));
    }),
  );

  group
    .command('show')
    .argument('<pool_id>', 'pool id', integer)
    .description('one pool, synced to now')
    .action(
      run(async (ctx, poolId: number) => {
        const pool = await ctx.client.getPool(poolId);
        ctx.out.result(pool, () => {
          poolTable(ctx, [pool]);
          ctx.out.line(`nodes: ${(pool.node_ids ?? []).join(', ')}`);
          ctx.out.line(`active workloads: ${(pool.active_workload_ids ?? []).join(', ') || 'none'}`);
        });
      }),
    );

  group
    .command('list')
    .description('the pools of a customer (default: yours)')
    .option('--owner <tid>', 'owner tid', integer)
    .action(
      run(async (ctx, flags: { owner?: number }) => {
        const pools = await ctx.client.listPools(flags.owner ?? ctx.user().tid);
        ctx.out.result(pools, () => poolTable(ctx, pools));
      }),
    );
};
