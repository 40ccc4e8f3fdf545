import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { volume } from '@app/client';
import { createTestDatabase, TestDatabase } from '../setup/database';
import { ExplorerProcess, httpTarget } from '../setup/explorer-process';
import { makeNode, seeded } from '../fixtures/identities';
import { SimCustomer } from '../sim/customer';
import { SimRequest, SimulatedNode } from '../sim/node-simulator';
import { newPool, postWorkload } from '../fixtures/workloads';

const DEPLOY = 3;
const DELETED = 6;

describe('three explorer processes on one database', () => {
  jest.setTimeout(120_000);
  let db: TestDatabase;
  let sql: Client;
  let processes: ExplorerProcess[];
  let bases: string[];
  let turn = 0;
  /** Every request to the next process in turn, as a round-robin load balancer would. */
  const balanced = httpTarget(() => bases[turn++ % bases.length]);

  beforeAll(async () => {
    db = await createTestDatabase();
    processes = [0, 1, 2].map(
      () =>
        new ExplorerProcess({ DATABASE_URL: db.url, PORT: '0', HOST: '127.0.0.1', DATABASE_POOL_SIZE: '4' }),
    );
    bases = await Promise.all(processes.map((p) => p.started()));
    sql = new Client({ connectionString: db.url });
    await sql.connect();
  });
  afterAll(async () => {
    await sql?.end();
    const codes = await Promise.all(processes.map((p) => p.stop()));
    expect(codes).toEqual([0, 0, 0]);
    await db.drop();
  });

  it('a long poll held by one process is woken by a create on another', async () => {
    const keys = seeded();
    const node = makeNode(keys);
    const customer = await SimCustomer.start(httpTarget(bases[0]), [node]);
    const started = Date.now();
    const held = fetch(`${bases[2]}/api/v1/reservations/nodes/${node.nodeId}/workloads?from=0&wait=30`);
    await new Promise((r) => setTimeout(r, 500));
    const id = await customer.create(node.nodeId);
    const res = await held;
    expect(((await res.json()) as { id: number }[]).map((w) => w.id)).toEqual([id]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('under mixed load over all three: nothing lost, nothing delivered twice, same answers everywhere', async () => {
    const keys = [seeded(), seeded(), seeded()];
    const nodes = keys.map((k) => makeNode(k));
    const transport = (r: SimRequest) => balanced.request(r);
    const sims = keys.map((k) => new SimulatedNode(k, transport));
    const customer = await SimCustomer.start(balanced, nodes);
    const created: number[] = [];
    let creating = true;
    const polling = sims.map(async (sim) => {
      while (creating || sim.deployed.size < created.filter((_, i) => i % 3 === sims.indexOf(sim)).length)
        await sim.pollOnce(1);
    });
    for (let batch = 0; batch < 6; batch++)
      created.push(...(await Promise.all(nodes.map((n) => customer.create(n.nodeId)))));
    creating = false;
    await Promise.all(polling);
    const deleted = created.filter((_, i) => i % 2 === 0);
    for (const id of deleted) await customer.delete(id);
    await Promise.all(
      sims.map(async (sim, n) => {
        const kept = created.filter((id, i) => i % 3 === n && !deleted.includes(id));
        while (sim.deployed.size !== kept.length) await sim.pollOnce(1);
      }),
    );
    // Delivered once: no workload entered any state twice; none lost: each ended where it should.
    const twice = await sql.query(
      'SELECT workload_id, to_action FROM workload_history WHERE workload_id = ANY($1) GROUP BY 1, 2 HAVING count(*) > 1',
      [created],
    );
    expect(twice.rows).toEqual([]);
    const { rows } = await sql.query<{ id: string; next_action: number; state: number | null }>(
      `SELECT id, next_action, result_state AS state FROM workloads WHERE id = ANY($1) ORDER BY id`,
      [created],
    );
    expect(rows).toHaveLength(created.length);
    for (const row of rows) {
      const id = Number(row.id);
      expect([id, row.next_action]).toEqual([id, deleted.includes(id) ? DELETED : DEPLOY]);
      if (!deleted.includes(id)) expect([id, row.state]).toEqual([id, 1]);
    }
    const answers = await Promise.all(
      bases.map((base) =>
        fetch(`${base}/api/v1/reservations/workloads?customer_tid=${customer.tid}`).then((r) => r.text()),
      ),
    );
    expect(new Set(answers).size).toBe(1);
    expect(JSON.parse(answers[0])).toHaveLength(created.length);
  });

  it('a pool that runs dry is swept once, by one of the three', async () => {
    const node = makeNode();
    const owner = await SimCustomer.start(balanced, [node]);
    const poolId = await newPool(balanced, owner.customer, [node.nodeId], 0, 1e6);
    const w = volume(
      {
        node_id: node.nodeId,
        pool_id: poolId,
        customer_tid: owner.tid,
        description: randomBytes(8).toString('hex'),
      },
      1,
    );
    const res = await postWorkload(balanced, owner.customer, w);
    expect(res.status).toBe(201);
    const id = res.json<{ reservation_id: number }>().reservation_id;
    // Time passes: the pool's credit was used up a minute ago. Every process's sweeper looks (at the
    // latest after its 30 s interval); one acts.
    await sql.query(
      'UPDATE pools SET sus = 0, last_updated = extract(epoch FROM now())::bigint - 60, empty_at = extract(epoch FROM now())::bigint - 60 WHERE id = $1',
      [poolId],
    );
    const deadline = Date.now() + 45_000;
    for (;;) {
      const { rows } = await sql.query<{ n: string }>(
        `SELECT count(*) AS n FROM workload_history WHERE workload_id = $1 AND cause = 'pool_exhausted'`,
        [id],
      );
      if (Number(rows[0].n) > 0 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    await new Promise((r) => setTimeout(r, 3000)); // time for a second sweep, if one were to happen
    const { rows } = await sql.query<{ cause: string; to_action: number }>(
      'SELECT cause, to_action FROM workload_history WHERE workload_id = $1 ORDER BY id',
      [id],
    );
    expect(rows.filter((r) => r.cause === 'pool_exhausted')).toHaveLength(1);
    const { rows: state } = await sql.query<{ next_action: number }>(
      'SELECT next_action FROM workloads WHERE id = $1',
      [id],
    );
    expect(state[0].next_action).toBe(4);
  });
});
