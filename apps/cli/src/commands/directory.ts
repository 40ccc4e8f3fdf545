import { Command } from 'commander';
import { Gateway, Node } from '@app/client';
import { Context } from '../context';
import type { Register } from '../main';
import { ago, amount, boolean, integer, withPaging } from '../options';
import { simulateNode } from './simulate';

const RESOURCES = ['cru', 'mru', 'hru', 'sru'] as const;

function paging(command: Command): Command {
  return withPaging(command.option('--country <country>').option('--city <city>'));
}

const status = (ctx: Context, host: Node | Gateway): string =>
  host.online ? ctx.out.paint('green', 'online') : ctx.out.paint('yellow', 'offline');

function hostFields(ctx: Context, host: Node | Gateway): [string, unknown][] {
  return [
    ['node id', host.node_id],
    ['farm', host.farm_id],
    ['status', `${status(ctx, host)} (last uptime report ${ago(host.updated)})`],
    ['location', [host.location.city, host.location.country].filter(Boolean).join(', ') || '-'],
    ['os version', host.os_version],
    ['uptime', `${host.uptime}s`],
    ['free to use', host.free_to_use ? 'yes' : 'no'],
  ];
}

const resources = (r: { cru: number; mru: number; hru: number; sru: number }) =>
  `cru ${r.cru}  mru ${r.mru} GiB  hru ${r.hru} GiB  sru ${r.sru} GiB`;

export const directoryCommands: Register = (program, run) => {
  const nodes = program.command('node').description('0-OS nodes of the directory');
  const list = paging(nodes.command('list').description('nodes, filtered on the server'))
    .option('--farm <id>', 'farm id', integer)
    .option('--online <bool>', 'reported uptime recently (true) or not (false)', boolean)
    .option('--deleted', 'include deleted nodes');
  for (const unit of RESOURCES) {
    list.option(`--${unit} <n>`, `total ${unit} at least`, amount);
    list.option(`--free-${unit} <n>`, `free ${unit} (total − reserved) at least`, amount);
  }
  list.action(
    run(async (ctx, flags: Record<string, unknown>) => {
      const filter = Object.fromEntries(
        Object.entries(flags).map(([key, value]) => [
          key.replace(/^free([A-Z])/, (_, c: string) => `free_${c.toLowerCase()}`),
          value,
        ]),
      );
      const page = await ctx.client.listNodes(filter);
      ctx.out.result(page.items, () =>
        ctx.out.table(
          ['NODE ID', 'FARM', 'COUNTRY', 'CITY', 'STATUS', 'CRU', 'MRU', 'SRU', 'HRU', 'UPDATED'],
          page.items.map((n) => [
            n.node_id,
            n.farm_id,
            n.location.country,
            n.location.city,
            status(ctx, n),
            ...(['cru', 'mru', 'sru', 'hru'] as const).map(
              (u) => `${n.total_resources[u] - n.reserved_resources[u]}/${n.total_resources[u]}`,
            ),
            ago(n.updated),
          ]),
          `${page.total} node(s), page ${(flags.page as number | undefined) ?? 1}/${page.pages}; resources free/total`,
        ),
      );
    }),
  );
  nodes
    .command('show')
    .argument('<node_id>')
    .option('--proofs', 'include the hardware proofs')
    .description('one node')
    .action(
      run(async (ctx, nodeId: string, flags: { proofs?: boolean }) => {
        const n = await ctx.client.getNode(nodeId, flags.proofs);
        ctx.out.result(n, () =>
          ctx.out.fields([
            ...hostFields(ctx, n),
            ['hostname', n.hostname],
            ['total', resources(n.total_resources)],
            ['reserved', resources(n.reserved_resources)],
            [
              'workloads',
              Object.entries(n.workloads)
                .filter(([, c]) => c > 0)
                .map(([t, c]) => `${t} ${c}`)
                .join(', ') || 'none',
            ],
            ['public config', n.public_config ? `${n.public_config.ipv4} ${n.public_config.ipv6}` : '-'],
          ]),
        );
      }),
    );

  nodes
    .command('simulate')
    .description(
      'run a stand-in 0-OS node on your farm that deploys whatever it is given (for trying the grid)',
    )
    .requiredOption('--farm <id>', 'farm to register on', integer)
    .option('--key <file>', 'node key file (created when missing)', 'simulated-node.json')
    .action(
      run(async (ctx, flags: { farm: number; key: string }) => simulateNode(ctx, flags.farm, flags.key)),
    );

  const gateways = program.command('gateway').description('gateways of the directory');
  paging(gateways.command('list').description('gateways, filtered on the server'))
    .option('--farm <id>', 'farm id', integer)
    .action(
      run(
        async (
          ctx,
          flags: { farm?: number; country?: string; city?: string; page?: number; size?: number },
        ) => {
          const { farm, ...rest } = flags;
          const page = await ctx.client.listGateways({ ...rest, farm_id: farm });
          ctx.out.result(page.items, () =>
            ctx.out.table(
              ['NODE ID', 'FARM', 'COUNTRY', 'CITY', 'STATUS', 'DOMAINS', 'UPDATED'],
              page.items.map((g) => [
                g.node_id,
                g.farm_id,
                g.location.country,
                g.location.city,
                status(ctx, g),
                g.managed_domains.join(','),
                ago(g.updated),
              ]),
              `${page.total} gateway(s), page ${flags.page ?? 1}/${page.pages}`,
            ),
          );
        },
      ),
    );
  gateways
    .command('show')
    .argument('<node_id>')
    .description('one gateway')
    .action(
      run(async (ctx, nodeId: string) => {
        const g = await ctx.client.getGateway(nodeId);
        ctx.out.result(g, () =>
          ctx.out.fields([
            ...hostFields(ctx, g),
            ['address', g.address],
            ['managed domains', g.managed_domains.join(', ') || '-'],
            ['dns nameservers', g.dns_nameserver.join(', ') || '-'],
            ['tcp router port', g.tcp_router_port],
          ]),
        );
      }),
    );
};
