import { domainDelegate, kubernetes, volume, WorkloadBase } from '@app/client';
import { encodeWorkload, Workload } from '@app/wire';
import { startTestApp, TestApp } from '../setup/app';
import {
  Customer,
  getWorkload,
  newCustomer,
  newFarm,
  newPool,
  postWorkload,
  snapshot,
  WORKLOAD_TYPES,
} from '../fixtures/workloads';

describe('workloads (workloads.md §4.2, §8; decisions.md §2.1, §3)', () => {
  let t: TestApp;
  let customer: Customer;
  let other: Customer;
  let farmer: Customer;
  let farmId: number;
  let nodeId: string;
  let poolId: number;
  let seq = 0;
  // Distinct descriptions: two identical signed bodies are one workload (the repeat returns the first id).
  const base = (extra: Partial<WorkloadBase> = {}): WorkloadBase => ({
    node_id: nodeId,
    pool_id: poolId,
    customer_tid: customer.user.id,
    description: `workload ${++seq}`,
    ...extra,
  });
  const idOf = (res: { json: <T>() => T }) => res.json<{ reservation_id: number }>().reservation_id;
  const count = async () => Number((await t.db.query('SELECT count(*) AS n FROM workloads'))[0].n);
  const queued = async (id: number) =>
    Number((await t.db.query('SELECT count(*) AS n FROM work_queue WHERE id = $1', [id]))[0].n);
  const sign = (id: number, kind: string, body: unknown, prefix = '/api/v1/reservations/workloads') =>
    t.request({ method: 'POST', url: `${prefix}/${id}/sign/${kind}`, body });

  beforeAll(async () => {
    t = await startTestApp();
    customer = await newCustomer(t);
    other = await newCustomer(t);
    farmer = await newCustomer(t);
    const farm = await newFarm(t, farmer);
    farmId = farm.farmId;
    nodeId = farm.node.nodeId;
    poolId = await newPool(t, customer, [nodeId]);
  });
  afterAll(() => t.close());

  describe.each(WORKLOAD_TYPES)('%s', (name, build) => {
    it('is created, read, listed, delete-signed and queued with its history', async () => {
      const w = build(base({ description: `a ${name}` }));
      const res = await postWorkload(t, customer, w);
      expect(res.status).toBe(201);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      const id = idOf(res);

      const stored = await getWorkload(t, id);
      expect(stored).toMatchObject({
        id,
        next_action: 3,
        workload_type: w.workload_type,
        customer_tid: customer.user.id,
        signatures_delete: [],
      });
      expect(stored.epoch).toBeGreaterThanOrEqual(w.epoch);
      const raw = (await t.request({ method: 'GET', url: `/explorer/workloads/${id}` })).text;
      expect(raw).toBe(encodeWorkload(stored));
      expect(await queued(id)).toBe(1);

      const list = await t.request({
        method: 'GET',
        url: `/api/v1/reservations/workloads?workload_type=${w.workload_type}&customer_tid=${customer.user.id}`,
      });
      expect(list.json<Workload[]>().map((x) => x.id)).toContain(id);

      const del = await sign(id, 'delete', customer.id.delete(stored));
      expect(del.status).toBe(201);
      expect(del.text).toBe('null');
      const deleted = await getWorkload(t, id);
      expect(deleted.next_action).toBe(4);
      expect(deleted.signatures_delete).toEqual([expect.objectContaining({ tid: customer.user.id })]);

      const history = await t.request({ method: 'GET', url: `/api/v1/reservations/workloads/${id}/history` });
      expect(history.json()).toEqual([
        { from: null, to: 3, cause: 'created', actor: `tid:${customer.user.id}`, time: expect.any(Number) },
        {
          from: 3,
          to: 4,
          cause: 'delete_signed',
          actor: `tid:${customer.user.id}`,
          time: expect.any(Number),
        },
      ]);
    });
  });

  describe('create', () => {
    it('answers under every alias and returns the first id for a repeated signed body', async () => {
      for (const url of [
        '/explorer/reservations/workloads',
        '/explorer/reservations',
        '/explorer/workloads',
      ]) {
        const res = await postWorkload(t, customer, volume(base({ description: url }), 1), url);
        expect(res.status).toBe(201);
      }
      const body = customer.id.workloadBody(volume(base({ description: 'repeat' }), 1));
      const url = '/api/v1/reservations/workloads';
      const first = await t.request({
        method: 'POST',
        url,
        body,
        headers: customer.id.httpHeaders('POST', url),
      });
      const before = await count();
      const again = await t.request({
        method: 'POST',
        url,
        body,
        headers: customer.id.httpHeaders('POST', url),
      });
      expect(again.status).toBe(201);
      expect(idOf(again)).toBe(idOf(first));
      expect(await count()).toBe(before);
    });

    it('two workloads with the same customer signature but different fields are two workloads', async () => {
      // The challenge does not cover the signing requests: equal volumes created in the same second
      // with different delete signers carry the same (deterministic) ed25519 signature.
      const epoch = Math.floor(Date.now() / 1000);
      const twin = (deleteSigner: number) =>
        customer.id.signWorkload(
          volume(
            base({
              description: 'twin',
              epoch,
              signing_request_delete: { signers: [deleteSigner], quorum_min: 1 },
            }),
            1,
          ),
        );
      const mine = twin(customer.user.id);
      const theirs = twin(other.user.id);
      expect(theirs.customer_signature).toBe(mine.customer_signature);
      const url = '/api/v1/reservations/workloads';
      const post = (w: Workload) =>
        t.request({
          method: 'POST',
          url,
          body: encodeWorkload(w),
          headers: customer.id.httpHeaders('POST', url),
        });
      const first = await post(mine);
      const second = await post(theirs);
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(idOf(second)).not.toBe(idOf(first));
      expect((await getWorkload(t, idOf(first))).signing_request_delete.signers).toEqual([customer.user.id]);
      expect((await getWorkload(t, idOf(second))).signing_request_delete.signers).toEqual([other.user.id]);
      // Each one's byte-identical replay still answers its own first id.
      const before = await count();
      expect(idOf(await post(theirs))).toBe(idOf(second));
      expect(idOf(await post(mine))).toBe(idOf(first));
      expect(await count()).toBe(before);
    });

    it("serves the era's Go client paths: create, list and sign under /api/v1/workloads", async () => {
      const res = await postWorkload(t, customer, volume(base(), 1), '/api/v1/workloads');
      expect(res.status).toBe(201);
      const id = idOf(res);
      for (const url of [`/api/v1/workloads/${id}`, `/explorer/workloads/${id}`]) {
        const got = await t.request({ method: 'GET', url });
        expect(got.status).toBe(200);
        expect(got.json()).toMatchObject({ id, next_action: 3 });
      }
      for (const prefix of ['/api/v1/workloads', '/explorer/workloads']) {
        const list = await t.request({
          method: 'GET',
          url: `${prefix}?customer_tid=${customer.user.id}&next_action=3&page=1`,
        });
        expect(list.status).toBe(200);
        expect(list.json<Workload[]>().map((x) => x.id)).toContain(id);
        expect(list.headers.pages).toBeDefined();
      }
      const stored = await getWorkload(t, id);
      const del = await sign(id, 'delete', customer.id.delete(stored), '/api/v1/workloads');
      expect(del.status).toBe(201);
      expect((await getWorkload(t, id)).next_action).toBe(4);
      const history = await t.request({ method: 'GET', url: `/api/v1/workloads/${id}/history` });
      expect(history.json<unknown[]>()).toHaveLength(2);
    });

    it('stores an under-funded workload as invalid and answers 402 with its id', async () => {
      const poor = await newPool(t, customer, [nodeId], 0, 0);
      const res = await postWorkload(t, customer, volume(base({ pool_id: poor }), 10));
      expect(res.status).toBe(402);
      const body = res.json<{ error: string; reservation_id: number }>();
      expect(body.error).toBe('pool needs additional capacity to support this workload');
      expect((await getWorkload(t, body.reservation_id)).next_action).toBe(5);
      expect(await queued(body.reservation_id)).toBe(0);
    });

    it('a free workload needs no capacity', async () => {
      const poor = await newPool(t, customer, [nodeId], 0, 0);
      expect((await postWorkload(t, customer, domainDelegate(base({ pool_id: poor }), 'x.org'))).status).toBe(
        201,
      );
    });

    const url = '/api/v1/reservations/workloads';
    const signed = (w: Workload) => customer.id.workloadBody(w);
    const unsignedBody = (w: Workload) => encodeWorkload({ ...w, customer_signature: 'ab'.repeat(64) });
    const cases: [string, () => string, number, string | RegExp][] = [
      ['malformed JSON', () => '{"workload_type": 2,', 400, /json/i],
      ['not an object', () => '[1,2]', 400, /.+/],
      [
        'unknown workload type',
        () => signed(volume(base(), 1)).replace('"workload_type":2', '"workload_type":11'),
        400,
        'unrecognized workload type',
      ],
      [
        'legacy network type',
        () => signed(volume(base(), 1)).replace('"workload_type":2', '"workload_type":3'),
        400,
        'unrecognized workload type',
      ],
      ['size as a string', () => signed(volume(base(), 1)).replace('"size":1', '"size":"1"'), 400, /size/],
      [
        'next_action out of range',
        () => signed(volume(base(), 1)).replace('"next_action":0', '"next_action":300'),
        400,
        /next_action/,
      ],
      [
        'pool_id beyond int64',
        () => signed(volume(base(), 1)).replace(`"pool_id":${poolId}`, '"pool_id":1e30'),
        400,
        /pool_id/,
      ],
      [
        'bad IP text',
        () => signed(kubernetes(base(), { size: 1, network_id: 'n', ipaddress: '10.1.2.300' })),
        400,
        /.+/,
      ],
      ['customer_tid 0', () => signed(volume(base({ customer_tid: 0 }), 1)), 400, 'customer_tid is required'],
      [
        'no customer signature',
        () => encodeWorkload(volume(base(), 1)),
        400,
        'customer_signature is required',
      ],
      [
        'metadata over 1024 bytes',
        () => signed(volume(base({ metadata: 'é'.repeat(513) }), 1)),
        400,
        'metadata can not be bigger than 1024 bytes',
      ],
      ['pool 0', () => signed(volume(base({ pool_id: 0 }), 1)), 400, 'pool is required'],
      [
        'reference set',
        () => signed({ ...volume(base(), 1), reference: '1-1' }),
        400,
        'reference is illegal for new workloads',
      ],
      [
        'client next_action delete',
        () => signed({ ...volume(base(), 1), next_action: 4 }),
        400,
        "invalid request wrong status 'delete'",
      ],
      [
        'client next_action invalid',
        () => signed({ ...volume(base(), 1), next_action: 5 }),
        400,
        "invalid request wrong status 'invalid'",
      ],
      [
        'signature not hex',
        () => encodeWorkload({ ...volume(base(), 1), customer_signature: 'zz' }),
        400,
        /invalid signature format/,
      ],
      [
        'signature of another body',
        () => unsignedBody(volume(base(), 1)),
        400,
        'failed to verify customer signature',
      ],
      [
        'signature by another key',
        () => encodeWorkload(other.id.signWorkload(volume(base(), 1))),
        400,
        'failed to verify customer signature',
      ],
      ['unknown pool', () => signed(volume(base({ pool_id: 999999 }), 1)), 404, 'pool does not exist'],
      [
        'node outside the pool',
        () => signed(volume(base({ node_id: 'unknownnode' }), 1)),
        403,
        'not allowed to deploy workload on this pool',
      ],
      ['huge body', () => JSON.stringify({ metadata: 'x'.repeat(2 * 1024 * 1024) }), 413, /.+/],
    ];
    it.each(cases)('%s → 4xx, nothing stored', async (_name, body, status, message) => {
      const before = await snapshot(t);
      const text = body();
      const res = await t.request({
        method: 'POST',
        url,
        body: text,
        headers: customer.id.httpHeaders('POST', url),
      });
      expect(res.status).toBe(status);
      expect(res.json<{ error: string }>().error).toMatch(message);
      expect(await snapshot(t)).toBe(before);
    });

    it("someone else's pool → 403, nothing stored", async () => {
      const foreign = await newPool(t, other, [nodeId]);
      const before = await snapshot(t);
      const res = await postWorkload(t, customer, volume(base({ pool_id: foreign }), 1));
      expect(res.status).toBe(403);
      expect(await snapshot(t)).toBe(before);
    });

    it('requires the HTTP signature of the customer (decisions.md §2.5)', async () => {
      const before = await snapshot(t);
      const body = signed(volume(base(), 1));
      expect((await t.request({ method: 'POST', url, body })).status).toBe(401);
      const byOther = await t.request({
        method: 'POST',
        url,
        body,
        headers: other.id.httpHeaders('POST', url),
      });
      expect(byOther.status).toBe(401);
      expect(byOther.json<{ error: string }>().error).toBe(
        'request user identity does not match the reservation customer-tid',
      );
      const forged = { ...customer.id.httpHeaders('POST', url), 'threebot-id': String(other.user.id) };
      expect((await t.request({ method: 'POST', url, body, headers: forged })).status).toBe(401);
      expect(await snapshot(t)).toBe(before);
    });
  });

  describe('provision multisig (sign is a real waiting state)', () => {
    it('waits in sign until the quorum of distinct listed signers is met', async () => {
      const signers = [customer.user.id, other.user.id];
      const w = volume(base({ signing_request_provision: { signers, quorum_min: 2 } }), 1);
      const id = idOf(await postWorkload(t, customer, w));
      const stored = await getWorkload(t, id);
      expect(stored.next_action).toBe(1);
      expect(await queued(id)).toBe(0);

      const unchanged = async (res: Promise<{ status: number }>, status: number) => {
        const before = await snapshot(t);
        expect((await res).status).toBe(status);
        expect(await snapshot(t)).toBe(before);
      };
      await unchanged(sign(id, 'provision', farmer.id.provision(stored)), 401); // not listed
      await unchanged(
        sign(id, 'provision', {
          ...customer.id.provision(stored),
          signature: other.id.provision(stored).signature,
        }),
        401,
      ); // bad signature
      await unchanged(sign(id, 'provision', { tid: customer.user.id, signature: 'xyz' }), 400); // not hex
      await unchanged(sign(id, 'provision', { tid: String(customer.user.id), signature: 'ab' }), 400); // wrong type
      await unchanged(sign(id, 'provision', '{"tid":'), 400); // malformed JSON
      await unchanged(sign(id, 'provision', { tid: 0, signature: 'ab' }), 400); // tid 0
      await unchanged(sign(999999, 'provision', customer.id.provision(stored)), 404);

      expect((await sign(id, 'provision', customer.id.provision(stored))).status).toBe(201);
      expect((await getWorkload(t, id)).next_action).toBe(1);
      await unchanged(sign(id, 'provision', customer.id.provision(stored)), 400); // second signature
      expect((await sign(id, 'provision', other.id.provision(stored), '/explorer/workloads')).status).toBe(
        201,
      );
      expect((await getWorkload(t, id)).next_action).toBe(3);
      expect(await queued(id)).toBe(1);
      await unchanged(sign(id, 'provision', customer.id.provision(stored)), 401); // not in sign any more
    });
  });

  describe('delete signatures', () => {
    it('checks signer, signature and duplicates; quorum 0 never deletes', async () => {
      const id = idOf(await postWorkload(t, customer, volume(base(), 1)));
      const stored = await getWorkload(t, id);
      const before = await snapshot(t);
      expect((await sign(id, 'delete', other.id.delete(stored))).status).toBe(401);
      expect(
        (
          await sign(id, 'delete', {
            ...customer.id.delete(stored),
            signature: customer.id.provision(stored).signature,
          })
        ).status,
      ).toBe(401);
      expect(await snapshot(t)).toBe(before);
      expect((await sign(id, 'delete', customer.id.delete(stored))).status).toBe(201);
      const after = await snapshot(t);
      expect((await sign(id, 'delete', customer.id.delete(stored))).status).toBe(400);
      expect(await snapshot(t)).toBe(after);

      const undeletable = idOf(
        await postWorkload(
          t,
          customer,
          volume(base({ signing_request_delete: { signers: [customer.user.id], quorum_min: 0 } }), 1),
        ),
      );
      expect(
        (await sign(undeletable, 'delete', customer.id.delete(await getWorkload(t, undeletable)))).status,
      ).toBe(201);
      expect((await getWorkload(t, undeletable)).next_action).toBe(3);
    });
  });

  describe('farmer signatures (decisions.md §3)', () => {
    const requireSignature = (on: boolean) => {
      const url = `/api/v1/farms/${farmId}`;
      return t.request({
        method: 'PUT',
        url,
        body: { require_farmer_signature: on },
        headers: farmer.user.sign('PUT', url),
      });
    };
    beforeAll(async () => expect((await requireSignature(true)).status).toBe(200));
    afterAll(() => requireSignature(false));

    it('holds workloads in sign until the farm owner signs; only the owner may', async () => {
      const id = idOf(await postWorkload(t, customer, volume(base(), 1)));
      const stored = await getWorkload(t, id);
      expect(stored.next_action).toBe(1);
      const waiting = await t.request({
        method: 'GET',
        url: `/api/v1/farms/${farmId}/workloads?next_action=1`,
      });
      expect(waiting.json<Workload[]>().map((w) => w.id)).toContain(id);
      expect(waiting.headers['x-total-count']).toBeDefined();

      const before = await snapshot(t);
      expect((await sign(id, 'farmer', customer.id.farmer(stored))).status).toBe(401); // not the owner
      expect(
        (
          await sign(id, 'farmer', {
            ...farmer.id.farmer(stored),
            signature: farmer.id.refuse(stored).signature,
          })
        ).status,
      ).toBe(401);
      expect(await snapshot(t)).toBe(before);

      expect((await sign(id, 'farmer', farmer.id.farmer(stored))).status).toBe(201);
      const signed = await getWorkload(t, id);
      expect(signed.next_action).toBe(3);
      expect(signed.signature_farmer).toMatchObject({
        tid: farmer.user.id,
        signature: farmer.id.farmer(stored).signature,
      });
      const again = await sign(id, 'farmer', farmer.id.farmer(stored));
      expect(again.status).toBe(400);
      expect(again.json()).toEqual({ error: 'farmer has already signed the workload' });
    });

    it('a refusal makes the workload invalid', async () => {
      const id = idOf(await postWorkload(t, customer, volume(base(), 1)));
      const stored = await getWorkload(t, id);
      expect((await sign(id, 'farmer', { ...farmer.id.farmer(stored), refuse: true })).status).toBe(401); // approval signature for a refusal
      expect((await sign(id, 'farmer', farmer.id.refuse(stored))).status).toBe(201);
      expect((await getWorkload(t, id)).next_action).toBe(5);
      const history = await t.request({ method: 'GET', url: `/api/v1/reservations/workloads/${id}/history` });
      expect(history.json<{ cause: string; actor: string }[]>().at(-1)).toMatchObject({
        cause: 'farmer_refused',
        actor: `tid:${farmer.user.id}`,
      });
    });
  });

  describe('reads', () => {
    it('lists with filters and pagination headers', async () => {
      const all = await t.request({
        method: 'GET',
        url: `/api/v1/reservations/workloads?customer_tid=${customer.user.id}&size=2&page=1`,
      });
      expect(all.status).toBe(200);
      expect(all.json<unknown[]>()).toHaveLength(2);
      const total = Number(all.headers['x-total-count']);
      expect(all.headers.pages).toBe(String(Math.ceil(total / 2)));
      const deployed = await t.request({
        method: 'GET',
        url: `/api/v1/reservations/workloads?next_action=3&pool_id=${poolId}&node_id=${nodeId}`,
      });
      expect(deployed.json<Workload[]>().every((w) => w.next_action === 3 && w.pool_id === poolId)).toBe(
        true,
      );
      const none = await t.request({
        method: 'GET',
        url: '/api/v1/reservations/workloads?customer_tid=987654',
      });
      expect(none.text).toBe('[]');
      expect(
        (await t.request({ method: 'GET', url: '/api/v1/reservations/workloads?customer_tid=abc' })).status,
      ).toBe(400);
      expect(
        (await t.request({ method: 'GET', url: '/api/v1/reservations/workloads?next_action=9' })).status,
      ).toBe(400);
    });

    it('404 for unknown ids and farms', async () => {
      expect((await t.request({ method: 'GET', url: '/api/v1/reservations/workloads/999999' })).status).toBe(
        404,
      );
      expect(
        (await t.request({ method: 'GET', url: '/api/v1/reservations/workloads/999999/history' })).status,
      ).toBe(404);
      expect((await t.request({ method: 'GET', url: '/api/v1/farms/999999/workloads' })).status).toBe(404);
    });
  });
});

describe('workloads with ALLOW_UNSIGNED_WORKLOAD_CREATE', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ALLOW_UNSIGNED_WORKLOAD_CREATE: 'true' });
  });
  afterAll(() => t.close());

  it('accepts an unsigned create and still rejects an unknown customer', async () => {
    const customer = await newCustomer(t);
    const farmer = await newCustomer(t);
    const nodeId = (await newFarm(t, farmer)).node.nodeId;
    const poolId = await newPool(t, customer, [nodeId]);
    const url = '/api/v1/reservations/workloads';
    const w = volume({ node_id: nodeId, pool_id: poolId, customer_tid: customer.user.id }, 1);
    expect((await t.request({ method: 'POST', url, body: customer.id.workloadBody(w) })).status).toBe(201);
    const before = await snapshot(t);
    const unknown = await t.request({
      method: 'POST',
      url,
      body: customer.id.workloadBody({ ...w, customer_tid: 424242 }),
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json<{ error: string }>().error).toBe("cannot find user with id '424242'");
    expect(await snapshot(t)).toBe(before);
  });
});
