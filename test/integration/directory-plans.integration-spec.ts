import type { SelectQueryBuilder, ObjectLiteral } from 'typeorm';
import {
  FarmFilter,
  FarmsRepository,
  GatewayFilter,
  GatewaysRepository,
  HostOrder,
  NodeFilter,
  NodesRepository,
} from '@app/persistence';
import { startTestApp, TestApp } from '../setup/app';

const NODES = 100_000;
const GATEWAYS = 20_000;
const FARMS = 10_000;
/** md5('12'): a farm name fragment as selective as a real one. */
const FARM_12 = 'c20ad4d7';
const NOW = 1_763_900_000;
const UP = { is: true, since: NOW - 1200 };

const COUNTRIES = [
  'Belgium',
  'Egypt',
  'United States',
  'Germany',
  'Netherlands',
  'France',
  'Austria',
  'Switzerland',
  'Finland',
  'Tanzania',
  'India',
  'Brazil',
  'Japan',
  'Canada',
  'Spain',
  'Italy',
  'Romania',
  'Bulgaria',
  'Lebanon',
  'Uganda',
];

/**
 * The query plans of the directory list filters at grid scale: 100 000 nodes in 10 000 farms over 20
 * countries and 5 000 cities, a fifth of them up, one in twenty with a public config. With real
 * statistics (VACUUM ANALYZE) and the planner's own choices, no filtered path reads a table sequentially.
 */
describe('directory list query plans at 100 000 nodes', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
    const countries = `(ARRAY[${COUNTRIES.map((c) => `'${c}'`).join(',')}])`;
    await t.db.query(
      `INSERT INTO farms (threebot_id, name, wallet_addresses, location, resource_prices)
       SELECT i, 'farm ' || i || ' ' || md5(i::text), '[]', json_build_object('country', ${countries}[1 + i % 20]), '[]'
       FROM generate_series(1, ${FARMS}) i`,
    );
    // Belgium: 1 in 200 nodes; the other countries share the rest.
    await t.db.query(
      `INSERT INTO nodes (node_id, farm_id, created, updated, country, city, total_cru, total_mru, total_hru,
                          total_sru, reserved_cru, reserved_mru, workloads, ifaces, public_config, public_key_hex,
                          wg_ports)
       SELECT 'node-' || i, 1 + i % ${FARMS}, ${NOW - 86400},
              CASE WHEN i % 5 = 0 THEN ${NOW} ELSE ${NOW - 7200} END,
              CASE WHEN i % 200 = 0 THEN 'Belgium' ELSE ${countries}[2 + i % 19] END,
              'City-' || (i % 5000), 1 + i % 64, 4 + i % 512, i % 10000, i % 4000, i % 8, (i % 512) / 2.0,
              '{}', '[]',
              CASE WHEN i % 20 = 0 THEN '{"ipv4": "185.69.166.10/24", "ipv6": "2a02:1802:5e::10/64"}'::jsonb END,
              '', '{}'
       FROM generate_series(1, ${NODES}) i`,
    );
    await t.db.query(
      `INSERT INTO gateways (node_id, farm_id, created, updated, country, city, public_key_hex, workloads,
                             managed_domains, dns_nameserver)
       SELECT 'gw-' || i, 1 + i % ${FARMS}, ${NOW - 86400}, CASE WHEN i % 5 = 0 THEN ${NOW} ELSE ${NOW - 7200} END,
              CASE WHEN i % 200 = 0 THEN 'Belgium' ELSE ${countries}[2 + i % 19] END, 'City-' || (i % 5000), '', '{}',
              CASE WHEN i % 20 = 0 THEN ARRAY['gw' || i || '.example.com'] ELSE '{}' END, '{}'
       FROM generate_series(1, ${GATEWAYS}) i`,
    );
    await t.db.query('VACUUM ANALYZE farms, nodes, gateways');
  }, 120_000);
  afterAll(() => t.close());

  /** EXPLAIN of the page (LIMIT 100) and of the count the list answers in X-Total-Count. */
  async function plans<T extends ObjectLiteral>(q: SelectQueryBuilder<T>): Promise<string> {
    const statements = [q.clone().offset(0).limit(100), q.clone().orderBy().select('count(*)')];
    const out: string[] = [];
    for (const statement of statements) {
      const [sql, params] = statement.getQueryAndParameters();
      const rows: { 'QUERY PLAN': string }[] = await t.db.query(`EXPLAIN ${sql}`, params);
      out.push(rows.map((r) => r['QUERY PLAN']).join('\n'));
    }
    return out.join('\n---\n');
  }

  // Every row has three entries: jest reads a test function with more parameters than the row as async-with-done.
  it.each<[string, NodeFilter, HostOrder | null]>([
    ['status=up', { online: UP }, null],
    ['farm=7', { farmId: 7 }, null],
    ['farm_ids=1,2,3', { farmIds: [1, 2, 3] }, null],
    ['country=Belgium', { country: 'Belgium' }, null],
    ['city=City-42', { city: 'City-42' }, null],
    ['country_contains=belg', { countryContains: 'belg' }, null],
    ['city_contains=ity-4242', { cityContains: 'ity-4242' }, null],
    ['farm_name_contains=c20ad4d7', { farmNameContains: FARM_12 }, null],
    ['ipv4=true', { publicIpv4: true }, null],
    ['ipv6=true', { publicIpv6: true }, null],
    ['total_cru=64', { minTotal: { cru: 64 } }, null],
    ['total_mru=510', { minTotal: { mru: 510 } }, null],
    ['total_hru=9990', { minTotal: { hru: 9990 } }, null],
    ['total_sru=3990', { minTotal: { sru: 3990 } }, null],
    ['free_cru=60', { minFree: { cru: 60 } }, null],
    ['free_mru=255', { minFree: { mru: 255 } }, null],
    ['free_hru=9990', { minFree: { hru: 9990 } }, null],
    ['free_sru=3990', { minFree: { sru: 3990 } }, null],
    ['status=up&country=Belgium&ipv4=true', { online: UP, country: 'Belgium', publicIpv4: true }, null],
    [
      'free_cru=60&sort_by=free_cru&sort_order=desc',
      { minFree: { cru: 60 } },
      { by: 'free_cru', descending: true },
    ],
    ['country_contains=belg&randomize=true', { countryContains: 'belg' }, { randomSeed: 42 }],
  ])('GET /nodes?%s reads no table sequentially', async (_query, filter, order) => {
    const plan = await plans(t.app.get(NodesRepository).filteredQuery(filter, order ?? undefined));
    expect(plan).not.toMatch(/Seq Scan/);
  });

  it.each<[string, GatewayFilter]>([
    ['status=up', { online: UP }],
    ['farm_ids=1,2,3', { farmIds: [1, 2, 3] }],
    ['country_contains=belg', { countryContains: 'belg' }],
    ['city_contains=ity-4242', { cityContains: 'ity-4242' }],
    ['farm_name_contains=c20ad4d7', { farmNameContains: FARM_12 }],
    ['domain=true', { hasDomain: true }],
  ])('GET /gateways?%s reads no table sequentially', async (_query, filter) => {
    const plan = await plans(t.app.get(GatewaysRepository).filteredQuery(filter));
    expect(plan).not.toMatch(/Seq Scan/);
  });

  it.each<[string, FarmFilter]>([
    ['name_contains=c20ad4d7', { nameContains: FARM_12 }],
    ['country=Belgium', { country: 'Belgium' }],
    ['owner=12', { owner: 12 }],
  ])('GET /farms?%s reads no table sequentially', async (_query, filter) => {
    expect(await plans(t.app.get(FarmsRepository).filteredQuery(filter))).not.toMatch(/Seq Scan/);
  });

  it('GET /farms?node_count=10 counts each farm through nodes_farm_id', async () => {
    // node_count has no index of its own: farms are read in order, each farm's nodes by index.
    const plan = await plans(t.app.get(FarmsRepository).filteredQuery({ minNodes: 10 }));
    expect(plan).not.toMatch(/Seq Scan on nodes/);
    expect(plan).toContain('nodes_farm_id');
  });
});
