import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openApiDocument } from '../../apps/explorer/src/app.factory';
import { startTestApp, TestApp } from '../setup/app';

const OPENAPI_FILE = join(__dirname, '../../docs/openapi.json');

describe('operations: health, metrics, docs, CORS', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('health answers 200 while the database answers', async () => {
    const res = await t.request({ method: 'GET', url: '/health' });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('metrics count requests by route pattern', async () => {
    await t.request({ method: 'GET', url: '/api/v1/users/1' });
    const res = await t.request({ method: 'GET', url: '/metrics' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.text).toMatch(
      /explorer_http_requests_total\{method="GET",route="\/api\/v1\/users\/:id",status="404"\} 1/,
    );
    expect(res.text).toContain('process_resident_memory_bytes');
  });

  it('serves Swagger UI under both prefixes', async () => {
    for (const prefix of ['/api/v1', '/explorer']) {
      const res = await t.request({ method: 'GET', url: prefix });
      expect(res.status).toBe(200);
      expect(res.text).toContain('Swagger UI');
    }
  });

  it('exposes the pagination and cursor headers to browsers', async () => {
    const res = await t.request({
      method: 'GET',
      url: '/api/v1/users',
      headers: { origin: 'http://example.org' },
    });
    expect(res.headers['access-control-allow-origin']).toBe('http://example.org');
    expect(String(res.headers['access-control-expose-headers'])).toBe(
      'Pages, X-Total-Count, x-last-id, ETag',
    );
  });

  it('a browser preflight for a signed PUT or DELETE is allowed, with the headers it asks for', async () => {
    for (const method of ['PUT', 'DELETE']) {
      const res = await t.request({
        method: 'OPTIONS',
        url: '/api/v1/reservations/workloads/1/sign/delete',
        headers: {
          origin: 'http://example.org',
          'access-control-request-method': method,
          'access-control-request-headers': 'authorization, date, digest, content-type',
        },
      });
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-origin']).toBe('http://example.org');
      expect(String(res.headers['access-control-allow-methods']).split(', ')).toContain(method);
      expect(res.headers['access-control-allow-headers']).toBe('authorization, date, digest, content-type');
    }
  });

  it('the committed OpenAPI document matches the code (UPDATE_OPENAPI=1 rewrites it)', () => {
    const current = `${JSON.stringify(openApiDocument(t.app), null, 2)}\n`;
    if (process.env.UPDATE_OPENAPI === '1') writeFileSync(OPENAPI_FILE, current);
    expect(current).toBe(readFileSync(OPENAPI_FILE, 'utf8'));
  });

  it('serves the committed OpenAPI document under both prefixes (built on the first request)', async () => {
    const committed: unknown = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8'));
    for (const url of ['/api/v1-json', '/explorer-json']) {
      const res = await t.request({ method: 'GET', url });
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
      expect(res.json()).toEqual(committed);
    }
  });

  it('health answers 503 when the database does not', async () => {
    await t.db.destroy();
    const res = await t.request({ method: 'GET', url: '/health' });
    expect(res.status).toBe(503);
    expect(res.json()).toEqual({ error: 'database unavailable' });
  });
});
