import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, TestApp, TestRequest, TestResponse } from '../setup/app';
import { createUser, makeNode, TestNode, TestUser } from '../fixtures/identities';
import { signResult } from '@app/crypto';
import { volume } from '@app/client';
import { capacityReservation } from '../fixtures/pools';
import { SimCustomer } from '../sim/customer';
import { getWorkload, postWorkload, registerFarm, registerNode, snapshot } from '../fixtures/workloads';

/**
 * "Every bad input gets a clear 4xx and changes nothing; a 5xx is a bug": every documented operation is
 * called with garbage path values, bodies and queries, unsigned and signed, and must never answer 5xx.
 */
const document = JSON.parse(readFileSync(join(__dirname, '../../docs/openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, unknown>>;
};
const PATH_VALUES = ['abc', '0', '99999999999999999999', '1-1'];
const BODIES: unknown[] = [
  undefined,
  '{',
  '[]',
  '"x"',
  '{}',
  { a: 1 },
  { id: 'x', tid: -1, signature: 5, json: 7 },
  'null',
];
const QUERIES = [
  '',
  '?page=-1&size=abc',
  '?from=abc&wait=99',
  '?from=1&online=maybe&farm=x&cru=-1',
  '?next_action=99&customer_tid=x',
];

describe('no input makes any endpoint answer 5xx', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.keys(methods)
      .filter((m) => ['get', 'post', 'put', 'delete'].includes(m))
      .map((m) => [m.toUpperCase() as TestRequest['method'], path] as const),
  );

  it('covers the whole API', () => {
    expect(operations.length).toBeGreaterThan(40);
  });

  it.each(operations)('%s %s', async (method, template) => {
    const user = await createUser(t);
    const node = makeNode();
    const failures: string[] = [];
    for (const value of PATH_VALUES) {
      const path = template.replace(/\{[^}]+\}/g, value);
      const queries = method === 'GET' ? QUERIES : [''];
      const bodies = method === 'GET' || method === 'DELETE' ? [undefined] : BODIES;
      for (const query of queries) {
        for (const body of bodies) {
          // Signed as whoever the route expects (node routes by a node), and unsigned.
          for (const signer of [null, /\/(nodes|gateways)\//.test(template) ? node : user]) {
            const url = path + query;
            const headers = signer === null ? {} : signer.sign(method, url);
            const res = await t.request({ method, url, body, headers });
            if (res.status >= 500)
              failures.push(`${res.status} ${method} ${url} ${JSON.stringify(body)}: ${res.text}`);
            else if (
              res.status >= 400 &&
              !res.headers['content-type']?.toString().includes('application/json')
            ) {
              failures.push(`non-JSON ${res.status} ${method} ${url}`);
            }
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

type Json = Record<string, unknown>;
const LOCATION = { city: 'Ghent', country: 'Belgium', continent: 'Europe', latitude: 51.05, longitude: 3.71 };

/** The exact requests behind every 500 of the hostile-input sweep, and what each must answer now. */
describe('the reproducers of the hostile-input sweep answer 4xx or succeed like Go', () => {
  let t: TestApp;
  let customer: SimCustomer;
  let farmer: TestUser;
  let farmId: number;
  let node: TestNode;

  beforeAll(async () => {
    t = await startTestApp();
    node = makeNode();
    customer = await SimCustomer.start(t, [node]);
    farmer = await createUser(t);
    farmId = await farmOf(farmer);
  });
  afterAll(() => t.close());

  let farms = 0;
  async function farmOf(owner: TestUser, extra: Json = {}): Promise<number> {
    const res = await post('/api/v1/farms', {
      threebot_id: owner.id,
      name: `repro-${++farms}`,
      wallet_addresses: [{ asset: 'TFT', address: 'GREPRO' }],
      ...extra,
    });
    expect([res.status, res.text]).toEqual([201, expect.any(String)]);
    return res.json<{ id: number }>().id;
  }
  /** Signed by `by`; a farm registration is always signed by the farmer, as tffarmer does. */
  const post = (url: string, body: unknown, by?: TestNode | TestUser, method: 'POST' | 'PUT' = 'POST') => {
    const signer = by ?? (url === '/api/v1/farms' ? farmer : undefined);
    return t.request({ method, url, body, headers: signer ? signer.sign(method, url) : {} });
  };
  /** What a node or gateway registers with, on the farmer's farm. */
  const registrationOf = (host: TestNode, extra: Json): Json => ({
    node_id: host.nodeId,
    farm_id: farmId,
    os_version: 'v2',
    public_key_hex: host.pubkeyHex,
    location: LOCATION,
    ...extra,
  });
  const answer = (res: TestResponse) => [
    res.status,
    res.status >= 400 ? res.json<{ error: string }>().error : res.text,
  ];

  describe('Go nil slices and maps (null) mean empty', () => {
    it('capacityd on bare metal: "hypervisor": null', async () => {
      const url = `/api/v1/nodes/${node.nodeId}/capacity`;
      const body = `{"capacity":{"cru":4,"mru":15.5,"hru":1000,"sru":250},"dmi":{"tooling":{"aggregator":"0-core","decoder":"dmidecode"},"sections":null},"disks":{"aggregator":"zos","environment":"zos","devices":null,"tool":"lsblk"},"hypervisor":null}`;
      expect(answer(await post(url, body, node))).toEqual([200, 'null']);
      const proof = (await t.db.query('SELECT hypervisor FROM node_proofs ORDER BY id DESC LIMIT 1'))[0];
      expect(proof.hypervisor).toEqual([]);
    });

    it('networkd: an interface with "gateway": null, "addrs": null', async () => {
      const url = `/api/v1/nodes/${node.nodeId}/interfaces`;
      const body = `[{"name":"zos","addrs":["10.4.0.12/16"],"gateway":["10.4.0.1"],"macaddress":"aa:bb:cc:dd:ee:ff"},{"name":"eth1","addrs":null,"gateway":null,"macaddress":"aa:bb:cc:dd:ee:01"}]`;
      expect(answer(await post(url, body, node))).toEqual([201, 'null']);
      expect(answer(await post(url, 'null', node))).toEqual([201, 'null']);
    });

    it('tffarmer: register and update with "resource_prices": null; "wallet_addresses": null is the 400 of []', async () => {
      const body = `{"id":0,"threebot_id":${farmer.id},"iyo_organization":"","name":"nil-farm","wallet_addresses":[{"asset":"TFT","address":"GX"}],"location":{"city":"","country":"","continent":"","latitude":0,"longitude":0},"email":"","resource_prices":null,"prefix_zero":""}`;
      const created = await post('/api/v1/farms', body);
      expect(created.status).toBe(201);
      const id = created.json<{ id: number }>().id;
      const url = `/api/v1/farms/${id}`;
      const update = body.replace('"id":0', `"id":${id}`);
      expect(answer(await post(url, update, farmer, 'PUT'))).toEqual([200, 'null']);
      const row = (await t.db.query('SELECT resource_prices FROM farms WHERE id = $1', [id]))[0];
      expect(row).toEqual({ resource_prices: [] });
      const noWallets = (text: string) =>
        text.replace(/"wallet_addresses":\[[^\]]*\]/, '"wallet_addresses":null');
      const empty = (text: string) => text.replace(/"wallet_addresses":\[[^\]]*\]/, '"wallet_addresses":[]');
      const required = [400, 'wallet_addresses is required'];
      expect(answer(await post('/api/v1/farms', noWallets(body)))).toEqual(required);
      expect(answer(await post('/api/v1/farms', empty(body)))).toEqual(required);
      expect(answer(await post(url, noWallets(update), farmer, 'PUT'))).toEqual(required);
    });

    it('gateway register with "managed_domains": null, "dns_nameserver": null', async () => {
      const gw = makeNode();
      const body = registrationOf(gw, { managed_domains: null, tcp_router_port: 0, dns_nameserver: null });
      expect(answer(await post('/api/v1/gateways', body, gw))).toEqual([201, 'null']);
      const row = (
        await t.db.query('SELECT managed_domains, dns_nameserver FROM gateways WHERE node_id = $1', [
          gw.nodeId,
        ])
      )[0];
      expect(row).toEqual({ managed_domains: [], dns_nameserver: [] });
    });

    it('node ports with "ports": null', async () => {
      expect(answer(await post(`/api/v1/nodes/${node.nodeId}/ports`, '{"ports":null}', node))).toEqual([
        200,
        'null',
      ]);
    });
  });

  describe('null for scalar and object fields is the Go zero value', () => {
    const wallets = [{ asset: 'TFT', address: 'GREPRO' }];
    const key = '11'.repeat(32);
    it.each<[string, () => [string, Json], unknown[]]>([
      [
        'user email null',
        () => ['/api/v1/users', { name: 'null-email', email: null, pubkey: key }],
        [201, expect.any(String)],
      ],
      [
        'user name null',
        () => ['/api/v1/users', { name: null, pubkey: key }],
        [400, expect.stringContaining('name')],
      ],
      [
        'user pubkey null',
        () => ['/api/v1/users', { name: 'null-key', pubkey: null }],
        [400, expect.stringContaining('invalid public key')],
      ],
      [
        'farm location null',
        () => [
          '/api/v1/farms',
          {
            threebot_id: farmer.id,
            name: 'null-loc',
            wallet_addresses: wallets,
            location: null,
            email: null,
            prefix_zero: null,
          },
        ],
        [201, expect.any(String)],
      ],
      [
        'farm name null',
        () => ['/api/v1/farms', { threebot_id: farmer.id, name: null, wallet_addresses: wallets }],
        [400, expect.stringContaining('farm name')],
      ],
      [
        'farm threebot_id null',
        () => ['/api/v1/farms', { threebot_id: null, name: 'null-tid', wallet_addresses: wallets }],
        [400, 'threebot_id is required'],
      ],
      [
        'farm wallet address null',
        () => ['/api/v1/farms', { threebot_id: farmer.id, name: 'null-wa', wallet_addresses: [null] }],
        [400, expect.stringContaining('wallet_addresses')],
      ],
    ])('%s', async (_, make, expected) => {
      const [url, body] = make();
      expect(answer(await post(url, body))).toEqual(expected);
    });

    it('node registration, capacity, uptime and public config with null scalars and objects', async () => {
      const fresh = makeNode();
      const registration = registrationOf(fresh, { hostname: null, node_id_v1: null, uptime: null });
      expect(answer(await post('/api/v1/nodes', registration, fresh))).toEqual([201, 'null']);
      expect(answer(await post('/api/v1/nodes', { ...registration, location: null }, fresh))).toEqual([
        400,
        'location is required',
      ]);
      const url = (path: string) => `/api/v1/nodes/${fresh.nodeId}/${path}`;
      expect(
        answer(
          await post(url('capacity'), { capacity: null, dmi: null, disks: null, hypervisor: null }, fresh),
        ),
      ).toEqual([200, 'null']);
      expect(answer(await post(url('uptime'), { uptime: null }, fresh))).toEqual([200, 'null']);
      expect(answer(await post(url('used_resources'), { cru: null, mru: null }, fresh))).toEqual([
        200,
        'null',
      ]);
      expect(answer(await post(url('configure_free'), { free_to_use: null }, farmer))).toEqual([200, 'null']);
      const config = {
        master: null,
        type: null,
        ipv4: '185.69.166.10/24',
        ipv6: null,
        gw4: '185.69.166.1',
        gw6: null,
      };
      expect((await post(url('configure_public'), config, farmer)).status).toBeLessThan(500);
    });
  });

  describe('NUL (\\u0000) never reaches PostgreSQL: 400 naming where it is', () => {
    const nul = 'a\u0000b';
    it.each([
      ['GET', '/api/v1/nodes/%00', 'path parameter "node_id"'],
      ['GET', '/api/v1/nodes?country=%00', 'query parameter "country"'],
      ['GET', '/api/v1/users?name=x%00', 'query parameter "name"'],
      ['GET', '/api/v1/reservations/nodes/workloads/1-1%00', 'path parameter "gwid"'],
      ['GET', `/api/v1/reservations/workloads?node_id=%00`, 'query parameter "node_id"'],
    ] as const)('%s %s', async (method, url, where) => {
      expect(answer(await t.request({ method, url }))).toEqual([
        400,
        `${where} must not contain NUL (\\u0000)`,
      ]);
    });

    it('in DTO strings, nested ones and keys', async () => {
      const cases: [string, Json, string][] = [
        ['/api/v1/users', { name: nul, pubkey: '22'.repeat(32) }, 'name'],
        [
          '/api/v1/farms',
          { threebot_id: farmer.id, name: 'n', location: { ...LOCATION, city: nul } },
          'location.city',
        ],
        [
          '/api/v1/farms',
          { threebot_id: farmer.id, name: 'n', wallet_addresses: [{ asset: 'TFT', address: nul }] },
          'wallet_addresses[0].address',
        ],
      ];
      for (const [url, body, where] of cases)
        expect(answer(await post(url, body))).toEqual([400, `${where} must not contain NUL (\\u0000)`]);
      const capacity = { capacity: { cru: 1 }, dmi: { [nul]: 1 } };
      expect(answer(await post(`/api/v1/nodes/${node.nodeId}/capacity`, capacity, node))).toEqual([
        400,
        'a key of dmi must not contain NUL (\\u0000)',
      ]);
    });

    it('in a signed workload body and in a node result message', async () => {
      const before = await snapshot(t);
      const w = volume(
        { node_id: node.nodeId, pool_id: customer.poolId, customer_tid: customer.tid, description: nul },
        1,
      );
      expect(answer(await postWorkload(t, customer.customer, w))).toEqual([
        400,
        'description must not contain NUL (\\u0000)',
      ]);
      expect(await snapshot(t)).toBe(before);

      const id = await customer.create(node.nodeId);
      const gwid = `${id}-1`;
      const signature = signResult({ state: 0, message: nul, data_json: null }, node.keys.secretKey);
      const body = JSON.stringify({
        category: 2,
        workload_id: gwid,
        data_json: null,
        signature,
        state: 0,
        message: nul,
        epoch: 1,
        node_id: node.nodeId,
      });
      const url = `/api/v1/reservations/nodes/${node.nodeId}/workloads/${gwid}`;
      expect(answer(await t.request({ method: 'PUT', url, body, headers: node.sign('PUT', url) }))).toEqual([
        400,
        'message must not contain NUL (\\u0000)',
      ]);
    });
  });

  describe('unpaired surrogates are stored as U+FFFD, like Go decodes them', () => {
    const lone = 'x\ud800y';
    const decoded = 'x\ufffdy';
    it('farm location city and wallet address (jsonb)', async () => {
      const id = await farmOf(farmer, {
        location: { ...LOCATION, city: lone },
        wallet_addresses: [{ asset: 'TFT', address: lone }],
      });
      const row = (await t.db.query('SELECT location, wallet_addresses FROM farms WHERE id = $1', [id]))[0];
      expect([row.location.city, row.wallet_addresses[0].address]).toEqual([decoded, decoded]);
    });

    it('interface name, capacity dmi and configure_public', async () => {
      const url = (path: string) => `/api/v1/nodes/${node.nodeId}/${path}`;
      expect(answer(await post(url('interfaces'), [{ name: lone, addrs: [], gateway: [] }], node))).toEqual([
        201,
        'null',
      ]);
      expect(
        answer(await post(url('capacity'), { capacity: { cru: 1 }, dmi: { [lone]: lone } }, node)),
      ).toEqual([200, 'null']);
      const own = makeNode();
      await registerNode(t, farmId, own, 'own');
      const config = {
        master: lone,
        type: 0,
        ipv4: '185.69.166.10/24',
        ipv6: '2a02:1802:5e::10/64',
        gw4: '185.69.166.1',
        gw6: '2a02:1802:5e::1',
      };
      const configure = `/api/v1/nodes/${own.nodeId}/configure_public`;
      expect(answer(await post(configure, config, farmer))).toEqual([201, 'null']);
      const configured = (
        await t.db.query('SELECT public_config FROM nodes WHERE node_id = $1', [own.nodeId])
      )[0];
      expect(configured.public_config.master).toBe(decoded);
      const row = (await t.db.query('SELECT ifaces FROM nodes WHERE node_id = $1', [node.nodeId]))[0];
      expect(row.ifaces[0].name).toBe(decoded);
      const proof = (await t.db.query('SELECT hardware FROM node_proofs ORDER BY id DESC LIMIT 1'))[0];
      expect(proof.hardware).toEqual({ [decoded]: decoded });
    });

    it('in a signed workload: the signature still verifies (Go signs U+FFFD)', async () => {
      const w = volume(
        { node_id: node.nodeId, pool_id: customer.poolId, customer_tid: customer.tid, description: lone },
        1,
      );
      const res = await postWorkload(t, customer.customer, w);
      expect(res.status).toBe(201);
      expect((await getWorkload(t, res.json<{ reservation_id: number }>().reservation_id)).description).toBe(
        decoded,
      );
    });
  });

  it('JSON nested 10 000 deep on DTO and wire endpoints: 400 before validation', async () => {
    const deep = `{"name":${'['.repeat(10_000)}${']'.repeat(10_000)},"pubkey":"00"}`;
    for (const url of [
      '/api/v1/users',
      '/api/v1/farms',
      '/api/v1/reservations/workloads',
      '/api/v1/reservations/pools',
    ])
      expect(answer(await post(url, deep))).toEqual([400, 'body exceeded max depth 64']);
    const url = `/api/v1/nodes/${node.nodeId}/capacity`;
    expect(
      answer(await post(url, `{"capacity":{},"dmi":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`, node)),
    ).toEqual([400, 'body exceeded max depth 64']);
  });

  it('page beyond an int64 OFFSET is an empty page; workload_type beyond its enum is a 400', async () => {
    for (const url of [
      '/api/v1/reservations/workloads?page=99999999999999999999',
      '/api/v1/reservations/workloads?page=9223372036854775807&size=1000',
      `/api/v1/farms/${farmId}/workloads?page=99999999999999999999`,
      '/api/v1/users?page=99999999999999999999',
      '/api/v1/nodes?page=9223372036854775807',
    ]) {
      const res = await t.request({ method: 'GET', url });
      expect([res.status, res.text]).toEqual([200, '[]']);
    }
    for (const value of ['40000', '99999999999999999999', '11', '-1']) {
      const url = `/api/v1/reservations/workloads?workload_type=${value}`;
      expect(answer(await t.request({ method: 'GET', url }))).toEqual([
        400,
        expect.stringContaining('workload_type'),
      ]);
    }
  });

  it('strings longer than their documented limit are a 400 naming the field (unique indexes)', async () => {
    const long = 'x'.repeat(3000);
    const cases: [string, Json, string][] = [
      ['/api/v1/users', { name: long, pubkey: '33'.repeat(32) }, 'name'],
      [
        '/api/v1/users',
        { name: 'long-mail', email: `${long}@example.com`, pubkey: '33'.repeat(32) },
        'email',
      ],
      ['/api/v1/farms', { threebot_id: farmer.id, name: long }, 'name'],
    ];
    for (const [url, body, field] of cases)
      expect(answer(await post(url, body))).toEqual([400, `${field} is longer than 255 characters`]);
    const fresh = makeNode();
    const registration = registrationOf(fresh, { location: { ...LOCATION, country: long } });
    expect(answer(await post('/api/v1/nodes', registration, fresh))).toEqual([
      400,
      'location.country is longer than 255 characters',
    ]);
  });

  it('OPTIONS without CORS request headers answers a JSON error', async () => {
    const res = await t.app
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'OPTIONS', url: '/api/v1/nodes' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.json()).toEqual({
      error: 'invalid preflight request: Origin and Access-Control-Request-Method are required',
    });
    const preflight = await t.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'OPTIONS',
        url: '/api/v1/nodes',
        headers: { origin: 'https://example.com', 'access-control-request-method': 'GET' },
      });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://example.com');
  });
});

/**
 * The sweep that found the 500s, kept: every field of a valid body of every body-taking operation,
 * replaced in turn by null, a huge string, an object, an array, a boolean, a NUL or a lone surrogate,
 * signed as the operation expects. Nothing may answer 5xx or a non-JSON error.
 */
describe('each body field replaced by hostile values never answers 5xx', () => {
  let t: TestApp;
  let customer: SimCustomer;
  let farmer: TestUser;
  let node: TestNode;
  let farmId: number;
  let workloadId: number;
  /** A node on the farmer's own farm, so the farmer's settings reach their checks. */
  const farmersNode = makeNode();

  beforeAll(async () => {
    t = await startTestApp();
    node = makeNode();
    customer = await SimCustomer.start(t, [node]);
    farmer = await createUser(t);
    farmId = await registerFarm(t, farmer, 'sweep');
    await registerNode(t, farmId, farmersNode, 'farmers');
    workloadId = await customer.create(node.nodeId);
  });
  afterAll(() => t.close());

  const HOSTILE: unknown[] = [
    null,
    'x'.repeat(3000),
    { a: { b: 1 } },
    [1, 'a', null],
    true,
    'a\u0000b',
    '\ud800',
  ];

  type Op = [string, 'POST' | 'PUT', () => string, () => Json | Json[], 'node' | 'user' | 'none'];
  const ops = (): Op[] => {
    const gw = makeNode();
    const volumeBody = () =>
      JSON.parse(
        customer.customer.id.workloadBody(
          volume(
            {
              node_id: node.nodeId,
              pool_id: customer.poolId,
              customer_tid: customer.tid,
              description: 'sweep',
            },
            1,
          ),
        ),
      ) as Json;
    return [
      [
        'users',
        'POST',
        () => '/api/v1/users',
        () => ({ name: 'sweeper', email: 'a@b.c', pubkey: '44'.repeat(32) }),
        'none',
      ],
      [
        'user update',
        'PUT',
        () => `/api/v1/users/${farmer.id}`,
        () => ({
          name: farmer.name,
          email: '',
          host: '',
          description: '',
          pubkey: '',
          sender_signature_hex: '00',
        }),
        'none',
      ],
      [
        'validate',
        'POST',
        () => `/api/v1/users/${farmer.id}/validate`,
        () => ({ payload: '00', signature: '00' }),
        'none',
      ],
      [
        'farms',
        'POST',
        () => '/api/v1/farms',
        () => ({
          threebot_id: farmer.id,
          name: 'swept',
          wallet_addresses: [{ asset: 'TFT', address: 'G' }],
          location: LOCATION,
          email: '',
          resource_prices: [],
          prefix_zero: '',
        }),
        'user',
      ],
      [
        'farm update',
        'PUT',
        () => `/api/v1/farms/${farmId}`,
        () => ({
          threebot_id: farmer.id,
          name: 'sweep',
          wallet_addresses: [{ asset: 'TFT', address: 'G' }],
          location: LOCATION,
        }),
        'user',
      ],
      [
        'nodes',
        'POST',
        () => '/api/v1/nodes',
        () => ({
          node_id: node.nodeId,
          farm_id: farmId,
          os_version: 'v2',
          public_key_hex: node.pubkeyHex,
          location: LOCATION,
          hostname: 'h',
          node_id_v1: '',
          uptime: 1,
        }),
        'node',
      ],
      [
        'capacity',
        'POST',
        () => `/api/v1/nodes/${node.nodeId}/capacity`,
        () => ({ capacity: { cru: 1, mru: 1, hru: 1, sru: 1 }, dmi: {}, disks: {}, hypervisor: [] }),
        'node',
      ],
      ['uptime', 'POST', () => `/api/v1/nodes/${node.nodeId}/uptime`, () => ({ uptime: 5 }), 'node'],
      [
        'used_resources',
        'POST',
        () => `/api/v1/nodes/${node.nodeId}/used_resources`,
        () => ({ cru: 1, mru: 1, hru: 1, sru: 1, volume: 1 }),
        'node',
      ],
      [
        'interfaces',
        'POST',
        () => `/api/v1/nodes/${node.nodeId}/interfaces`,
        () => [{ name: 'zos', addrs: ['10.0.0.1/24'], gateway: ['10.0.0.254'], macaddress: '' }],
        'node',
      ],
      ['ports', 'POST', () => `/api/v1/nodes/${node.nodeId}/ports`, () => ({ ports: [1] }), 'node'],
      [
        'configure_public',
        'POST',
        () => `/api/v1/nodes/${farmersNode.nodeId}/configure_public`,
        () => ({
          master: 'eth0',
          type: 0,
          ipv4: '185.69.166.10/24',
          ipv6: '2a02::10/64',
          gw4: '185.69.166.1',
          gw6: '2a02::1',
        }),
        'user',
      ],
      [
        'configure_free',
        'POST',
        () => `/api/v1/nodes/${farmersNode.nodeId}/configure_free`,
        () => ({ free_to_use: true }),
        'user',
      ],
      [
        'gateways',
        'POST',
        () => '/api/v1/gateways',
        () => ({
          node_id: gw.nodeId,
          farm_id: farmId,
          os_version: 'v1',
          public_key_hex: gw.pubkeyHex,
          location: LOCATION,
          managed_domains: [],
          tcp_router_port: 1,
          dns_nameserver: [],
          free_to_use: false,
        }),
        'node',
      ],
      ['workloads', 'POST', () => '/api/v1/reservations/workloads', volumeBody, 'user'],
      [
        'sign delete',
        'POST',
        () => `/api/v1/reservations/workloads/${workloadId}/sign/delete`,
        () => ({ tid: customer.tid, signature: '00', epoch: 0 }),
        'none',
      ],
      [
        'pools',
        'POST',
        () => '/api/v1/reservations/pools',
        () => capacityReservation(customer.customer.user, { node_ids: [node.nodeId], cus: 1, sus: 1 }),
        'none',
      ],
      [
        'result',
        'PUT',
        () => `/api/v1/reservations/nodes/${node.nodeId}/workloads/${workloadId}-1`,
        () => ({
          category: 2,
          workload_id: `${workloadId}-1`,
          data_json: null,
          signature: '00',
          state: 1,
          message: '',
          epoch: 1,
          node_id: node.nodeId,
        }),
        'node',
      ],
    ];
  };

  it.each(ops().map((op) => [op[0]]))('%s', async (name) => {
    const [, method, url, body, signer] = ops().find((op) => op[0] === name)!;
    const by =
      signer === 'node'
        ? node
        : signer === 'user'
          ? name === 'workloads'
            ? customer.customer.user
            : farmer
          : null;
    const failures: string[] = [];
    const valid = body();
    const record = (Array.isArray(valid) ? valid[0] : valid) as Json;
    for (const field of Object.keys(record)) {
      for (const value of HOSTILE) {
        const mutated = { ...record, [field]: value };
        const path = url();
        const res = await t.request({
          method,
          url: path,
          body: Array.isArray(valid) ? [mutated] : mutated,
          headers: by ? by.sign(method, path) : {},
        });
        const json = String(res.headers['content-type']).includes('application/json');
        if (res.status >= 500 || (res.status >= 400 && !json))
          failures.push(
            `${res.status} ${field}=${JSON.stringify(value).slice(0, 20)}: ${res.text.slice(0, 120)}`,
          );
      }
    }
    expect(failures).toEqual([]);
  });
});
