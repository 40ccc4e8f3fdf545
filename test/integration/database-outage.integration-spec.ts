import 'reflect-metadata';
import { AddressInfo, createServer, Server, Socket, connect } from 'node:net';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../apps/explorer/src/app.factory';
import { loadConfig } from '../../apps/explorer/src/config/config';
import { createTestDatabase, TestDatabase } from '../setup/database';

/** A TCP relay to PostgreSQL that the test can cut (an outage: refused, resets) and restore. */
class Relay {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async cut(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((resolve) => this.server!.close(resolve));
  }
}

describe('a database outage is logged once per transition and counted in between', () => {
  let database: TestDatabase;
  let relay: Relay;
  let app: NestFastifyApplication;
  /** What the outage logger wrote; `stacks` what the generic error logger wrote (must stay empty). */
  const logged: string[] = [];
  const stacks: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const url = new URL(database.url);
    relay = new Relay({ host: url.hostname, port: Number(url.port || 5432) });
    await relay.start();
    url.hostname = '127.0.0.1';
    url.port = String(relay.port);
    const config = loadConfig({ LOG_LEVEL: 'silent' });
    app = await createApp(config, url.toString(), { logger: false });
    for (const level of ['error', 'log'] as const)
      jest.spyOn(Logger.prototype, level).mockImplementation(function (
        this: Logger & { context?: string },
        ...[message]: unknown[]
      ) {
        if (this.context === 'Database') logged.push(`${level} ${String(message)}`);
        if (this.context === 'Errors') stacks.push(String(message));
      });
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await app.close();
    await relay.cut();
    await database.drop();
  });

  const fastify = () => app.getHttpAdapter().getInstance();
  const get = (url: string) => fastify().inject({ method: 'GET', url });
  const unavailableCount = async () =>
    Number(/^explorer_database_unavailable_total (\d+)/m.exec((await get('/metrics')).body)?.[1]);

  it('100 failing requests: one log line when it starts, one when it ends, the metric counts them all', async () => {
    expect((await get('/api/v1/users')).statusCode).toBe(200);
    await relay.cut();
    const statuses = new Set<number>();
    for (let i = 0; i < 50; i++) {
      statuses.add((await get('/api/v1/users')).statusCode);
      statuses.add((await get('/health')).statusCode);
    }
    expect([[...statuses], stacks]).toEqual([[503], []]);
    expect(await unavailableCount()).toBe(100);
    expect(logged).toEqual([expect.stringMatching(/^error database unavailable \(.+\): answering 503/)]);

    await relay.start();
    for (let i = 0; i < 100 && logged.length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    expect(logged[1]).toMatch(/^log database available again after \d+ s \(100 requests answered 503\)$/);
    expect((await get('/api/v1/users')).statusCode).toBe(200);

    await relay.cut();
    expect((await get('/api/v1/users')).statusCode).toBe(503);
    expect(logged).toHaveLength(3);
    expect(logged[2]).toMatch(/^error database unavailable/);
    await relay.start();
    for (let i = 0; i < 100 && logged.length < 4; i++) await new Promise((r) => setTimeout(r, 100));
    expect(logged[3]).toMatch(/^log database available again after \d+ s \(1 requests answered 503\)$/);
    expect(stacks).toEqual([]);
  });
});
