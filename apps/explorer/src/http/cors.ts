import type { FastifyInstance } from 'fastify';
import { badRequest } from '@app/domain';
import { sendError } from './error.filter';

/** The list, cursor and workload-version headers, readable by browser scripts. */
const EXPOSED_HEADERS = 'Pages, X-Total-Count, x-last-id, ETag';
/** Every method of the API, so that a browser script may also sign and send PUT and DELETE. */
const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, DELETE';

/**
 * CORS for browsers, any origin, as one request hook (the CORS plugin resolved its options on every
 * request, about as costly as a create's signature check). A preflight (OPTIONS with Origin and
 * Access-Control-Request-Method) is answered 204 with what it asks for; any other OPTIONS is refused
 * like every other bad request, a JSON 400. Every other answer carries the exposed headers, and the
 * allowed origin when the request names one.
 */
export function installCors(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const origin = request.headers.origin;
    if (request.method !== 'OPTIONS') {
      void reply.header('vary', 'Origin').header('access-control-expose-headers', EXPOSED_HEADERS);
      if (origin) void reply.header('access-control-allow-origin', origin);
      return done();
    }
    if (!origin || !request.headers['access-control-request-method']) {
      return sendError(
        reply,
        badRequest('invalid preflight request: Origin and Access-Control-Request-Method are required'),
      );
    }
    void reply
      .status(204)
      .header('vary', 'Origin, Access-Control-Request-Headers')
      .header('access-control-allow-origin', origin)
      .header('access-control-allow-methods', ALLOWED_METHODS)
      .header('access-control-allow-headers', request.headers['access-control-request-headers'] ?? '')
      .header('access-control-max-age', '600')
      .send();
  });
}
