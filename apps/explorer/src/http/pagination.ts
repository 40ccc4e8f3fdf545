import type { FastifyReply } from 'fastify';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export interface PageRequest {
  page: number;
  size: number;
  offset: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  size: number;
}

function positiveInt(value: unknown): number | null {
  return typeof value === 'string' && /^\d+$/.test(value) && Number(value) > 0 ? Number(value) : null;
}

/**
 * Reference rules, lenient: garbage or ≤ 0 page means 1, garbage or ≤ 0 size means 100 (never "no
 * limit"), size at most 1000. A page beyond any table (its offset past 2^53) is simply past the end: the
 * offset is capped there, so SQL never sees an OFFSET beyond int64 and the answer is an empty page.
 */
export function pageRequest(query: { page?: unknown; size?: unknown }): PageRequest {
  const page = positiveInt(query.page) ?? 1;
  const size = Math.min(positiveInt(query.size) ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  return { page, size, offset: Math.min((page - 1) * size, Number.MAX_SAFE_INTEGER) };
}

export function setPageHeaders(reply: FastifyReply, page: Page<unknown>): void {
  void reply.header('Pages', String(Math.ceil(page.total / page.size)));
  void reply.header('X-Total-Count', String(page.total));
}
