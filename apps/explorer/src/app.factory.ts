import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { getDataSourceToken } from '@nestjs/typeorm';
import { runMigrations } from '@app/persistence';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { Clock } from './clock/clock';
import { AppConfig } from './config/config';
import { ExplorerModule } from './explorer.module';
import { ErrorFilter, sendError } from './http/error.filter';
import { JsonResponseInterceptor } from './http/json-response.interceptor';
import { HttpMetrics } from './metrics/metrics';
import { documentNodePoll } from './node-work/node-poll.route';
import { registerBodyParsers } from './http/raw-body';
import { API_PREFIXES } from './http/routes';

export function openApiDocument(app: NestFastifyApplication) {
  const config = new DocumentBuilder()
    .setTitle('0-OS v2 explorer')
    .setDescription(
      'Reservations, workloads, capacity pools and the grid directory. Every path is served under /api/v1 and /explorer.',
    )
    .setVersion('1')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  documentNodePoll(document);
  return document;
}

/** Builds the configured application (used by main.ts, the tests and the benchmark). */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  options: { logger?: boolean; clock?: Clock } = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: config.BODY_LIMIT_BYTES, maxParamLength: 500 });
  const app = await NestFactory.create<NestFastifyApplication>(
    ExplorerModule.forRoot(config, databaseUrl, options.clock),
    adapter,
    {
      bufferLogs: true,
      bodyParser: false,
      logger: options.logger === false ? false : undefined,
    },
  );
  if (options.logger !== false) app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  registerBodyParsers(fastify, config.BODY_LIMIT_BYTES);
  app.get(HttpMetrics).install(fastify);
  fastify.setErrorHandler((error, _request, reply) => sendError(reply, error));
  app.enableCors({ origin: true, exposedHeaders: ['Pages', 'X-Total-Count', 'x-last-id'] });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: false,
      transform: true,
      forbidUnknownValues: true,
    }),
  );
  app.useGlobalFilters(new ErrorFilter());
  app.useGlobalInterceptors(new JsonResponseInterceptor());
  const document = openApiDocument(app);
  for (const prefix of API_PREFIXES) SwaggerModule.setup(prefix, app, document, { useGlobalPrefix: false });
  await runMigrations(app.get<DataSource>(getDataSourceToken()));
  await app.init();
  return app;
}
