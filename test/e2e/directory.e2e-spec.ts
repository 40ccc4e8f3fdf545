import { startTestApp, TestApp, TestResponse } from '../setup/app';
import { createUser, makeNode, TestNode, TestUser } from '../fixtures/identities';

type Json = Record<string, unknown>;

const LOCATION = { city: 'Ghent', country: 'Belgium', continent: 'Europe', latitude: 51.05, longitude: 3.71 };
const DMI = {
  tooling: { aggregator: 'dmidecode', decoder: 'dmidecode' },
  sections: [{ handleline: 'Handle 0x0001', typestr: 'System', subsections: [] }],
};
const DISKS = { aggregator: 'lsblk', environment: 'zos', tool: 'lsblk', devices: { sda: { size: 1000 } } };

/** What zos identityd sends (directory.md §6.3). */
const nodeBody = (node: TestNode, farmId: number, extra: Json = {}): Json => ({
  node_id: node.nodeId,
  hostname: 'zos-1',
  node_id_v1: 'v1-id',
  farm_id: farmId,
  os_version: 'v2.4.0',
  location: LOCATION,
  public_key_hex: node.pubkeyHex,
  uptime: 42,
  ...extra,
});

const farmBody = (owner: TestUser, name: string, extra: Json = {}): Json => ({
  threebot_id: owner.id,
  name,
  email: 'farmer@example.com',
  wallet_addresses: [{ asset: 'TFT', address: 'GBXXX' }],
  location: LOCATION,
  resource_prices: [{ currency: 2, cru: 1, mru: 2, hru: 3, sru: 4, nru: 5 }],
  prefix_zero: '2a02:1802:5e::/48',
  ...extra,
});

describe('directory: farms, nodes, gateways (directory.md §5–§8)', () => {
  let t: TestApp;
  let farmer: TestUser;
  let stranger: TestUser;
  let farmId: number;
  let farmCounter = 0;

  beforeAll(async () => {
    t = await startTestApp();
    farmer = await createUser(t);
    stranger = await createUser(t);
    farmId = await createFarm(farmer);
  });
  afterAll(() => t.close());

  async function createFarm(owner: TestUser, extra: Json = {}): Promise<number> {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/farms',
      body: farmBody(owner, `farm-${++farmCounter}`, extra),
      headers: owner.sign('POST', '/api/v1/farms'),
    });
    expect(res.status).toBe(201);
    return res.json<{ id: number }>().id;
  }

  /** A request signed by a node or user key (the signature covers the headers zos signs). */
  const signed = (by: TestNode | TestUser, method: 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown) =>
    t.request({ method, url, body, headers: by.sign(method, url) });

  async function registerNode(node = makeNode(), farm = farmId, extra: Json = {}): Promise<TestNode> {
    const res = await signed(node, 'POST', '/api/v1/nodes', nodeBody(node, farm, extra));
    expect([res.status, res.text]).toEqual([201, 'null']);
    return node;
  }

  const nodeRow = async (nodeId: string) =>
    (await t.db.query('SELECT * FROM nodes WHERE node_id = $1', [nodeId]))[0] as Json | undefined;
  const proofCount = async (nodeId: string) =>
    Number(
      (
        await t.db.query(
          'SELECT count(*) AS n FROM node_proofs p JOIN nodes n ON n.id = p.node_row_id WHERE n.node_id = $1',
          [nodeId],
        )
      )[0].n,
    );
  const farmRow = async (id: number) =>
    (await t.db.query('SELECT * FROM farms WHERE id = $1', [id]))[0] as Json;
  const count = async (table: string) =>
    Number((await t.db.query(`SELECT count(*) AS n FROM ${table}`))[0].n);
  const errorOf = (res: TestResponse) => res.json<{ error: string }>().error;

  describe.each(['/api/v1', '/explorer'])('a 0-OS node boots against %s (directory.md §8)', (prefix) => {
    it('registers, reports, gets its public config from the farmer, and reads it all back', async () => {
      const node = makeNode();
      const url = (path = '') => `${prefix}/nodes${path}`;
      const before = Math.floor(Date.now() / 1000);

      const steps: [string, unknown, number][] = [
        ['', nodeBody(node, farmId), 201],
        [
          `/${node.nodeId}/capacity`,
          {
            capacity: { cru: 8, mru: 31.5, hru: 3726, sru: 447 },
            dmi: DMI,
            disks: DISKS,
            hypervisor: ['kvm'],
          },
          200,
        ],
        [
          `/${node.nodeId}/interfaces`,
          [
            {
              name: 'zos',
              addrs: ['10.4.0.12/16', 'fe80::1/64'],
              gateway: ['10.4.0.1'],
              macaddress: 'aa:bb:cc:dd:ee:ff',
            },
          ],
          201,
        ],
        [`/${node.nodeId}/ports`, { ports: [3000, 3001] }, 200],
        [`/${node.nodeId}/uptime`, { uptime: 600 }, 200],
        [
          `/${node.nodeId}/used_resources`,
          {
            cru: 2,
            mru: 4,
            hru: 100,
            sru: 50,
            network: 1,
            network_resource: 2,
            volume: 3,
            zdb_namespace: 4,
            container: 5,
            k8s_vm: 6,
            proxy: 7,
            reverse_proxy: 8,
            subdomain: 9,
            delegate_domain: 10,
          },
          200,
        ],
      ];
      for (const [path, body, status] of steps) {
        const res = await signed(node, 'POST', url(path), body);
        expect([path, res.status, res.text]).toEqual([path, status, 'null']);
        expect(res.headers['content-type']).toMatch(/application\/json/);
      }

      const publicConfig = {
        master: 'eth1',
        type: 0,
        ipv4: '185.69.166.10/24',
        ipv6: '2a02:1802:5e::10/64',
        gw4: '185.69.166.1',
        gw6: '2a02:1802:5e::1',
      };
      const configured = await signed(farmer, 'POST', url(`/${node.nodeId}/configure_public`), publicConfig);
      expect([configured.status, configured.text]).toEqual([201, 'null']);
      const free = await signed(farmer, 'POST', url(`/${node.nodeId}/configure_free`), { free_to_use: true });
      expect([free.status, free.text]).toEqual([200, 'null']);

      const read = await t.request({ method: 'GET', url: url(`/${node.nodeId}`) });
      expect(read.status).toBe(200);
      const view = read.json<Json>();
      expect(view).toEqual({
        id: expect.any(Number),
        node_id: node.nodeId,
        hostname: 'zos-1',
        node_id_v1: 'v1-id',
        farm_id: farmId,
        os_version: 'v2.4.0',
        created: expect.any(Number),
        updated: expect.any(Number),
        uptime: 600,
        address: '',
        location: LOCATION,
        total_resources: { cru: 8, mru: 31.5, hru: 3726, sru: 447 },
        used_resources: { cru: 0, mru: 0, hru: 0, sru: 0 },
        reserved_resources: { cru: 2, mru: 4, hru: 100, sru: 50 },
        workloads: {
          network: 1,
          network_resource: 2,
          volume: 3,
          zdb_namespace: 4,
          container: 5,
          k8s_vm: 6,
          generic_vm: 0,
          proxy: 7,
          reverse_proxy: 8,
          subdomain: 9,
          delegate_domain: 10,
        },
        proofs: null,
        ifaces: [
          {
            name: 'zos',
            addrs: ['10.4.0.12/16', 'fe80::1/64'],
            gateway: ['10.4.0.1'],
            macaddress: 'aa:bb:cc:dd:ee:ff',
          },
        ],
        public_config: { ...publicConfig, version: 1 },
        free_to_use: true,
        approved: false,
        public_key_hex: node.pubkeyHex,
        wg_ports: [3000, 3001],
        deleted: false,
        online: true,
      });
      expect(view.created).toBeGreaterThanOrEqual(before);
      expect(view.updated).toBeGreaterThanOrEqual(view.created as number);

      const withProofs = await t.request({ method: 'GET', url: url(`/${node.nodeId}?proofs=true`) });
      expect(withProofs.json<{ proofs: Json[] }>().proofs).toEqual([
        {
          created: expect.any(Number),
          hardware_hash: expect.stringMatching(/^[0-9a-f]{32}$/),
          disk_hash: expect.stringMatching(/^[0-9a-f]{32}$/),
          hardware: DMI,
          disks: DISKS,
          hypervisor: ['kvm'],
        },
      ]);

      const listed = await t.request({ method: 'GET', url: url(`?farm=${farmId}&size=1000`) });
      expect(listed.json<Json[]>()).toContainEqual(
        expect.objectContaining({ node_id: node.nodeId, online: true, proofs: null }),
      );

      const again = await signed(farmer, 'POST', url(`/${node.nodeId}/configure_public`), {
        ...publicConfig,
        gw4: '185.69.166.254',
      });
      expect(again.status).toBe(201);
      expect((await nodeRow(node.nodeId))!.public_config).toEqual({
        ...publicConfig,
        gw4: '185.69.166.254',
        version: 2,
      });
    });
  });

  describe('farms (directory.md §5)', () => {
    it('registers, reads (email only when signed), lists with filters and pages', async () => {
      const owner = await createUser(t);
      const res = await t.request({
        method: 'POST',
        url: '/explorer/farms',
        body: farmBody(owner, 'my-farm_1', { id: 777, require_farmer_signature: true }),
        headers: owner.sign('POST', '/explorer/farms'),
      });
      expect(res.status).toBe(201);
      const { id } = res.json<{ id: number }>();
      expect(res.json()).toEqual({ id });
      expect(id).not.toBe(777);

      const anonymous = await t.request({ method: 'GET', url: `/api/v1/farms/${id}` });
      expect(anonymous.json()).toEqual({
        id,
        threebot_id: owner.id,
        iyo_organization: '',
        name: 'my-farm_1',
        wallet_addresses: [{ asset: 'TFT', address: 'GBXXX' }],
        location: LOCATION,
        email: '',
        resource_prices: [{ currency: 2, cru: 1, mru: 2, hru: 3, sru: 4, nru: 5 }],
        prefix_zero: '2a02:1802:5e::/48',
        require_farmer_signature: false,
      });
      const url = `/api/v1/farms/${id}`;
      const bySigned = await t.request({ method: 'GET', url, headers: stranger.sign('GET', url) });
      expect(bySigned.json()).toMatchObject({ email: 'farmer@example.com' });

      const listUrl = `/api/v1/farms?owner=${owner.id}`;
      const byOwner = await t.request({
        method: 'GET',
        url: listUrl,
        headers: stranger.sign('GET', listUrl),
      });
      expect(byOwner.json()).toEqual([expect.objectContaining({ id, email: 'farmer@example.com' })]);
      expect(byOwner.headers.pages).toBe('1');
      expect(byOwner.headers['x-total-count']).toBe('1');
      const byName = await t.request({ method: 'GET', url: '/explorer/farms?name=my-farm_1' });
      expect(byName.json()).toEqual([expect.objectContaining({ id, email: '' })]);
      const paged = await t.request({ method: 'GET', url: '/api/v1/farms?size=1&page=2' });
      expect(paged.json<Json[]>()).toHaveLength(1);
      expect(paged.headers.pages).toBe(String(await count('farms')));
      expect((await t.request({ method: 'GET', url: '/api/v1/farms?owner=abc' })).status).toBe(400);
      expect((await t.request({ method: 'GET', url: '/api/v1/farms?name=nothing' })).json()).toEqual([]);
    });

    describe('registration refuses bad input with a 4xx and stores nothing', () => {
      const cases: [string, (owner: TestUser) => unknown, number, string][] = [
        ['invalid name', (o) => farmBody(o, 'bad name!'), 400, 'invalid farm name'],
        ['empty name', (o) => farmBody(o, ''), 400, 'invalid farm name'],
        ['no owner', (o) => farmBody(o, 'x1', { threebot_id: 0 }), 400, 'threebot_id is required'],
        [
          'unknown owner',
          (o) => farmBody(o, 'x2', { threebot_id: 987654 }),
          404,
          'threebot_id 987654 not found',
        ],
        [
          'no wallet',
          (o) => farmBody(o, 'x3', { wallet_addresses: [] }),
          400,
          'wallet_addresses is required',
        ],
        ['bad email', (o) => farmBody(o, 'x4', { email: 'not-an-email' }), 400, 'invalid email'],
        ['bad prefix', (o) => farmBody(o, 'x5', { prefix_zero: '2a02::/200' }), 400, 'invalid prefix_zero'],
        ['wrong type', (o) => farmBody(o, 'x6', { threebot_id: '5' }), 400, 'threebot_id'],
        [
          'bad wallet',
          (o) => farmBody(o, 'x7', { wallet_addresses: [{ asset: 1 }] }),
          400,
          'wallet_addresses.0.asset must be a string',
        ],
        ['huge owner id', (o) => farmBody(o, 'x8', { threebot_id: 1e300 }), 400, 'threebot_id'],
        ['malformed json', () => '{"name": "x9",', 400, 'malformed json'],
        ['array body', () => [1, 2], 400, ''],
      ];
      it.each(cases)('%s', async (_label, body, status, message) => {
        const before = await count('farms');
        const res = await signed(farmer, 'POST', '/api/v1/farms', body(farmer));
        expect(res.status).toBe(status);
        expect(errorOf(res)).toContain(message);
        expect(await count('farms')).toBe(before);
      });

      it('duplicate name is 409', async () => {
        const before = await count('farms');
        const res = await signed(farmer, 'POST', '/api/v1/farms', farmBody(farmer, 'farm-1'));
        expect(res.status).toBe(409);
        expect(errorOf(res)).toBe('farm with name farm-1 already exists');
        expect(await count('farms')).toBe(before);
      });
    });

    it('update by the owner: partial, require_farmer_signature, transfer; others are refused', async () => {
      const id = await createFarm(farmer);
      const url = `/api/v1/farms/${id}`;
      const ok = await signed(farmer, 'PUT', url, {
        require_farmer_signature: true,
        email: 'new@example.com',
        id: 999,
        iyo_organization: 'org',
      });
      expect([ok.status, ok.text]).toEqual([200, 'null']);
      const row = await farmRow(id);
      expect(row).toMatchObject({
        require_farmer_signature: true,
        email: 'new@example.com',
        iyo_organization: 'org',
        name: `farm-${farmCounter}`,
        id: String(id),
      });
      expect((await t.request({ method: 'GET', url })).json()).toMatchObject({
        require_farmer_signature: true,
      });

      const refused: [string, () => Promise<TestResponse>, number, string][] = [
        [
          'unsigned',
          () => t.request({ method: 'PUT', url, body: { require_farmer_signature: false } }),
          401,
          'unauthorized access',
        ],
        [
          'non-owner',
          () => signed(stranger, 'PUT', url, { require_farmer_signature: false }),
          403,
          'only the farm owner',
        ],
        [
          'node key',
          () => signed(makeNode(), 'PUT', url, { require_farmer_signature: false }),
          401,
          'no key with id',
        ],
        ['bad name', () => signed(farmer, 'PUT', url, { name: 'no spaces' }), 400, 'invalid farm name'],
        [
          'empty wallets',
          () => signed(farmer, 'PUT', url, { wallet_addresses: [] }),
          400,
          'wallet_addresses is required',
        ],
        [
          'wrong type',
          () => signed(farmer, 'PUT', url, { require_farmer_signature: 'no' }),
          400,
          'require_farmer_signature must be a boolean',
        ],
        ['taken name', () => signed(farmer, 'PUT', url, { name: 'farm-1' }), 409, 'already exists'],
        ['unknown new owner', () => signed(farmer, 'PUT', url, { threebot_id: 987654 }), 404, 'not found'],
        [
          'malformed json',
          () => t.request({ method: 'PUT', url, body: '{', headers: farmer.sign('PUT', url) }),
          400,
          'malformed json',
        ],
        [
          'unknown farm',
          () => signed(farmer, 'PUT', '/api/v1/farms/987654', { email: 'x@y.z' }),
          404,
          'farm 987654 not found',
        ],
        [
          'bad farm id',
          () => signed(farmer, 'PUT', '/api/v1/farms/abc', { email: 'x@y.z' }),
          400,
          'invalid farm id',
        ],
      ];
      for (const [label, attempt, status, message] of refused) {
        const res = await attempt();
        expect([label, res.status]).toEqual([label, status]);
        expect(errorOf(res)).toContain(message);
      }
      expect(await farmRow(id)).toEqual(row);

      const transfer = await signed(farmer, 'PUT', `/explorer/farms/${id}`, { threebot_id: stranger.id });
      expect(transfer.status).toBe(200);
      expect((await signed(farmer, 'PUT', url, { email: 'back@example.com' })).status).toBe(403);
      expect((await signed(stranger, 'PUT', url, { require_farmer_signature: false })).status).toBe(200);
      expect(await farmRow(id)).toMatchObject({
        threebot_id: String(stranger.id),
        require_farmer_signature: false,
      });
    });

    it.each([
      ['/api/v1/farms/abc', 400],
      ['/api/v1/farms/0', 404],
      ['/explorer/farms/987654', 404],
    ])('GET %s → %d', async (url, status) => {
      const res = await t.request({ method: 'GET', url });
      expect(res.status).toBe(status);
      expect(errorOf(res)).toBeTruthy();
    });
  });

  describe('node registration (directory.md §6.3, decisions.md §2.7)', () => {
    it('ignores smuggled fields and takes only the registration fields', async () => {
      const node = makeNode();
      await registerNode(node, farmId, {
        id: 1,
        free_to_use: true,
        approved: true,
        deleted: true,
        reserved: true,
        created: 1,
        updated: 1,
        total_resources: { cru: 64, mru: 512, hru: 1, sru: 1 },
        reserved_resources: { cru: 1, mru: 1, hru: 1, sru: 1 },
        public_config: {
          master: 'eth0',
          type: 0,
          ipv4: '1.2.3.4/24',
          ipv6: '::1/64',
          gw4: '1.2.3.1',
          gw6: '::2',
          version: 9,
        },
        wg_ports: [1],
        ifaces: [{ name: 'x' }],
        proofs: [{ created: 1 }],
        workloads: { container: 9 },
      });
      const view = (
        await t.request({ method: 'GET', url: `/api/v1/nodes/${node.nodeId}?proofs=true` })
      ).json<Json>();
      expect(view).toMatchObject({
        free_to_use: false,
        approved: false,
        deleted: false,
        total_resources: { cru: 0, mru: 0, hru: 0, sru: 0 },
        reserved_resources: { cru: 0, mru: 0, hru: 0, sru: 0 },
        public_config: null,
        wg_ports: [],
        ifaces: [],
        proofs: [],
        workloads: expect.objectContaining({ container: 0 }),
      });
      expect(view.id).not.toBe(1);
      expect(view.created).toBeGreaterThan(1);
    });

    it('re-registration updates the registration fields, keeps the rest and clears deleted', async () => {
      const node = await registerNode();
      const otherFarm = await createFarm(farmer);
      expect((await signed(node, 'POST', `/api/v1/nodes/${node.nodeId}/ports`, { ports: [7] })).status).toBe(
        200,
      );
      await t.db.query('UPDATE nodes SET deleted = true, created = 1000 WHERE node_id = $1', [node.nodeId]);
      const res = await signed(
        node,
        'POST',
        '/explorer/nodes',
        nodeBody(node, otherFarm, {
          hostname: 'renamed',
          os_version: 'v2.5.0',
          uptime: 5,
          location: { ...LOCATION, city: 'Lochristi' },
        }),
      );
      expect(res.status).toBe(201);
      expect(await nodeRow(node.nodeId)).toMatchObject({
        hostname: 'renamed',
        os_version: 'v2.5.0',
        uptime: '5',
        city: 'Lochristi',
        farm_id: String(otherFarm),
        deleted: false,
        created: '1000',
        wg_ports: [7],
      });
    });

    describe('refuses bad registrations with a 4xx and stores nothing', () => {
      const other = makeNode();
      const cases: [
        string,
        (node: TestNode) => { body: unknown; headers?: Record<string, string> },
        number,
        string,
      ][] = [
        ['unsigned', (n) => ({ body: nodeBody(n, farmId), headers: {} }), 401, 'unauthorized access'],
        [
          'signed by another node',
          (n) => ({ body: nodeBody(n, farmId), headers: other.sign('POST', '/api/v1/nodes') }),
          403,
          'while you are',
        ],
        [
          'signed by a user',
          (n) => ({ body: nodeBody(n, farmId), headers: farmer.sign('POST', '/api/v1/nodes') }),
          401,
          'invalid node id',
        ],
        [
          'public key of another node',
          (n) => ({ body: nodeBody(n, farmId, { public_key_hex: other.pubkeyHex }) }),
          400,
          'node_id does not match public_key_hex',
        ],
        [
          'non-hex public key',
          (n) => ({ body: nodeBody(n, farmId, { public_key_hex: 'zz' }) }),
          400,
          'public_key_hex must be',
        ],
        [
          'missing public key',
          (n) => ({ body: nodeBody(n, farmId, { public_key_hex: '' }) }),
          400,
          'public_key_hex is required',
        ],
        ['unknown farm', (n) => ({ body: nodeBody(n, 987654) }), 404, 'unknown farm id: 987654'],
        ['no farm', (n) => ({ body: nodeBody(n, 0) }), 400, 'farm_id is required'],
        [
          'no os version',
          (n) => ({ body: nodeBody(n, farmId, { os_version: '' }) }),
          400,
          'os_version is required',
        ],
        [
          'no location',
          (n) => ({ body: nodeBody(n, farmId, { location: {} }) }),
          400,
          'location is required',
        ],
        [
          'farm id as string',
          (n) => ({ body: nodeBody(n, farmId, { farm_id: String(farmId) }) }),
          400,
          'farm_id must be an integer',
        ],
        [
          'negative uptime',
          (n) => ({ body: nodeBody(n, farmId, { uptime: -1 }) }),
          400,
          'uptime must not be less than 0',
        ],
        [
          'location as string',
          (n) => ({ body: nodeBody(n, farmId, { location: 'Ghent' }) }),
          400,
          'location',
        ],
        ['malformed json', () => ({ body: '{"node_id": ' }), 400, 'malformed json'],
        ['empty body', () => ({ body: '' }), 400, ''],
      ];
      it.each(cases)('%s', async (_label, build, status, message) => {
        const node = makeNode();
        const { body, headers } = build(node);
        const before = await count('nodes');
        const res = await t.request({
          method: 'POST',
          url: '/api/v1/nodes',
          body,
          headers: headers ?? node.sign('POST', '/api/v1/nodes'),
        });
        expect(res.status).toBe(status);
        expect(errorOf(res)).toContain(message);
        expect(await count('nodes')).toBe(before);
      });

      it('another node cannot re-register (hijack) an existing node', async () => {
        const node = await registerNode();
        const before = await nodeRow(node.nodeId);
        const res = await t.request({
          method: 'POST',
          url: '/api/v1/nodes',
          body: nodeBody(node, farmId, { hostname: 'evil' }),
          headers: other.sign('POST', '/api/v1/nodes'),
        });
        expect(res.status).toBe(403);
        expect(await nodeRow(node.nodeId)).toEqual(before);
      });
    });
  });

  describe('node reports (directory.md §6.4): only by the node itself', () => {
    const reports: [string, unknown, number][] = [
      [
        'capacity',
        { capacity: { cru: 4, mru: 8, hru: 0, sru: 100 }, dmi: DMI, disks: DISKS, hypervisor: [] },
        200,
      ],
      ['uptime', { uptime: 60 }, 200],
      ['used_resources', { cru: 1, mru: 1, hru: 1, sru: 1, container: 1 }, 200],
      [
        'interfaces',
        [{ name: 'zos', addrs: ['10.0.0.2/24'], gateway: ['10.0.0.1'], macaddress: '00:11:22:33:44:55' }],
        201,
      ],
      ['ports', { ports: [1, 2] }, 200],
    ];

    it.each(reports)(
      '%s: unsigned 401, other node 403, user key 401, unknown node 404; nothing changes',
      async (path, body) => {
        const node = await registerNode();
        const before = await nodeRow(node.nodeId);
        const url = `/api/v1/nodes/${node.nodeId}/${path}`;
        const other = makeNode();
        const attempts: [string, () => Promise<TestResponse>, number][] = [
          ['unsigned', () => t.request({ method: 'POST', url, body }), 401],
          ['other node', () => signed(other, 'POST', url, body), 403],
          ['farm owner', () => signed(farmer, 'POST', url, body), 401],
          ['unknown node', () => signed(other, 'POST', `/api/v1/nodes/${other.nodeId}/${path}`, body), 404],
        ];
        for (const [label, attempt, status] of attempts) {
          const res = await attempt();
          expect([label, res.status]).toEqual([label, status]);
          expect(errorOf(res)).toBeTruthy();
        }
        expect(await nodeRow(node.nodeId)).toEqual(before);
        expect(await proofCount(node.nodeId)).toBe(0);
      },
    );

    describe('bad report bodies are 400 and change nothing', () => {
      const cases: [string, string, unknown, string][] = [
        ['capacity', 'no capacity', { dmi: {} }, 'capacity'],
        ['capacity', 'cru as string', { capacity: { cru: '4' } }, 'capacity.cru must be an integer'],
        ['capacity', 'negative mru', { capacity: { mru: -1 } }, 'capacity.mru must not be less than 0'],
        ['capacity', 'fractional cru', { capacity: { cru: 1.5 } }, 'capacity.cru must be an integer'],
        ['capacity', 'dmi not an object', { capacity: {}, dmi: 'x' }, 'dmi must be an object'],
        ['uptime', 'no uptime', {}, 'uptime must be an integer'],
        ['uptime', 'uptime as string', { uptime: '60' }, 'uptime must be an integer'],
        ['used_resources', 'counter as string', { container: 'many' }, 'container must be an integer'],
        ['used_resources', 'infinite memory', '{"mru": 1e400}', 'mru must be a number'],
        ['interfaces', 'object instead of array', { name: 'zos' }, 'array'],
        [
          'interfaces',
          'bad cidr',
          [{ name: 'zos', addrs: ['10.0.0.300/24'] }],
          'invalid address "10.0.0.300/24"',
        ],
        ['interfaces', 'bad gateway', [{ name: 'zos', gateway: ['gw'] }], 'invalid address "gw"'],
        ['interfaces', 'bad mac', [{ name: 'zos', macaddress: 'zz:zz' }], 'invalid mac address'],
        ['interfaces', 'name missing', [{ addrs: [] }], 'name must be a string'],
        ['ports', 'port too big', { ports: [70000] }, 'ports'],
        ['ports', 'ports not an array', { ports: 3000 }, 'ports must be an array'],
        ['ports', 'malformed json', '{"ports": [', 'malformed json'],
      ];
      it.each(cases)('%s: %s', async (path, _label, body, message) => {
        const node = await registerNode();
        const before = await nodeRow(node.nodeId);
        const res = await signed(node, 'POST', `/api/v1/nodes/${node.nodeId}/${path}`, body);
        expect(res.status).toBe(400);
        expect(errorOf(res)).toContain(message);
        expect(await nodeRow(node.nodeId)).toEqual(before);
        expect(await proofCount(node.nodeId)).toBe(0);
      });
    });

    it('uptime sets updated; capacity keeps a bounded proof history', async () => {
      const node = await registerNode();
      await t.db.query('UPDATE nodes SET updated = 1 WHERE node_id = $1', [node.nodeId]);
      expect((await t.request({ method: 'GET', url: `/api/v1/nodes/${node.nodeId}` })).json()).toMatchObject({
        online: false,
        updated: 1,
      });
      expect((await signed(node, 'POST', `/api/v1/nodes/${node.nodeId}/uptime`, { uptime: 7 })).status).toBe(
        200,
      );
      expect((await t.request({ method: 'GET', url: `/api/v1/nodes/${node.nodeId}` })).json()).toMatchObject({
        online: true,
        uptime: 7,
      });

      for (let i = 1; i <= 12; i++) {
        const res = await signed(node, 'POST', `/api/v1/nodes/${node.nodeId}/capacity`, {
          capacity: { cru: i },
          dmi: { boot: i },
          disks: {},
          hypervisor: [],
        });
        expect(res.status).toBe(200);
      }
      const proofs = (
        await t.request({ method: 'GET', url: `/api/v1/nodes/${node.nodeId}?proofs=true` })
      ).json<{ proofs: { hardware: { boot: number } }[] }>().proofs;
      expect(proofs.map((p) => p.hardware.boot)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      expect(await nodeRow(node.nodeId)).toMatchObject({ total_cru: '12' });
    });
  });

  describe('farmer actions (directory.md §6.5, §5.5)', () => {
    const config = {
      master: 'eth1',
      type: 0,
      ipv4: '185.69.166.10/24',
      ipv6: '2a02:1802:5e::10/64',
      gw4: '185.69.166.1',
      gw6: '2a02:1802:5e::1',
    };

    it('configure_public / configure_free: validation 400, unknown node 404, non-owner 403, unsigned 401', async () => {
      const node = await registerNode();
      const before = await nodeRow(node.nodeId);
      const pub = `/api/v1/nodes/${node.nodeId}/configure_public`;
      const free = `/api/v1/nodes/${node.nodeId}/configure_free`;
      const attempts: [string, () => Promise<TestResponse>, number, string][] = [
        [
          'no master',
          () => signed(farmer, 'POST', pub, { ...config, master: '' }),
          400,
          'error during validation of public config: master',
        ],
        [
          'long master',
          () => signed(farmer, 'POST', pub, { ...config, master: 'x'.repeat(17) }),
          400,
          'master interface name longer',
        ],
        ['vlan type', () => signed(farmer, 'POST', pub, { ...config, type: 1 }), 400, 'macvlan'],
        [
          'ipv6 in ipv4',
          () => signed(farmer, 'POST', pub, { ...config, ipv4: '2a02::1/64' }),
          400,
          'ipv4 must be an IPv4 CIDR',
        ],
        [
          'ipv4 without mask',
          () => signed(farmer, 'POST', pub, { ...config, ipv4: '185.69.166.10' }),
          400,
          'ipv4 must be an IPv4 CIDR',
        ],
        ['bad gw4', () => signed(farmer, 'POST', pub, { ...config, gw4: '2a02::1' }), 400, 'gw4'],
        ['bad ipv6', () => signed(farmer, 'POST', pub, { ...config, ipv6: '10.0.0.1/24' }), 400, 'ipv6'],
        ['bad gw6', () => signed(farmer, 'POST', pub, { ...config, gw6: '' }), 400, 'gw6'],
        [
          'type as string',
          () => signed(farmer, 'POST', pub, { ...config, type: '0' }),
          400,
          'type must be an integer',
        ],
        [
          'non-owner',
          () => signed(stranger, 'POST', pub, config),
          403,
          'only the farmer can configured the public interface of its nodes',
        ],
        ['node key', () => signed(node, 'POST', pub, config), 401, 'no key with id'],
        ['unsigned', () => t.request({ method: 'POST', url: pub, body: config }), 401, 'unauthorized'],
        [
          'unknown node',
          () => signed(farmer, 'POST', '/api/v1/nodes/unknown/configure_public', config),
          404,
          "node 'unknown' not found",
        ],
        [
          'free: non-owner',
          () => signed(stranger, 'POST', free, { free_to_use: true }),
          403,
          'only the farmer',
        ],
        [
          'free: wrong type',
          () => signed(farmer, 'POST', free, { free_to_use: 'yes' }),
          400,
          'free_to_use must be a boolean',
        ],
        ['free: missing', () => signed(farmer, 'POST', free, {}), 400, 'free_to_use must be a boolean'],
        [
          'free: unknown node',
          () => signed(farmer, 'POST', '/api/v1/nodes/unknown/configure_free', { free_to_use: true }),
          404,
          'not found',
        ],
      ];
      for (const [label, attempt, status, message] of attempts) {
        const res = await attempt();
        expect([label, res.status]).toEqual([label, status]);
        expect(errorOf(res)).toContain(message);
      }
      expect(await nodeRow(node.nodeId)).toEqual(before);
    });

    it('the farm owner soft-deletes a node; listings hide it, reads and deleted=true show it, re-registration restores it', async () => {
      const node = await registerNode();
      const otherFarm = await createFarm(stranger);
      const url = `/api/v1/farms/${farmId}/${node.nodeId}`;
      const refused: [string, () => Promise<TestResponse>, number][] = [
        ['unsigned', () => t.request({ method: 'DELETE', url }), 401],
        ['non-owner', () => signed(stranger, 'DELETE', url), 403],
        [
          'owner of another farm',
          () => signed(stranger, 'DELETE', `/api/v1/farms/${otherFarm}/${node.nodeId}`),
          403,
        ],
        ['unknown farm', () => signed(farmer, 'DELETE', `/api/v1/farms/987654/${node.nodeId}`), 404],
        ['unknown node', () => signed(farmer, 'DELETE', `/api/v1/farms/${farmId}/unknown`), 404],
        ['bad farm id', () => signed(farmer, 'DELETE', `/api/v1/farms/x/${node.nodeId}`), 400],
      ];
      for (const [label, attempt, status] of refused)
        expect([label, (await attempt()).status]).toEqual([label, status]);
      expect(await nodeRow(node.nodeId)).toMatchObject({ deleted: false });

      const res = await signed(farmer, 'DELETE', `/explorer/farms/${farmId}/${node.nodeId}`);
      expect([res.status, res.text]).toEqual([200, 'null']);
      const listed = async (query: string) =>
        (await t.request({ method: 'GET', url: `/api/v1/nodes?farm=${farmId}&size=1000${query}` }))
          .json<Json[]>()
          .map((n) => n.node_id);
      expect(await listed('')).not.toContain(node.nodeId);
      expect(await listed('&deleted=true')).toContain(node.nodeId);
      expect((await t.request({ method: 'GET', url: `/api/v1/nodes/${node.nodeId}` })).json()).toMatchObject({
        deleted: true,
      });

      // A deleted node's reports are accepted but change nothing (reference behaviour).
      const before = await nodeRow(node.nodeId);
      expect((await signed(node, 'POST', `/api/v1/nodes/${node.nodeId}/uptime`, { uptime: 1 })).status).toBe(
        200,
      );
      expect(await nodeRow(node.nodeId)).toEqual(before);

      await registerNode(node);
      expect(await listed('')).toContain(node.nodeId);
    });
  });

  describe('gateways (directory.md §7)', () => {
    const gatewayBody = (gw: TestNode, extra: Json = {}): Json => ({
      node_id: gw.nodeId,
      farm_id: farmId,
      os_version: 'v0.1.0',
      public_key_hex: gw.pubkeyHex,
      location: LOCATION,
      uptime: 3,
      managed_domains: ['gw.example.com'],
      tcp_router_port: 18000,
      dns_nameserver: ['ns1.example.com'],
      free_to_use: true,
      ...extra,
    });

    it('registers, reports uptime and reserved resources, lists and reads', async () => {
      const gw = makeNode();
      const reg = await signed(
        gw,
        'POST',
        '/explorer/gateways',
        gatewayBody(gw, { id: 5, workloads: { proxy: 9 } }),
      );
      expect([reg.status, reg.text]).toEqual([201, 'null']);
      expect((await signed(gw, 'POST', `/api/v1/gateways/${gw.nodeId}/uptime`, { uptime: 100 })).status).toBe(
        200,
      );
      const reserved = await signed(gw, 'POST', `/api/v1/gateways/${gw.nodeId}/reserved_resources`, {
        cru: 1,
        mru: 2,
        proxy: 3,
        subdomain: 4,
      });
      expect([reserved.status, reserved.text]).toEqual([200, 'null']);
      const again = await signed(
        gw,
        'POST',
        '/api/v1/gateways',
        gatewayBody(gw, { managed_domains: ['other.example.com'], tcp_router_port: 19000 }),
      );
      expect(again.status).toBe(201);

      const read = await t.request({ method: 'GET', url: `/api/v1/gateways/${gw.nodeId}` });
      expect(read.json()).toEqual({
        id: expect.any(Number),
        node_id: gw.nodeId,
        farm_id: farmId,
        os_version: 'v0.1.0',
        created: expect.any(Number),
        updated: expect.any(Number),
        uptime: 3,
        address: '',
        location: LOCATION,
        public_key_hex: gw.pubkeyHex,
        workloads: expect.objectContaining({ proxy: 3, subdomain: 4, container: 0 }),
        managed_domains: ['other.example.com'],
        tcp_router_port: 19000,
        dns_nameserver: ['ns1.example.com'],
        free_to_use: true,
        reserved_resources: { cru: 1, mru: 2, hru: 0, sru: 0 },
        online: true,
      });
      const list = await t.request({
        method: 'GET',
        url: `/explorer/gateways?farm_id=${farmId}&country=Belgium&city=Ghent`,
      });
      expect(list.json<Json[]>().map((g) => g.node_id)).toContain(gw.nodeId);
      expect(list.headers.pages).toBe('1');
      expect((await t.request({ method: 'GET', url: '/api/v1/gateways?country=Nowhere' })).json()).toEqual(
        [],
      );
      expect((await t.request({ method: 'GET', url: '/api/v1/gateways/unknown' })).status).toBe(404);
    });

    it('refuses bad registrations and foreign reports, changing nothing', async () => {
      const gw = makeNode();
      const other = makeNode();
      const before = await count('gateways');
      const attempts: [string, () => Promise<TestResponse>, number, string][] = [
        [
          'unsigned',
          () => t.request({ method: 'POST', url: '/api/v1/gateways', body: gatewayBody(gw) }),
          401,
          'unauthorized',
        ],
        [
          'other key',
          () =>
            t.request({
              method: 'POST',
              url: '/api/v1/gateways',
              body: gatewayBody(gw),
              headers: other.sign('POST', '/api/v1/gateways'),
            }),
          403,
          'while you are',
        ],
        [
          'key mismatch',
          () => signed(gw, 'POST', '/api/v1/gateways', gatewayBody(gw, { public_key_hex: other.pubkeyHex })),
          400,
          'node_id does not match',
        ],
        [
          'unknown farm',
          () => signed(gw, 'POST', '/api/v1/gateways', gatewayBody(gw, { farm_id: 987654 })),
          404,
          'unknown farm id',
        ],
        [
          'bad domain',
          () =>
            signed(gw, 'POST', '/api/v1/gateways', gatewayBody(gw, { managed_domains: ['not a domain'] })),
          400,
          'not a valid DNS name',
        ],
        [
          'bad port',
          () => signed(gw, 'POST', '/api/v1/gateways', gatewayBody(gw, { tcp_router_port: 70000 })),
          400,
          'tcp_router_port',
        ],
        ['malformed json', () => signed(gw, 'POST', '/api/v1/gateways', '{'), 400, 'malformed json'],
      ];
      for (const [label, attempt, status, message] of attempts) {
        const res = await attempt();
        expect([label, res.status]).toEqual([label, status]);
        expect(errorOf(res)).toContain(message);
      }
      expect(await count('gateways')).toBe(before);

      expect((await signed(gw, 'POST', '/api/v1/gateways', gatewayBody(gw))).status).toBe(201);
      const row = async () =>
        (await t.db.query('SELECT * FROM gateways WHERE node_id = $1', [gw.nodeId]))[0] as Json;
      const stored = await row();
      const reports: [string, () => Promise<TestResponse>, number][] = [
        [
          'uptime by other',
          () => signed(other, 'POST', `/api/v1/gateways/${gw.nodeId}/uptime`, { uptime: 1 }),
          403,
        ],
        [
          'reserved by other',
          () => signed(other, 'POST', `/api/v1/gateways/${gw.nodeId}/reserved_resources`, { cru: 1 }),
          403,
        ],
        [
          'unsigned',
          () =>
            t.request({ method: 'POST', url: `/api/v1/gateways/${gw.nodeId}/uptime`, body: { uptime: 1 } }),
          401,
        ],
        [
          'unknown',
          () => signed(other, 'POST', `/api/v1/gateways/${other.nodeId}/uptime`, { uptime: 1 }),
          404,
        ],
        ['bad body', () => signed(gw, 'POST', `/api/v1/gateways/${gw.nodeId}/uptime`, { uptime: 'x' }), 400],
      ];
      for (const [label, attempt, status] of reports)
        expect([label, (await attempt()).status]).toEqual([label, status]);
      expect(await row()).toEqual(stored);
    });
  });
});
