import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, TestApp, TestRequest } from '../setup/app';
import { createUser, makeNode } from '../fixtures/identities';

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
