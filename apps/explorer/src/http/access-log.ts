import type { FastifyInstance } from 'fastify';
import type { Logger as PinoLogger } from 'pino';

/**
 * One line per answered request: method, URL, status and milliseconds, at info (error for a 5xx).
 * Node polls are left out: they are the bulk of the traffic (1 000/s on a 10 000-node grid), /metrics
 * counts them, and their failures still reach the error log. A plain hook, not a logging middleware:
 * those keep a per-request async context, which every promise of the process would then pay for.
 */
export function installAccessLog(fastify: FastifyInstance, log: PinoLogger, skipRoutes: Set<string>): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    const level = status >= 500 ? 'error' : 'info';
    if (log.isLevelEnabled(level) && !skipRoutes.has(request.routeOptions.url ?? '')) {
      log[level](
        {
          req: { method: request.method, url: request.url, remoteAddress: request.ip },
          res: { statusCode: status },
          responseTime: Math.round(reply.elapsedTime * 10) / 10,
        },
        'request completed',
      );
    }
    done();
  });
}
