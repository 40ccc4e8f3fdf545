import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { container, volume } from '@app/client';
import { startTestApp, TestApp } from '../setup/app';
import { seedDirectory, SeededDirectory } from '../fixtures/directory';
import { Customer, newCustomer, newPool, postWorkload } from '../fixtures/workloads';

/** Debian's chromium (`.ci/run` installs it); flags for a container without GPU, sandbox or network. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const OUTPUT = join(__dirname, '..', '..', '.test-results', 'web');

/** The page's globals that predicates read (the tests compile without the DOM library). */
interface PageGlobals {
  location: { hash: string };
  document: { querySelectorAll(selector: string): { length: number } };
}
const size = (cru: number, mru: number, hru: number, sru: number) => ({ cru, mru, hru, sru });

/** The page at `/` in a real headless Chromium against a seeded explorer. */
describe('web page in a browser', () => {
  let t: TestApp;
  let d: SeededDirectory;
  let base: string;
  let browser: Browser;
  let page: Page;
  let workloadId: number;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    mkdirSync(OUTPUT, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
    // A new context is a fresh profile: no cache, storage or service workers from earlier runs.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    // The page's timers run on a fake clock, so that the minute of auto-refresh passes at once.
    await page.clock.install();
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t.close();
  });

  const api = async <T>(path: string): Promise<T> =>
    (await t.request({ method: 'GET', url: `/api/v1/${path}` })).json<T>();
  const texts = (selector: string) =>
    page.$$eval(selector, (cells) => cells.map((c) => (c.textContent ?? '').trim()));
  // Predicates are functions, not strings: Playwright polls a string predicate with eval, which the
  // page's content security policy refuses whenever the condition is not already true.
  const waitForHash = (hash: string) =>
    page.waitForFunction((h) => (globalThis as unknown as PageGlobals).location.hash === h, hash);
  const horizontalOverflow = () =>
    page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

  it('an empty install says what this is and how to add data', async () => {
    await page.goto(`${base}/`);
    await page.waitForSelector('#empty:not([hidden])');
    const links = await page.$$eval('#empty a', (a) => a.map((x) => x.getAttribute('href')));
    expect(links).toEqual(['docs/getting-started.md', 'api/v1']);
    expect(await page.textContent('#empty')).toContain('npm run demo');
    expect(await page.$$eval('header .links a', (a) => a.map((x) => x.getAttribute('href')))).toEqual([
      'api/v1',
      'metrics',
    ]);
    const swagger = await t.request({ method: 'GET', url: '/api/v1' });
    expect(swagger.status).toBeLessThan(400);
  });

  describe('with a seeded grid', () => {
    beforeAll(async () => {
      d = await seedDirectory(
        t,
        [
          { name: 'ghent-grid', country: 'Belgium' },
          { name: 'nile-capacity', country: 'Egypt' },
        ],
        [
          {
            name: 'be1',
            farm: 'ghent-grid',
            country: 'Belgium',
            city: 'Ghent',
            total: size(16, 64, 4000, 1000),
            publicConfig: true,
          },
          {
            name: 'be2',
            farm: 'ghent-grid',
            country: 'Belgium',
            city: 'Antwerp',
            total: size(8, 32, 0, 500),
          },
          {
            name: 'eg1',
            farm: 'nile-capacity',
            country: 'Egypt',
            city: 'Cairo',
            total: size(32, 128, 8000, 2000),
          },
          {
            name: 'us1',
            farm: 'nile-capacity',
            country: 'United States',
            city: 'New York',
            total: size(4, 8, 0, 250),
            silentFor: 7200,
          },
        ],
        [
          {
            name: 'gw1',
            farm: 'ghent-grid',
            country: 'Belgium',
            city: 'Ghent',
            domains: ['gw.example.com'],
          },
        ],
      );
      const customer: Customer = await newCustomer(t);
      const node = d.nodes.be1.nodeId;
      const pool = await newPool(t, customer, [node]);
      const wbase = { node_id: node, pool_id: pool, customer_tid: customer.user.id };
      const created = await postWorkload(t, customer, volume({ ...wbase, description: 'data' }, 50));
      workloadId = created.json<{ reservation_id: number }>().reservation_id;
      const second = await postWorkload(
        t,
        customer,
        container(
          { ...wbase, description: 'web' },
          {
            flist: 'https://hub.grid.tf/tf-official-apps/base:latest.flist',
            capacity: { cpu: 2, memory: 2048, disk_size: 10240, disk_type: 1 },
          },
        ),
      );
      expect(second.status).toBe(201);
    });

    it('shows the totals and the countries of /stats, and a map of them', async () => {
      await page.goto(`${base}/`);
      await page.waitForSelector('#map svg path.has');
      const stats = await api<{
        nodes: { total: number; online: number };
        farms: number;
        nodes_per_country: { country: string; nodes: number; online: number }[];
      }>('stats');
      const tiles = await texts('#tiles-grid .tile .v');
      expect(tiles[0]).toBe(`${stats.nodes.online} / ${stats.nodes.total}`);
      expect(tiles[2]).toBe(String(stats.farms));
      expect(await texts('#countries-body td:first-child')).toEqual(
        stats.nodes_per_country.map((c) => c.country),
      );
      expect(await texts('#countries-body td:nth-child(3)')).toEqual(
        stats.nodes_per_country.map((c) => String(c.online)),
      );
      expect(await page.isHidden('#empty')).toBe(true);
      // Each country with nodes is one clickable shape; "United States" matches Natural Earth's name.
      expect(
        (await page.$$eval('#map path.has', (p) => p.map((x) => x.getAttribute('data-country')))).sort(),
      ).toEqual(['Belgium', 'Egypt', 'United States']);
      await page.screenshot({ path: join(OUTPUT, 'overview-1280.png'), fullPage: true });
    });

    it('clicking a country on the map lists its nodes, as the API does', async () => {
      await page.click('#map path[data-country="Belgium"]');
      await waitForHash('#/nodes?country=Belgium');
      await page.waitForSelector('#nodes-body a.mono');
      const listed = await page.$$eval('#nodes-body a.mono', (a) => a.map((x) => x.getAttribute('title')));
      const expected = (await api<{ node_id: string }[]>('nodes?country=Belgium')).map((n) => n.node_id);
      expect(listed).toEqual(expected);
      expect(await page.inputValue('#nodes-form input[name="country"]')).toBe('Belgium');
      const upNodes = (await api<{ node_id: string }[]>('nodes?status=up&size=25')).length;
      await page.selectOption('#nodes-form select[name="status"]', 'up');
      await page.fill('#nodes-form input[name="country"]', '');
      await page.click('#nodes-form button[type="submit"]');
      await waitForHash('#/nodes?status=up&size=25');
      await page.waitForFunction(
        (n) =>
          (globalThis as unknown as PageGlobals).document.querySelectorAll('#nodes-body a.mono').length === n,
        upNodes,
      );
    });

    it('opens a node by deep link: what the explorer knows beside what the node reports', async () => {
      await page.goto(`${base}/#/nodes/${d.nodes.be1.nodeId}`);
      await page.waitForSelector('#node-view h1');
      const boxes = await texts('#node-view .box h2');
      expect(boxes).toEqual(['Registration', 'Known to the explorer', 'Reported by the node', 'Interfaces']);
      const known = await page.$eval('#node-view .box:nth-child(2)', (b) => b.textContent ?? '');
      expect(known).toMatch(/volume\s*deploy\s*1/);
      expect(known).toMatch(/container\s*deploy\s*1/);
      // The container's 2 GiB is (2 − 1) / 4 CU; the volume takes no CU (not −0.25) and 50 GiB SSD of SU.
      const deployments = await api<{ active_cu: number; active_su: number }>(
        `nodes/${d.nodes.be1.nodeId}/deployments`,
      );
      expect(deployments.active_cu).toBeCloseTo(0.25);
      expect(await page.textContent('#node-view')).toContain('Active CU0.25 per second');
      const reported = await page.$eval('#node-view .box:nth-child(3)', (b) => b.textContent ?? '');
      expect(reported).toContain('MRU0 GiB of 64 GiB');
      expect(reported).toContain('0 GiB of 3.9 TiB');
      await page.screenshot({ path: join(OUTPUT, 'node-1280.png'), fullPage: true });
    });

    it('opens a workload by deep link, with the time of every history entry; back returns to the node', async () => {
      await page.goto(`${base}/#/workloads/${workloadId}`);
      await page.waitForSelector('#workload-view table');
      const when = await texts('#workload-view td[data-label="When"]');
      expect(when.length).toBeGreaterThan(0);
      for (const w of when) expect(w).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
      expect(await page.textContent('#workload-view')).toContain('volume');
      await page.goBack();
      await waitForHash(`#/nodes/${d.nodes.be1.nodeId}`);
      await page.waitForSelector('#node-view h1');
    });

    it('fits a 390 px phone without horizontal scrolling', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      const views = [
        '#/',
        '#/nodes',
        `#/nodes/${d.nodes.be1.nodeId}`,
        '#/farms',
        `#/farms/${d.farms['ghent-grid']}`,
        '#/gateways',
        `#/workloads/${workloadId}`,
      ];
      for (const view of views) {
        await page.goto(`${base}/${view}`);
        await page.waitForLoadState('networkidle');
        expect({ view, overflow: await horizontalOverflow() }).toEqual({ view, overflow: 0 });
      }
      await page.goto(`${base}/`);
      await page.waitForSelector('#map svg path.has');
      await page.screenshot({ path: join(OUTPUT, 'overview-390.png'), fullPage: true });
      await page.goto(`${base}/#/nodes`);
      await page.waitForSelector('#nodes-body a.mono');
      await page.screenshot({ path: join(OUTPUT, 'nodes-390.png'), fullPage: true });
    });

    it('refreshes the view every minute while the tab is visible', async () => {
      await page.goto(`${base}/`);
      await page.waitForSelector('#map svg path.has');
      expect((await texts('#tiles-grid .tile .v'))[0]).toBe('3 / 4');
      // An hour without uptime reports from be2 (as if time passed on the server).
      await t.db.query('UPDATE nodes SET updated = updated - 3600 WHERE node_id = $1', [d.nodes.be2.nodeId]);
      expect(await page.evaluate<string>('document.visibilityState')).toBe('visible');
      await page.clock.runFor(61_000);
      await page.waitForSelector('#tiles-grid .tile:first-child .v:text-is("2 / 4")');
    });
  });

  it('logged no console error', () => {
    expect(consoleErrors).toEqual([]);
  });
});
