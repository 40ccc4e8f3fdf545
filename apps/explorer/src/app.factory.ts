import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { getDataSourceToken } from '@nestjs/typeorm';
import { ReadRouter, runMigrations } from '@app/persistence';
import type { Logger as PinoLogger } from 'pino';
import { DataSource } from 'typeorm';
import { ReplayDetector } from './auth/replay-detector';
import { Clock } from './clock/clock';
import { installReadContext } from './database/read-context';
import { AppConfig } from './config/config';
import { ExplorerModule } from './explorer.module';
import { DatabaseOutage } from './health/database-outage';
import { Lifecycle } from './health/lifecycle';
import { ErrorFilter, sendError } from './http/error.filter';
import { JsonFastifyAdapter } from './http/json-adapter';
import { API_DESCRIPTION, finishOpenApi } from './http/openapi';
import { HttpMetrics } from './metrics/metrics';
import { OperationsMetrics } from './metrics/operations-metrics';
import { documentNodePoll, NODE_POLL_ROUTES, NodePollRoute } from './node-work/node-poll.route';
import { installCors } from './http/cors';
import { GoDecodePipe } from './http/go-decode.pipe';
import { registerBodyParsers } from './http/raw-body';
import { refuseNulInUrl } from './http/request-text';
import { installAccessLog } from './http/access-log';
import { RequestSwitch } from './http/request-switch';
import { API_PREFIXES, documentOnce } from './http/routes';
import { ExplorerLogger } from './logging';
import { WORKLOAD_ALIASES } from './workloads/workloads.controller';

export function openApiDocument(app: NestFastifyApplication) {
  const config = new DocumentBuilder()
    .setTitle('0-OS v2 explorer')
    .setDescription(API_DESCRIPTION)
    .setVersion('1')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  documentNodePoll(document);
  documentOnce(document, WORKLOAD_ALIASES);
  return finishOpenApi(document);
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
  const requests = new RequestSwitch();
  const adapter = new JsonFastifyAdapter({
    serverFactory: requests.serverFactory,
    // No Nest middleware: the one per-request concern (the read context) is a plain hook, so the
    // middleware engine is not installed to look at every request.
    skipMiddie: true,
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
    ExplorerModule.forRoot(config, databaseUrl, options.clock),
    adapter,
    { bodyParser: false, logger: root ? new ExplorerLogger(root) : false },
  );
  const fastify = app.getHttpAdapter().getInstance();
  fastify.server.maxConnections = config.HTTP_MAX_CONNECTIONS;
  app.get(HttpMetrics).observeServer(fastify.server);
  registerBodyParsers(fastify, config.BODY_LIMIT_BYTES);
  const polls = app.get(NodePollRoute);
  const lifecycle = app.get(Lifecycle);
  const metrics = app.get(OperationsMetrics);
  const outage = app.get(DatabaseOutage);
  // The hooks every request needs, on the app's instance and on the node-poll lane.
  for (const instance of [fastify, polls.lane]) {
    refuseNulInUrl(instance);
    lifecycle.install(instance);
    app.get(HttpMetrics).install(instance);
    metrics.install(instance);
    installCors(instance);
    // Signed polls too: their signature must not be replayable on another method or path.
    app.get(ReplayDetector).install(instance);
  }
  installReadContext(fastify, app.get(ReadRouter), NODE_POLL_ROUTES);
  if (root) installAccessLog(fastify, root, NODE_POLL_ROUTES);
  // Errors of plain Fastify routes and body parsers reach ErrorFilter through the error handler Nest
  // installs at init; the lane maps them with the same function.
  polls.lane.setErrorHandler((error, _request, reply) => {
    metrics.observeError(error);
    sendError(reply, error, outage);
  });
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
  // Built on the first request for the UI or the document, not at start: a running explorer that
  // nobody browses does not hold it (the swagger routes keep it once built).
  let document: OpenAPIObject | undefined;
  const documentOnFirstUse = () => (document ??= openApiDocument(app));
  for (const prefix of API_PREFIXES)
    SwaggerModule.setup(prefix, app, documentOnFirstUse, { useGlobalPrefix: false });
  await runMigrations(app.get<DataSource>(getDataSourceToken()));
  lifecycle.migrated = true;
  await app.init();
  await polls.lane.ready();
  requests.open(polls);
  lifecycle.backgroundJobs = config.RUN_BACKGROUND_JOBS ? 'started' : 'off';
  return app;
}
