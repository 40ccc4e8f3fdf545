import type { TestApp } from './app';
import { createUser, makeNode, TestNode, TestUser } from './identities';

/** What nodes and gateways are seeded with: a name for the test, a farm by name, a place. */
interface SeedHost {
  name: string;
  farm: string;
  country: string;
  city: string;
  /** Seconds since the last uptime report (default: just now). */
  silentFor?: number;
}

export interface SeedNode extends SeedHost {
  total?: { cru: number; mru: number; hru: number; sru: number };
  reserved?: { cru: number; mru: number; hru: number; sru: number };
  /** The farmer configures a public interface (it always has both families). */
  publicConfig?: boolean;
}

export interface SeedGateway extends SeedHost {
  domains?: string[];
}

export interface SeededDirectory {
  farmer: TestUser;
  farms: Record<string, number>;
  nodes: Record<string, TestNode>;
  gateways: Record<string, TestNode>;
  /** Seed name of a node or gateway id. */
  nameOf(nodeId: string): string | undefined;
}

async function send(
  t: TestApp,
  signer: { sign(m: string, u: string): Record<string, string> },
  url: string,
  body: unknown,
) {
  const res = await t.request({ method: 'POST', url, headers: signer.sign('POST', url), body });
  if (res.status >= 300) throw new Error(`POST ${url}: ${res.status} ${res.text}`);
}

/** Ages the last uptime report, standing in for time passing. */
async function silence(t: TestApp, table: 'nodes' | 'gateways', host: TestNode, seconds = 0): Promise<void> {
  if (seconds > 0)
    await t.db.query(`UPDATE ${table} SET updated = updated - $2 WHERE node_id = $1`, [host.nodeId, seconds]);
}

/**
 * Registers farms, nodes and gateways through the API as zos and the farmer tools do (signed reports);
 * only the age of the last uptime report is set in SQL, standing in for time passing.
 */
export async function seedDirectory(
  t: TestApp,
  farmNames: { name: string; country: string }[],
  nodes: SeedNode[],
  gateways: SeedGateway[] = [],
): Promise<SeededDirectory> {
  const farmer = await createUser(t);
  const registration = (host: TestNode, spec: SeedHost) => ({
    node_id: host.nodeId,
    farm_id: farms[spec.farm],
    os_version: 'v2.4.0',
    public_key_hex: host.pubkeyHex,
    location: { country: spec.country, city: spec.city, continent: '', latitude: 0, longitude: 0 },
  });
  const farms: Record<string, number> = {};
  for (const farm of farmNames) {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/farms',
      body: {
        threebot_id: farmer.id,
        name: farm.name,
        wallet_addresses: [{ asset: 'TFT', address: 'GBXXX' }],
        location: { country: farm.country, city: '', continent: '', latitude: 0, longitude: 0 },
      },
      headers: farmer.sign('POST', '/api/v1/farms'),
    });
    if (res.status !== 201) throw new Error(`farm ${farm.name}: ${res.status} ${res.text}`);
    farms[farm.name] = res.json<{ id: number }>().id;
  }
  const seededNodes: Record<string, TestNode> = {};
  for (const spec of nodes) {
    const node = makeNode();
    seededNodes[spec.name] = node;
    const base = `/api/v1/nodes/${node.nodeId}`;
    await send(t, node, '/api/v1/nodes', registration(node, spec));
    if (spec.total)
      await send(t, node, `${base}/capacity`, { capacity: spec.total, dmi: {}, disks: {}, hypervisor: [] });
    if (spec.reserved) await send(t, node, `${base}/used_resources`, spec.reserved);
    if (spec.publicConfig)
      await send(t, farmer, `${base}/configure_public`, {
        master: 'eth0',
        type: 0,
        ipv4: '185.69.166.10/24',
        gw4: '185.69.166.1',
        ipv6: '2a02:1802:5e::10/64',
        gw6: '2a02:1802:5e::1',
      });
    await silence(t, 'nodes', node, spec.silentFor);
  }
  const seededGateways: Record<string, TestNode> = {};
  for (const spec of gateways) {
    const gw = makeNode();
    seededGateways[spec.name] = gw;
    await send(t, gw, '/api/v1/gateways', {
      ...registration(gw, spec),
      managed_domains: spec.domains ?? [],
      dns_nameserver: [],
    });
    await silence(t, 'gateways', gw, spec.silentFor);
  }
  const all = { ...seededNodes, ...seededGateways };
  return {
    farmer,
    farms,
    nodes: seededNodes,
    gateways: seededGateways,
    nameOf: (nodeId) => Object.keys(all).find((name) => all[name].nodeId === nodeId),
  };
}
