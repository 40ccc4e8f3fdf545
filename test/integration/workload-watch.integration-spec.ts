import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../apps/explorer/src/app.factory';
import { startTestApp, TestApp } from '../setup/app';
import { makeNode } from '../fixtures/identities';
import { SimCustomer } from '../sim/customer';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('customer long poll (GET workload ?wait=S + If-None-Match) across explorer processes', () => {
  let a: TestApp;
  let b: NestFastifyApplication;
  let customer: SimCustomer;
  const node = makeNode();
  beforeAll(async () => {
    a = await startTestApp();
    b = await createApp(a.config, a.database.url, { logger: false });
    customer = await SimCustomer.start(a, [node]);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const getOn = async (app: NestFastifyApplication, id: number, query = '', etag?: string) => {
    const res = await app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'GET',
        url: `/api/v1/reservations/workloads/${id}${query}`,
        headers: etag ? { 'if-none-match': etag } : {},
      });
    return { status: res.statusCode, etag: String(res.headers.etag), body: res.body };
  };

  it('answers the moment another process changes the workload, with a new ETag', async () => {
    const id = await customer.create(node.nodeId);
    const first = await getOn(a.app, id);
    expect(first.status).toBe(200);
    expect(first.etag).toMatch(/^"[\w-]{22}"$/);
    const started = Date.now();
    const held = getOn(b, id, '?wait=20', first.etag);
    await sleep(300);
    await customer.delete(id);
    const changed = await held;
    expect(Date.now() - started).toBeLessThan(3000);
    expect(changed.status).toBe(200);
    expect(changed.etag).not.toBe(first.etag);
    expect(JSON.parse(changed.body).next_action).toBe(4);
  });

  it('holds S seconds then answers 304 without a body; conditional GET without wait is 304 at once', async () => {
    const id = await customer.create(node.nodeId);
    const { etag } = await getOn(a.app, id);
    let started = Date.now();
    const idle = await getOn(b, id, '?wait=1', etag);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(idle).toEqual({ status: 304, etag, body: '' });
    started = Date.now();
    expect((await getOn(a.app, id, '', etag)).status).toBe(304);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('a change of another workload does not end the wait; a stale ETag answers at once; bad wait is 400', async () => {
    const id = await customer.create(node.nodeId);
    const other = await customer.create(node.nodeId);
    const { etag } = await getOn(a.app, id);
    const started = Date.now();
    const held = getOn(a.app, id, '?wait=1', etag);
    await customer.delete(other);
    expect((await held).status).toBe(304);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect((await getOn(a.app, id, '?wait=5', '"stale"')).status).toBe(200);
    expect((await getOn(a.app, id, '?wait=x', etag)).status).toBe(400);
  });
});
