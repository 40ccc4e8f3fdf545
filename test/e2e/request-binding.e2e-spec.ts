import { setTimeout as sleep } from 'node:timers/promises';
import { KeyPair, signRequestHeaders, signResult } from '@app/crypto';
import { volume } from '@app/client';
import { startTestApp, TestApp } from '../setup/app';
import { createUser, makeNode, TestNode, TestUser } from '../fixtures/identities';
import { capacityReservation } from '../fixtures/pools';
import { Customer, newCustomer, newPool } from '../fixtures/workloads';

/**
 * Requests bound to what they do: the probes of a captured header set replayed elsewhere, a replayed
 * capacity reservation, a result body sent to another workload, farm registration by the owner.
 */

const REPLAYED = { error: 'unauthorized access: signature already used on another method or path' };
/** Past the grace period these tests configure (1 s). */
const afterGrace = () => sleep(1_100);

interface World {
  farmer: Customer;
  customer: Customer;
  farmId: number;
  node: TestNode;
  poolId: number;
}

type Signer = { id: number; keys: KeyPair } | TestNode;

/** Sends `body` (strings as they are) signed with `(request-target)` and `digest`, as strict mode wants. */
function bound(t: TestApp, by: Signer, method: 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown) {
  const text = body === undefined || typeof body === 'string' ? body : JSON.stringify(body);
  const headers = signRequestHeaders({
    keyId: 'nodeId' in by ? by.nodeId : String(by.id),
    secretKey: by.keys.secretKey,
    method,
    url,
    body: text,
    extraHeaders: text === undefined ? ['(request-target)'] : ['(request-target)', 'digest'],
  });
  return t.request({ method, url, body: text, headers });
}

/** A farm with one node and a funded pool of a customer, every write bound to its request. */
async function world(t: TestApp): Promise<World> {
  const farmer = await newCustomer(t);
  const customer = await newCustomer(t);
  const farm = await bound(t, farmer.user, 'POST', '/api/v1/farms', {
    threebot_id: farmer.user.id,
    name: `farm${farmer.user.id}`,
    wallet_addresses: [{ asset: 'TFT', address: 'GABC' }],
  });
  expect(farm.status).toBe(201);
  const farmId = farm.json<{ id: number }>().id;
  const node = makeNode();
  const registered = await bound(t, node, 'POST', '/api/v1/nodes', {
    node_id: node.nodeId,
    farm_id: farmId,
    public_key_hex: node.pubkeyHex,
    os_version: 'v2.0.0',
    hostname: 'n',
    location: { city: 'Ghent', country: 'Belgium', continent: 'Europe', latitude: 51, longitude: 3.7 },
  });
  expect(registered.status).toBe(201);
  const poolId = await newPool(t, customer, [node.nodeId]);
  return { farmer, customer, farmId, node, poolId };
}

const wallets = async (t: TestApp, farmId: number) =>
  (await t.db.query('SELECT wallet_addresses FROM farms WHERE id = $1', [farmId]))[0].wallet_addresses;
const stateOf = async (t: TestApp, gwid: string) =>
  Number(
    (await t.db.query('SELECT next_action FROM workloads WHERE id = $1', [Number(gwid.split('-')[0])]))[0]
      .next_action,
  );
const NEW_WALLET = { wallet_addresses: [{ asset: 'TFT', address: 'GATTACKER' }] };

/** A volume on the world's node, deployed at once; returns its gwid. */
async function deployedWorkload(t: TestApp, w: World, description: string): Promise<string> {
  const base = { node_id: w.node.nodeId, pool_id: w.poolId, customer_tid: w.customer.user.id, description };
  const url = '/api/v1/reservations/workloads';
  const res = await bound(t, w.customer.user, 'POST', url, w.customer.id.workloadBody(volume(base, 1)));
  expect(res.status).toBe(201);
  const gwid = `${res.json<{ reservation_id: number }>().reservation_id}-1`;
  expect(await stateOf(t, gwid)).toBe(3);
  return gwid;
}

describe('without strict mode: the same signature value on another method or path is a replay', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp({ HTTP_SIGNATURE_REPLAY_GRACE_SECONDS: '1' });
    w = await world(t);
  });
  afterAll(() => t.close());

  it("a farmer's signed GET /users/{tid} headers replayed on PUT /farms/{id} change nothing", async () => {
    const headers = w.farmer.user.sign('GET', `/api/v1/users/${w.farmer.user.id}`);
    const read = await t.request({ method: 'GET', url: `/api/v1/users/${w.farmer.user.id}`, headers });
    expect(read.status).toBe(200);
    const before = await wallets(t, w.farmId);
    await afterGrace();
    const url = `/api/v1/farms/${w.farmId}`;
    const replay = await t.request({ method: 'PUT', url, body: NEW_WALLET, headers });
    expect([replay.status, replay.json()]).toEqual([401, REPLAYED]);
    expect(await wallets(t, w.farmId)).toEqual(before);
    // The owner's own, freshly signed update still works.
    const own = await t.request({
      method: 'PUT',
      url,
      body: NEW_WALLET,
      headers: w.farmer.user.sign('PUT', url),
    });
    expect(own.status).toBe(200);
  });

  it("a node's poll headers replayed on DELETE of a customer's workload change nothing", async () => {
    const gwid = await deployedWorkload(t, w, 'poll replay');
    const pollUrl = `/api/v1/reservations/nodes/${w.node.nodeId}/workloads?from=0`;
    const headers = w.node.sign('GET', pollUrl);
    expect((await t.request({ method: 'GET', url: pollUrl, headers })).status).toBe(200);
    await afterGrace();
    const url = `/api/v1/reservations/nodes/${w.node.nodeId}/workloads/${gwid}`;
    const replay = await t.request({ method: 'DELETE', url, headers });
    expect([replay.status, replay.json()]).toEqual([401, REPLAYED]);
    expect(await stateOf(t, gwid)).toBe(3);
  });

  it("the era's Go client signs every request of one second alike: those all pass", async () => {
    // One `created` and date: byte-identical headers, as the Go client sends them within one second.
    const headers = w.farmer.user.sign('GET', '/', { created: Math.floor(Date.now() / 1000) });
    const url = `/api/v1/farms/${w.farmId}`;
    const update = () => t.request({ method: 'PUT', url, body: { email: 'farm@example.com' }, headers });
    const read = await t.request({ method: 'GET', url: `/api/v1/users/${w.farmer.user.id}`, headers });
    const updated = await update();
    const list = await t.request({ method: 'GET', url: '/api/v1/farms?owner=1', headers });
    expect([read.status, updated.status, list.status]).toEqual([200, 200, 200]);
    // Repeating a route it was used on is not "elsewhere", even after the grace period.
    await afterGrace();
    expect((await update()).status).toBe(200);
  });
});

describe('strict mode: writes sign (request-target) and, with a body, digest', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp({ HTTP_SIGNATURE_STRICT: 'true' });
    w = await world(t);
  });
  afterAll(() => t.close());

  it('refuses a write signed the old way at once, naming what to sign', async () => {
    const url = `/api/v1/farms/${w.farmId}`;
    const before = await wallets(t, w.farmId);
    const res = await t.request({
      method: 'PUT',
      url,
      body: NEW_WALLET,
      headers: w.farmer.user.sign('PUT', url),
    });
    expect([res.status, res.json()]).toEqual([
      401,
      { error: 'unauthorized access: missing required header in signature "(request-target)"' },
    ]);
    expect(res.headers['www-authenticate']).toBe(
      'Signature headers="(created) date threebot-id (request-target) digest"',
    );
    expect(await wallets(t, w.farmId)).toEqual(before);
  });

  it('accepts a bound write; its headers on another path or with another body fail', async () => {
    const url = `/api/v1/farms/${w.farmId}`;
    const accepted = await bound(t, w.farmer.user, 'PUT', url, { email: 'strict@example.com' });
    expect(accepted.status).toBe(200);
    const body = JSON.stringify({ email: 'strict@example.com' });
    const headers = w.farmer.user.sign('PUT', url, { extraHeaders: ['(request-target)', 'digest'], body });
    const otherBody = await t.request({ method: 'PUT', url, body: JSON.stringify(NEW_WALLET), headers });
    expect([otherBody.status, otherBody.json()]).toEqual([
      401,
      { error: 'unauthorized access: digest does not match the body' },
    ]);
    const other = (await world(t)).farmId;
    const otherPath = await t.request({ method: 'PUT', url: `/api/v1/farms/${other}`, body, headers });
    expect([otherPath.status, otherPath.json()]).toEqual([
      401,
      { error: 'unauthorized access: signature verification failed' },
    ]);
  });

  it('reads keep the era signature; a node poll replayed on DELETE is refused at once', async () => {
    const userUrl = `/api/v1/users/${w.customer.user.id}`;
    const read = await t.request({
      method: 'GET',
      url: userUrl,
      headers: w.farmer.user.sign('GET', userUrl),
    });
    expect(read.json()).toMatchObject({ email: `${w.customer.user.name}@example.com` });

    const gwid = await deployedWorkload(t, w, 'strict poll replay');
    const pollUrl = `/api/v1/reservations/nodes/${w.node.nodeId}/workloads?from=0`;
    const headers = w.node.sign('GET', pollUrl);
    const url = `/api/v1/reservations/nodes/${w.node.nodeId}/workloads/${gwid}`;
    expect((await t.request({ method: 'DELETE', url, headers })).status).toBe(401);
    expect(await stateOf(t, gwid)).toBe(3);
    expect((await bound(t, w.node, 'DELETE', url)).status).toBe(200);
    expect(await stateOf(t, gwid)).toBe(6);
  });
});

describe('bound by the body', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await startTestApp();
    w = await world(t);
  });
  afterAll(() => t.close());

  describe('a capacity reservation is accepted once', () => {
    const reserve = (body: unknown) => t.request({ method: 'POST', url: '/api/v1/reservations/pools', body });
    const poolUnits = async (id: number) =>
      (await t.db.query('SELECT cus, sus FROM pools WHERE id = $1', [id]))[0] as { cus: number; sus: number };
    const reservations = async () =>
      Number((await t.db.query('SELECT count(*) AS n FROM capacity_reservations'))[0].n);
    const idOf = (res: { json: <T>() => T }) => res.json<{ reservation_id: number }>().reservation_id;

    it('a replayed create answers the first id and creates nothing, also reformatted or unsigned by HTTP', async () => {
      const body = capacityReservation(w.customer.user, { node_ids: [w.node.nodeId], cus: 100, sus: 50 });
      const first = await reserve(body);
      expect(first.status).toBe(201);
      const before = await reservations();
      for (const replay of [body, JSON.stringify(body, null, 2)]) {
        const again = await reserve(replay);
        expect(again.status).toBe(201);
        expect(again.json()).toEqual(first.json());
      }
      expect(await reservations()).toBe(before);
    });

    it('an extension sent many times at once credits the pool once; every answer has its id', async () => {
      const poolId = await newPool(t, w.customer, [w.node.nodeId]);
      const extension = capacityReservation(w.customer.user, {
        pool_id: poolId,
        node_ids: [w.node.nodeId],
        cus: 3600,
        sus: 7200,
      });
      const start = await poolUnits(poolId);
      const before = await reservations();
      // More requests than database connections, none of them sees the others' row before it inserts.
      const racing = await Promise.all(Array.from({ length: 12 }, () => reserve(extension)));
      const first = racing[0];
      expect(racing.map((r) => [r.status, idOf(r)])).toEqual(racing.map(() => [201, idOf(first)]));
      expect(await reservations()).toBe(before + 1);
      // No workload draws from this new pool, so nothing drains it: exactly one credit.
      expect(await poolUnits(poolId)).toEqual({ cus: start.cus + 3600, sus: start.sus + 7200 });
      expect(idOf(await reserve(extension))).toBe(idOf(first));
      expect(await poolUnits(poolId)).toEqual({ cus: start.cus + 3600, sus: start.sus + 7200 });
      // Anything signed differently is a new reservation.
      const more = await reserve(
        capacityReservation(w.customer.user, {
          pool_id: poolId,
          node_ids: [w.node.nodeId],
          cus: 3601,
          sus: 0,
        }),
      );
      expect(more.status).toBe(201);
      expect(idOf(more)).not.toBe(idOf(first));
    });
  });

  describe("a node result's workload_id must be the path's", () => {
    it('a signed result of one workload is refused on another workload of the same node', async () => {
      const mine = await deployedWorkload(t, w, 'result a');
      const other = await deployedWorkload(t, w, 'result b');
      const signature = signResult({ state: 2, message: '', data_json: null }, w.node.keys.secretKey);
      const body = `{"category":2,"workload_id":"${mine}","data_json":null,"signature":"${signature}","state":2,"message":"","epoch":1}`;
      const put = (gwid: string) => {
        const url = `/api/v1/reservations/nodes/${w.node.nodeId}/workloads/${gwid}`;
        return t.request({ method: 'PUT', url, body, headers: w.node.sign('PUT', url) });
      };
      const moved = await put(other);
      expect([moved.status, moved.json()]).toEqual([
        400,
        { error: `result workload_id "${mine}" does not match the path's ${other}` },
      ]);
      expect(await stateOf(t, other)).toBe(3);
      expect((await put(mine)).status).toBe(201);
      expect(await stateOf(t, mine)).toBe(6);
    });
  });
});

describe('farm registration requires the HTTP signature of the threebot_id owner', () => {
  const body = (owner: TestUser, name: string) => ({
    threebot_id: owner.id,
    name,
    wallet_addresses: [{ asset: 'TFT', address: 'GABC' }],
  });
  const farmsNamed = async (t: TestApp, name: string) =>
    Number((await t.db.query('SELECT count(*) AS n FROM farms WHERE name = $1', [name]))[0].n);

  it.each([
    ['by default', {}, 401],
    ['with ALLOW_UNSIGNED_FARM_REGISTRATION', { ALLOW_UNSIGNED_FARM_REGISTRATION: 'true' }, 201],
  ])('%s: unsigned → the third status, signed by someone else → 403', async (_label, env, unsigned) => {
    const t = await startTestApp(env);
    try {
      const owner = await createUser(t);
      const thief = await createUser(t);
      const url = '/api/v1/farms';
      const stolen = await t.request({
        method: 'POST',
        url,
        body: body(owner, 'taken'),
        headers: thief.sign('POST', url),
      });
      expect([stolen.status, stolen.json()]).toEqual([
        403,
        { error: 'a farm can only be registered by its threebot_id owner' },
      ]);
      expect(await farmsNamed(t, 'taken')).toBe(0);
      const anonymous = await t.request({ method: 'POST', url, body: body(owner, 'anon') });
      expect(anonymous.status).toBe(unsigned);
      expect(await farmsNamed(t, 'anon')).toBe(unsigned === 201 ? 1 : 0);
      const own = await t.request({
        method: 'POST',
        url,
        body: body(owner, 'own'),
        headers: owner.sign('POST', url),
      });
      expect(own.status).toBe(201);
    } finally {
      await t.close();
    }
  });
});
