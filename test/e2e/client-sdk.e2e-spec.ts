import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import {
  ExplorerClient,
  ExplorerError,
  ExplorerUnreachableError,
  Identity,
  loadIdentity,
  loadNode,
  loadUser,
  NextAction,
  NodeIdentity,
  saveIdentity,
  volume,
  Workload,
} from '@app/client';
import { startTestApp, TestApp } from '../setup/app';
import { listen } from '../setup/listening';

/** The SDK against the booted app over real HTTP, with strict signatures (request-target, digest). */
describe('client SDK over HTTP', () => {
  let t: TestApp;
  let client: ExplorerClient;
  const customer = Identity.generate();
  const farmer = Identity.generate();
  const node = NodeIdentity.generate();
  const gateway = NodeIdentity.generate();
  let farmId: number;
  let poolId: number;

  beforeAll(async () => {
    t = await startTestApp();
    client = new ExplorerClient(await listen(t));
    await client.registerUser(customer, { name: `cust${Date.now()}`, email: 'c@example.com' });
    await client.registerUser(farmer, { name: `farmer${Date.now()}`, email: 'f@example.com' });
    farmId = await client.registerFarm(farmer, {
      name: `farm${Date.now()}`,
      wallet_addresses: [{ asset: 'TFT', address: 'GSDK' }],
      location: { country: 'Belgium', city: 'Ghent' },
    });
    await client.registerNode(node, {
      farm_id: farmId,
      os_version: 'v2.0.0',
      location: { country: 'Belgium', city: 'Ghent' },
    });
  });
  afterAll(() => t.close());

  it('key files: 0600, round trip, the seed never printed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keys-'));
    const userFile = join(dir, 'user.json');
    const nodeFile = join(dir, 'node.json');
    saveIdentity(userFile, customer);
    saveIdentity(nodeFile, node);
    expect(statSync(userFile).mode & 0o777).toBe(0o600);
    expect(() => saveIdentity(userFile, customer)).toThrow(/refusing to overwrite/);
    const seed = (JSON.parse(readFileSync(userFile, 'utf8')) as { seed: string }).seed;
    expect(loadUser(userFile)).toMatchObject({ tid: customer.tid, pubkeyHex: customer.pubkeyHex });
    expect(loadNode(nodeFile).nodeId).toBe(node.nodeId);
    expect(() => loadNode(userFile)).toThrow(/user key/);
    for (const printed of [
      inspect(customer),
      JSON.stringify(customer),
      String(inspect(loadIdentity(userFile))),
    ])
      expect(printed).not.toContain(seed);
  });

  it('phonebook: emails only for signed reads, update signed by the stored key, validate', async () => {
    expect((await client.getUser(customer.tid)).email).toBe('');
    expect((await client.getUser(customer.tid, farmer)).email).toBe('c@example.com');
    await client.updateUser(customer, {
      name: (await client.getUser(customer.tid)).name,
      email: 'new@example.com',
    });
    expect((await client.getUser(customer.tid, customer)).email).toBe('new@example.com');
    const payload = Buffer.from('hello').toString('hex');
    expect(
      await client.validateSignature(customer.tid, payload, customer.signHex(Buffer.from('hello'))),
    ).toBe(true);
    expect(await client.validateSignature(customer.tid, payload, farmer.signHex(Buffer.from('hello')))).toBe(
      false,
    );
    const page = await client.listUsers({ size: 1 });
    expect(page.items).toHaveLength(1);
    expect(page.total).toBeGreaterThanOrEqual(2);
    expect(page.pages).toBe(page.total);
  });

  it('directory: the node side reports, the farmer configures, filters apply on the server', async () => {
    await client.reportCapacity(node, { capacity: { cru: 8, mru: 32, hru: 1000, sru: 250 } });
    await client.reportUptime(node, 3600);
    await client.reportInterfaces(node, [
      { name: 'eth0', addrs: ['10.0.0.2/24'], gateway: ['10.0.0.1'], macaddress: '' },
    ]);
    await client.reportPorts(node, [6000, 6001]);
    await client.reportUsedResources(node, { cru: 1, mru: 2, hru: 0, sru: 10 });
    await client.configureFree(farmer, node.nodeId, true);
    const shown = await client.getNode(node.nodeId);
    expect(shown).toMatchObject({ farm_id: farmId, online: true, free_to_use: true, wg_ports: [6000, 6001] });
    expect(shown.total_resources).toEqual({ cru: 8, mru: 32, hru: 1000, sru: 250 });
    expect((await client.listNodes({ farm: farmId, free_sru: 240 })).items.map((n) => n.node_id)).toEqual([
      node.nodeId,
    ]);
    expect((await client.listNodes({ farm: farmId, free_sru: 241 })).items).toEqual([]);

    await client.registerGateway(gateway, {
      farm_id: farmId,
      os_version: 'v2',
      managed_domains: ['gw.example.com'],
      location: { country: 'Belgium', city: 'Ghent' },
    });
    await client.reportGatewayUptime(gateway, 10);
    await client.reportGatewayReservedResources(gateway, { cru: 0, mru: 0, hru: 0, sru: 0 });
    expect((await client.listGateways({ farm_id: farmId })).items.map((g) => g.node_id)).toEqual([
      gateway.nodeId,
    ]);
    expect((await client.getGateway(gateway.nodeId)).managed_domains).toEqual(['gw.example.com']);

    const farms = await client.listFarms({ owner: farmer.tid }, customer);
    expect(farms.items.map((f) => [f.id, f.email])).toEqual([[farmId, '']]);
    await client.updateFarm(farmer, farmId, { require_farmer_signature: true, email: 'farm@example.com' });
    expect(await client.getFarm(farmId, customer)).toMatchObject({
      require_farmer_signature: true,
      email: 'farm@example.com',
    });
  });

  it('typed errors: status and the server text; unreachable is its own error', async () => {
    const missing = await client.getNode('nope').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ExplorerError);
    expect(missing).toMatchObject({ status: 404, isNotFound: true });
    const foreign = await client.updateFarm(customer, farmId, { name: 'stolen' }).catch((e: unknown) => e);
    expect(foreign).toMatchObject({ status: 403 });
    expect((foreign as ExplorerError).error).not.toBe('');
    const down = await new ExplorerClient('http://127.0.0.1:1').health().catch((e: unknown) => e);
    expect(down).toBeInstanceOf(ExplorerUnreachableError);
  });

  it('signed requests bind path and body: the same headers fail on another path or body', async () => {
    const path = `/api/v1/farms/${farmId}`;
    const body = JSON.stringify({ email: 'bound@example.com' });
    const headers = farmer.signRequest('PUT', path, body);
    expect(headers.authorization).toContain('headers="(created) date threebot-id (request-target) digest"');
    const send = (url: string, payload: string) =>
      t.request({
        method: 'PUT',
        url,
        body: payload,
        headers: { ...headers, 'content-type': 'application/json' },
      });
    expect((await send(path, JSON.stringify({ email: 'other@example.com' }))).status).toBe(401);
    expect((await send(`/explorer/farms/${farmId}`, body)).status).toBe(401);
    expect((await send(path, body)).status).toBe(200);
  });

  it('pools, a workload through sign (farmer) -> deploy -> result -> delete -> deleted, waited on', async () => {
    const created = await client.reserveCapacity(customer, { cus: 1e7, sus: 1e7, node_ids: [node.nodeId] });
    poolId = created.reservation_id;
    await client.reserveCapacity(customer, { pool_id: poolId, cus: 100, sus: 100, node_ids: [node.nodeId] });
    expect(await client.getPool(poolId)).toMatchObject({ cus: 1e7 + 100, customer_tid: customer.tid });
    expect((await client.listPools(customer.tid)).map((p) => p.pool_id)).toEqual([poolId]);

    const id = await client.createWorkload(
      customer,
      volume({ node_id: node.nodeId, pool_id: poolId, customer_tid: customer.tid }, 5),
    );
    const first = await client.getVersionedWorkload(id);
    expect(first.workload.next_action).toBe(NextAction.Sign);
    expect(
      (await client.farmWorkloads(farmId, { next_action: NextAction.Sign })).items.map((w) => w.id),
    ).toEqual([id]);
    expect(await client.waitForChange(id, first.etag, 1)).toBeNull();

    const woken = client.waitForChange(id, first.etag, 20);
    await client.signFarmer(farmer, id);
    const deployed = await woken;
    expect(deployed?.workload.next_action).toBe(NextAction.Deploy);

    const polled = await client.poll(node.nodeId, 0);
    expect(polled.workloads.map((w) => w.id)).toEqual([id]);
    expect(polled.lastId).toBeGreaterThanOrEqual(id);
    await client.reportResult(node, polled.workloads[0], { state: 1, data: { volume_id: `v-${id}` } });
    const withResult = await client.getWorkloadByGwid(`${id}-1`);
    expect(withResult.result).toMatchObject({ state: 1, data_json: `{"volume_id":"v-${id}"}` });

    const states: number[] = [];
    const watching = (async () => {
      for await (const w of client.watchWorkload(id, (x: Workload) => x.next_action === NextAction.Deleted))
        states.push(w.next_action);
    })();
    await client.signDelete(customer, id);
    const again = await client.poll(node.nodeId, 0);
    await client.confirmDeletion(
      node,
      again.workloads.find((w) => w.id === id)!,
    );
    await watching;
    expect(states[0]).toBe(NextAction.Deploy);
    expect(states[states.length - 1]).toBe(NextAction.Deleted);
    const history = await client.workloadHistory(id);
    expect(history.map((h) => h.to)).toEqual([
      NextAction.Sign,
      NextAction.Deploy,
      NextAction.Delete,
      NextAction.Deleted,
    ]);
    expect(
      (await client.listWorkloads({ customer_tid: customer.tid, next_action: NextAction.Deleted })).total,
    ).toBe(1);
  });

  it('a refused workload becomes invalid; under-funded creates answer 402 with the stored id', async () => {
    const id = await client.createWorkload(
      customer,
      volume({ node_id: node.nodeId, pool_id: poolId, customer_tid: customer.tid }, 1),
    );
    await client.refuseWorkload(farmer, id);
    expect((await client.getWorkload(id)).next_action).toBe(NextAction.Invalid);
    await client.updateFarm(farmer, farmId, { require_farmer_signature: false });
    const small = await client.reserveCapacity(customer, { cus: 1, sus: 1, node_ids: [node.nodeId] });
    const poor = await client
      .createWorkload(
        customer,
        volume({ node_id: node.nodeId, pool_id: small.reservation_id, customer_tid: customer.tid }, 100),
      )
      .catch((e: unknown) => e);
    expect(poor).toMatchObject({ status: 402, body: { reservation_id: expect.any(Number) } });
  });

  it('stats and health', async () => {
    expect(await client.health()).toEqual({ status: 'ok' });
    const stats = await client.stats();
    expect(stats.nodes.total).toBeGreaterThanOrEqual(1);
    expect(stats.farms).toBeGreaterThanOrEqual(1);
  });
});
