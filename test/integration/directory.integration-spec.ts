import { NodeFilter, NodesRepository } from '@app/persistence';
import { startTestApp, TestApp } from '../setup/app';
import { createUser, makeNode, TestNode } from '../fixtures/identities';

type Row = { node_id: string; id: number; proofs: unknown; online: boolean };

/** Node listing filters (directory.md §6.6 + online/free capacity) against real PostgreSQL. */
describe('directory node listing filters', () => {
  let t: TestApp;
  let farmA: number;
  let farmB: number;
  const nodes: Record<string, TestNode> = {};
  const now = () => Math.floor(Date.now() / 1000);

  /** name → farm, place, total (cru, mru, hru, sru), reserved, seconds since the last report, deleted */
  const fixtures = {
    n1: {
      farm: 'A',
      country: 'Belgium',
      city: 'Ghent',
      total: [8, 32, 1000, 500],
      reserved: [2, 8, 0, 100],
      age: 60,
      deleted: false,
    },
    n2: {
      farm: 'A',
      country: 'Belgium',
      city: 'Brussels',
      total: [4, 16, 0, 250],
      reserved: [4, 0, 0, 0],
      age: 7200,
      deleted: false,
    },
    n3: {
      farm: 'B',
      country: 'Egypt',
      city: 'Cairo',
      total: [16, 64, 4000, 1000],
      reserved: [0, 0, 0, 0],
      age: 0,
      deleted: false,
    },
    n4: {
      farm: 'B',
      country: 'Belgium',
      city: 'Ghent',
      total: [2, 4, 0, 0],
      reserved: [0, 0, 0, 0],
      age: 0,
      deleted: true,
    },
  };

  beforeAll(async () => {
    t = await startTestApp({ NODE_ONLINE_THRESHOLD_SECONDS: '1200' });
    const farmer = await createUser(t);
    const farm = async (name: string) =>
      (
        await t.request({
          method: 'POST',
          url: '/api/v1/farms',
          body: { threebot_id: farmer.id, name, wallet_addresses: [{ asset: 'TFT', address: 'G' }] },
          headers: farmer.sign('POST', '/api/v1/farms'),
        })
      ).json<{ id: number }>().id;
    farmA = await farm('farm-a');
    farmB = await farm('farm-b');
    for (const [name, f] of Object.entries(fixtures)) {
      const node = makeNode();
      nodes[name] = node;
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/nodes',
        headers: node.sign('POST', '/api/v1/nodes'),
        body: {
          node_id: node.nodeId,
          farm_id: f.farm === 'A' ? farmA : farmB,
          os_version: 'v2',
          public_key_hex: node.pubkeyHex,
          location: { country: f.country, city: f.city },
        },
      });
      expect(res.status).toBe(201);
      await t.db.query(
        `UPDATE nodes SET total_cru = $2, total_mru = $3, total_hru = $4, total_sru = $5,
           reserved_cru = $6, reserved_mru = $7, reserved_hru = $8, reserved_sru = $9, updated = $10, deleted = $11
         WHERE node_id = $1`,
        [node.nodeId, ...f.total, ...f.reserved, now() - f.age, f.deleted],
      );
    }
    const url = `/api/v1/nodes/${nodes.n1.nodeId}/capacity`;
    const proof = await t.request({
      method: 'POST',
      url,
      headers: nodes.n1.sign('POST', url),
      body: { capacity: { cru: 8, mru: 32, hru: 1000, sru: 500 }, dmi: { a: 1 }, disks: {}, hypervisor: [] },
    });
    expect(proof.status).toBe(200);
  });
  afterAll(() => t.close());

  const list = async (query: string) => {
    const res = await t.request({ method: 'GET', url: `/api/v1/nodes?size=1000&${query}` });
    expect(res.status).toBe(200);
    return res.json<Row[]>();
  };
  const names = (rows: Row[]) =>
    rows.map((row) => Object.keys(nodes).find((name) => nodes[name].nodeId === row.node_id) ?? '?');

  it.each([
    ['', ['n1', 'n2', 'n3']],
    ['deleted=true', ['n1', 'n2', 'n3', 'n4']],
    ['deleted=yes', ['n1', 'n2', 'n3']],
    ['country=Belgium', ['n1', 'n2']],
    ['country=Belgium&deleted=true', ['n1', 'n2', 'n4']],
    ['country=belgium', []],
    ['city=Ghent', ['n1']],
    ['cru=8', ['n1', 'n3']],
    ['mru=32.5', ['n3']],
    ['hru=1000', ['n1', 'n3']],
    ['sru=500', ['n1', 'n3']],
    ['cru=0', ['n1', 'n2', 'n3']],
    ['free_cru=1', ['n1', 'n3']],
    ['free_cru=7', ['n3']],
    ['free_mru=24', ['n1', 'n3']],
    ['free_mru=24.5', ['n3']],
    ['free_hru=1000', ['n1', 'n3']],
    ['free_sru=400', ['n1', 'n3']],
    ['free_sru=401', ['n3']],
    ['online=true', ['n1', 'n3']],
    ['online=false', ['n2']],
    ['online=false&deleted=true', ['n2']],
    ['cru=4&online=true&free_cru=6', ['n1', 'n3']],
    ['country=Belgium&free_cru=1&online=true', ['n1']],
  ])('?%s', async (query, expected) => {
    expect(names(await list(query))).toEqual(expected);
  });

  it('filters by farm with pages sorted by internal id', async () => {
    expect(names(await list(`farm=${farmA}`))).toEqual(['n1', 'n2']);
    expect(names(await list(`farm=${farmB}&deleted=true`))).toEqual(['n3', 'n4']);
    const page2 = await t.request({ method: 'GET', url: `/explorer/nodes?farm=${farmA}&size=1&page=2` });
    expect(names(page2.json<Row[]>())).toEqual(['n2']);
    expect(page2.headers.pages).toBe('2');
    expect(page2.headers['x-total-count']).toBe('2');
    const ids = (await list('deleted=true')).map((row) => row.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('online follows the threshold and the proofs flag toggles proofs', async () => {
    const rows = await list('deleted=true');
    expect(Object.fromEntries(rows.map((row, i) => [names(rows)[i], row.online]))).toEqual({
      n1: true,
      n2: false,
      n3: true,
      n4: true,
    });
    expect(rows.every((row) => row.proofs === null)).toBe(true);
    const withProofs = await list('proofs=true&city=Ghent');
    expect(withProofs[0].proofs).toEqual([expect.objectContaining({ hardware: { a: 1 } })]);
    expect((await list('proofs=true&city=Cairo'))[0].proofs).toEqual([]);
  });

  it.each([['cru=-1'], ['free_mru=abc'], ['farm=x'], ['online=yes'], ['sru=1e3']])(
    '?%s is 400',
    async (query) => {
      const res = await t.request({ method: 'GET', url: `/api/v1/nodes?${query}` });
      expect(res.status).toBe(400);
      expect(res.json<{ error: string }>().error).toBeTruthy();
    },
  );

  it.each<[string, NodeFilter, string]>([
    ['farm', { farmId: 1 }, 'nodes_farm_id'],
    ['country', { country: 'Belgium' }, 'nodes_country'],
    ['city', { city: 'Ghent' }, 'nodes_city'],
    ['cru', { minTotal: { cru: 8 } }, 'nodes_total_cru'],
    ['mru', { minTotal: { mru: 8 } }, 'nodes_total_mru'],
    ['hru', { minTotal: { hru: 8 } }, 'nodes_total_hru'],
    ['sru', { minTotal: { sru: 8 } }, 'nodes_total_sru'],
    ['free_cru', { minFree: { cru: 8 } }, 'nodes_free_cru'],
    ['free_mru', { minFree: { mru: 8 } }, 'nodes_free_mru'],
    ['free_hru', { minFree: { hru: 8 } }, 'nodes_free_hru'],
    ['free_sru', { minFree: { sru: 8 } }, 'nodes_free_sru'],
    ['online', { includeDeleted: true, online: { is: true, since: 1 } }, 'nodes_updated'],
  ])('the %s filter can use its index', async (_label, filter, index) => {
    const [sql, params] = t.app
      .get(NodesRepository)
      .filteredQuery({ includeDeleted: true, ...filter })
      .getQueryAndParameters();
    const runner = t.db.createQueryRunner();
    try {
      await runner.startTransaction();
      // A tiny table is cheaper to scan; take that choice away to see which index the filter can use.
      await runner.query('SET LOCAL enable_seqscan = off');
      await runner.query('SET LOCAL enable_indexscan = off');
      const plan: { 'QUERY PLAN': string }[] = await runner.query(`EXPLAIN ${sql}`, params);
      expect(plan.map((line) => line['QUERY PLAN']).join('\n')).toContain(index);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});

describe('directory gateway listing filters', () => {
  let t: TestApp;
  const gateways: Record<string, TestNode> = {};
  let farms: number[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    const farmer = await createUser(t);
    for (const name of ['gw-farm-1', 'gw-farm-2']) {
      const body = { threebot_id: farmer.id, name, wallet_addresses: [{ asset: 'TFT', address: 'G' }] };
      farms = [
        ...farms,
        (
          await t.request({
            method: 'POST',
            url: '/api/v1/farms',
            body,
            headers: farmer.sign('POST', '/api/v1/farms'),
          })
        ).json<{ id: number }>().id,
      ];
    }
    const places: [string, number, string, string][] = [
      ['g1', 0, 'Belgium', 'Ghent'],
      ['g2', 1, 'Belgium', 'Antwerp'],
      ['g3', 1, 'Egypt', 'Cairo'],
    ];
    for (const [name, farm, country, city] of places) {
      const gw = makeNode();
      gateways[name] = gw;
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/gateways',
        headers: gw.sign('POST', '/api/v1/gateways'),
        body: {
          node_id: gw.nodeId,
          farm_id: farms[farm],
          os_version: 'v1',
          public_key_hex: gw.pubkeyHex,
          location: { country, city },
        },
      });
      expect(res.status).toBe(201);
    }
  });
  afterAll(() => t.close());

  const names = async (query: string) => {
    const res = await t.request({ method: 'GET', url: `/api/v1/gateways?${query}` });
    expect(res.status).toBe(200);
    return res
      .json<{ node_id: string }[]>()
      .map((g) => Object.keys(gateways).find((n) => gateways[n].nodeId === g.node_id));
  };

  it('filters by farm_id, country and city, sorted by id, paginated', async () => {
    expect(await names('')).toEqual(['g1', 'g2', 'g3']);
    expect(await names(`farm_id=${farms[1]}`)).toEqual(['g2', 'g3']);
    expect(await names('country=Belgium')).toEqual(['g1', 'g2']);
    expect(await names(`country=Belgium&farm_id=${farms[1]}`)).toEqual(['g2']);
    expect(await names('city=Cairo')).toEqual(['g3']);
    expect(await names('size=2&page=2')).toEqual(['g3']);
    expect((await t.request({ method: 'GET', url: '/api/v1/gateways?farm_id=x' })).status).toBe(400);
  });
});
