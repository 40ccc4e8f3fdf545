import { startTestApp, TestApp } from '../setup/app';
import { SeededDirectory, seedDirectory } from '../fixtures/directory';

const HOUR = 3600;
const size = (cru: number, mru: number, hru: number, sru: number) => ({ cru, mru, hru, sru });

/** The grid-proxy style list queries of GET /nodes, /gateways, /farms and the per-country/farm stats. */
describe('directory list queries', () => {
  let t: TestApp;
  let d: SeededDirectory;

  beforeAll(async () => {
    t = await startTestApp();
    d = await seedDirectory(
      t,
      [
        { name: 'alpha-farm', country: 'Belgium' },
        { name: 'Beta_Farm', country: 'Egypt' },
        { name: 'gamma', country: 'Belgium' },
      ],
      [
        {
          name: 'n1',
          farm: 'alpha-farm',
          country: 'Belgium',
          city: 'Ghent',
          total: size(8, 32, 1000, 500),
          reserved: size(2, 8, 0, 100),
          publicConfig: true,
        },
        {
          name: 'n2',
          farm: 'alpha-farm',
          country: 'Belgium',
          city: 'Antwerp',
          total: size(4, 16, 0, 250),
        },
        {
          name: 'n3',
          farm: 'Beta_Farm',
          country: 'Egypt',
          city: 'Cairo',
          total: size(16, 64, 4000, 1000),
          reserved: size(15, 60, 0, 0),
          publicConfig: true,
        },
        {
          name: 'n4',
          farm: 'Beta_Farm',
          country: 'United States',
          city: 'New York',
          total: size(2, 4, 0, 100),
          silentFor: 2 * HOUR,
        },
      ],
      [
        { name: 'g1', farm: 'alpha-farm', country: 'Belgium', city: 'Ghent', domains: ['gw.example.com'] },
        { name: 'g2', farm: 'Beta_Farm', country: 'Egypt', city: 'Cairo', silentFor: 2 * HOUR },
      ],
    );
  });
  afterAll(() => t.close());

  async function names(path: string): Promise<(string | undefined)[]> {
    const res = await t.request({ method: 'GET', url: `/api/v1/${path}` });
    expect(res.status).toBe(200);
    return res.json<{ node_id: string }[]>().map((n) => d.nameOf(n.node_id));
  }
  const nodes = (query: string) => names(`nodes?${query}`);
  const gateways = (query: string) => names(`gateways?${query}`);

  describe('GET /nodes', () => {
    it.each<[string, string[]]>([
      ['status=up', ['n1', 'n2', 'n3']],
      ['status=down', ['n4']],
      ['country_contains=BEL', ['n1', 'n2']],
      ['country_contains=united', ['n4']],
      ['city_contains=ant', ['n2']],
      ['city_contains=new%20y', ['n4']],
      ['farm_name_contains=ALPHA', ['n1', 'n2']],
      ['farm_name_contains=a_f', ['n3', 'n4']], // `_` is a literal, not a LIKE wildcard
      ['farm_name_contains=%25', []], // so is `%`
      ['ipv4=true', ['n1', 'n3']],
      ['ipv4=false', ['n2', 'n4']],
      ['ipv6=true', ['n1', 'n3']], // a public config always has both families
      ['ipv6=false&status=up', ['n2']],
      ['free_cru=4', ['n1', 'n2']],
      ['free_mru=16', ['n1', 'n2']],
      ['free_hru=1000', ['n1', 'n3']],
      ['free_sru=400', ['n1', 'n3']],
      ['total_cru=8', ['n1', 'n3']],
      ['total_mru=30', ['n1', 'n3']],
      ['total_hru=2000', ['n3']],
      ['total_sru=250', ['n1', 'n2', 'n3']],
      ['cru=8&total_cru=16', ['n3']], // the reference name and the grid name are one filter; both hold
      ['total_mru=0.5&status=up&country_contains=gium', ['n1', 'n2']],
    ])('%s', async (query, expected) => {
      expect(await nodes(query)).toEqual(expected);
    });

    it('farm_ids lists several farms', async () => {
      expect(await nodes(`farm_ids=${d.farms['Beta_Farm']}`)).toEqual(['n3', 'n4']);
      expect(await nodes(`farm_ids=${d.farms['alpha-farm']},${d.farms['Beta_Farm']}`)).toEqual([
        'n1',
        'n2',
        'n3',
        'n4',
      ]);
      expect(await nodes(`farm_ids=${d.farms.gamma}`)).toEqual([]);
    });

    it.each<[string, string[]]>([
      ['sort_by=total_cru', ['n4', 'n2', 'n1', 'n3']],
      ['sort_by=total_cru&sort_order=desc', ['n3', 'n1', 'n2', 'n4']],
      ['sort_by=free_cru&sort_order=desc', ['n1', 'n2', 'n4', 'n3']],
      ['sort_by=free_sru', ['n4', 'n2', 'n1', 'n3']],
      ['sort_by=country', ['n1', 'n2', 'n3', 'n4']],
      ['sort_by=country&sort_order=desc', ['n4', 'n3', 'n2', 'n1']], // ties broken by id, same direction
      ['sort_by=updated', ['n4', 'n1', 'n2', 'n3']],
      ['sort_by=farm_id&sort_order=desc&size=1&page=2', ['n3']],
      ['sort_order=desc', ['n4', 'n3', 'n2', 'n1']],
    ])('%s', async (query, expected) => {
      expect(await nodes(query)).toEqual(expected);
    });

    it('sort_by node_id and uptime order by those columns', async () => {
      const ids = Object.values(d.nodes).map((n) => n.nodeId);
      const byId = [...ids].sort().map((id) => d.nameOf(id));
      expect(await nodes('sort_by=node_id')).toEqual(byId);
      expect(await nodes('sort_by=uptime&status=up')).toHaveLength(3);
    });

    it('randomize returns every node once and still counts them all', async () => {
      const seen = new Set<string>();
      for (let i = 0; i < 5; i++) {
        const res = await t.request({ method: 'GET', url: '/api/v1/nodes?randomize=true&ret_count=true' });
        expect(res.headers['x-total-count']).toBe('4');
        const page = res.json<{ node_id: string }[]>().map((n) => n.node_id);
        expect(new Set(page).size).toBe(4);
        seen.add(page.join());
      }
      // 5 shuffles of 4 nodes all in id order would be a 1 in 24^4 chance.
      expect(seen.size).toBeGreaterThan(1);
      const paged = await t.request({ method: 'GET', url: '/explorer/nodes?randomize=true&size=3' });
      expect(paged.json<unknown[]>()).toHaveLength(3);
      expect(paged.headers.pages).toBe('2');
    });

    it('ret_count=true answers X-Total-Count in the same response, under both prefixes', async () => {
      for (const prefix of ['api/v1', 'explorer']) {
        const res = await t.request({
          method: 'GET',
          url: `/${prefix}/nodes?ret_count=true&status=up&size=1`,
        });
        expect(res.status).toBe(200);
        expect(res.headers['x-total-count']).toBe('3');
        expect(res.json<unknown[]>()).toHaveLength(1);
      }
    });
  });

  describe('GET /gateways', () => {
    it.each<[string, string[]]>([
      ['status=up', ['g1']],
      ['status=down', ['g2']],
      ['online=false', ['g2']],
      ['domain=true', ['g1']],
      ['domain=false', ['g2']],
      ['country_contains=gyp', ['g2']],
      ['city_contains=GHE', ['g1']],
      ['farm_name_contains=beta', ['g2']],
      ['sort_by=updated', ['g2', 'g1']],
      ['sort_by=farm_id&sort_order=desc', ['g2', 'g1']],
    ])('%s', async (query, expected) => {
      expect(await gateways(query)).toEqual(expected);
    });

    it('farm_ids and the explorer prefix', async () => {
      expect(await names(`gateways?farm_ids=${d.farms['alpha-farm']},${d.farms.gamma}`)).toEqual(['g1']);
      const res = await t.request({ method: 'GET', url: '/explorer/gateways?status=up&ret_count=true' });
      expect(res.headers['x-total-count']).toBe('1');
    });
  });

  describe('GET /farms', () => {
    async function farms(query: string): Promise<string[]> {
      const res = await t.request({ method: 'GET', url: `/api/v1/farms?${query}` });
      expect(res.status).toBe(200);
      return res.json<{ name: string }[]>().map((f) => f.name);
    }
    it.each<[string, string[]]>([
      ['name_contains=FARM', ['alpha-farm', 'Beta_Farm']],
      ['name_contains=a_', ['Beta_Farm']],
      ['country=Belgium', ['alpha-farm', 'gamma']],
      ['country=Egypt', ['Beta_Farm']],
      ['node_count=1', ['alpha-farm', 'Beta_Farm']],
      ['node_count=2&country=Egypt', ['Beta_Farm']],
      ['node_count=3', []],
    ])('%s', async (query, expected) => {
      expect(await farms(query)).toEqual(expected);
    });
  });

  it('GET /stats adds per-country and per-farm totals, under both prefixes', async () => {
    for (const prefix of ['api/v1', 'explorer']) {
      const res = await t.request({ method: 'GET', url: `/${prefix}/stats` });
      expect(res.status).toBe(200);
      const stats = res.json<{ nodes_per_country: unknown[]; nodes_per_farm: unknown[] }>();
      expect(stats.nodes_per_country).toEqual([
        {
          country: 'Belgium',
          nodes: 2,
          online: 2,
          online_resources: { cru: 12, mru: 48, hru: 1000, sru: 750 },
        },
        {
          country: 'Egypt',
          nodes: 1,
          online: 1,
          online_resources: { cru: 16, mru: 64, hru: 4000, sru: 1000 },
        },
        {
          country: 'United States',
          nodes: 1,
          online: 0,
          online_resources: { cru: 0, mru: 0, hru: 0, sru: 0 },
        },
      ]);
      expect(stats.nodes_per_farm).toEqual([
        {
          farm_id: d.farms['alpha-farm'],
          name: 'alpha-farm',
          nodes: 2,
          online: 2,
          online_resources: { cru: 12, mru: 48, hru: 1000, sru: 750 },
        },
        {
          farm_id: d.farms['Beta_Farm'],
          name: 'Beta_Farm',
          nodes: 2,
          online: 1,
          online_resources: { cru: 16, mru: 64, hru: 4000, sru: 1000 },
        },
      ]);
    }
  });

  describe('a value that cannot apply is a 400 naming the parameter', () => {
    it.each<[string, string]>([
      ['nodes?cru=99999999999999999999', 'cru'],
      ['nodes?total_mru=Infinity', 'total_mru'],
      ['nodes?free_hru=1e400', 'free_hru'],
      [`nodes?free_sru=${'9'.repeat(400)}`, 'free_sru'],
      ['nodes?cru=1.5', 'cru'],
      ['nodes?free_cru=-1', 'free_cru'],
      ['nodes?status=standby', 'status'],
      ['nodes?status=UP', 'status'],
      ['nodes?status=up&online=false', 'status'],
      ['nodes?sort_by=hostname', 'sort_by'],
      ['nodes?sort_by=total_cru&sort_order=up', 'sort_order'],
      ['nodes?randomize=true&sort_by=country', 'randomize'],
      ['nodes?randomize=1', 'randomize'],
      ['nodes?ret_count=yes', 'ret_count'],
      ['nodes?farm_ids=1,x', 'farm_ids'],
      ['nodes?farm_ids=1,,2', 'farm_ids'],
      [`nodes?farm_ids=${'9'.repeat(30)}`, 'farm_ids'],
      ['nodes?farm=99999999999999999999', 'farm'],
      ['nodes?ipv4=yes', 'ipv4'],
      ['nodes?domain=true', 'domain'],
      ['nodes?country=a&country=b', 'country'],
      ['nodes?country_contains=%00', 'country_contains'],
      ['gateways?free_cru=1', 'free_cru'],
      ['gateways?ipv4=true', 'ipv4'],
      ['gateways?sort_by=total_cru', 'sort_by'],
      ['gateways?domain=maybe', 'domain'],
      ['gateways?farm_id=-3', 'farm_id'],
      ['farms?node_count=1.5', 'node_count'],
      ['farms?node_count=Infinity', 'node_count'],
      ['farms?owner=99999999999999999999', 'owner'],
      ['farms?name_contains=a&name_contains=b', 'name_contains'],
    ])('%s', async (path, parameter) => {
      for (const prefix of ['api/v1', 'explorer']) {
        const res = await t.request({ method: 'GET', url: `/${prefix}/${path}` });
        expect(res.status).toBe(400);
        expect(res.json<{ error: string }>().error).toContain(parameter);
      }
    });

    it('page and size stay lenient', async () => {
      expect(await nodes('size=abc')).toHaveLength(4);
      expect(await nodes('size=-1&page=x')).toHaveLength(4);
      const res = await t.request({ method: 'GET', url: '/api/v1/nodes?size=2' });
      expect(res.headers.pages).toBe('2');
    });
  });
});
