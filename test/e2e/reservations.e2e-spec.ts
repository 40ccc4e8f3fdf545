import { volume } from '@app/client';
import { keyPairFromSeed, legacySignerMessage, signResult, verifyEd25519 } from '@app/crypto';
import { NextAction } from '@app/domain';
import { encodeLegacyReservation, encodeReservationData, LegacyReservation, Workload } from '@app/wire';
import { PoolSweeper } from '../../apps/explorer/src/pools/pool-sweeper';
import { ManualClock } from '../fixtures/clock';
import { startTestApp, TestApp } from '../setup/app';
import { makeNode, TestNode } from '../fixtures/identities';
import { SimulatedNode, Transport } from '../sim/node-simulator';
import {
  farmWith,
  getReservation,
  postReservation,
  reservationData,
  storedCounts,
  storyData,
} from '../fixtures/reservations';
import { Customer, newCustomer, newPool, postWorkload } from '../fixtures/workloads';

interface HistoryItem {
  from: number | null;
  to: number;
  cause: string;
  actor: string;
  time: number;
}

const idOf = (res: { status: number; text: string; json: <T>() => T }): number => {
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
  return res.json<{ reservation_id: number }>().reservation_id;
};

describe('legacy multi-workload reservations (decisions.md §4, §2.10)', () => {
  let t: TestApp;
  let customer: Customer;
  let a: TestNode;
  let b: TestNode;
  let farm: { owner: Customer; farmId: number };
  const clock = new ManualClock(Math.floor(Date.now() / 1000));
  const transport: Transport = (r) => t.request(r);

  beforeAll(async () => {
    t = await startTestApp({ RUN_BACKGROUND_JOBS: 'false' }, { clock });
    customer = await newCustomer(t);
    a = makeNode();
    b = makeNode();
    farm = await farmWith(t, [a, b]);
  });
  afterAll(() => t.close());
  beforeEach(() => clock.set(Math.floor(Date.now() / 1000)));

  const sign = (id: number, kind: 'provision' | 'delete' | 'farmer', body: unknown, prefix = '/api/v1') =>
    t.request({ method: 'POST', url: `${prefix}/reservations/${id}/sign/${kind}`, body });
  const history = async (id: number) =>
    (await t.request({ method: 'GET', url: `/api/v1/reservations/${id}/history` })).json<HistoryItem[]>();
  const create = async (data = storyData(customer.user.id, a.nodeId, b.nodeId, clock.now())) =>
    idOf(await postReservation(t, customer, customer.id.reservationBody(data)));

  it('volume + container mounting it + a network on two nodes: deployed, reported, deleted by quorum, confirmed', async () => {
    const id = await create();
    const created = await getReservation(t, id);
    expect(created.next_action).toBe(NextAction.Deploy);
    expect(created.results).toEqual([]);

    const nodeA = new SimulatedNode(a.keys, transport);
    const nodeB = new SimulatedNode(b.keys, transport);
    expect(await nodeA.pollOnce()).toBe(3);
    expect(await nodeB.pollOnce()).toBe(1);
    expect([...nodeA.deployed].sort()).toEqual([`${id}-1`, `${id}-2`, `${id}-3`]);
    expect([...nodeB.deployed]).toEqual([`${id}-3`]);

    // The network became one network_resource per node under one gwid, with the node's own part.
    const polled = (
      await t.request({ method: 'GET', url: `/api/v1/reservations/nodes/${b.nodeId}/workloads?from=${id}` })
    ).json<Array<Workload & { iprange: string; name: string; network_iprange: string }>>();
    expect(polled).toHaveLength(1);
    expect(polled[0]).toMatchObject({
      id,
      workload_id: 3,
      workload_type: 10,
      node_id: b.nodeId,
      name: 'net1',
      network_iprange: '10.1.0.0/16',
      iprange: '10.1.2.0/24',
      customer_tid: customer.user.id,
      next_action: NextAction.Deploy,
      epoch: created.epoch,
    });

    const deployed = await getReservation(t, id);
    expect(deployed.next_action).toBe(NextAction.Deploy);
    expect(deployed.results?.map((r) => [r.workload_id, r.node_id, r.state]).sort()).toEqual(
      [
        [`${id}-1`, a.nodeId, 1],
        [`${id}-2`, a.nodeId, 1],
        [`${id}-3`, a.nodeId, 1],
        [`${id}-3`, b.nodeId, 1],
      ].sort(),
    );

    const deletion = await sign(id, 'delete', customer.id.reservationSigner(id, deployed.json));
    expect(deletion.status).toBe(201);
    expect((await getReservation(t, id)).next_action).toBe(NextAction.Delete);

    // Both nodes learn it through the queue (their cursors are past the id) and confirm. The queue
    // item of the shared network gwid delivers each node its own part only.
    const queuedForB = await t.request({
      method: 'GET',
      url: `/api/v1/reservations/nodes/${b.nodeId}/workloads?from=${nodeB.next}`,
    });
    expect(queuedForB.json<Workload[]>().map((w) => [w.id, w.workload_id, w.node_id, w.next_action])).toEqual(
      [[id, 3, b.nodeId, NextAction.Delete]],
    );
    await nodeA.pollOnce();
    expect(nodeA.deployed.size).toBe(0);
    expect((await getReservation(t, id)).next_action).toBe(NextAction.Delete);
    await nodeB.pollOnce();
    expect(nodeB.deployed.size).toBe(0);

    const deleted = await getReservation(t, id);
    expect(deleted.next_action).toBe(NextAction.Deleted);
    expect(deleted.results?.map((r) => r.state)).toEqual([2, 2, 2, 2]);
    expect((await history(id)).map((h) => [h.from, h.to, h.cause, h.actor])).toEqual([
      [null, NextAction.Deploy, 'created', `tid:${customer.user.id}`],
      [NextAction.Deploy, NextAction.Delete, 'delete_signed', `tid:${customer.user.id}`],
      [NextAction.Delete, NextAction.Deleted, 'node_deleted', `node:${b.nodeId}`],
    ]);
    // Nothing is left for the nodes.
    expect(await nodeA.pollOnce()).toBe(0);
    expect(await nodeB.pollOnce()).toBe(0);
    const queue = await t.db.query('SELECT 1 FROM work_queue WHERE id = $1', [id]);
    expect(queue).toHaveLength(0);
    // A late result never replaces the deletion.
    const gwid = `${id}-1`;
    const url = `/api/v1/reservations/nodes/${a.nodeId}/workloads/${gwid}`;
    const ok = { state: 1 as const, message: '', data_json: null };
    const late = await t.request({
      method: 'PUT',
      url,
      body: `{"category":2,"workload_id":"${gwid}","data_json":null,"signature":"${signResult(ok, a.keys.secretKey)}","state":1,"message":"","epoch":1,"node_id":"x"}`,
      headers: a.sign('PUT', url),
    });
    expect(late.status).toBe(201);
    expect((await getReservation(t, id)).results?.map((r) => r.state)).toEqual([2, 2, 2, 2]);
  });

  it('a held long poll of each node returns as soon as the reservation deploys', async () => {
    const c = makeNode();
    const d = makeNode();
    await farmWith(t, [c, d]);
    const sims = [new SimulatedNode(c.keys, transport), new SimulatedNode(d.keys, transport)];
    // Caught up first: the long polls then wait at the end of the sequence.
    for (const sim of sims) {
      await sim.pollOnce();
      await sim.pollOnce();
    }
    const started = Date.now();
    const held = sims.map((sim) => sim.pollOnce(20));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await create(storyData(customer.user.id, c.nodeId, d.nodeId, clock.now()));
    expect(await Promise.all(held)).toEqual([3, 1]);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('lists with filters and pagination under both prefixes, and reads the node workload by gwid', async () => {
    const other = await newCustomer(t);
    const first = await create();
    const data = storyData(other.user.id, a.nodeId, b.nodeId, clock.now());
    const second = idOf(
      await postReservation(t, other, other.id.reservationBody(data), '/explorer/reservations'),
    );
    for (const prefix of ['/api/v1', '/explorer']) {
      const mine = await t.request({
        method: 'GET',
        url: `${prefix}/reservations?customer_tid=${other.user.id}`,
      });
      expect(mine.status).toBe(200);
      expect(mine.json<LegacyReservation[]>().map((r) => r.id)).toEqual([second]);
      expect(mine.headers['x-total-count']).toBe('1');
      const deploying = await t.request({
        method: 'GET',
        url: `${prefix}/reservations?next_action=3&size=1`,
      });
      expect(deploying.json<unknown[]>()).toHaveLength(1);
      expect(Number(deploying.headers['pages'])).toBeGreaterThanOrEqual(2);
      expect((await getReservation(t, second, prefix)).id).toBe(second);
    }
    const none = await t.request({
      method: 'GET',
      url: `/api/v1/reservations?customer_tid=${other.user.id}&next_action=6`,
    });
    expect(none.text).toBe('[]');
    expect((await t.request({ method: 'GET', url: '/api/v1/reservations?next_action=9' })).status).toBe(400);
    expect((await t.request({ method: 'GET', url: '/api/v1/reservations/999999' })).status).toBe(404);
    const node = await t.request({ method: 'GET', url: `/api/v1/reservations/nodes/workloads/${first}-3` });
    expect(node.status).toBe(200);
    expect(node.json<Workload>()).toMatchObject({ id: first, workload_id: 3, workload_type: 10 });
    // Derived rows never show up as new-style workloads.
    const workloads = await t.request({
      method: 'GET',
      url: `/api/v1/reservations/workloads?customer_tid=${customer.user.id}`,
    });
    expect(workloads.text).toBe('[]');
  });

  it('POST /explorer/reservations still creates new-style workloads; the same request twice is one reservation', async () => {
    const poolId = await newPool(t, customer, [a.nodeId]);
    const w = volume(
      { node_id: a.nodeId, pool_id: poolId, customer_tid: customer.user.id, description: 'x' },
      1,
    );
    const workloadId = idOf(await postWorkload(t, customer, w, '/explorer/reservations'));
    const stored = await t.request({ method: 'GET', url: `/api/v1/reservations/workloads/${workloadId}` });
    expect(stored.status).toBe(200);

    const body = customer.id.reservationBody(storyData(customer.user.id, a.nodeId, b.nodeId, clock.now()));
    const id = idOf(await postReservation(t, customer, body));
    expect(id).toBeGreaterThan(workloadId); // one sequence for both
    const before = await storedCounts(t);
    expect(idOf(await postReservation(t, customer, body))).toBe(id);
    expect(idOf(await postReservation(t, customer, body, '/explorer/reservations'))).toBe(id);
    expect(await storedCounts(t)).toEqual(before);
    // The same signed data in another request (other unsigned metadata) is a conflict.
    const r = JSON.parse(body) as LegacyReservation;
    const conflicting = await postReservation(t, customer, JSON.stringify({ ...r, metadata: 'other' }));
    expect(conflicting.status).toBe(409);
    expect(await storedCounts(t)).toEqual(before);
  });

  describe('every create check answers 4xx and stores nothing (workloads.md §8.2)', () => {
    const now = () => clock.now();
    const valid = () => storyData(customer.user.id, a.nodeId, b.nodeId, now());
    const body = (r: Partial<LegacyReservation>, data = valid()) => {
      const signed = JSON.parse(customer.id.reservationBody(data)) as LegacyReservation;
      return JSON.stringify({ ...signed, ...r });
    };
    const cases: Array<[string, () => string, number, RegExp]> = [
      ['malformed JSON', () => '{"data_reservation": {', 400, /./],
      ['a non-object body', () => '[1]', 400, /./],
      [
        'expiration_reservation in the past',
        () =>
          customer.id.reservationBody({
            ...valid(),
            expiration_provisioning: now() - 10,
            expiration_reservation: now() - 5,
          }),
        400,
        /expires in the past/,
      ],
      [
        'less than an hour',
        () => customer.id.reservationBody({ ...valid(), expiration_reservation: now() + 3599 }),
        400,
        /minimum duration/,
      ],
      [
        'expiration_provisioning in the past',
        () => customer.id.reservationBody({ ...valid(), expiration_provisioning: now() - 1 }),
        400,
        /expiration_provisioning/,
      ],
      [
        'expiration_provisioning after expiration_reservation',
        () => customer.id.reservationBody({ ...valid(), expiration_provisioning: now() + 9000 }),
        400,
        /after expiration_reservation/,
      ],
      ['no customer_tid', () => body({ customer_tid: 0 }), 400, /customer_tid is required/],
      [
        'no customer_signature',
        () => body({ customer_signature: '' }),
        400,
        /customer_signature is required/,
      ],
      ['json that is not reservation data', () => body({ json: '[]' }), 400, /invalid json data/],
      [
        'json describing other data',
        () => body({ json: encodeReservationData({ ...valid(), description: 'other' }) }),
        400,
        /json data does not match/,
      ],
      [
        'null where json has []',
        () => {
          const data = reservationData({ ...valid(), currencies: [] });
          const signed = JSON.parse(customer.id.reservationBody(data)) as LegacyReservation;
          return JSON.stringify({
            ...signed,
            data_reservation: { ...signed.data_reservation, currencies: null },
          });
        },
        400,
        /json data does not match/,
      ],
      ['metadata over 1024 bytes', () => body({ metadata: 'é'.repeat(513) }), 400, /metadata/],
      [
        'a workload_id used twice',
        () => {
          const data = valid();
          return customer.id.reservationBody({
            ...data,
            volumes: [...(data.volumes ?? []), ...(data.volumes ?? [])],
          });
        },
        400,
        /conflicting workload ID '1'/,
      ],
      [
        'a network sharing a workload_id with a container',
        () => {
          const data = valid();
          return customer.id.reservationBody({
            ...data,
            networks: (data.networks ?? []).map((n) => ({ ...n, workload_id: 2 })),
          });
        },
        400,
        /conflicting workload ID '2'/,
      ],
      [
        'a network listing a node twice',
        () => {
          const data = valid();
          const net = (data.networks ?? [])[0];
          const twice = {
            ...net,
            network_resources: [...(net.network_resources ?? []), (net.network_resources ?? [])[0]],
          };
          return customer.id.reservationBody({ ...data, networks: [twice] });
        },
        400,
        /lists node/,
      ],
      ['next_action delete', () => body({ next_action: 4 }), 400, /wrong status/],
      ['next_action invalid', () => body({ next_action: 5 }), 400, /wrong status/],
      ['a signature that is not hex', () => body({ customer_signature: 'zz' }), 400, /hex/],
      [
        'a signature by another key',
        () => body({ customer_signature: 'ab'.repeat(64) }),
        400,
        /failed to verify/,
      ],
      [
        'an unknown node',
        () => {
          const data = valid();
          return customer.id.reservationBody({
            ...data,
            volumes: (data.volumes ?? []).map((v) => ({ ...v, node_id: makeNode().nodeId })),
          });
        },
        400,
        /not found/,
      ],
    ];
    it.each(cases)('%s', async (_, make, status, message) => {
      const before = await storedCounts(t);
      const res = await postReservation(t, customer, make());
      expect(res.status).toBe(status);
      expect(res.json<{ error: string }>().error).toMatch(message);
      expect(await storedCounts(t)).toEqual(before);
    });

    it('an HTTP signature by someone else, and none at all', async () => {
      const before = await storedCounts(t);
      const other = await newCustomer(t);
      const foreign = await postReservation(t, other, customer.id.reservationBody(valid()));
      expect(foreign.status).toBe(401);
      expect(foreign.json<{ error: string }>().error).toMatch(/does not match/);
      const unsigned = await t.request({
        method: 'POST',
        url: '/api/v1/reservations',
        body: customer.id.reservationBody(valid()),
      });
      expect(unsigned.status).toBe(401);
      expect(await storedCounts(t)).toEqual(before);
    });
  });

  describe('signatures over decimal(id) + json', () => {
    it('provision quorum: waits in sign, nodes see nothing, deploys on the quorum; refuses unlisted, repeated and bad signatures', async () => {
      const cosigner = await newCustomer(t);
      const data = {
        ...storyData(customer.user.id, a.nodeId, b.nodeId, clock.now()),
        signing_request_provision: { signers: [customer.user.id, cosigner.user.id], quorum_min: 2 },
      };
      const id = await create(data);
      const r = await getReservation(t, id);
      expect(r.next_action).toBe(NextAction.Sign);
      const node = await t.request({
        method: 'GET',
        url: `/api/v1/reservations/nodes/${b.nodeId}/workloads?from=${id}`,
      });
      const mine = (list: { json: <T>() => T }) => list.json<Workload[]>().filter((w) => w.id === id);
      expect(mine(node)).toEqual([]);

      const stranger = await newCustomer(t);
      const unlisted = await sign(id, 'provision', stranger.id.reservationSigner(id, r.json));
      expect(unlisted.status).toBe(401);
      const forged = await sign(id, 'provision', {
        ...cosigner.id.reservationSigner(id, r.json),
        signature: 'ab'.repeat(64),
      });
      expect(forged.status).toBe(401);
      expect((await sign(id, 'provision', customer.id.reservationSigner(id, r.json))).status).toBe(201);
      const again = await sign(id, 'provision', customer.id.reservationSigner(id, r.json));
      expect(again.status).toBe(400);
      expect((await getReservation(t, id)).next_action).toBe(NextAction.Sign);
      // The era also signs legacy ids on the workload paths.
      const onWorkloadPath = await t.request({
        method: 'POST',
        url: `/explorer/workloads/${id}/sign/provision`,
        body: cosigner.id.reservationSigner(id, r.json),
      });
      expect(onWorkloadPath.status).toBe(201);
      const deployed = await getReservation(t, id);
      expect(deployed.next_action).toBe(NextAction.Deploy);
      expect(deployed.signatures_provision?.map((s) => s.tid)).toEqual([customer.user.id, cosigner.user.id]);
      // The derived workloads now reach the node, by the queue.
      const polled = await t.request({
        method: 'GET',
        url: `/api/v1/reservations/nodes/${b.nodeId}/workloads?from=${id}`,
      });
      expect(mine(polled).map((w) => [w.id, w.next_action])).toEqual([[id, NextAction.Deploy]]);
      expect((await history(id)).map((h) => h.cause)).toEqual(['created', 'provision_signed']);
      expect((await sign(999999, 'provision', customer.id.reservationSigner(999999, r.json))).status).toBe(
        404,
      );
    });

    it('a farm that requires it: only its owner signs; a refusal makes the reservation invalid', async () => {
      const c = makeNode();
      const strict = await farmWith(t, [c]);
      const url = `/api/v1/farms/${strict.farmId}`;
      const put = await t.request({
        method: 'PUT',
        url,
        body: { require_farmer_signature: true },
        headers: strict.owner.user.sign('PUT', url),
      });
      expect(put.status).toBe(200);
      const data = () => storyData(customer.user.id, c.nodeId, a.nodeId, clock.now());

      const approved = await create(data());
      const r = await getReservation(t, approved);
      expect(r.next_action).toBe(NextAction.Sign);
      expect((await sign(approved, 'farmer', farm.owner.id.reservationSigner(approved, r.json))).status).toBe(
        401,
      );
      expect(
        (await sign(approved, 'farmer', strict.owner.id.reservationSigner(approved, r.json))).status,
      ).toBe(201);
      const signed = await getReservation(t, approved);
      expect(signed.next_action).toBe(NextAction.Deploy);
      expect(signed.signatures_farmer?.map((s) => s.tid)).toEqual([strict.owner.user.id]);

      const refused = await create(data());
      const json = (await getReservation(t, refused)).json;
      // An approval's signature is no refusal.
      const replay = { ...strict.owner.id.reservationSigner(refused, json), refuse: true };
      expect((await sign(refused, 'farmer', replay)).status).toBe(401);
      expect((await sign(refused, 'farmer', strict.owner.id.reservationRefusal(refused, json))).status).toBe(
        201,
      );
      expect((await getReservation(t, refused)).next_action).toBe(NextAction.Invalid);
      expect((await history(refused)).map((h) => [h.to, h.cause])).toEqual([
        [NextAction.Sign, 'created'],
        [NextAction.Invalid, 'farmer_refused'],
      ]);
    });
  });

  describe('node reports', () => {
    it('an error tears the reservation down on every node; others may not report; unknown gwids are 404', async () => {
      const id = await create();
      const gwid = `${id}-1`;
      const report = (node: TestNode, path: string, state: 0 | 1) => {
        const url = `/api/v1/reservations/nodes/${path}/workloads/${gwid}`;
        const result = { state, message: state ? '' : 'boom', data_json: null };
        return t.request({
          method: 'PUT',
          url,
          body: `{"category":2,"workload_id":"${gwid}","data_json":null,"signature":"${signResult(result, node.keys.secretKey)}","state":${state},"message":"${result.message}","epoch":1,"node_id":"x"}`,
          headers: node.sign('PUT', url),
        });
      };
      expect((await report(b, b.nodeId, 1)).status).toBe(403);
      const missingUrl = `/api/v1/reservations/nodes/${a.nodeId}/workloads/${id}-9`;
      expect(
        (await t.request({ method: 'DELETE', url: missingUrl, headers: a.sign('DELETE', missingUrl) }))
          .status,
      ).toBe(404);
      expect((await report(a, a.nodeId, 0)).status).toBe(201);
      const failed = await getReservation(t, id);
      expect(failed.next_action).toBe(NextAction.Delete);
      expect(failed.results?.map((r) => [r.workload_id, r.state, r.message])).toEqual([[gwid, 0, 'boom']]);
      // Node b never deployed anything of it, and is told to remove its network part.
      const queued = await t.db.query(
        'SELECT node_id, workload_id FROM work_queue WHERE id = $1 ORDER BY 1, 2',
        [id],
      );
      expect(
        queued.map((q: { node_id: string; workload_id: string }) => [q.node_id, Number(q.workload_id)]),
      ).toEqual(
        [
          [a.nodeId, 1],
          [a.nodeId, 2],
          [a.nodeId, 3],
          [b.nodeId, 3],
        ].sort(),
      );
      // A late ok never replaces the error once the reservation has left deploy.
      expect((await report(a, a.nodeId, 1)).status).toBe(201);
      expect((await getReservation(t, id)).results?.map((r) => r.state)).toEqual([0]);
      expect((await history(id)).map((h) => [h.cause, h.actor])).toEqual([
        ['created', `tid:${customer.user.id}`],
        ['node_result:error', `node:${a.nodeId}`],
      ]);
    });
  });

  describe('expirations, on the sweeper and a controllable clock', () => {
    const sweep = () => t.app.get(PoolSweeper).sweepOnce();

    it('expiration_provisioning passed without every workload ok: delete, queued for the nodes', async () => {
      const start = clock.now();
      const id = await create();
      const nodeB = new SimulatedNode(b.keys, transport);
      await nodeB.pollOnce(); // b reports ok; a never answers
      clock.set(start + 600);
      await sweep();
      expect((await getReservation(t, id)).next_action).toBe(NextAction.Deploy);
      clock.set(start + 601);
      expect((await sweep()).expired).toBeGreaterThanOrEqual(1);
      expect((await getReservation(t, id)).next_action).toBe(NextAction.Delete);
      const last = (await history(id)).pop();
      expect(last).toEqual({
        from: NextAction.Deploy,
        to: NextAction.Delete,
        cause: 'expired',
        actor: 'system',
        time: start + 601,
      });
      const queued = await t.db.query('SELECT DISTINCT node_id FROM work_queue WHERE id = $1', [id]);
      expect(queued).toHaveLength(2);
    });

    it('every workload ok: survives expiration_provisioning, ends at expiration_reservation; a sign reservation too', async () => {
      const start = clock.now();
      const id = await create();
      const waiting = await create({
        ...storyData(customer.user.id, a.nodeId, b.nodeId, start),
        signing_request_provision: { signers: [customer.user.id], quorum_min: 1 },
      });
      await new SimulatedNode(a.keys, transport).pollOnce();
      await new SimulatedNode(b.keys, transport).pollOnce();
      expect((await getReservation(t, id)).results).toHaveLength(4);
      clock.set(start + 7199);
      await sweep();
      expect((await getReservation(t, id)).next_action).toBe(NextAction.Deploy);
      expect((await getReservation(t, waiting)).next_action).toBe(NextAction.Delete);
      clock.set(start + 7200);
      await sweep();
      expect((await getReservation(t, id)).next_action).toBe(NextAction.Delete);
    });
  });

  it('Appendix A.13: the Go-shaped reservation signed raw is accepted byte for byte as id 42', async () => {
    const seed = Buffer.from('b53dd02bea4b50723921efa960d0dd9eb8faf51519af2a82fc847dce190c4421', 'hex');
    const keys = keyPairFromSeed(seed);
    const pubkey = Buffer.from(keys.publicKey).toString('hex');
    expect(pubkey).toBe('2fe251bc1920d40ef49d595936f805acf4b7e811e92bb22c465046838bb74d89');
    clock.set(1600000000);
    const json =
      '{"description":"x","expiration_provisioning":1600003600,"expiration_reservation":1600086400}';
    const customerSignature =
      '68cb9614c5e6a013f17ef9f5375e85a8366d4ca20f0a9b07c46c787c9a74d4504243153fc08e09c8ef105c4df37d4fe56210bf436ab4e58296941ab39758700b';
    // What a Go client marshals: every member, nil slices as null.
    const data =
      '{"description":"x","currencies":null,"signing_request_provision":{"signers":null,"quorum_min":0},' +
      '"signing_request_delete":{"signers":null,"quorum_min":0},"containers":null,"volumes":null,"zdbs":null,' +
      '"networks":null,"network_resource":null,"kubernetes":null,"proxies":null,"reverse_proxies":null,' +
      '"subdomains":null,"domain_delegates":null,"gateway4to6":null,"expiration_provisioning":1600003600,' +
      '"expiration_reservation":1600086400}';
    const body =
      `{"id":0,"json":${JSON.stringify(json)},"data_reservation":${data},"customer_tid":12,` +
      `"customer_signature":"${customerSignature}","next_action":0,"signatures_provision":null,` +
      `"signatures_farmer":null,"signatures_delete":null,"epoch":0,"metadata":"","results":null}`;
    // Old clients send no HTTP signature: this app requires one, the flag for old clients lets it in.
    expect((await t.request({ method: 'POST', url: '/api/v1/reservations', body })).status).toBe(401);
    const unsigned = await startTestApp(
      { RUN_BACKGROUND_JOBS: 'false', ALLOW_UNSIGNED_WORKLOAD_CREATE: 'true' },
      { clock },
    );
    try {
      await unsigned.db.query(
        `INSERT INTO users (id, name, email, pubkey) VALUES (12, 'vector', 'vector@example.com', $1)`,
        [pubkey],
      );
      await unsigned.db.query(`SELECT setval('reservation_id_seq', 41)`);
      const stranger = body.replace('"customer_tid":12', '"customer_tid":13');
      const unknown = await unsigned.request({ method: 'POST', url: '/api/v1/reservations', body: stranger });
      expect(unknown.status).toBe(400);
      expect(unknown.json<{ error: string }>().error).toMatch(/cannot find user/);
      expect(await storedCounts(unsigned)).toMatchObject({ reservations: 0, workloads: 0 });
      const created = await unsigned.request({ method: 'POST', url: '/api/v1/reservations', body });
      expect(created.text).toBe('{"reservation_id":42}');
      const stored = (
        await unsigned.request({ method: 'GET', url: '/api/v1/reservations/42' })
      ).json<LegacyReservation>();
      expect(stored).toMatchObject({
        id: 42,
        json,
        customer_tid: 12,
        customer_signature: customerSignature,
        epoch: 1600000000,
      });
      expect(stored.next_action).toBe(NextAction.Deploy); // nothing to sign, nothing to pay
      const deleteSignature =
        'a7fee188f2c63a8cded8cfab9875bd7c9ee9ebc7ea6614dba0970da202fa9c7920a0fc2b6d062968319832149d6ae7a3e9fef413771b69c1e4e76f02d7ec2205';
      expect(
        verifyEd25519(
          keys.publicKey,
          legacySignerMessage(stored.id, stored.json),
          Buffer.from(deleteSignature, 'hex'),
        ),
      ).toBe(true);
      // No delete signer was requested: the vector's signature is well formed but not required.
      const refused = await unsigned.request({
        method: 'POST',
        url: '/api/v1/reservations/42/sign/delete',
        body: { tid: 12, signature: deleteSignature, epoch: 0 },
      });
      expect(refused.status).toBe(401);
      expect(refused.json<{ error: string }>().error).toMatch(/not required/);
      expect(encodeLegacyReservation(stored)).toContain(`"json":${JSON.stringify(json)}`);
    } finally {
      await unsigned.close();
    }
  });

  it('migrated (7) is terminal: expirations and signatures leave it alone', async () => {
    const id = await create();
    await t.db.query('UPDATE reservations SET next_action = 7 WHERE id = $1', [id]);
    await t.db.query('UPDATE workloads SET next_action = 7 WHERE id = $1 AND derived', [id]);
    clock.set(clock.now() + 100000);
    await t.app.get(PoolSweeper).sweepOnce();
    expect((await getReservation(t, id)).next_action).toBe(7);
    const json = (await getReservation(t, id)).json;
    expect((await sign(id, 'delete', customer.id.reservationSigner(id, json))).status).toBe(409);
    const polled = await t.request({
      method: 'GET',
      url: `/api/v1/reservations/nodes/${a.nodeId}/workloads?from=${id}`,
    });
    expect(polled.json<Workload[]>().filter((w) => w.id === id)).toEqual([]);
  });
});
