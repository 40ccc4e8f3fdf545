import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest } from '@app/domain';
import { sanitizeJsonBody } from './request-text';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body exactly as received: signatures cover bytes as sent (raw data_json, pool json). */
    rawBody?: string;
  }
}

/**
 * Bodies are kept as text and parsed with JSON.parse for DTO endpoints; compatibility endpoints decode
 * the raw text again with the exact wire reader (libs/wire), which is stricter than JSON.parse. Every
 * body is sanitized once here (depth, NUL, lone surrogates: see sanitizeJsonBody), so no endpoint can
 * hand PostgreSQL a string it cannot store. Any content type is read as JSON, as the reference did.
 */
export function registerBodyParsers(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    '*',
    { parseAs: 'string', bodyLimit },
    (request: FastifyRequest, body: string | Buffer, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      request.rawBody = text;
      if (text.trim() === '') return done(null, undefined);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        return done(badRequest(`malformed json: ${(error as Error).message}`), undefined);
      }
      try {
        done(null, sanitizeJsonBody(parsed));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
}

/** The raw request body ('' when empty). */
export const RawBody = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  return context.switchToHttp().getRequest<FastifyRequest>().rawBody ?? '';
});
