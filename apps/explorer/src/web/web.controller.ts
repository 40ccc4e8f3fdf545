import { createHash } from 'node:crypto';
import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { notFound } from '@app/domain';
import { PlainText } from '../http/raw-json';
import { FAVICON, guides, webAssets } from './assets';
import { INDEX_HTML } from './page';

const PAGE = new PlainText(INDEX_HTML, 'text/html; charset=utf-8');
const ASSETS = webAssets();
const GUIDES = guides();

// Only the page's own inline script (by hash) and its same-origin libraries may run; it talks to this origin only.
const SCRIPT = /<script>([\s\S]*?)<\/script>/.exec(INDEX_HTML)?.[1] ?? '';
const SCRIPT_HASH = createHash('sha256').update(SCRIPT, 'utf8').digest('base64');
const CSP = `default-src 'self'; script-src 'self' 'sha256-${SCRIPT_HASH}'; style-src 'unsafe-inline'; img-src 'self' data:`;

/** The capacity explorer page at `/`; it reads only the public JSON API. */
@ApiExcludeController()
@Controller()
export class WebController {
  @Get()
  @Header('Content-Security-Policy', CSP)
  page(): PlainText {
    return PAGE;
  }

  /** Browser libraries and map shapes from npm packages: the page needs no CDN. */
  @Get('web/:asset')
  @Header('Cache-Control', 'public, max-age=86400')
  asset(@Param('asset') name: string): PlainText {
    const asset = name === 'favicon.svg' ? FAVICON : ASSETS.get(name);
    if (!asset) throw notFound(`no web asset ${JSON.stringify(name)}`);
    return asset;
  }

  @Get('favicon.ico')
  @Header('Cache-Control', 'public, max-age=86400')
  favicon(): PlainText {
    return FAVICON;
  }

  /** The repository's guides (docs/*.md) as plain text, for the page's "how to add data" links. */
  @Get('docs/:guide')
  guide(@Param('guide') name: string): PlainText {
    const guide = GUIDES.get(name);
    if (!guide) throw notFound(`no guide ${JSON.stringify(name)}`);
    return guide;
  }
}
