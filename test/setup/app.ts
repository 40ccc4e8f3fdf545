import 'reflect-metadata';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { inject } from 'light-my-request';
import type { Logger as PinoLogger } from 'pino';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { createApp } from '../../apps/explorer/src/app.factory';
import { Clock } from '../../apps/explorer/src/clock/clock';
import { AppConfig, loadConfig } from '../../apps/explorer/src/config/config';
import { createEmptyDatabase, createTestDatabase, TestDatabase } from './database';

export interface TestApp {
  app: NestFastifyApplication;
  db: DataSource;
  database: TestDatabase;
  config: AppConfig;
  request(options: TestRequest): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface TestRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'OPTIONS';
  url: string;
  /** Object bodies are JSON-encoded; strings are sent as they are. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface TestResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  text: string;
  json: <T = unknown>() => T;
}

/**
 * Boots the real application on its own database; requests are injected into the HTTP server's own
 * request handler, so they take the same path as over a socket (node polls through their lane).
 */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { clock?: Clock; unmigrated?: boolean; logger?: PinoLogger } = {},
): Promise<TestApp> {
  const database = options.unmigrated ? await createEmptyDatabase() : await createTestDatabase();
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env });
  const app = await createApp(config, database.url, {
    logger: options.logger ?? false,
    clock: options.clock,
  });
  await app.getHttpAdapter().getInstance().ready(); // as listen() would
  const server = app.getHttpServer() as Server;
  const dispatch = server.listeners('request')[0] as (req: IncomingMessage, res: ServerResponse) => void;
  return {
    app,
    config,
    database,
    db: app.get<DataSource>(getDataSourceToken()),
    async request({ method, url, body, headers }) {
      const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      const res = await inject(dispatch, {
        method,
        url,
        payload,
        headers: { ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      });
      return {
        status: res.statusCode,
        headers: res.headers,
        text: res.body,
        json: <T>() => JSON.parse(res.body) as T,
      };
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
