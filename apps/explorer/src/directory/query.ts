import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { badRequest } from '@app/domain';
import { HostFilter, HostOrder, RESOURCE_UNITS, ResourceUnit, Resources } from '@app/persistence';
import { parseId, parseQueryInt } from '../http/ids';

/**
 * Directory list query parameters. Absent or empty means "no filter"; any other value either applies
 * or is a 400 naming the parameter (never silently no filter). page/size keep their lenient rules
 * (http/pagination.ts).
 */
export type ListQuery = Record<string, unknown>;

/** Largest amount filter: every amount column (bigint or double) compares exactly up to here. */
const MAX_AMOUNT = Number.MAX_SAFE_INTEGER;

const given = (value: unknown): boolean => value !== undefined && value !== '';

/** One value per parameter: a repeated parameter would otherwise be dropped or half-applied. */
function single(value: unknown, name: string): string | undefined {
  if (!given(value)) return undefined;
  if (typeof value !== 'string') throw badRequest(`${name} is given more than once`);
  if (value.includes('\u0000')) throw badRequest(`${name} must not contain NUL characters`);
  return value;
}

/**
 * Optional non-negative amount (GiB amounts may be fractional; `integer` for CPU counts) up to 2^53−1;
 * Infinity, exponents and signs are refused.
 */
export function parseAmountQuery(value: unknown, name: string, integer = false): number | undefined {
  const text = single(value, name);
  if (text === undefined) return undefined;
  const pattern = integer ? /^\d+$/ : /^\d+(\.\d+)?$/;
  const amount = Number(text);
  if (!pattern.test(text) || !(amount <= MAX_AMOUNT))
    throw badRequest(
      `${name} should be a non-negative ${integer ? 'integer' : 'number'} up to ${MAX_AMOUNT}: ${JSON.stringify(text)}`,
    );
  return amount;
}

/**
 * Minimum resource amounts; `names(unit)` are the parameters of one unit (`cru` of the reference and
 * `total_cru` of the grid proxy are one filter: when both are given, both hold). CPU counts are integers.
 */
export function minAmountsQuery(
  query: ListQuery,
  names: (unit: ResourceUnit) => string[],
): Partial<Resources> {
  const amounts: Partial<Resources> = {};
  for (const unit of RESOURCE_UNITS) {
    const values = names(unit)
      .map((name) => parseAmountQuery(query[name], name, unit === 'cru'))
      .filter((v): v is number => v !== undefined);
    if (values.length > 0) amounts[unit] = Math.max(...values);
  }
  return amounts;
}

/** Reference flags (`proofs`, `deleted`): only the literal "true" switches them on. */
export const isTrueFlag = (value: unknown): boolean => value === 'true';

/** Strict optional boolean (new filters such as `online`). */
export function parseBooleanQuery(value: unknown, name: string): boolean | undefined {
  const text = single(value, name);
  if (text === undefined) return undefined;
  if (text === 'true' || text === 'false') return text === 'true';
  throw badRequest(`${name} should be true or false: ${JSON.stringify(text)}`);
}

/** Optional exact-match (or substring) text filter. */
export const textQuery = (value: unknown, name: string): string | undefined => single(value, name);

/** Optional int64 id of a query (absent, empty or 0 = no filter, like the reference's QueryInt). */
export const idQuery = (value: unknown, name: string): number | undefined =>
  parseQueryInt(single(value, name), name) || undefined;

/** `farm_ids=1,2,3`: positive int64 ids, at most MAX_PAGE_SIZE of them. */
export function parseIdListQuery(value: unknown, name: string): number[] | undefined {
  const text = single(value, name);
  if (text === undefined) return undefined;
  const ids = text.split(',').map((part) => parseId(part.trim(), `${name} entry`));
  if (ids.length > 1000) throw badRequest(`${name} lists more than 1000 ids`);
  return ids;
}

/** Parameters a list does not have a meaning for: a 400 naming them rather than a silent no-op. */
export function refuseInapplicable(query: ListQuery, names: readonly string[], reason: string): void {
  const present = names.filter((name) => given(query[name]));
  if (present.length > 0) throw badRequest(`${present.join(', ')}: ${reason}`);
}

/**
 * Liveness from `status` (up | down, from the last uptime report against the online threshold) or the
 * older `online` flag; the model has no farmer-marked standby, so `standby` cannot apply.
 */
function onlineQuery(query: ListQuery): boolean | undefined {
  const online = parseBooleanQuery(query.online, 'online');
  const status = single(query.status, 'status');
  if (status === undefined) return online;
  if (status !== 'up' && status !== 'down')
    throw badRequest(
      `status should be up or down (this explorer has no standby nodes): ${JSON.stringify(status)}`,
    );
  if (online !== undefined && online !== (status === 'up'))
    throw badRequest('status and online contradict each other');
  return status === 'up';
}

/** The shared node/gateway filters; `farmParam` is `farm` on /nodes and `farm_id` on /gateways. */
export function hostFilterQuery(
  query: ListQuery,
  farmParam: string,
): Omit<HostFilter, 'online'> & { online?: boolean } {
  parseBooleanQuery(query.ret_count, 'ret_count'); // accepted for grid clients: X-Total-Count is always sent
  return {
    farmId: idQuery(query[farmParam], farmParam),
    farmIds: parseIdListQuery(query.farm_ids, 'farm_ids'),
    country: textQuery(query.country, 'country'),
    city: textQuery(query.city, 'city'),
    countryContains: textQuery(query.country_contains, 'country_contains'),
    cityContains: textQuery(query.city_contains, 'city_contains'),
    farmNameContains: textQuery(query.farm_name_contains, 'farm_name_contains'),
    online: onlineQuery(query),
  };
}

/**
 * `sort_by` (one of `keys`) with `sort_order` asc | desc, or `randomize=true` (a fresh order per
 * request, one order for the page and its count); undefined keeps the reference's id order.
 */
export function hostOrderQuery(query: ListQuery, keys: readonly string[]): HostOrder | undefined {
  const by = single(query.sort_by, 'sort_by');
  const order = single(query.sort_order, 'sort_order');
  const randomize = parseBooleanQuery(query.randomize, 'randomize');
  if (by !== undefined && !keys.includes(by))
    throw badRequest(`sort_by should be one of ${keys.join(', ')}: ${JSON.stringify(by)}`);
  if (order !== undefined && order !== 'asc' && order !== 'desc')
    throw badRequest(`sort_order should be asc or desc: ${JSON.stringify(order)}`);
  if (randomize) {
    if (by !== undefined || order !== undefined)
      throw badRequest('randomize cannot be combined with sort_by or sort_order');
    return { randomSeed: Math.floor(Math.random() * 2 ** 31) };
  }
  if (by === undefined && order === undefined) return undefined;
  return { by: by ?? 'id', descending: order === 'desc' };
}

/** OpenAPI entries of a list's optional query parameters (name → description). */
export const ApiListQuery = (params: Record<string, string>) =>
  applyDecorators(
    ...Object.entries(params).map(([name, description]) =>
      ApiQuery({ name, required: false, description, schema: { type: 'string' } }),
    ),
  );

const PAGING = {
  page: 'page number from 1 (lenient: garbage means 1)',
  size: 'page size, default 100, at most 1000 (lenient: garbage or <= 0 means 100)',
};

/** The filters /nodes and /gateways share (see docs/directory.md, List queries). */
export const HOST_QUERY_DOCS = {
  farm_ids: 'comma-separated farm ids: any of them',
  country: 'exact country',
  city: 'exact city',
  country_contains: 'case-insensitive substring of the country',
  city_contains: 'case-insensitive substring of the city',
  farm_name_contains: "case-insensitive substring of the farm's name",
  status: 'up | down: last uptime report within NODE_ONLINE_THRESHOLD_SECONDS or not',
  online: 'true | false (same as status)',
  randomize: 'true: a fresh order per request (not with sort_by)',
  ret_count: 'true | false; X-Total-Count is always sent',
  sort_order: 'asc | desc',
  ...PAGING,
};

export const FARM_QUERY_DOCS = {
  owner: "owner's threebot id",
  name: 'exact name',
  name_contains: 'case-insensitive substring of the name',
  country: 'exact location.country',
  node_count: 'at least this many nodes',
  ...PAGING,
};
