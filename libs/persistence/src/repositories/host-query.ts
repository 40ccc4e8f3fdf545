import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** Filters nodes and gateways share (GET /nodes, GET /gateways). */
export interface HostFilter {
  farmId?: number;
  /** farm_id is one of these. */
  farmIds?: number[];
  country?: string;
  city?: string;
  /** Case-insensitive substring filters (trigram indexes on lower(column)). */
  countryContains?: string;
  cityContains?: string;
  farmNameContains?: string;
  /** Online means `updated >= since`. */
  online?: { is: boolean; since: number };
}

/** A column sort (ties broken by id) or a per-request shuffle. */
export type HostOrder =
  | { by: string; descending: boolean }
  | {
      /** Same seed, same order: a request's count and page agree; another seed shuffles anew. */
      randomSeed: number;
    };

/** `%`, `_` and `\` of user text match themselves in LIKE. */
export function likeContains(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Applies the shared host filters to a query over `nodes` or `gateways` aliased `a`. The expressions
 * are exactly those of the indexes of migration 1763808000000 (lower(...) trigram indexes).
 */
export function applyHostFilter<T extends ObjectLiteral>(
  q: SelectQueryBuilder<T>,
  a: string,
  filter: HostFilter,
): SelectQueryBuilder<T> {
  if (filter.farmId) q.andWhere(`${a}.farmId = :farmId`, { farmId: filter.farmId });
  if (filter.farmIds) q.andWhere(`${a}.farmId = ANY(:farmIds)`, { farmIds: filter.farmIds });
  if (filter.country) q.andWhere(`${a}.country = :country`, { country: filter.country });
  if (filter.city) q.andWhere(`${a}.city = :city`, { city: filter.city });
  if (filter.countryContains)
    q.andWhere(`lower(${a}.country) LIKE :countryContains`, {
      countryContains: likeContains(filter.countryContains),
    });
  if (filter.cityContains)
    q.andWhere(`lower(${a}.city) LIKE :cityContains`, { cityContains: likeContains(filter.cityContains) });
  if (filter.farmNameContains)
    q.andWhere(`${a}.farm_id IN (SELECT f.id FROM farms f WHERE lower(f.name) LIKE :farmNameContains)`, {
      farmNameContains: likeContains(filter.farmNameContains),
    });
  if (filter.online)
    q.andWhere(`${a}.updated ${filter.online.is ? '>=' : '<'} :since`, { since: filter.online.since });
  return q;
}

/** ORDER BY of a listing; `columns` maps each public sort key to its SQL expression. */
export function applyHostOrder<T extends ObjectLiteral>(
  q: SelectQueryBuilder<T>,
  a: string,
  order: HostOrder | undefined,
  columns: Readonly<Record<string, string>>,
): SelectQueryBuilder<T> {
  if (order && 'randomSeed' in order)
    return q.orderBy(`md5(${a}.id || :seed)`).setParameter('seed', String(order.randomSeed));
  const direction = order?.descending ? 'DESC' : 'ASC';
  if (order && order.by !== 'id') q.orderBy(columns[order.by], direction).addOrderBy(`${a}.id`, direction);
  else q.orderBy(`${a}.id`, direction);
  return q;
}

/** The sort keys both hosts have. */
export const HOST_SORT_COLUMNS = (a: string): Record<string, string> => ({
  node_id: `${a}.node_id`,
  farm_id: `${a}.farm_id`,
  country: `${a}.country`,
  uptime: `${a}.uptime`,
  updated: `${a}.updated`,
});
