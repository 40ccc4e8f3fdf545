import { Script } from 'node:vm';
import { startTestApp, TestApp } from '../setup/app';

const PREFIXES = ['/api/v1', '/explorer'];
const now = () => Math.floor(Date.now() / 1000);

interface Stats {
  generated_at: number;
  online_threshold_seconds: number;
  nodes: { total: number; online: number };
  gateways: { total: number; online: number };
  farms: number;
  countries: number;
  online_resources: { cru: number; mru: number; hru: number; sru: number };
  workloads_deployed: Record<string, number>;
  nodes_per_country: { country: string; nodes: number; online: number }[];
}

describe('web page and stats', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  async function insertFarm(name: string): Promise<number> {
    const rows: { id: string }[] = await t.db.query(
      `INSERT INTO farms (threebot_id, name, wallet_addresses, location, resource_prices)
       VALUES (1, $1, '[]', '{"country":"Belgium","city":"Ghent"}', '[]') RETURNING id`,
      [name],
    );
    return Number(rows[0].id);
  }

  async function insertNode(
    nodeId: string,
    farmId: number,
    node: {
      updated: number;
      country: string;
      cru: number;
      mru: number;
      sru: number;
      hru: number;
      deleted?: boolean;
    },
  ): Promise<void> {
    await t.db.query(
      `INSERT INTO nodes (node_id, farm_id, created, updated, country, city, total_cru, total_mru, total_sru, total_hru,
                          workloads, ifaces, public_key_hex, wg_ports, deleted)
       VALUES ($1, $2, $3, $3, $4, 'x', $5, $6, $7, $8, '{}', '[]', 'ab', '{}', $9)`,
      [
        nodeId,
        farmId,
        node.updated,
        node.country,
        node.cru,
        node.mru,
        node.sru,
        node.hru,
        node.deleted ?? false,
      ],
    );
  }

  async function insertGateway(nodeId: string, farmId: number, updated: number): Promise<void> {
    await t.db.query(
      `INSERT INTO gateways (node_id, farm_id, created, updated, public_key_hex, workloads, managed_domains, dns_nameserver)
       VALUES ($1, $2, $3, $3, 'ab', '{}', '{}', '{}')`,
      [nodeId, farmId, updated],
    );
  }

  async function insertWorkload(type: number, nextAction: number): Promise<void> {
    await t.db.query(
      `INSERT INTO workloads (workload_id, workload_type, node_id, pool_id, customer_tid, customer_signature, next_action, wire)
       VALUES (1, $1, 'n1', 1, 1, md5(random()::text), $2, '{}')`,
      [type, nextAction],
    );
  }

  it('serves the page at / as HTML with every section', async () => {
    const res = await t.request({ method: 'GET', url: '/' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    for (const id of ['totals', 'countries', 'view-nodes', 'view-farms', 'view-gateways', 'view-workloads'])
      expect(res.text).toMatch(new RegExp(`<section id="${id}"`));
    expect(res.text).toContain('ThreeFold Capacity Explorer');
    // No CDN: every script, style and icon comes from this process (relative `web/` paths).
    const sources = [...res.text.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(source).toMatch(/^web\//);
      const asset = await t.request({ method: 'GET', url: `/${source}` });
      expect({ source, status: asset.status }).toEqual({ source, status: 200 });
    }
    expect(res.text.replace('http://www.w3.org/2000/svg', '')).not.toMatch(/https?:\/\//);
    // DOM text goes through textContent / text nodes only.
    expect(res.text).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    expect(String(res.headers['content-security-policy'])).toMatch(
      /script-src 'self' 'sha256-[A-Za-z0-9+/]+=*'/,
    );
  });

  it('serves the map shapes, a favicon and the guides, and 404s anything else', async () => {
    const shapes = await t.request({ method: 'GET', url: '/web/countries-110m.json' });
    expect(
      shapes.json<{ objects: { countries: { geometries: unknown[] } } }>().objects.countries.geometries
        .length,
    ).toBeGreaterThan(150);
    for (const url of ['/favicon.ico', '/web/favicon.svg']) {
      const icon = await t.request({ method: 'GET', url });
      expect(icon.headers['content-type']).toBe('image/svg+xml');
      expect(icon.text).toMatch(/^<svg/);
    }
    const guide = await t.request({ method: 'GET', url: '/docs/web.md' });
    expect(guide.status).toBe(200);
    expect(guide.text).toContain('# ');
    for (const url of [
      '/web/secret.js',
      '/web/..%2Fpackage.json',
      '/docs/openapi.json',
      '/docs/..%2FREADME.md',
    ]) {
      const res = await t.request({ method: 'GET', url });
      expect({ url, status: res.status }).toEqual({ url, status: 404 });
      expect(res.json<{ error: string }>().error).toBeTruthy();
    }
  });

  it('the inline script compiles and reads only endpoints the API serves', async () => {
    const html = (await t.request({ method: 'GET', url: '/' })).text;
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1];
    expect(() => new Script(script)).not.toThrow();
    for (const path of [
      'stats',
      'nodes?status=up&free_cru=1&free_mru=1&free_sru=1&free_hru=1&country=Belgium&city_contains=x&farm_ids=1&ipv4=true&sort_by=free_cru&sort_order=desc&size=25&page=1',
      'nodes?size=1&status=up&farm_ids=1',
      'nodes/x/deployments',
      'reservations/workloads?size=20&node_id=x',
      'farms?name_contains=f&country=Belgium&owner=1&node_count=1&size=25&page=1',
      'gateways?status=down&country=Belgium&farm_ids=1&domain=true&size=25&page=1',
    ]) {
      const res = await t.request({ method: 'GET', url: `/api/v1/${path}` });
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      if (!/^stats|deployments/.test(path)) expect(res.headers['x-total-count']).toBeDefined();
    }
  });

  it('stats of an empty grid are zeros, with every workload type listed', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/stats' });
    expect(res.status).toBe(200);
    const stats = res.json<Stats>();
    expect(stats).toMatchObject({
      online_threshold_seconds: 1200,
      nodes: { total: 0, online: 0 },
      gateways: { total: 0, online: 0 },
      farms: 0,
      countries: 0,
      online_resources: { cru: 0, mru: 0, hru: 0, sru: 0 },
      nodes_per_country: [],
    });
    expect(Object.keys(stats.workloads_deployed)).toHaveLength(11);
    expect(Object.values(stats.workloads_deployed).every((n) => n === 0)).toBe(true);
  });

  it('stats count online nodes and gateways by updated, sum online capacity, and count deployed workloads', async () => {
    const fresh = now() - 60;
    const stale = now() - 3600;
    const farm1 = await insertFarm('farm-one');
    const farm2 = await insertFarm('farm-two');
    await insertNode('node-a', farm1, {
      updated: fresh,
      country: 'Belgium',
      cru: 8,
      mru: 32,
      sru: 500,
      hru: 4000,
    });
    await insertNode('node-b', farm1, {
      updated: fresh,
      country: 'Belgium',
      cru: 4,
      mru: 16.5,
      sru: 250,
      hru: 0,
    });
    await insertNode('node-c', farm2, {
      updated: stale,
      country: 'Egypt',
      cru: 64,
      mru: 256,
      sru: 1000,
      hru: 10000,
    });
    await insertNode('node-d', farm2, { updated: fresh, country: '', cru: 2, mru: 4, sru: 0, hru: 0 });
    await insertNode('node-gone', farm2, {
      updated: fresh,
      country: 'Austria',
      cru: 99,
      mru: 99,
      sru: 99,
      hru: 99,
      deleted: true,
    });
    await insertGateway('gw-up', farm1, fresh);
    await insertGateway('gw-down', farm2, stale);
    await insertWorkload(1, 3);
    await insertWorkload(1, 3);
    await insertWorkload(0, 3);
    await insertWorkload(1, 6); // deleted: not counted
    await insertWorkload(2, 2); // pay: not counted

    for (const prefix of PREFIXES) {
      const res = await t.request({ method: 'GET', url: `${prefix}/stats` });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      const stats = res.json<Stats>();
      expect(stats).toMatchObject({
        nodes: { total: 4, online: 3 },
        gateways: { total: 2, online: 1 },
        farms: 2,
        countries: 2,
        online_resources: { cru: 14, mru: 52.5, sru: 750, hru: 4000 },
        nodes_per_country: [
          { country: 'Belgium', nodes: 2, online: 2 },
          { country: '', nodes: 1, online: 1 },
          { country: 'Egypt', nodes: 1, online: 0 },
        ],
      });
      expect(stats.workloads_deployed).toMatchObject({ zdb: 1, container: 2, volume: 0, network: 0 });
      expect(Math.abs(stats.generated_at - now())).toBeLessThan(5);
    }
  });

  it('the online threshold follows NODE_ONLINE_THRESHOLD_SECONDS', async () => {
    const app = await startTestApp({ NODE_ONLINE_THRESHOLD_SECONDS: '30' });
    try {
      const farm = Number(
        (
          await app.db.query(
            `INSERT INTO farms (threebot_id, name, wallet_addresses, location, resource_prices) VALUES (1, 'f', '[]', '{}', '[]') RETURNING id`,
          )
        )[0].id,
      );
      await app.db.query(
        `INSERT INTO nodes (node_id, farm_id, created, updated, workloads, ifaces, public_key_hex, wg_ports)
         VALUES ('n-now', $1, $2, $2, '{}', '[]', 'ab', '{}'), ('n-minute', $1, $3, $3, '{}', '[]', 'ab', '{}')`,
        [farm, now(), now() - 60],
      );
      const stats = (await app.request({ method: 'GET', url: '/explorer/stats' })).json<Stats>();
      expect(stats.online_threshold_seconds).toBe(30);
      expect(stats.nodes).toEqual({ total: 2, online: 1 });
    } finally {
      await app.close();
    }
  });
});
