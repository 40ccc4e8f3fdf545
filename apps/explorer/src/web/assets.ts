import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PlainText } from '../http/raw-json';

/**
 * What the page loads besides itself, from installed npm packages, so the page works offline: d3-geo
 * (with its d3-array) and topojson-client as browser builds, and Natural Earth country shapes from
 * world-atlas (1:110m, ~100 KB).
 */
function distOf(pkg: string, from?: string): string {
  return dirname(require.resolve(pkg, from ? { paths: [from] } : undefined));
}

const D3_GEO_DIST = distOf('d3-geo');
const JAVASCRIPT = 'text/javascript; charset=utf-8';

/** The page's favicon: the grid's three nodes on a dark tile. */
export const FAVICON = new PlainText(
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<rect width="32" height="32" rx="6" fill="#0b1f33"/>
<path d="M9 22 16 9l7 13z" fill="none" stroke="#58a6ff" stroke-width="2"/>
<circle cx="16" cy="9" r="3.2" fill="#fff"/><circle cx="9" cy="22" r="3.2" fill="#fff"/><circle cx="23" cy="22" r="3.2" fill="#fff"/>
</svg>`,
  'image/svg+xml',
);

interface SourceFile {
  path: string;
  contentType: string;
}

/**
 * Files served by name, each read on its first request and kept: serving the API needs none of them,
 * so an explorer nobody browses does not hold them. The set of names is fixed when it is made.
 */
export class FilesOnFirstUse {
  private readonly read = new Map<string, PlainText>();

  constructor(private readonly files: ReadonlyMap<string, SourceFile>) {}

  get(name: string): PlainText | undefined {
    const cached = this.read.get(name);
    if (cached) return cached;
    const file = this.files.get(name);
    if (!file) return undefined;
    const text = new PlainText(readFileSync(file.path, 'utf8'), file.contentType);
    this.read.set(name, text);
    return text;
  }
}

/** Files under `web/` (relative to the page) besides the favicon. */
export function webAssets(): FilesOnFirstUse {
  return new FilesOnFirstUse(
    new Map([
      [
        'd3-array.min.js',
        { path: join(distOf('d3-array', D3_GEO_DIST), 'd3-array.min.js'), contentType: JAVASCRIPT },
      ],
      ['d3-geo.min.js', { path: join(D3_GEO_DIST, 'd3-geo.min.js'), contentType: JAVASCRIPT }],
      [
        'topojson-client.min.js',
        { path: join(distOf('topojson-client'), 'topojson-client.min.js'), contentType: JAVASCRIPT },
      ],
      [
        'countries-110m.json',
        {
          path: require.resolve('world-atlas/countries-110m.json'),
          contentType: 'application/json; charset=utf-8',
        },
      ],
    ]),
  );
}

/** The repository's user guides (docs/*.md), linked from the page's empty state; none in a bare build. */
function findDocsDir(): string | null {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'docs'))) return join(dir, 'docs');
  }
  return null;
}

export function guides(): FilesOnFirstUse {
  const dir = findDocsDir();
  return new FilesOnFirstUse(
    new Map(
      (dir ? readdirSync(dir) : [])
        .filter((file) => /^[a-z0-9-]+\.md$/.test(file))
        .map((file) => [file, { path: join(dir!, file), contentType: 'text/plain; charset=utf-8' }]),
    ),
  );
}
