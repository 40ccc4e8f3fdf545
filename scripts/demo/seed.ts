import { randomBytes } from 'node:crypto';
import {
  container,
  ExplorerClient,
  ExplorerError,
  Identity,
  NodeIdentity,
  nextActionName,
  subdomain,
  volume,
  Workload,
  zdb,
} from '@app/client';

/** A small realistic grid, seeded only through the public API (the SDK), so any running explorer can take it. */
interface FarmPlan {
  name: string;
  country: string;
  city: string;
  continent: string;
  latitude: number;
  longitude: number;
  nodes: number;
  requireFarmerSignature?: boolean;
}

const FARMS: FarmPlan[] = [
  {
    name: 'ghent-dc',
    country: 'Belgium',
    city: 'Ghent',
    continent: 'Europe',
    latitude: 51.05,
    longitude: 3.72,
    nodes: 3,
  },
  {
    name: 'cairo-hub',
    country: 'Egypt',
    city: 'Cairo',
    continent: 'Africa',
    latitude: 30.04,
    longitude: 31.24,
    nodes: 2,
  },
  {
    name: 'vienna-rack',
    country: 'Austria',
    city: 'Vienna',
    continent: 'Europe',
    latitude: 48.21,
    longitude: 16.37,
    nodes: 2,
    requireFarmerSignature: true,
  },
  {
    name: 'arusha-farm',
    country: 'Tanzania',
    city: 'Arusha',
    continent: 'Africa',
    latitude: -3.37,
    longitude: 36.68,
    nodes: 1,
  },
];

export interface DemoGrid {
  users: number;
  farms: number[];
  nodes: string[];
  gateway: string;
  pools: number[];
  /** Workload ids by the state they were left in. */
  workloads: Record<string, number[]>;
}

export async function seedDemo(
  client: ExplorerClient,
  log: (line: string) => void = () => undefined,
): Promise<DemoGrid> {
  const tag = randomBytes(3).toString('hex');
  const user = async (name: string) => {
    const identity = Identity.generate();
    await client.registerUser(identity, { name: `${name}-${tag}.3bot`, email: `${name}-${tag}@example.com` });
    return identity;
  };
  const [alice, bob, carol] = [await user('alice'), await user('bob'), await user('carol')];
  const farmers = [
    await user('farmer-ghent'),
    await user('farmer-cairo'),
    await user('farmer-vienna'),
    await user('farmer-arusha'),
  ];
  log(
    `users: alice ${alice.tid}, bob ${bob.tid}, carol ${carol.tid}, farmers ${farmers.map((f) => f.tid).join(', ')}`,
  );

  const farms: number[] = [];
  const nodesByFarm: NodeIdentity[][] = [];
  for (const [i, plan] of FARMS.entries()) {
    const location = {
      country: plan.country,
      city: plan.city,
      continent: plan.continent,
      latitude: plan.latitude,
      longitude: plan.longitude,
    };
    const farmId = await client.registerFarm(farmers[i], {
      name: `${plan.name}-${tag}`,
      wallet_addresses: [{ asset: 'TFT', address: `G${randomBytes(20).toString('hex').toUpperCase()}` }],
      location,
      email: `${plan.name}-${tag}@example.com`,
    });
    if (plan.requireFarmerSignature)
      await client.updateFarm(farmers[i], farmId, { require_farmer_signature: true });
    const nodes: NodeIdentity[] = [];
    for (let n = 0; n < plan.nodes; n++) {
      const node = NodeIdentity.generate();
      await client.registerNode(node, {
        farm_id: farmId,
        os_version: 'v2.4.1',
        hostname: `${plan.name}-${n + 1}`,
        location,
      });
      await client.reportCapacity(node, {
        capacity: { cru: 8 * (n + 1), mru: 32 * (n + 1), hru: 4000, sru: 500 * (n + 1) },
      });
      await client.reportUptime(node, 3600 * 24 * (n + 3));
      await client.reportInterfaces(node, [
        { name: 'zos', addrs: [`10.${i}.${n}.2/24`], gateway: [`10.${i}.${n}.1`], macaddress: '' },
      ]);
      nodes.push(node);
    }
    farms.push(farmId);
    nodesByFarm.push(nodes);
    log(
      `farm ${farmId} ${plan.name} (${plan.city}, ${plan.country}): ${nodes.length} node(s)${plan.requireFarmerSignature ? ', farmer signs workloads' : ''}`,
    );
  }

  const gateway = NodeIdentity.generate();
  await client.registerGateway(gateway, {
    farm_id: farms[0],
    os_version: 'v2.4.1',
    location: { country: 'Belgium', city: 'Ghent', continent: 'Europe', latitude: 51.05, longitude: 3.72 },
    managed_domains: [`gw-${tag}.example.com`],
    dns_nameserver: ['ns1.example.com'],
    tcp_router_port: 18000,
  });
  await client.reportGatewayUptime(gateway, 3600 * 12);
  log(`gateway ${gateway.nodeId} managing gw-${tag}.example.com`);

  const [ghent, cairo, vienna] = nodesByFarm;
  const pool = async (owner: Identity, nodes: NodeIdentity[], unitHours: number) =>
    (
      await client.reserveCapacity(owner, {
        cus: unitHours * 3600,
        sus: unitHours * 3600,
        node_ids: nodes.map((n) => n.nodeId),
      })
    ).reservation_id;
  const alicePool = await pool(alice, ghent, 10_000);
  const bobPool = await pool(bob, cairo, 5_000);
  const carolPool = await pool(carol, vienna, 2_000);
  const smallPool = await pool(bob, ghent, 0.01);
  const gatewayPool = await pool(alice, [gateway], 100);
  log(`pools: ${[alicePool, bobPool, carolPool, smallPool, gatewayPool].join(', ')}`);

  const byState: Record<string, number[]> = {};
  const note = (id: number, w: Workload) => (byState[nextActionName(w.next_action)] ??= []).push(id);
  const base = (owner: Identity, node: NodeIdentity, poolId: number, description: string) => ({
    node_id: node.nodeId,
    pool_id: poolId,
    customer_tid: owner.tid,
    description,
  });
  const deploy = async (owner: Identity, w: Workload, node: NodeIdentity, outcome: 'ok' | 'error' = 'ok') => {
    const id = await client.createWorkload(owner, w);
    const stored = await client.getWorkload(id);
    await client.reportResult(
      node,
      stored,
      outcome === 'ok'
        ? { state: 1, data: { id: `${id}-1`, ip: '10.0.0.5' } }
        : { state: 0, message: 'flist download failed' },
    );
    return id;
  };

  // Running: a container, a zdb and a volume, each with the node's result.
  await deploy(
    alice,
    container(base(alice, ghent[0], alicePool, 'web frontend'), {
      flist: 'https://hub.grid.tf/tf-official-apps/caddy.flist',
      capacity: { cpu: 2, memory: 2048, disk_size: 10240, disk_type: 1 },
      environment: { DOMAIN: 'demo.example.com' },
    }),
    ghent[0],
  );
  await deploy(
    alice,
    zdb(base(alice, ghent[1], alicePool, 'backup namespace'), { size: 50, password: 'secret', mode: 0 }),
    ghent[1],
  );
  await deploy(bob, volume(base(bob, cairo[0], bobPool, 'database disk'), 20), cairo[0]);
  await deploy(
    alice,
    subdomain(base(alice, gateway, gatewayPool, 'web frontend name'), `web.gw-${tag}.example.com`, [
      '10.0.0.5',
    ]),
    gateway,
  );

  // Deleted: customer signed the deletion and the node confirmed. In delete: signed, node not yet done.
  const gone = await deploy(bob, volume(base(bob, cairo[1], bobPool, 'scratch disk'), 5), cairo[1]);
  await client.signDelete(bob, gone);
  await client.confirmDeletion(cairo[1], await client.getWorkload(gone));
  const leaving = await deploy(alice, volume(base(alice, ghent[2], alicePool, 'old logs'), 8), ghent[2]);
  await client.signDelete(alice, leaving);

  // A failed deployment: the node reported an error, the workload is on its way out.
  await deploy(
    bob,
    container(base(bob, cairo[0], bobPool, 'broken image'), {
      flist: 'https://hub.grid.tf/nobody/missing.flist',
      capacity: { cpu: 1, memory: 512, disk_size: 1024, disk_type: 1 },
    }),
    cairo[0],
    'error',
  );

  // Waiting for signatures: the Vienna farmer signs workloads; one multisig waits for bob.
  await client.createWorkload(carol, volume(base(carol, vienna[0], carolPool, 'waits for the farmer'), 10));
  await client.createWorkload(
    alice,
    zdb(
      {
        ...base(alice, ghent[0], alicePool, 'needs bob too'),
        signing_request_provision: { signers: [alice.tid, bob.tid], quorum_min: 2 },
      },
      { size: 5 },
    ),
  );
  const approved = await client.createWorkload(
    carol,
    volume(base(carol, vienna[1], carolPool, 'approved by the farmer'), 4),
  );
  await client.signFarmer(farmers[2], approved);
  const refused = await client.createWorkload(
    carol,
    volume(base(carol, vienna[1], carolPool, 'refused by the farmer'), 400),
  );
  await client.refuseWorkload(farmers[2], refused);

  // Waiting for capacity: bob approved a multisig workload his tiny pool cannot pay for.
  const unpaid = await client.createWorkload(
    bob,
    volume(
      {
        ...base(bob, ghent[1], smallPool, 'pool too small'),
        signing_request_provision: { signers: [bob.tid], quorum_min: 1 },
      },
      500,
    ),
  );
  await client.signProvision(bob, unpaid);

  // Under-funded at create: stored invalid, answered 402.
  try {
    await client.createWorkload(bob, volume(base(bob, ghent[2], smallPool, 'never funded'), 1000));
  } catch (error) {
    if (!(error instanceof ExplorerError && error.status === 402)) throw error;
  }

  const all = await client.listWorkloads({ size: 1000, customer_tid: undefined });
  const ours = new Set([alice.tid, bob.tid, carol.tid]);
  for (const w of all.items) if (ours.has(w.customer_tid)) note(w.id, w);
  log(
    `workloads: ${Object.entries(byState)
      .map(([state, ids]) => `${ids.length} ${state}`)
      .join(', ')}`,
  );
  return {
    users: 3 + farmers.length,
    farms,
    nodes: nodesByFarm.flat().map((n) => n.nodeId),
    gateway: gateway.nodeId,
    pools: [alicePool, bobPool, carolPool, smallPool, gatewayPool],
    workloads: byState,
  };
}
