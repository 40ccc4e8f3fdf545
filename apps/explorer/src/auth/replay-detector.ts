import { Inject, Injectable } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseSignatureHeader, ReplayCache } from '@app/crypto';
import { AppConfig } from '../config/config';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's signature value was used on another method or path (see ReplayCache). */
    signatureReplayed?: boolean;
  }
}

function routeOf(req: FastifyRequest): string {
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  return `${method} ${req.url.split('?', 1)[0]}`;
}

/**
 * Records the signature value of every request that carries one, also where no signature is checked (a
 * node's poll), so its headers replayed on a signed write are recognised. Per process: several explorer
 * processes share nothing.
 */
@Injectable()
export class ReplayDetector {
  private readonly cache: ReplayCache | null;

  constructor(@Inject(AppConfig) config: AppConfig) {
    const window = config.HTTP_SIGNATURE_FRESHNESS_SECONDS;
    this.cache =
      config.HTTP_SIGNATURE_REPLAY_CACHE_SIZE === 0
        ? null
        : new ReplayCache({
            capacity: config.HTTP_SIGNATURE_REPLAY_CACHE_SIZE,
            graceMs: config.HTTP_SIGNATURE_REPLAY_GRACE_SECONDS * 1000,
            // `created` may lie up to one window ahead of the clock and still pass.
            ttlMs: window > 0 ? 2 * window * 1000 : null,
          });
  }

  install(fastify: FastifyInstance): void {
    const cache = this.cache;
    if (cache === null) return;
    fastify.addHook('onRequest', (req, _reply, done) => {
      const signature = parseSignatureHeader(req.headers.authorization)?.signature;
      if (signature) req.signatureReplayed = cache.isReplay(signature, routeOf(req), Date.now());
      done();
    });
  }
}
