import type { Server } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { databaseTimeoutOfResponse } from '../http/error.filter';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/** One registry per app instance (tests boot several apps in one process). */
export class HttpMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'explorer_http_requests_total',
    help: 'HTTP requests by route pattern, method and status',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'explorer_http_request_duration_seconds',
    help: 'HTTP request duration by route pattern',
    labelNames: ['method', 'route'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  /** 503s while the database is away (the outage itself is logged once per transition). */
  readonly databaseUnavailable = new Counter({
    name: 'explorer_database_unavailable_total',
    help: 'Requests answered 503 because the database did not answer',
    registers: [this.registry],
  });

  private readonly databaseTimeouts = new Counter({
    name: 'explorer_database_timeouts_total',
    help: 'Requests answered 503 because a database limit fired (acquire, statement, idle_in_transaction)',
    labelNames: ['kind'],
    registers: [this.registry],
  });

  private readonly connectionsRefused = new Counter({
    name: 'explorer_http_connections_refused_total',
    help: 'Connections closed on arrival because HTTP_MAX_CONNECTIONS were open',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Counts the connections the server closes at its connection cap (clients see a reset). */
  observeServer(server: Server): void {
    server.on('drop', () => this.connectionsRefused.inc());
  }

  /** Counts every response by its route pattern (not the raw URL: node ids would explode cardinality). */
  install(fastify: FastifyInstance): void {
    fastify.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? 'unmatched';
      this.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
      this.duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
      const timeout = databaseTimeoutOfResponse(reply);
      if (timeout) this.databaseTimeouts.inc({ kind: timeout });
      done();
    });
  }
}
