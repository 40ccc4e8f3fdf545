import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest } from '@app/domain';
import { sendError } from './error.filter';

const EXPOSED_HEADERS = ['Pages', 'X-Total-Count', 'x-last-id', 'ETag'];
const CORS = { origin: true, exposedHeaders: EXPOSED_HEADERS };

const isBadPreflight = (request: FastifyRequest): boolean =>
  request.method === 'OPTIONS' &&
  (!request.headers.origin || !request.headers['access-control-request-method']);

/**
 * CORS for browsers (any origin; the list, cursor and workload-version headers exposed). An OPTIONS request that is not a preflight
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

/**
 * The same answer headers for an instance that serves only simple GETs (the node-poll lane): the
 * plugin's per-request option handling costs more than the poll itself, and no preflight reaches it.
 */
export function addCorsHeaders(fastify: FastifyInstance): void {
  const exposed = EXPOSED_HEADERS.join(', ');
  fastify.addHook('onRequest', (request, reply, done) => {
    const origin = request.headers.origin;
    void reply.header('vary', 'Origin').header('access-control-expose-headers', exposed);
    if (origin) void reply.header('access-control-allow-origin', origin);
    done();
  });
}
