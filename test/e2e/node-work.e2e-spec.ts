import { signResult } from '@app/crypto';
import { NextAction } from '@app/domain';
import { CommittedCeiling } from '../../apps/explorer/src/node-work/committed-ceiling.service';
import { startTestApp, TestApp } from '../setup/app';
import { makeNode, TestNode } from '../fixtures/identities';
import { SimCustomer } from '../sim/customer';
import { SimulatedNode, Transport } from '../sim/node-simulator';

interface Item {
  id: number;
  workload_id: number;
  next_action: number;
  result: { state: number; workload_id: string; node_id: string; data_json: unknown; epoch: number };
}

describe('node work delivery (workloads.md §7, decisions.md §2.2–§2.4)', () => {
  let t: TestApp;
  let customer: SimCustomer;
  let pager: TestNode;
  let nodes: TestNode[];
  let ceiling: CommittedCeiling;

  beforeAll(async () => {
    t = await startTestApp();
    nodes = [makeNode(), makeNode(), makeNode(), makeNode()];
    pager = makeNode();
    customer = await SimCustomer.start(t, [...nodes, pager]);
    ceiling = t.app.get(CommittedCeiling, { strict: false });
  });
  afterAll(() => t.close());

  const transport: Transport = (r) => t.request(r);
  const poll = (nodeId: string, from: number | string, prefix = '/api/v1') =>
    t.request({ method: 'GET', url: `${prefix}/reservations/nodes/${nodeId}/workloads?from=${from}` });
  const stateOf = async (id: number) =>
    Number((await t.db.query('SELECT next_action FROM workloads WHERE id = $1', [id]))[0].next_action);
  const queued = async (nodeId: string) =>
    ((await t.db.query('SELECT id FROM work_queue WHERE node_id = $1', [nodeId])) as { id: string }[]).map(
      (r) => Number(r.id),
    );
  const activeIds = async () =>
    (
      (await t.db.query('SELECT workload_id FROM pool_workloads WHERE pool_id = $1', [customer.poolId])) as {
        workload_id: string;
      }[]
    )
      .map((r) => Number(r.workload_id))
      .sort((a, b) => a - b);

  const resultBody = (node: TestNode, gwid: string, state: 0 | 1 | 2, dataJson: string | null) => {
    const signature = signResult({ state, message: '', data_json: dataJson }, node.keys.secretKey);
    return `{"category":2,"workload_id":"${gwid}","data_json":${dataJson ?? 'null'},"signature":"${signature}","state":${state},"message":"","epoch":1,"node_id":"x"}`;
  };
  const put = (node: TestNode, pathNode: string, gwid: string, body: string, signed = true) => {
    const url = `/api/v1/reservations/nodes/${pathNode}/workloads/${gwid}`;
    return t.request({ method: 'PUT', url, body, headers: signed ? node.sign('PUT', url) : {} });
  };
  const del = (node: TestNode, pathNode: string, gwid: string, prefix = '/api/v1') => {
    const url = `${prefix}/reservations/nodes/${pathNode}/workloads/${gwid}`;
    return t.request({ method: 'DELETE', url, headers: node.sign('DELETE', url) });
  };

  describe.each(['/api/v1', '/explorer'])('poll under %s', (prefix) => {
    it('answers a JSON array and x-last-id, and 400 for a missing or non-numeric from', async () => {
      const idle = makeNode();
      const res = await poll(idle.nodeId, 0, prefix);
      expect(res.status).toBe(200);
      expect(res.text).toBe('[]');
      expect(res.headers['x-last-id']).toMatch(/^\d+$/);
      for (const from of ['', 'abc', '-1', '1.5'])
        expect((await poll(idle.nodeId, from, prefix)).status).toBe(400);
      const missing = await t.request({
        method: 'GET',
        url: `${prefix}/reservations/nodes/${idle.nodeId}/workloads`,
      });
      expect(missing.status).toBe(400);
    });
  });

  it('delivers a new workload by cursor and by queue, serves it verbatim, stores a signed ok result once', async () => {
    const node = nodes[0];
    const id = await customer.create(node.nodeId);
    await ceiling.reach(id);
    const first = await poll(node.nodeId, 0);
    const items = first.json<Item[]>();
    expect(items.map((i) => i.id)).toEqual([id]);
    expect(Number(first.headers['x-last-id'])).toBe(id);
    const stored = (await t.db.query('SELECT wire FROM workloads WHERE id = $1', [id]))[0].wire as string;
    expect(first.text).toBe(`[${stored}]`);
    // Past the cursor it is not sent again: its queue item sits at the same position as the row.
    const past = await poll(node.nodeId, id + 1);
    expect(past.json<Item[]>()).toEqual([]);

    const gwid = `${id}-1`;
    const body = resultBody(node, gwid, 1, '{"volume_id":"v1",  "x":[1,2]}');
    expect((await put(node, node.nodeId, gwid, body)).status).toBe(201);
    expect((await put(node, node.nodeId, gwid, body)).text).toBe('null');
    expect(await queued(node.nodeId)).toEqual([]);
    expect(await activeIds()).toEqual([id]);

    for (const url of [
      `/api/v1/reservations/nodes/workloads/${gwid}`,
      `/explorer/reservations/nodes/workloads/${gwid}`,
      `/explorer/reservations/workloads/${gwid}`,
    ]) {
      const res = await t.request({ method: 'GET', url });
      expect(res.status).toBe(200);
      expect(res.text).toContain('"data_json":{"volume_id":"v1",  "x":[1,2]}');
      const w = res.json<Item>();
      expect(w.result).toMatchObject({ state: 1, workload_id: gwid, node_id: node.nodeId });
      expect(Math.abs(w.result.epoch - Date.now() / 1000)).toBeLessThan(60);
    }
    const history = await t.db.query(
      'SELECT cause, actor FROM workload_history WHERE workload_id = $1 ORDER BY id',
      [id],
    );
    expect(history[0]).toMatchObject({ cause: 'created' });

    await customer.delete(id);
    expect(await stateOf(id)).toBe(NextAction.Delete);
    // The change is queued at a new position: a node whose cursor passed the id gets it once.
    const cursor = Number(past.headers['x-last-id']) + 1;
    const [{ position }] = await t.db.query('SELECT position FROM work_queue WHERE id = $1', [id]);
    await ceiling.reach(Number(position));
    const change = await poll(node.nodeId, cursor);
    expect(change.json<Item[]>().map((i) => [i.id, i.next_action])).toEqual([[id, NextAction.Delete]]);
    expect(Number(change.headers['x-last-id'])).toBeGreaterThanOrEqual(Number(position));
    expect((await poll(node.nodeId, Number(change.headers['x-last-id']) + 1)).json<Item[]>()).toEqual([]);
    expect((await del(node, node.nodeId, gwid)).status).toBe(200);
    expect((await del(node, node.nodeId, gwid, '/explorer')).text).toBe('null');
    expect(await stateOf(id)).toBe(NextAction.Deleted);
    expect(await activeIds()).toEqual([]);
    expect(await queued(node.nodeId)).toEqual([]);
    const after = (
      await t.request({ method: 'GET', url: `/api/v1/reservations/nodes/workloads/${gwid}` })
    ).json<Item>();
    expect(after).toMatchObject({ next_action: NextAction.Deleted, result: { state: 2 } });
    // A late re-sent ok result does not bring a deleted workload back into the pool.
    expect((await put(node, node.nodeId, gwid, body)).status).toBe(201);
    expect(await stateOf(id)).toBe(NextAction.Deleted);
    expect(await activeIds()).toEqual([]);
  });

  it('an error result moves the workload to delete and queues it for the node', async () => {
    const node = nodes[1];
    const id = await customer.create(node.nodeId);
    const gwid = `${id}-1`;
    expect((await put(node, node.nodeId, gwid, resultBody(node, gwid, 0, null))).status).toBe(201);
    expect(await stateOf(id)).toBe(NextAction.Delete);
    expect(await queued(node.nodeId)).toEqual([id]);
    // A late ok after the error neither counts the workload in its pool nor replaces the error.
    expect((await put(node, node.nodeId, gwid, resultBody(node, gwid, 1, null))).status).toBe(201);
    expect(await stateOf(id)).toBe(NextAction.Delete);
    expect(await activeIds()).not.toContain(id);
    const [{ state }] = await t.db.query(`SELECT result_state AS state FROM workloads WHERE id = $1`, [id]);
    expect(state).toBe(0);
    expect(await queued(node.nodeId)).toEqual([id]);
    expect((await del(node, node.nodeId, gwid)).status).toBe(200);
    expect(await stateOf(id)).toBe(NextAction.Deleted);
  });

  describe('rejections', () => {
    let id: number;
    let gwid: string;
    beforeAll(async () => {
      id = await customer.create(nodes[2].nodeId);
      gwid = `${id}-1`;
    });
    const owner = () => nodes[2];

    it('unsigned → 401', async () => {
      expect(
        (await put(owner(), owner().nodeId, gwid, resultBody(owner(), gwid, 1, '{}'), false)).status,
      ).toBe(401);
      const url = `/api/v1/reservations/nodes/${owner().nodeId}/workloads/${gwid}`;
      expect((await t.request({ method: 'DELETE', url })).status).toBe(401);
    });
    it('another node → 403, whether it names itself or the owner in the path', async () => {
      const other = nodes[3];
      expect((await put(other, other.nodeId, gwid, resultBody(other, gwid, 1, '{}'))).status).toBe(403);
      expect((await put(other, owner().nodeId, gwid, resultBody(other, gwid, 1, '{}'))).status).toBe(403);
      expect((await del(other, other.nodeId, gwid)).status).toBe(403);
      expect((await del(other, owner().nodeId, gwid)).status).toBe(403);
    });
    it('bad result signature → 400, including data_json re-serialised', async () => {
      const signedOther = resultBody(nodes[3], gwid, 1, '{"a":1}');
      expect((await put(owner(), owner().nodeId, gwid, signedOther)).status).toBe(400);
      const reformatted = resultBody(owner(), gwid, 1, '{"a": 1}').replace('{"a": 1}', '{"a":1}');
      expect((await put(owner(), owner().nodeId, gwid, reformatted)).status).toBe(400);
    });
    it('unknown gwid → 404 (PUT, DELETE, GET); malformed gwid → 400', async () => {
      const unknown = `${id + 100000}-1`;
      expect(
        (await put(owner(), owner().nodeId, unknown, resultBody(owner(), unknown, 1, '{}'))).status,
      ).toBe(404);
      expect(
        (await put(owner(), owner().nodeId, `${id}-2`, resultBody(owner(), `${id}-2`, 1, '{}'))).status,
      ).toBe(404);
      expect((await del(owner(), owner().nodeId, unknown)).status).toBe(404);
      expect(
        (await t.request({ method: 'GET', url: `/api/v1/reservations/nodes/workloads/${unknown}` })).status,
      ).toBe(404);
      expect(
        (await t.request({ method: 'GET', url: `/api/v1/reservations/nodes/workloads/abc` })).status,
      ).toBe(400);
    });
    it('malformed body → 400', async () => {
      for (const body of ['{"state":', '[]', '{"state":"ok"}', '{"data_json":{"a":}']) {
        expect((await put(owner(), owner().nodeId, gwid, body)).status).toBe(400);
      }
    });
    it('nothing was stored by the rejected requests', async () => {
      expect(await stateOf(id)).toBe(NextAction.Deploy);
      const w = (
        await t.request({ method: 'GET', url: `/api/v1/reservations/nodes/workloads/${gwid}` })
      ).json<Item>();
      expect(w.result.workload_id).toBe('');
    });
  });

  it('450 workloads by 8 concurrent customers on one node: a node following x-last-id gets each, in pages of at most 200, none repeating the previous', async () => {
    const node = pager;
    const customers = [customer];
    for (let k = 1; k < 8; k++) customers.push(await SimCustomer.join(t, [node.nodeId]));
    const created: number[] = [];
    let creating = true;
    /** Follows x-last-id from 0 with long polls (as a node on `wait` does) until it has `want`. */
    const follow = async (want: () => number[]) => {
      const pages: number[][] = [];
      const seen = new Set<number>();
      let from = 0;
      let deadline = Infinity;
      while (creating || (want().some((id) => !seen.has(id)) && Date.now() < deadline)) {
        // Once every create has answered, everything must arrive within seconds.
        if (!creating && deadline === Infinity) deadline = Date.now() + 20_000;
        const url = `/api/v1/reservations/nodes/${node.nodeId}/workloads?from=${from}&wait=5`;
        const res = await t.request({ method: 'GET', url });
        const page = res.json<Item[]>().map((i) => i.id);
        if (page.length > 0) pages.push(page);
        page.forEach((id) => seen.add(id));
        from = Number(res.headers['x-last-id']) + 1;
      }
      return { pages, seen };
    };
    const live = follow(() => created);
    await Promise.all(
      customers.map(async (c, k) => {
        for (let i = k; i < 450; i += customers.length) created.push(await c.create(node.nodeId));
      }),
    );
    creating = false;
    const { pages, seen } = await live;
    expect([...seen].sort((a, b) => a - b)).toEqual([...created].sort((a, b) => a - b));
    for (const [i, page] of pages.entries()) {
      expect(page.length).toBeLessThanOrEqual(200);
      expect(new Set(page).size).toBe(page.length);
      if (i > 0) expect(page).not.toEqual(pages[i - 1]);
    }
    // Booting from 0 afterwards: three pages, every workload exactly once.
    await ceiling.reach(Math.max(...created));
    const boot = await follow(() => created);
    expect(boot.pages.map((p) => p.length)).toEqual([200, 200, 50]);
    expect(boot.pages.flat().sort((a, b) => a - b)).toEqual([...created].sort((a, b) => a - b));
  }, 300_000);

  it('simulated nodes converge while customers create and delete', async () => {
    const sims = nodes.map(
      (n, i) => new SimulatedNode(n.keys, transport, { failureRate: i === 0 ? 0.2 : 0 }),
    );
    sims.forEach((sim, i) => expect(sim.nodeId).toBe(nodes[i].nodeId));
    const created: number[] = [];
    let stop = false;
    const run = async (sim: SimulatedNode) => {
      while (!stop) {
        await sim.pollOnce();
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    const runners = sims.map(run);
    for (let round = 0; round < 30; round++) {
      for (let k = 0; k < 3; k++)
        created.push(await customer.create(nodes[(round + k) % nodes.length].nodeId));
      if (round % 3 === 2)
        await customer.delete(created[Math.floor(created.length / 2)]).catch(() => undefined);
      if (round === 15) sims[1].reboot();
      await new Promise((r) => setTimeout(r, 10));
    }
    // Let every node settle: the database says what each should run.
    const expected = async (nodeId: string) =>
      (
        (await t.db.query(
          'SELECT id, workload_id FROM workloads WHERE node_id = $1 AND next_action = 3 ORDER BY id',
          [nodeId],
        )) as { id: string; workload_id: string }[]
      ).map((r) => `${r.id}-${r.workload_id}`);
    const deadline = Date.now() + 20000;
    let converged = false;
    while (!converged && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      const pending = Number(
        (await t.db.query('SELECT count(*) AS n FROM workloads WHERE next_action = 4'))[0].n,
      );
      converged = pending === 0;
      for (const sim of sims)
        converged &&=
          sim.caughtUp &&
          JSON.stringify([...sim.deployed].sort()) === JSON.stringify((await expected(sim.nodeId)).sort());
    }
    stop = true;
    await Promise.all(runners);
    // The runners' last polls may have seen the committed ceiling move on (the last results' queue
    // positions): once it has passed every id taken, two more polls of each node answer one cursor.
    const [{ last_value: lastTaken }] = (await t.db.query('SELECT last_value FROM reservation_id_seq')) as {
      last_value: string;
    }[];
    await ceiling.reach(Number(lastTaken));
    for (const sim of sims) {
      await sim.pollOnce();
      await sim.pollOnce();
      expect([...sim.deployed].sort()).toEqual((await expected(sim.nodeId)).sort());
      expect(sim.caughtUp).toBe(true);
    }
    // Every running workload reported ok and is counted once; nothing removed is counted.
    const simNodes = nodes.map((n) => n.nodeId);
    const ids = async (where: string) =>
      (
        (await t.db.query(
          `SELECT id FROM workloads WHERE node_id = ANY($1) AND next_action = 3 ${where} ORDER BY id`,
          [simNodes],
        )) as { id: string }[]
      ).map((r) => Number(r.id));
    const running = await ids('');
    expect(await ids(`AND result_state = 1`)).toEqual(running);
    // The pagination test's workloads (another node, never answered) are not counted.
    expect(await activeIds()).toEqual(running);
    const deletedWithoutConfirmation = Number(
      (await t.db.query(`SELECT count(*) AS n FROM workloads WHERE next_action = 6 AND result_state <> 2`))[0]
        .n,
    );
    expect(deletedWithoutConfirmation).toBe(0);
  }, 120_000);
});
