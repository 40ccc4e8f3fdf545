import type { OpenAPIObject } from '@nestjs/swagger';

/** Every API lives under both prefixes of the reference (decisions.md §1). */
export const API_PREFIXES = ['api/v1', 'explorer'] as const;

export function apiPaths(path: string): string[] {
  return API_PREFIXES.map((prefix) => `${prefix}/${path}`);
}

/** A path family served for old clients with the same handlers as `canonical` (both without leading `/`). */
export interface RouteAlias {
  alias: string;
  canonical: string;
}

/**
 * Removes from the document every operation of an alias family whose canonical twin is documented, so
 * each operation is described once.
 */
export function documentOnce(document: OpenAPIObject, aliases: RouteAlias[]): void {
  for (const { alias, canonical } of aliases) {
    for (const path of Object.keys(document.paths)) {
      const rest =
        path === `/${alias}` ? '' : path.startsWith(`/${alias}/`) ? path.slice(alias.length + 1) : null;
      const twin = rest === null ? undefined : document.paths[`/${canonical}${rest}`];
      if (!twin) continue;
      const operations = document.paths[path] as Record<string, unknown>;
      for (const method of Object.keys(operations)) {
        if (method in twin) delete operations[method];
      }
      if (Object.keys(operations).length === 0) delete document.paths[path];
    }
  }
}
