import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
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
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
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

/** Boots the real application on its own database; requests go through Fastify's full pipeline. */
export async function startTestApp(
  env: Record<string, string> = {},
  options: { clock?: Clock; unmigrated?: boolean } = {},
): Promise<TestApp> {
  const database = options.unmigrated ? await createEmptyDatabase() : await createTestDatabase();
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env });
  const app = await createApp(config, database.url, { logger: false, clock: options.clock });
  const fastify = app.getHttpAdapter().getInstance();
  return {
    app,
    config,
    database,
    db: app.get<DataSource>(getDataSourceToken()),
    async request({ method, url, body, headers }) {
      const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      const res = await fastify.inject({
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
