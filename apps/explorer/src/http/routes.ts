/** Every API lives under both prefixes of the reference (decisions.md §1). */
export const API_PREFIXES = ['api/v1', 'explorer'] as const;

export function apiPaths(path: string): string[] {
  return API_PREFIXES.map((prefix) => `${prefix}/${path}`);
}
