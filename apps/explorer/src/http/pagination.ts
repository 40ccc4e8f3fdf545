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

/** Reference rules with decisions.md §2.9: garbage or ≤ 0 size means 100, never "no limit". */
export function pageRequest(query: { page?: unknown; size?: unknown }): PageRequest {
  const page = positiveInt(query.page) ?? 1;
  const size = Math.min(positiveInt(query.size) ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  return { page, size, offset: (page - 1) * size };
}

export function setPageHeaders(reply: FastifyReply, page: Page<unknown>): void {
  void reply.header('Pages', String(Math.ceil(page.total / page.size)));
  void reply.header('X-Total-Count', String(page.total));
}
