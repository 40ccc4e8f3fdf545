import { startTestApp, TestApp } from '../setup/app';
import { createUser, makeNode, seeded, TestUser } from '../fixtures/identities';
import { capacityReservation, insertNode } from '../fixtures/pools';

const MAX_INT64 = '9223372036854775807';

/** directory.md §9.2: signed by the user key of §3.2 (seed 32 × 0x01), with the later-era `ipv4us` key. */
const VECTOR_JSON =
  '{"pool_id":0,"cus":86400,"sus":86400,"ipv4us":0,"node_ids":["9hSR6S7WPtxmTojgo6GG3k4yDPecgJY292j7xrsUGWBu"],"currencies":["TFT"]}';
const VECTOR_SIGNATURE =
  'bf31dd0fde9f9f8a483a9e908a683b2afd71a1f5d835a52c90ebd5e941605a0fbbb23df477974b9d52082a8ab88de8a3e7e9990f4a074e05d339f2bb2677dd07';

describe('capacity pools API (directory.md §9, decisions.md §2.8, §4)', () => {
  let t: TestApp;
  let alice: TestUser;
  let mallory: TestUser;
  const farm1 = [makeNode().nodeId, makeNode().nodeId, makeNode().nodeId];
  const otherFarmNode = makeNode().nodeId;

  beforeAll(async () => {
    t = await startTestApp({ RUN_BACKGROUND_JOBS: 'false' });
    alice = await createUser(t);
    mallory = await createUser(t);
    for (const n of farm1) await insertNode(t.db, n, 1);
    await insertNode(t.db, otherFarmNode, 2);
  });
  afterAll(() => t.close());

  const post = (prefix: string, body: unknown) =>
    t.request({ method: 'POST', url: `${prefix}/reservations/pools`, body });

  it('accepts the signed vector of directory.md §9.2', async () => {
    const customer = await createUser(t, 'vector.3bot', seeded(Buffer.alloc(32, 1)));
    const res = await post('/api/v1', {
      json: VECTOR_JSON,
      data_reservation: {
        pool_id: 0,
        cus: 86400,
        sus: 86400,
        node_ids: ['9hSR6S7WPtxmTojgo6GG3k4yDPecgJY292j7xrsUGWBu'],
        currencies: ['TFT'],
      },
      customer_tid: customer.id,
      customer_signature: VECTOR_SIGNATURE,
    });
    expect(res.status).toBe(201);
  });

  describe.each(['/api/v1', '/explorer'])('under %s', (prefix) => {
    it('creates a pool, reads it with exact int64 empty_at, lists it by owner, extends it', async () => {
      // Its own customer per prefix: the same signed reservation twice is one reservation.
      const owner = await createUser(t);
      const before = Math.floor(Date.now() / 1000);
      const res = await post(
        prefix,
        capacityReservation(owner, { node_ids: [farm1[0]], cus: 86400, sus: 3600 }),
      );
      expect(res.status).toBe(201);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      const id = res.json<{ reservation_id: number }>().reservation_id;
      expect(res.text).toBe(
        `{"reservation_id":${id},"escrow_information":{"address":"","asset":"","amount":0}}`,
      );

      const got = await t.request({ method: 'GET', url: `${prefix}/reservations/pools/${id}` });
      expect(got.status).toBe(200);
      expect(got.text).toMatch(
        new RegExp(
          `^\\{"pool_id":${id},"cus":86400,"sus":3600,"node_ids":\\["${farm1[0]}"\\],"last_updated":(\\d+),"active_cu":0,"active_su":0,` +
            `"empty_at":${MAX_INT64},"customer_tid":${owner.id},"active_workload_ids":\\[\\]\\}$`,
        ),
      );
      expect(Number(/"last_updated":(\d+)/.exec(got.text)![1])).toBeGreaterThanOrEqual(before);

      // Extension: a node added, capacity added; the answer is a new reservation id for the same pool.
      const ext = await post(
        prefix,
        capacityReservation(owner, { pool_id: id, node_ids: [farm1[0], farm1[1]], cus: 100, sus: 0 }),
      );
      expect(ext.status).toBe(201);
      expect(ext.json<{ reservation_id: number }>().reservation_id).not.toBe(id);
      const extended = await t.request({ method: 'GET', url: `${prefix}/reservations/pools/${id}` });
      expect(extended.json()).toMatchObject({
        pool_id: id,
        cus: 86500,
        sus: 3600,
        node_ids: [farm1[0], farm1[1]],
      });

      const owned = await t.request({ method: 'GET', url: `${prefix}/reservations/pools/owner/${owner.id}` });
      expect(owned.status).toBe(200);
      expect(owned.text.startsWith('[{"pool_id":')).toBe(true);
      expect(owned.json<{ pool_id: number }[]>().map((p) => p.pool_id)).toContain(id);
      expect(owned.text).toContain(`"empty_at":${MAX_INT64}`);
    });

    it('answers [] for an owner without pools and 404 for an unknown pool', async () => {
      const none = await t.request({ method: 'GET', url: `${prefix}/reservations/pools/owner/987654` });
      expect(none.status).toBe(200);
      expect(none.text).toBe('[]');
      const missing = await t.request({ method: 'GET', url: `${prefix}/reservations/pools/987654` });
      expect(missing.status).toBe(404);
      expect(missing.json()).toEqual({ error: 'capacity pool not found' });
    });

    it('treats a missing list in json like an empty one', async () => {
      const json = JSON.stringify({ pool_id: 0, cus: 5, sus: 5, node_ids: [farm1[2]] });
      const res = await post(prefix, {
        json,
        data_reservation: { pool_id: 0, cus: 5, sus: 5, node_ids: [farm1[2]], currencies: [] },
        customer_tid: alice.id,
        customer_signature: alice.signBytes(json),
      });
      expect(res.status).toBe(201);
    });
  });

  describe('bad input is a 4xx and changes nothing', () => {
    let poolId: number;
    beforeAll(async () => {
      const res = await post(
        '/api/v1',
        capacityReservation(alice, { node_ids: [farm1[0], farm1[1]], cus: 1000, sus: 1000 }),
      );
      poolId = res.json<{ reservation_id: number }>().reservation_id;
    });

    const snapshot = async () => {
      const [row] = await t.db.query(
        `SELECT (SELECT count(*) FROM capacity_reservations) AS reservations,
                (SELECT json_agg(p ORDER BY p.id) FROM pools p)::text AS pools,
                (SELECT last_value FROM capacity_reservation_id_seq) AS seq`,
      );
      return row as { reservations: string; pools: string; seq: string };
    };

    type Case = [string, () => unknown, number, string | RegExp];
    const withJson = (body: ReturnType<typeof capacityReservation>, json: string, signer = alice) => ({
      ...body,
      json,
      customer_signature: signer.signBytes(json),
    });
    const cases: Case[] = [
      ['malformed body', () => '{"json": ', 400, /malformed json|unexpected end/i],
      ['pool_id not an integer', () => '{"data_reservation":{"pool_id":1e3}}', 400, /pool_id/],
      [
        'customer_tid missing',
        () => ({ ...capacityReservation(alice, { node_ids: [farm1[0]], cus: 1 }), customer_tid: 0 }),
        400,
        'customer_tid is required',
      ],
      [
        'signature missing',
        () => ({ ...capacityReservation(alice, { node_ids: [farm1[0]], cus: 1 }), customer_signature: '' }),
        400,
        'customer_signature is required',
      ],
      [
        'no node ids',
        () => capacityReservation(alice, { node_ids: [], cus: 1 }),
        400,
        'capacity reservation must contain at least one node id',
      ],
      [
        'null node ids',
        () => capacityReservation(alice, { node_ids: null, cus: 1 }),
        400,
        'capacity reservation must contain at least one node id',
      ],
      [
        'json unparsable',
        () => withJson(capacityReservation(alice, { node_ids: [farm1[0]], cus: 1 }), '{"cus":'),
        400,
        /^invalid json data on reservation/,
      ],
      [
        'json differs from data_reservation',
        () =>
          withJson(
            capacityReservation(alice, { node_ids: [farm1[0]], cus: 1 }),
            JSON.stringify({ pool_id: 0, cus: 2, sus: 0, node_ids: [farm1[0]], currencies: ['TFT'] }),
          ),
        400,
        'json data does not match the reservation data',
      ],
      [
        'duplicate node',
        () => capacityReservation(alice, { node_ids: [farm1[0], farm1[0]], cus: 1 }),
        409,
        'duplicate node ID is not allowed in capacity pool',
      ],
      [
        'nodes of two farms',
        () => capacityReservation(alice, { node_ids: [farm1[0], otherFarmNode], cus: 1 }),
        400,
        'all nodes for a capacity pool must belong to the same farm',
      ],
      [
        'unknown customer',
        () => ({ ...capacityReservation(alice, { node_ids: [farm1[0]], cus: 1 }), customer_tid: 424242 }),
        400,
        'cannot find user with id 424242',
      ],
      [
        'signature by someone else',
        () => ({ ...capacityReservation(mallory, { node_ids: [farm1[0]], cus: 1 }), customer_tid: alice.id }),
        400,
        'failed to verify customer signature',
      ],
      [
        'signature not hex',
        () => ({ ...capacityReservation(alice, { node_ids: [farm1[0]], cus: 1 }), customer_signature: 'zz' }),
        400,
        'failed to verify customer signature',
      ],
      [
        'extension of an unknown pool',
        () => capacityReservation(alice, { pool_id: 999999, node_ids: [farm1[0]], cus: 1 }),
        404,
        'capacity pool not found',
      ],
      [
        'extension removing a node',
        () => capacityReservation(alice, { pool_id: poolId, node_ids: [farm1[0]], cus: 1 }),
        400,
        'nodes can not be removed from a pool',
      ],
      [
        'extension adding nothing',
        () => capacityReservation(alice, { pool_id: poolId, node_ids: [farm1[1], farm1[0]] }),
        400,
        'this capacity reservation has no observable results',
      ],
      [
        'extension by another customer',
        () => capacityReservation(mallory, { pool_id: poolId, node_ids: [farm1[0], farm1[1]], cus: 1 }),
        403,
        'capacity pool belongs to another customer',
      ],
    ];

    it.each(cases)('%s', async (_name, body, status, message) => {
      const before = await snapshot();
      for (const prefix of ['/api/v1', '/explorer']) {
        const res = await post(prefix, body());
        expect(res.status).toBe(status);
        const { error } = res.json<{ error: string }>();
        if (typeof message === 'string') expect(error).toBe(message);
        else expect(error).toMatch(message);
      }
      expect(await snapshot()).toEqual(before);
    });

    it('rejects a non-numeric pool id in the path', async () => {
      const res = await t.request({ method: 'GET', url: '/api/v1/reservations/pools/abc' });
      expect(res.status).toBe(400);
    });
  });
});
