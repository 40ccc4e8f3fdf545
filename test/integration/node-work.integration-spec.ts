import { getDataSourceToken } from '@nestjs/typeorm';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client, Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { CEILING_SQL, NODE_POLL_SQL, NodeWorkRepository, POLL_SESSION_OPTIONS } from '@app/persistence';
import { createApp } from '../../apps/explorer/src/app.factory';
import { CommittedCeiling } from '../../apps/explorer/src/node-work/committed-ceiling.service';
import { startTestApp, TestApp } from '../setup/app';
import { makeNode } from '../fixtures/identities';
import { SimCustomer } from '../sim/customer';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('node poll cursor against out-of-order commits (decisions.md §2.2, workloads.md §7.4)', () => {
  let t: TestApp;
  let ceiling: CommittedCeiling;
  const clients: Client[] = [];
  beforeAll(async () => {
    t = await startTestApp();
    ceiling = t.app.get(CommittedCeiling, { strict: false });
    for (let i = 0; i < 2; i++) {
      const c = new Client({ connectionString: t.database.url });
      await c.connect();
      clients.push(c);
    }
  });
  afterAll(async () => {
    for (const c of clients) await c.end();
    await t.close();
  });

  /** Takes an id and inserts a deploy row for `nodeId` inside the client's open transaction. */
  const insertIn = async (c: Client, nodeId: string): Promise<number> => {
    const id = Number((await c.query(`SELECT nextval('reservation_id_seq') AS id`)).rows[0].id);
    await c.query(
      `INSERT INTO workloads (id, workload_id, workload_type, node_id, pool_id, customer_tid, customer_signature, next_action, wire)
       VALUES ($1, 1, 2, $2, 1, 1, $3, 3, $4)`,
      [id, nodeId, `sig-${id}`, `{"id":${id},"workload_id":1,"next_action":3}`],
    );
    return id;
  };
  const poll = async (nodeId: string, from: number) => {
    const res = await t.request({
      method: 'GET',
      url: `/api/v1/reservations/nodes/${nodeId}/workloads?from=${from}`,
    });
    return { ids: res.json<{ id: number }[]>().map((w) => w.id), lastId: Number(res.headers['x-last-id']) };
  };
  const allocated = async () => {
    const [row] = await t.db.query(`SELECT last_value, is_called FROM reservation_id_seq`);
    return row.is_called ? Number(row.last_value) : Number(row.last_value) - 1;
  };

  it('a smaller id committed after a larger one is never skipped, busy or idle', async () => {
    const node = makeNode().nodeId;
    const idle = makeNode().nodeId;
    const [slow, fast] = clients;
    await slow.query('BEGIN');
    const early = await insertIn(slow, node);
    await fast.query('BEGIN');
    const late = await insertIn(fast, node);
    await fast.query('COMMIT');
    expect(late).toBeGreaterThan(early);
    await sleep(800); // several ceiling ticks while `early` is still uncommitted

    const busy = await poll(node, 0);
    expect(busy.ids).toEqual([late]);
    expect(busy.lastId).toBeLessThan(early);
    const nothing = await poll(idle, 0);
    expect(nothing.ids).toEqual([]);
    expect(nothing.lastId).toBeLessThan(early);
    expect(ceiling.current).toBeLessThan(early);

    await slow.query('COMMIT');
    await ceiling.reach(late);
    const next = await poll(node, busy.lastId + 1);
    expect(next.ids).toEqual([early, late]);
    expect(next.lastId).toBe(late);
    expect((await poll(idle, nothing.lastId + 1)).lastId).toBeGreaterThanOrEqual(late);
  });

  it('a rolled-back id does not hold the ceiling; an idle node jumps to the last allocated id', async () => {
    const [c] = clients;
    await c.query('BEGIN');
    const abandoned = await insertIn(c, makeNode().nodeId);
    await c.query('ROLLBACK');
    await ceiling.reach(abandoned);
    const idle = await poll(makeNode().nodeId, 1);
    expect(idle.lastId).toBe(await allocated());
    // Never behind `from - 1`: the node would step back.
    expect((await poll(makeNode().nodeId, 10 ** 9)).lastId).toBe(10 ** 9 - 1);
  });
});

describe('long poll (&wait=S) across explorer processes via LISTEN/NOTIFY', () => {
  let a: TestApp;
  let b: NestFastifyApplication;
  let customer: SimCustomer;
  const busy = [makeNode(), makeNode()];
  beforeAll(async () => {
    a = await startTestApp();
    b = await createApp(a.config, a.database.url, { logger: false });
    customer = await SimCustomer.start(a, busy);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const pollOn = async (app: NestFastifyApplication, nodeId: string, query: string) => {
    const res = await app
      .getHttpAdapter()
      .getInstance()
      .inject({ method: 'GET', url: `/explorer/reservations/nodes/${nodeId}/workloads?${query}` });
    return {
      status: res.statusCode,
      ids: res.statusCode === 200 ? (JSON.parse(res.body) as { id: number }[]).map((w) => w.id) : [],
    };
  };

  it('answers the moment work is queued on another process, not after S seconds', async () => {
    const node = busy[0].nodeId;
    const started = Date.now();
    const held = pollOn(b, node, 'from=0&wait=20');
    await sleep(300);
    const id = await customer.create(node);
    const res = await held;
    expect(res.ids).toEqual([id]);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('an empty long poll lasts S seconds; without wait it answers at once; bad wait is 400', async () => {
    const node = makeNode().nodeId;
    let started = Date.now();
    expect((await pollOn(b, node, 'from=0&wait=1')).ids).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    started = Date.now();
    expect((await pollOn(a.app, node, 'from=0')).ids).toEqual([]);
    expect(Date.now() - started).toBeLessThan(500);
    expect((await pollOn(a.app, node, 'from=0&wait=x')).status).toBe(400);
  });

  it('work for another node does not end the wait', async () => {
    const node = makeNode().nodeId;
    const other = busy[1].nodeId;
    const started = Date.now();
    const held = pollOn(a.app, node, 'from=0&wait=1');
    await customer.create(other);
    expect((await held).ids).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });
});

describe('GET gwid while the database is unreachable', () => {
  it('answers 503, never 404', async () => {
    const t = await startTestApp();
    const node = makeNode();
    const customer = await SimCustomer.start(t, [node]);
    const id = await customer.create(node.nodeId);
    const url = `/api/v1/reservations/nodes/workloads/${id}-1`;
    expect((await t.request({ method: 'GET', url })).status).toBe(200);
    // Break the app's connection pools (the ORM's and the poll's): every query now fails as with a
    // database that is down.
    await (t.app.get<DataSource>(getDataSourceToken()).driver as unknown as { master: Pool }).master.end();
    await t.app.get(NodeWorkRepository).onModuleDestroy();
    const down = await t.request({ method: 'GET', url });
    expect(down.status).toBe(503);
    expect(down.json()).toEqual({ error: 'database unavailable' });
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/reservations/nodes/workloads/${id + 1000}-1` })).status,
    ).toBe(503);
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/reservations/nodes/${node.nodeId}/workloads?from=0` }))
        .status,
    ).toBe(503);
    await t.close().catch(() => t.database.drop());
  });
});

describe('polls waiting for a connection together', () => {
  it('go out as one execution, and each gets the page it would get alone', async () => {
    const t = await startTestApp({ RUN_BACKGROUND_JOBS: 'false' });
    const repository = t.app.get(NodeWorkRepository, { strict: false });
    try {
      const nodes = Array.from({ length: 5 }, () => makeNode().nodeId);
      // Node i holds 3 * i deploy rows, and a queue item for its first one.
      const ids = new Map<string, number[]>();
      for (const [i, node] of nodes.entries()) {
        ids.set(node, []);
        for (let k = 0; k < 3 * i; k++) {
          const [{ id }] = await t.db.query<{ id: string }[]>(
            `INSERT INTO workloads (id, workload_id, workload_type, node_id, pool_id, customer_tid, customer_signature, next_action, wire)
             SELECT v, 1, 2, $1::text, 1, 1, 'sig-' || v, 3, '{"id":' || v || '}' FROM nextval('reservation_id_seq') v
             RETURNING id`,
            [node],
          );
          ids.get(node)!.push(Number(id));
          if (k === 0)
            await t.db.query(`INSERT INTO work_queue (node_id, id, workload_id) VALUES ($1, $2, 1)`, [
              node,
              id,
            ]);
        }
      }
      // Every node from 0, and again from its second row (past everything when it has none).
      const polls = nodes.flatMap((node) => [
        { node, from: 0 },
        { node, from: ids.get(node)![1] ?? 1e12 },
      ]);
      const alone = [];
      for (const { node, from } of polls) alone.push(await repository.poll(node, from));
      const pool = (repository as unknown as { pollPool: Pool }).pollPool;
      let executions = 0;
      const count = () => executions++;
      pool.on('acquire', count);
      // Asked in one turn: the first poll's connection is handed over after all of them joined.
      const together = await Promise.all(polls.map(({ node, from }) => repository.poll(node, from)));
      pool.off('acquire', count);
      expect(together).toEqual(alone);
      expect(executions).toBe(1);
      expect(together[2 * 4].cursor.rows).toHaveLength(12);
      expect(together[2 * 4].queue.rows).toHaveLength(1);
      expect(together[2 * 4 + 1].cursor.rows).toHaveLength(11);
      expect(together[1].cursor.rows).toHaveLength(0);
    } finally {
      await t.close();
    }
  });
});

describe('the poll statement', () => {
  it('plans as two index probes per poll in the poll sessions, also on tables analysed while empty', async () => {
    const t = await startTestApp({ RUN_BACKGROUND_JOBS: 'false' });
    // A session as the poll pool opens them.
    const pool = new Pool({ connectionString: t.database.url, options: POLL_SESSION_OPTIONS, max: 1 });
    try {
      // Statistics of empty tables: the plan PostgreSQL would cache for a table that then grows.
      await t.db.query('ANALYZE workloads');
      await t.db.query('ANALYZE work_queue');
      const c = await pool.connect();
      try {
        await c.query(`PREPARE poll(text[], bigint[]) AS ${NODE_POLL_SQL}`);
        const { rows } = await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE poll('{n,m}', '{0,5}')`);
        const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
        expect(plan).toContain('Index Cond: ((node_id = p.node_id) AND (id >= p.from_id))');
        expect(plan).toContain('Index Cond: ((node_id = p.node_id) AND ("position" >= p.from_id))');
        expect(plan).not.toMatch(/Seq Scan|Sort|Hash/);
      } finally {
        c.release();
      }
    } finally {
      await pool.end();
      await t.close();
    }
  });

  it('never JIT-compiles the poll-path statements (a disabled scan would cost 100+ ms per call)', async () => {
    const t = await startTestApp({ RUN_BACKGROUND_JOBS: 'false' });
    const pool = new Pool({ connectionString: t.database.url, options: POLL_SESSION_OPTIONS, max: 1 });
    try {
      // The ceiling's read of the one-row sequence is a sequential scan, disabled in these sessions.
      const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${CEILING_SQL}`);
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      const cost = Number(/cost=[\d.]+\.\.([\d.]+)/.exec(plan)?.[1]);
      const { rows: settings } = await pool.query<{ jit_above_cost: string }>('SHOW jit_above_cost');
      expect(cost).toBeGreaterThan(Number(settings[0].jit_above_cost));
      expect((await pool.query<{ jit: string }>('SHOW jit')).rows[0].jit).toBe('off');
      const { rows: analysed } = await pool.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN (ANALYZE) ${CEILING_SQL}`,
      );
      expect(analysed.map((r) => r['QUERY PLAN']).join('\n')).not.toContain('JIT');
    } finally {
      await pool.end();
      await t.close();
    }
  });
});
