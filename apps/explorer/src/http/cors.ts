import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { badRequest } from '@app/domain';
import { sendError } from './error.filter';

const CORS = { origin: true, exposedHeaders: ['Pages', 'X-Total-Count', 'x-last-id'] };

const isBadPreflight = (request: FastifyRequest): boolean =>
  request.method === 'OPTIONS' &&
  (!request.headers.origin || !request.headers['access-control-request-method']);

/**
 * CORS for browsers (any origin; the list headers exposed). An OPTIONS request that is not a preflight
 * (no Origin or Access-Control-Request-Method) is refused like every other bad request, a JSON 400:
 * CORS stays out of it (the plugin would answer plain text) and the hook below answers.
 */
export function enableCors(app: NestFastifyApplication): void {
  app.enableCors({
    delegator: (request, callback) => callback(null, isBadPreflight(request) ? { origin: false } : CORS),
  });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      if (!isBadPreflight(request)) return done();
      sendError(
        reply,
        badRequest('invalid preflight request: Origin and Access-Control-Request-Method are required'),
      );
    });
}
