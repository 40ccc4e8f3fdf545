import { badRequest } from '@app/domain';

/** A decimal int64 id from a path or query, as Go's strconv.ParseInt reads it (our ids fit 2^53). */
export function parseId(value: unknown, what: string): number {
  const text = String(value ?? '');
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)))
    throw badRequest(`invalid ${what}: ${JSON.stringify(text)}`);
  return Number(text);
}

/** Optional query integer: absent/empty means "no filter" (0), like the reference's QueryInt. */
export function parseQueryInt(value: unknown, what: string): number {
  if (value === undefined || value === '') return 0;
  return parseId(value, what);
}
