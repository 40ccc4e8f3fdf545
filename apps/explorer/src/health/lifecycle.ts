import { Injectable } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';

/** Where the process is between start and stop: what /ready reports and what draining refuses. */
@Injectable()
export class Lifecycle {
  migrated = false;
  /** Background jobs (the pool sweeper) run in this process. */
  backgroundJobs: 'off' | 'started' | 'pending' = 'pending';
  draining = false;

  get ready(): boolean {
    return this.migrated && this.backgroundJobs !== 'pending' && !this.draining;
  }

  /**
   * Once draining, new requests get 503 and `Connection: close` (a load balancer retries them on
   * another process) while the ones in flight are answered.
   */
  install(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', (_request, reply, done) => {
      if (!this.draining) return done();
      void reply
        .status(503)
        .header('connection', 'close')
        .type('application/json')
        .send('{"error":"the explorer is shutting down: retry on another process"}');
    });
  }
}
