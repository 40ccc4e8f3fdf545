import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { createApp } from '../../apps/explorer/src/app.factory';
import { loadConfig } from '../../apps/explorer/src/config/config';
import { REPLICA_SAMPLE_MS } from '@app/persistence';
import type { TestApp, TestRequest } from '../setup/app';
import { Cluster, startPrimary, startReplica, systemPostgresBin } from '../setup/clusters';
import { makeNode } from '../fixtures/identities';
import { SimCustomer } from '../sim/customer';

/** Scans of the workloads table counted by one server (each server counts its own). */
async function workloadScans(server: Cluster): Promise<number> {
  const c = new Client({ connectionString: server.url('explorer') });
  await c.connect();
  try {
    const { rows } = await c.query<{ n: string }>(
      "SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) AS n FROM pg_stat_user_tables WHERE relname = 'workloads'",
    );
    return Number(rows[0].n);
  } finally {
    await c.end();
  }
}

async function sql(server: Cluster, text: string, database = 'explorer'): Promise<void> {
  const c = new Client({ connectionString: server.url(database) });
  await c.connect();
  await c.query(text);
  await c.end();
}

const settle = (ms = 3 * REPLICA_SAMPLE_MS) => new Promise((r) => setTimeout(r, ms));

describe('read replicas: a real streaming replica made with pg_basebackup -R', () => {
  jest.setTimeout(90_000);
  const bin = systemPostgresBin();
  let primary: Cluster;
  let replica: Cluster;
  let app: NestFastifyApplication;
  /** Requests from one client address (the read router tells clients apart by address). */
  const as = (address: string): TestApp =>
    ({
      request: async ({ method, url, body, headers }: TestRequest) => {
        const payload =
          body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
        const res = await app
          .getHttpAdapter()
          .getInstance()
          .inject({
            method,
            url,
            payload,
            remoteAddress: address,
            headers: { ...(payload !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
          });
        return {
          status: res.statusCode,
          headers: res.headers,
          text: res.body,
          json: () => JSON.parse(res.body),
        };
      },
    }) as unknown as TestApp;
  const writer = as('10.0.0.1');
  const reader = as('10.0.0.2');
  let customer: SimCustomer;
  const node = makeNode();

  beforeAll(async () => {
    if (!bin) throw new Error('PostgreSQL server binaries missing: .ci/run installs Debian postgresql');
    primary = await startPrimary(bin);
    await sql(primary, 'CREATE DATABASE explorer', 'postgres');
    replica = await startReplica(bin, primary);
    app = await createApp(
      loadConfig({ LOG_LEVEL: 'silent', DATABASE_REPLICA_URLS: replica.url('explorer') }),
      primary.url('explorer'),
      { logger: false },
    );
    customer = await SimCustomer.start(writer, [node]);
    await settle();
  });
  afterAll(async () => {
    await app?.close();
    replica?.remove();
    primary?.remove();
  });

  it('the replica streams from the primary', async () => {
    const c = new Client({ connectionString: replica.url('explorer') });
    await c.connect();
    const { rows } = await c.query<{ standby: boolean; sender: string | null }>(
      'SELECT pg_is_in_recovery() AS standby, (SELECT sender_host FROM pg_stat_wal_receiver) AS sender',
    );
    await c.end();
    expect(rows[0]).toEqual({ standby: true, sender: '127.0.0.1' });
  });

  it('lists and gets of other clients are answered by the replica when it is caught up', async () => {
    const id = await customer.create(node.nodeId);
    await settle();
    const [onReplica, onPrimary] = [await workloadScans(replica), await workloadScans(primary)];
    const res = await reader.request({
      method: 'GET',
      url: `/api/v1/reservations/workloads?customer_tid=${customer.tid}`,
    });
    expect(res.status).toBe(200);
    expect(res.json<{ id: number }[]>().map((w) => w.id)).toContain(id);
    expect(
      (await reader.request({ method: 'GET', url: `/api/v1/reservations/workloads/${id}` })).status,
    ).toBe(200);
    await settle(1500); // statistics reach the views within a second
    expect(await workloadScans(replica)).toBeGreaterThan(onReplica);
    expect(await workloadScans(primary)).toBe(onPrimary);
  });

  it('a client reads its own writes at once, even while the replica replays nothing', async () => {
    await sql(replica, 'SELECT pg_wal_replay_pause()');
    try {
      const id = await customer.create(node.nodeId);
      const res = await writer.request({ method: 'GET', url: `/api/v1/reservations/workloads/${id}` });
      expect(res.status).toBe(200);
      // Once the replica is seen behind, every client reads the primary.
      await settle();
      expect(
        (await reader.request({ method: 'GET', url: `/api/v1/reservations/workloads/${id}` })).status,
      ).toBe(200);
    } finally {
      await sql(replica, 'SELECT pg_wal_replay_resume()');
    }
  });

  it('replica down: reads fall back to the primary, never a 5xx', async () => {
    const id = await customer.create(node.nodeId);
    await settle();
    replica.stop();
    for (const url of [
      `/api/v1/reservations/workloads/${id}`,
      `/api/v1/reservations/workloads?customer_tid=${customer.tid}`,
      '/api/v1/stats',
    ])
      expect((await reader.request({ method: 'GET', url })).status).toBeLessThan(500);
    expect((await reader.request({ method: 'GET', url: '/health' })).status).toBe(200);
  });
});
