import { createHash } from 'node:crypto';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PlainText } from '../http/raw-json';
import { INDEX_HTML } from './page';

const PAGE = new PlainText(INDEX_HTML, 'text/html; charset=utf-8');

// Only the page's own inline script (by hash) may run, and it may only talk to this origin.
const SCRIPT = /<script>([\s\S]*?)<\/script>/.exec(INDEX_HTML)?.[1] ?? '';
const SCRIPT_HASH = createHash('sha256').update(SCRIPT, 'utf8').digest('base64');
const CSP = `default-src 'self'; script-src 'sha256-${SCRIPT_HASH}'; style-src 'unsafe-inline'; img-src 'self' data:`;

/** The capacity explorer page at `/` (decisions.md §5); it reads only the public JSON API. */
@ApiExcludeController()
@Controller()
export class WebController {
  @Get()
  @Header('Content-Security-Policy', CSP)
  page(): PlainText {
    return PAGE;
  }
}
