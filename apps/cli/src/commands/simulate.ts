import { existsSync } from 'node:fs';
import {
  ExplorerClient,
  loadNode,
  NextAction,
  NodeIdentity,
  saveIdentity,
  Workload,
  WORKLOAD_TYPE_NAMES,
} from '@app/client';
import { Context } from '../context';

const UPTIME_EVERY_MS = 60_000;

/**
 * A stand-in 0-OS node for trying the grid without hardware: registers itself on a farm, reports
 * capacity and uptime, long-polls its work, "deploys" what arrives with an `ok` result and confirms
 * deletions. Runs until interrupted.
 */
export async function simulateNode(ctx: Context, farmId: number, keyFile: string): Promise<void> {
  const node = existsSync(keyFile) ? loadNode(keyFile) : NodeIdentity.generate();
  if (!existsSync(keyFile)) saveIdentity(keyFile, node);
  const client: ExplorerClient = ctx.client;
  const location = {
    country: 'Belgium',
    city: 'Ghent',
    continent: 'Europe',
    latitude: 51.05,
    longitude: 3.72,
  };
  await client.registerNode(node, {
    farm_id: farmId,
    os_version: 'simulated',
    hostname: 'simulated-node',
    location,
  });
  await client.reportCapacity(node, { capacity: { cru: 8, mru: 32, hru: 2000, sru: 500 } });
  const started = Date.now();
  await client.reportUptime(node, 0);
  ctx.out.event({ event: 'registered', node_id: node.nodeId, farm_id: farmId });
  ctx.out.line(`simulated node ${node.nodeId} on farm ${farmId} (key ${keyFile}); stop with Ctrl-C`);

  let stopping = false;
  const stop = () => (stopping = true);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let from = 0;
  let lastUptime = Date.now();
  try {
    while (!stopping) {
      const work = await client.poll(node.nodeId, from, 5);
      from = work.lastId + 1;
      for (const w of work.workloads) await handle(ctx, node, w);
      if (Date.now() - lastUptime > UPTIME_EVERY_MS) {
        await client.reportUptime(node, Math.round((Date.now() - started) / 1000));
        lastUptime = Date.now();
      }
    }
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

async function handle(ctx: Context, node: NodeIdentity, w: Workload): Promise<void> {
  const gwid = `${w.id}-${w.workload_id}`;
  const type = WORKLOAD_TYPE_NAMES[w.workload_type];
  if (w.next_action === NextAction.Delete || w.next_action === NextAction.Deleted) {
    await ctx.client.confirmDeletion(node, w);
    ctx.out.event({ event: 'removed', gwid, type });
    ctx.out.line(`removed ${type} ${gwid}`);
    return;
  }
  await ctx.client.reportResult(node, w, { state: 1, data: { id: gwid, simulated: true } });
  ctx.out.event({ event: 'deployed', gwid, type });
  ctx.out.line(`deployed ${type} ${gwid}`);
}
