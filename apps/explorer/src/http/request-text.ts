import { badRequest } from '@app/domain';
import type { FastifyInstance } from 'fastify';

/**
 * Deepest nesting a request body may have. Our bodies are at most a handful of levels deep (hardware
 * proofs about ten); the bound keeps recursive code after the parser (validation, whitelisting) far
 * from the JS stack limit.
 */
export const MAX_BODY_DEPTH = 64;

const wellFormed = (text: string): string =>
  (text as string & { isWellFormed(): boolean }).isWellFormed()
    ? text
    : (text as string & { toWellFormed(): string }).toWellFormed();

const NUL = '\u0000';

function at(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
}

/**
 * Brings a parsed body to what Go's decoder would have kept, in place, and refuses what PostgreSQL
 * cannot store: lone surrogates become U+FFFD (Go decodes them so, and signs those bytes), a NUL in any
 * string or key is a 400 naming where it is (text and jsonb cannot hold it), and nesting beyond
 * MAX_BODY_DEPTH is a 400. Iterative, so a hostile depth never reaches the stack.
 */
export function sanitizeJsonBody(body: unknown): unknown {
  const check = (text: string, where: string): string => {
    if (text.includes(NUL)) throw badRequest(`${where || 'body'} must not contain NUL (\\u0000)`);
    return wellFormed(text);
  };
  if (typeof body === 'string') return check(body, '');
  const stack: { value: object; path: string; depth: number }[] = [];
  if (body !== null && typeof body === 'object') stack.push({ value: body, path: '', depth: 1 });
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (depth > MAX_BODY_DEPTH) throw badRequest(`body exceeded max depth ${MAX_BODY_DEPTH}`);
    const record = value as Record<string | number, unknown>;
    const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
    for (const key of keys) {
      let name = key;
      if (typeof key === 'string') {
        name = check(key, `a key of ${path || 'body'}`);
        if (name !== key) {
          record[name] = record[key];
          delete record[key];
        }
      }
      const item = record[name];
      const where = at(path, name);
      if (typeof item === 'string') record[name] = check(item, where);
      else if (item !== null && typeof item === 'object')
        stack.push({ value: item, path: where, depth: depth + 1 });
    }
  }
  return body;
}

/**
 * Path segments and query values reach SQL as text too: a NUL in any of them (`/nodes/%00`,
 * `?country=%00`) is a 400 naming the parameter, before any handler runs.
 */
export function refuseNulInUrl(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', (request, _reply, done) => {
    const where = nulIn(request.params, 'path parameter') ?? nulIn(request.query, 'query parameter');
    done(where === null ? undefined : badRequest(`${where} must not contain NUL (\\u0000)`));
  });
}

/** `<kind> "<name>"` of the first parameter whose name or value holds a NUL, else null (every request: no allocation). */
function nulIn(values: unknown, kind: string): string | null {
  if (values === null || typeof values !== 'object') return null;
  const record = values as Record<string, unknown>;
  for (const name in record) {
    const value = record[name];
    if (name.includes(NUL) || hasNul(value)) return `${kind} ${JSON.stringify(name)}`;
  }
  return null;
}

const hasNul = (value: unknown): boolean =>
  typeof value === 'string'
    ? value.includes(NUL)
    : Array.isArray(value) && value.some((item) => typeof item === 'string' && item.includes(NUL));
