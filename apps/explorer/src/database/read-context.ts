import type { FastifyInstance } from 'fastify';
import { readContext, ReadRouter } from '@app/persistence';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Tells the read router who is asking: a client's reads go to the primary for a while after it sent a
 * write, marked when the write arrives (before it commits, so no read of its can overtake it). Installed
 * only when there are replicas: an async context costs every promise of the process from its first use
 * on. `skip` names routes that never read through the router (the node poll).
 */
export function installReadContext(
  fastify: FastifyInstance,
  router: ReadRouter,
  skip: ReadonlySet<string>,
): void {
  if (!router.routing) return;
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (skip.has(request.routeOptions.url ?? '')) return done();
    const client = request.socket.remoteAddress ?? '';
    if (!READS.has(request.method)) router.wrote(client);
    readContext.run({ client }, done);
  });
}
