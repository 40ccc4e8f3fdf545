import { Client } from 'pg';
import { volume } from '@app/client';
import { databaseTimeoutOf, toErrorResponse } from '../../apps/explorer/src/http/error.filter';
import { startTestApp, TestApp } from '../setup/app';
import { createUser } from '../fixtures/identities';
import { getWorkload, newCustomer, newFarm, newPool, postWorkload } from '../fixtures/workloads';

const metric = async (t: TestApp, kind: string): Promise<number> => {
  const text = (await t.request({ method: 'GET', url: '/metrics' })).text;
  const line = text.split('\n').find((l) => l.startsWith(`explorer_database_timeouts_total{kind="${kind}"}`));
  return line ? Number(line.split(' ')[1]) : 0;
};

describe('one pooled connection (DATABASE_POOL_SIZE=1)', () => {
  let t: TestApp;
  // An empty database: the migrations run at boot on the connection that holds their lock.
  beforeAll(async () => {
    t = await startTestApp({ DATABASE_POOL_SIZE: '1', RUN_BACKGROUND_JOBS: 'false' }, { unmigrated: true });
  }, 60_000);
  afterAll(() => t.close());

  it('boots, migrates and serves concurrent requests, signatures and transactions included', async () => {
    expect((await t.request({ method: 'GET', url: '/health' })).status).toBe(200);
    const customer = await newCustomer(t);
    const { node } = await newFarm(t, customer);
    const poolId = await newPool(t, customer, [node.nodeId]);
    const signers = await Promise.all(Array.from({ length: 5 }, () => newCustomer(t)));
    const w = volume(
      {
        node_id: node.nodeId,
        pool_id: poolId,
        customer_tid: customer.user.id,
        signing_request_provision: { signers: signers.map((s) => s.user.id), quorum_min: 5 },
      },
      1,
    );
    const created = await postWorkload(t, customer, w);
    expect(created.status).toBe(201);
    const id = created.json<{ reservation_id: number }>().reservation_id;
    const stored = await getWorkload(t, id);
    const answers = await Promise.all([
      ...signers.map((s) =>
        t.request({
          method: 'POST',
          url: `/api/v1/reservations/workloads/${id}/sign/provision`,
          body: s.id.provision(stored),
        }),
      ),
      ...Array.from({ length: 10 }, () => t.request({ method: 'GET', url: '/health' })),
      createUser(t).then(() => ({ status: 201 })),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual(
      [...Array(6).fill(201), ...Array(10).fill(200)].sort(),
    );
    expect((await getWorkload(t, id)).next_action).toBe(3);
  });
});

describe('nothing waits forever', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      DATABASE_POOL_SIZE: '1',
      DATABASE_ACQUIRE_TIMEOUT_MS: '300',
      DATABASE_STATEMENT_TIMEOUT_MS: '500',
      DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: '500',
      RUN_BACKGROUND_JOBS: 'false',
    });
  });
  afterAll(() => t.close());

  it('a request that finds no free connection in time answers 503 and is counted', async () => {
    const before = await metric(t, 'acquire');
    const holder = t.db.createQueryRunner();
    await holder.connect();
    try {
      const res = await t.request({ method: 'GET', url: '/api/v1/reservations/workloads/1' });
      expect(res.status).toBe(503);
      expect(res.json()).toEqual({ error: 'database busy: no connection became free in time, retry later' });
      const health = await t.request({ method: 'GET', url: '/health' });
      expect(health.status).toBe(503);
    } finally {
      await holder.release();
    }
    expect(await metric(t, 'acquire')).toBe(before + 2);
    expect((await t.request({ method: 'GET', url: '/health' })).status).toBe(200);
  });

  it('a statement stuck behind a lock is cancelled: 503, counted, nothing changed', async () => {
    const customer = await newCustomer(t);
    const { node } = await newFarm(t, customer);
    const poolId = await newPool(t, customer, [node.nodeId]);
    const w = volume({ node_id: node.nodeId, pool_id: poolId, customer_tid: customer.user.id }, 1);
    const id = (await postWorkload(t, customer, w)).json<{ reservation_id: number }>().reservation_id;
    const stored = await getWorkload(t, id);
    const before = await metric(t, 'statement');
    // Another session holds the workload's row lock and does not let go.
    const other = new Client({ connectionString: t.database.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT 1 FROM workloads WHERE id = $1 FOR UPDATE', [id]);
      const res = await t.request({
        method: 'POST',
        url: `/api/v1/reservations/workloads/${id}/sign/delete`,
        body: customer.id.delete(stored),
      });
      expect(res.status).toBe(503);
      expect(res.json()).toEqual({
        error: 'database busy: a statement took too long and was cancelled, retry later',
      });
    } finally {
      await other.query('ROLLBACK');
      await other.end();
    }
    expect(await metric(t, 'statement')).toBe(before + 1);
    expect((await getWorkload(t, id)).next_action).toBe(3);
  });

  it('a transaction left idle is aborted by the server and its locks freed', async () => {
    const runner = t.db.createQueryRunner();
    await runner.startTransaction();
    let failure: unknown;
    try {
      await runner.query('SELECT 1 FROM pools FOR UPDATE');
      await new Promise((r) => setTimeout(r, 1000));
      await runner.query('SELECT 1');
    } catch (error) {
      failure = error;
    } finally {
      if (!runner.isReleased) await runner.release();
    }
    expect(databaseTimeoutOf(failure) ?? failure).toBe('idle_in_transaction');
    expect(toErrorResponse(failure)).toEqual({
      status: 503,
      body: {
        error: 'database busy: a transaction stalled or lost its connection and was aborted, retry later',
      },
    });
    // Its row locks are gone.
    const other = new Client({ connectionString: t.database.url });
    await other.connect();
    try {
      await expect(other.query('SELECT 1 FROM pools FOR UPDATE NOWAIT')).resolves.toBeDefined();
    } finally {
      await other.end();
    }
    expect((await t.request({ method: 'GET', url: '/health' })).status).toBe(200);
  });
});
