import { badRequest } from '@app/domain';

/** Optional non-negative number filter (GiB amounts may be fractional); absent/empty = no filter. */
export function parseAmountQuery(value: unknown, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const text = String(value);
  if (!/^\d+(\.\d+)?$/.test(text))
    throw badRequest(`${name} should be a non-negative number: ${JSON.stringify(text)}`);
  return Number(text);
}

/** Reference flags (`proofs`, `deleted`): only the literal "true" switches them on. */
export const isTrueFlag = (value: unknown): boolean => value === 'true';

/** Strict optional boolean (new filters such as `online`). */
export function parseBooleanQuery(value: unknown, name: string): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  throw badRequest(`${name} should be true or false: ${JSON.stringify(String(value))}`);
}

/** Optional exact-match text filter. */
export const textQuery = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
