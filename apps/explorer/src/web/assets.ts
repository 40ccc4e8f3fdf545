import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * What the page loads besides itself, from installed npm packages, so the page works offline: d3-geo
 * (with its d3-array) and topojson-client as browser builds, and Natural Earth country shapes from
 * world-atlas (1:110m, ~100 KB).
 */
function distOf(pkg: string, from?: string): string {
  return dirname(require.resolve(pkg, from ? { paths: [from] } : undefined));
}

const D3_GEO_DIST = distOf('d3-geo');

export interface Asset {
  text: string;
  contentType: string;
}

const js = (file: string): Asset => ({
  text: readFileSync(file, 'utf8'),
  contentType: 'text/javascript; charset=utf-8',
});

/** The page's favicon: the grid's three nodes on a dark tile. */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<rect width="32" height="32" rx="6" fill="#0b1f33"/>
<path d="M9 22 16 9l7 13z" fill="none" stroke="#58a6ff" stroke-width="2"/>
<circle cx="16" cy="9" r="3.2" fill="#fff"/><circle cx="9" cy="22" r="3.2" fill="#fff"/><circle cx="23" cy="22" r="3.2" fill="#fff"/>
</svg>`;

/** Files under `web/` (relative to the page), read once at start. */
export const WEB_ASSETS: ReadonlyMap<string, Asset> = new Map([
  ['d3-array.min.js', js(join(distOf('d3-array', D3_GEO_DIST), 'd3-array.min.js'))],
  ['d3-geo.min.js', js(join(D3_GEO_DIST, 'd3-geo.min.js'))],
  ['topojson-client.min.js', js(join(distOf('topojson-client'), 'topojson-client.min.js'))],
  [
    'countries-110m.json',
    {
      text: readFileSync(require.resolve('world-atlas/countries-110m.json'), 'utf8'),
      contentType: 'application/json; charset=utf-8',
    },
  ],
  ['favicon.svg', { text: FAVICON_SVG, contentType: 'image/svg+xml' }],
]);

/** The repository's user guides (docs/*.md), linked from the page's empty state; none in a bare build. */
function findDocsDir(): string | null {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'docs'))) return join(dir, 'docs');
  }
  return null;
}

export function readGuides(): ReadonlyMap<string, string> {
  const dir = findDocsDir();
  if (!dir) return new Map();
  return new Map(
    readdirSync(dir)
      .filter((file) => /^[a-z0-9-]+\.md$/.test(file))
      .map((file) => [file, readFileSync(join(dir, file), 'utf8')]),
  );
}
