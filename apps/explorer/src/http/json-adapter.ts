import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import { PlainText, RawJson } from './raw-json';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * The reference answers every handler with JSON, `null` when there is no object. Precomputed wire JSON
 * (RawJson) is sent verbatim, so stored workloads are never re-serialised on the hot path.
 */
function rendered(value: unknown): PlainText {
  if (value instanceof PlainText) return value;
  if (value instanceof RawJson) return new PlainText(value.text, JSON_TYPE);
  if (value === null || value === undefined) return new PlainText('null', JSON_TYPE);
  return new PlainText(JSON.stringify(value), JSON_TYPE);
}

/**
 * Nest hands every handler's result to the HTTP layer through `reply`: rendering it there, once, costs
 * a request nothing more (a global interceptor ran an observable chain and bound two async resources
 * per request).
 */
export class JsonFastifyAdapter extends FastifyAdapter {
  override reply(response: FastifyReply, body: unknown, statusCode?: number): FastifyReply {
    const { text, contentType } = rendered(body);
    void response.type(contentType);
    return super.reply(response, text, statusCode) as FastifyReply;
  }
}
