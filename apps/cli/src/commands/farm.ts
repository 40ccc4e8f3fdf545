import { Farm } from '@app/client';
import { Context } from '../context';
import type { Register } from '../main';
import { boolean, integer, wallet, withPaging } from '../options';
import { tryUser } from './user';
import { signatureCommand, workloadRow, WORKLOAD_COLUMNS } from './workload-views';

interface FarmFlags {
  name?: string;
  wallet?: { asset: string; address: string }[];
  email?: string;
  country?: string;
  city?: string;
  continent?: string;
  requireFarmerSignature?: boolean;
}

function farmTable(ctx: Context, farms: Farm[], footer?: string): void {
  ctx.out.table(
    ['ID', 'NAME', 'OWNER', 'COUNTRY', 'CITY', 'FARMER SIGNS'],
    farms.map((f) => [
      f.id,
      f.name,
      f.threebot_id,
      f.location.country,
      f.location.city,
      f.require_farmer_signature ? 'yes' : 'no',
    ]),
    footer,
  );
}

function location(flags: FarmFlags) {
  return flags.country || flags.city || flags.continent
    ? { country: flags.country ?? '', city: flags.city ?? '', continent: flags.continent ?? '' }
    : undefined;
}

export const farmCommands: Register = (program, run) => {
  const group = program.command('farm').description("farms, and the farmer's queue of workloads to sign");

  group
    .command('register')
    .description('register a farm owned by your identity')
    .requiredOption('--name <name>', 'unique farm name')
    .requiredOption('--wallet <asset:address>', 'payout address (repeatable), e.g. TFT:GBX...', wallet)
    .option('--email <email>')
    .option('--country <country>')
    .option('--city <city>')
    .option('--continent <continent>')
    .option('--require-farmer-signature', 'workloads on this farm wait for your signature')
    .action(
      run(async (ctx, flags: FarmFlags) => {
        const owner = ctx.user();
        const id = await ctx.client.registerFarm(owner, {
          name: flags.name!,
          wallet_addresses: flags.wallet!,
          email: flags.email,
          location: location(flags),
        });
        // Registration takes no policy: only the signed owner sets it, through the update.
        if (flags.requireFarmerSignature)
          await ctx.client.updateFarm(owner, id, { require_farmer_signature: true });
        const farm = await ctx.client.getFarm(id, owner);
        ctx.out.result(farm, () => farmTable(ctx, [farm]));
      }),
    );

  group
    .command('update')
    .argument('<farm_id>', 'farm id', integer)
    .description('change your farm (omitted fields keep their value)')
    .option('--name <name>')
    .option('--wallet <asset:address>', 'replaces the payout addresses (repeatable)', wallet)
    .option('--email <email>')
    .option('--country <country>')
    .option('--city <city>')
    .option('--continent <continent>')
    .option(
      '--require-farmer-signature <bool>',
      'true: workloads on this farm wait for your signature',
      boolean,
    )
    .action(
      run(async (ctx, farmId: number, flags: FarmFlags) => {
        const owner = ctx.user();
        await ctx.client.updateFarm(owner, farmId, {
          name: flags.name,
          wallet_addresses: flags.wallet,
          email: flags.email,
          location: location(flags),
          require_farmer_signature: flags.requireFarmerSignature,
        });
        const farm = await ctx.client.getFarm(farmId, owner);
        ctx.out.result(farm, () => farmTable(ctx, [farm]));
      }),
    );

  withPaging(
    group
      .command('list')
      .description('farms, optionally by owner or name')
      .option('--owner <tid>', 'owner tid', integer)
      .option('--mine', 'only the farms of your identity')
      .option('--name <name>'),
  ).action(
    run(
      async (ctx, flags: { owner?: number; mine?: boolean; name?: string; page?: number; size?: number }) => {
        const me = flags.mine ? ctx.user() : tryUser(ctx);
        const owner = flags.mine ? me!.tid : flags.owner;
        const page = await ctx.client.listFarms(
          { owner, name: flags.name, page: flags.page, size: flags.size },
          me ?? undefined,
        );
        ctx.out.result(page.items, () =>
          farmTable(ctx, page.items, `${page.total} farm(s), page ${flags.page ?? 1}/${page.pages}`),
        );
      },
    ),
  );

  withPaging(
    group
      .command('pending')
      .argument('<farm_id>', 'farm id', integer)
      .description('the workloads on the farm that wait for signatures (next_action sign)'),
  ).action(
    run(async (ctx, farmId: number, flags: { page?: number; size?: number }) => {
      const page = await ctx.client.farmWorkloads(farmId, { next_action: 1, ...flags });
      ctx.out.result(page.items, () =>
        ctx.out.table(
          WORKLOAD_COLUMNS,
          page.items.map(workloadRow),
          `${page.total} workload(s) wait for signatures`,
        ),
      );
    }),
  );

  signatureCommand(group, run, 'sign', 'approve a workload on your farm (farmer signature)', (c, me, id) =>
    c.signFarmer(me, id),
  );
  signatureCommand(group, run, 'refuse', 'refuse a workload on your farm (it becomes invalid)', (c, me, id) =>
    c.refuseWorkload(me, id),
  );
};
