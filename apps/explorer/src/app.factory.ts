import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { getDataSourceToken } from '@nestjs/typeorm';
import { runMigrations } from '@app/persistence';
import type { Logger as PinoLogger } from 'pino';
import { DataSource } from 'typeorm';
import { ReplayDetector } from './auth/replay-detector';
import { Clock } from './clock/clock';
import { AppConfig } from './config/config';
import { ExplorerModule } from './explorer.module';
import { DatabaseOutage } from './health/database-outage';
import { Lifecycle } from './health/lifecycle';
import { ErrorFilter } from './http/error.filter';
import { JsonResponseInterceptor } from './http/json-response.interceptor';
import { HttpMetrics } from './metrics/metrics';
import { OperationsMetrics } from './metrics/operations-metrics';
import { documentNodePoll } from './node-work/node-poll.route';
import { enableCors } from './http/cors';
import { GoDecodePipe } from './http/go-decode.pipe';
import { registerBodyParsers } from './http/raw-body';
import { refuseNulInUrl } from './http/request-text';
import { API_PREFIXES, documentOnce } from './http/routes';
import { ExplorerLogger } from './logging';
import { WORKLOAD_ALIASES } from './workloads/workloads.controller';

export function openApiDocument(app: NestFastifyApplication) {
  const config = new DocumentBuilder()
    .setTitle('0-OS v2 explorer')
    .setDescription(
      'Reservations, workloads, capacity pools and the grid directory. Every path is served under /api/v1 and ' +
        '/explorer. Workload operations are also served under /api/v1/workloads and /explorer/workloads ' +
        '(create and sign also under /explorer/reservations), with the same handlers.',
    )
    .setVersion('1')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  documentNodePoll(document);
  documentOnce(document, WORKLOAD_ALIASES);
  return document;
}

/**
 * Builds the configured application (used by main.ts, the tests and the benchmark). `logger` is the
 * process's root logger (main.ts); without one the app logs nothing.
 */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  options: { logger?: PinoLogger | false; clock?: Clock } = {},
): Promise<NestFastifyApplication> {
  const root = options.logger || null;
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    routerOptions: { maxParamLength: 500 },
    // Slow clients: Node checks both timeouts every connectionsCheckingInterval, so check often enough.
    requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
    http: {
      headersTimeout: config.HTTP_HEADERS_TIMEOUT_MS,
      connectionsCheckingInterval: Math.min(1000, config.HTTP_HEADERS_TIMEOUT_MS),
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    ExplorerModule.forRoot(config, databaseUrl, root, options.clock),
    adapter,
    { bodyParser: false, logger: root ? new ExplorerLogger(root) : false },
  );
  const fastify = app.getHttpAdapter().getInstance();
  fastify.server.maxConnections = config.HTTP_MAX_CONNECTIONS;
  registerBodyParsers(fastify, config.BODY_LIMIT_BYTES);
  refuseNulInUrl(fastify);
  const lifecycle = app.get(Lifecycle);
  lifecycle.install(fastify);
  app.get(HttpMetrics).install(fastify);
  const metrics = app.get(OperationsMetrics);
  metrics.install(fastify);
  app.get(ReplayDetector).install(fastify);
  // Errors of plain Fastify routes and body parsers reach ErrorFilter through the error handler Nest
  // installs at init (one mapping for all).
  const outage = app.get(DatabaseOutage);
  enableCors(app);
  app.useGlobalPipes(
    new GoDecodePipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: false,
      transform: true,
      forbidUnknownValues: true,
    }),
  );
  app.useGlobalFilters(new ErrorFilter((error) => metrics.observeError(error), outage));
  app.useGlobalInterceptors(new JsonResponseInterceptor());
  const document = openApiDocument(app);
  for (const prefix of API_PREFIXES) SwaggerModule.setup(prefix, app, document, { useGlobalPrefix: false });
  await runMigrations(app.get<DataSource>(getDataSourceToken()));
  lifecycle.migrated = true;
  await app.init();
  lifecycle.backgroundJobs = config.RUN_BACKGROUND_JOBS ? 'started' : 'off';
  return app;
}
