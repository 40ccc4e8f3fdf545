import type { IncomingMessage } from 'node:http';
import { Lifecycle } from '../../apps/explorer/src/health/lifecycle';
import { CommittedCeiling } from '../../apps/explorer/src/node-work/committed-ceiling.service';
import { NodePollRoute } from '../../apps/explorer/src/node-work/node-poll.route';
import { makeNode, TestNode } from '../fixtures/identities';
import { startTestApp, TestApp, TestResponse } from '../setup/app';
import { SimCustomer } from '../sim/customer';

/**
 * Plain poll URLs are answered by the poll's own Fastify instance (the lane), every other form of the
 * same route by the app's: both must answer alike.
 */
describe('the node-poll lane answers as the app does', () => {
  let t: TestApp;
  let node: TestNode;
  let route: NodePollRoute;

  beforeAll(async () => {
    t = await startTestApp();
    node = makeNode();
    const customer = await SimCustomer.start(t, [node]);
    await t.app.get(CommittedCeiling, { strict: false }).reach(await customer.create(node.nodeId));
    route = t.app.get(NodePollRoute, { strict: false });
  });
  afterAll(() => t.close());

  const claimed = (method: string, url: string) => route.claims({ method, url } as IncomingMessage);
  // The same request with the node id's first character percent-encoded, which the lane leaves to the app.
  const viaApp = (url: string) =>
    url.replace(
      `/nodes/${node.nodeId}/`,
      `/nodes/%${node.nodeId.charCodeAt(0).toString(16)}${node.nodeId.slice(1)}/`,
    );
  const both = async (
    url: string,
    headers: Record<string, string> = {},
  ): Promise<[TestResponse, TestResponse]> => {
    expect(claimed('GET', url)).toBe(true);
    expect(claimed('GET', viaApp(url))).toBe(false);
    return [
      await t.request({ method: 'GET', url, headers }),
      await t.request({ method: 'GET', url: viaApp(url), headers }),
    ];
  };
  const same = ([lane, app]: [TestResponse, TestResponse]) => {
    expect(lane.status).toBe(app.status);
    expect(lane.text).toBe(app.text);
    for (const header of [
      'x-last-id',
      'content-type',
      'access-control-allow-origin',
      'access-control-expose-headers',
    ])
      expect(lane.headers[header]).toEqual(app.headers[header]);
    return lane;
  };

  it('claims GET and HEAD of plain poll URLs under both prefixes, nothing else', () => {
    for (const prefix of ['/api/v1', '/explorer']) {
      expect(claimed('GET', `${prefix}/reservations/nodes/abc/workloads?from=1`)).toBe(true);
      expect(claimed('HEAD', `${prefix}/reservations/nodes/abc/workloads`)).toBe(true);
    }
    expect(claimed('PUT', '/api/v1/reservations/nodes/abc/workloads?from=1')).toBe(false);
    expect(claimed('GET', '/api/v1/reservations/nodes/abc/workloads/1-1')).toBe(false);
    expect(claimed('GET', '/api/v1/reservations/nodes/abc/workloads/')).toBe(false);
    expect(claimed('GET', '/api/v1/reservations/nodes/a%62c/workloads?from=1')).toBe(false);
    expect(claimed('GET', '/api/v1/reservations/nodes/workloads/1-1')).toBe(false);
  });

  it('a page of work, with the cursor header', async () => {
    const lane = same(await both(`/api/v1/reservations/nodes/${node.nodeId}/workloads?from=0`));
    expect(lane.status).toBe(200);
    expect(lane.json<unknown[]>()).toHaveLength(1);
    expect(Number(lane.headers['x-last-id'])).toBeGreaterThan(0);
  });

  it('CORS headers for a browser', async () => {
    const lane = same(
      await both(`/explorer/reservations/nodes/${node.nodeId}/workloads?from=0`, {
        origin: 'http://example.org',
      }),
    );
    expect(lane.headers['access-control-allow-origin']).toBe('http://example.org');
    expect(String(lane.headers['access-control-expose-headers'])).toContain('x-last-id');
  });

  it.each([
    ['?from=abc', 'from'],
    ['', 'from'],
    ['?from=1&wait=x', 'wait'],
    ['?from=1%00', 'NUL'],
  ])('bad query %j: the same JSON 400', async (query, word) => {
    const lane = same(await both(`/api/v1/reservations/nodes/${node.nodeId}/workloads${query}`));
    expect(lane.status).toBe(400);
    expect(lane.json<{ error: string }>().error).toContain(word);
  });

  it('counted in the metrics like every request', async () => {
    await t.request({ method: 'GET', url: `/api/v1/reservations/nodes/${node.nodeId}/workloads?from=0` });
    const metrics = (await t.request({ method: 'GET', url: '/metrics' })).text;
    expect(metrics).toMatch(
      /explorer_http_requests_total\{method="GET",route="\/api\/v1\/reservations\/nodes\/:nodeId\/workloads",status="200"\} [1-9]/,
    );
    expect(metrics).toMatch(/explorer_node_polls_total\{answer="work",wait="short"\} [1-9]/);
  });

  it('refused while the process drains, like every request', async () => {
    const lifecycle = t.app.get(Lifecycle);
    lifecycle.draining = true;
    try {
      const [lane] = await both(`/api/v1/reservations/nodes/${node.nodeId}/workloads?from=0`);
      expect(lane.status).toBe(503);
      expect(lane.headers.connection).toBe('close');
      expect(lane.json<{ error: string }>().error).toMatch(/shutting down/);
    } finally {
      lifecycle.draining = false;
    }
  });
});
