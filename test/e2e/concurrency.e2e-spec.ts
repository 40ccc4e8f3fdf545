import { volume, WorkloadBase } from '@app/client';
import { signResult } from '@app/crypto';
import { NextAction } from '@app/domain';
import { startTestApp, TestApp, TestResponse } from '../setup/app';
import { TestNode } from '../fixtures/identities';
import { Customer, getWorkload, newCustomer, newFarm, newPool, postWorkload } from '../fixtures/workloads';

/**
 * Bursts far above the connection pool (2): every request answers, and state, history, work queue and
 * pool usage end exactly where the serial order would have put them.
 */
jest.setTimeout(180_000);

describe('bursts above the connection pool (DATABASE_POOL_SIZE=2)', () => {
  let t: TestApp;
  let customer: Customer;
  let farmer: Customer;
  let signers: Customer[];
  let node: TestNode;
  let farmId: number;
  let poolId: number;
  let seq = 0;

  beforeAll(async () => {
    t = await startTestApp({ DATABASE_POOL_SIZE: '2', RUN_BACKGROUND_JOBS: 'false' });
    customer = await newCustomer(t);
    farmer = await newCustomer(t);
    signers = [];
    for (let i = 0; i < 100; i++) signers.push(await newCustomer(t));
    const farm = await newFarm(t, farmer);
    farmId = farm.farmId;
    node = farm.node;
    poolId = await newPool(t, customer, [node.nodeId]);
  }, 120_000);
  afterAll(() => t.close());

  const base = (extra: Partial<WorkloadBase> = {}): WorkloadBase => ({
    node_id: node.nodeId,
    pool_id: poolId,
    customer_tid: customer.user.id,
    description: `burst ${++seq}`,
    ...extra,
  });
  const tids = (cs: Customer[]) => cs.map((c) => c.user.id);
  const create = async (extra: Partial<WorkloadBase> = {}): Promise<number> => {
    const res = await postWorkload(t, customer, volume(base(extra), 1));
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
    return res.json<{ reservation_id: number }>().reservation_id;
  };
  const sign = (id: number, kind: string, body: unknown) =>
    t.request({ method: 'POST', url: `/api/v1/reservations/workloads/${id}/sign/${kind}`, body });
  const putResult = (id: number, state: 0 | 1) => {
    const gwid = `${id}-1`;
    const signature = signResult({ state, message: '', data_json: null }, node.keys.secretKey);
    const url = `/api/v1/reservations/nodes/${node.nodeId}/workloads/${gwid}`;
    return t.request({
      method: 'PUT',
      url,
      body: `{"category":2,"workload_id":"${gwid}","data_json":null,"signature":"${signature}","state":${state},"message":"","epoch":1,"node_id":"x"}`,
      headers: node.sign('PUT', url),
    });
  };
  const statuses = (responses: TestResponse[]) => {
    const counts: Record<number, number> = {};
    for (const r of responses) counts[r.status] = (counts[r.status] ?? 0) + 1;
    return counts;
  };
  const history = async (id: number) =>
    (await t.db.query(
      'SELECT from_action, to_action, cause FROM workload_history WHERE workload_id = $1 ORDER BY id',
      [id],
    )) as { from_action: number | null; to_action: number; cause: string }[];
  const queued = async (ids: number[]) =>
    (
      (await t.db.query('SELECT id FROM work_queue WHERE id = ANY($1) ORDER BY id', [ids])) as {
        id: string;
      }[]
    ).map((r) => Number(r.id));
  /** The pool's rates and the workloads it is charging. */
  const pool = async () => {
    const [row] = await t.db.query('SELECT active_cu, active_su FROM pools WHERE id = $1', [poolId]);
    const members: { workload_id: string }[] = await t.db.query(
      'SELECT workload_id FROM pool_workloads WHERE pool_id = $1 ORDER BY workload_id',
      [poolId],
    );
    return { ...row, active_workload_ids: members.map((m) => Number(m.workload_id)) };
  };
  /** `n` creates at once (a burst of its own). */
  const createMany = (n: number, extra: Partial<WorkloadBase> = {}): Promise<number[]> =>
    Promise.all(Array.from({ length: n }, () => create(extra))).then((ids) => ids.sort((a, b) => a - b));

  describe.each([50, 100])('%i concurrent requests', (n) => {
    it('provision quorum on one workload', async () => {
      const group = signers.slice(0, n);
      const id = await create({ signing_request_provision: { signers: tids(group), quorum_min: n } });
      const stored = await getWorkload(t, id);
      expect(stored.next_action).toBe(NextAction.Sign);
      const responses = await Promise.all(group.map((c) => sign(id, 'provision', c.id.provision(stored))));
      expect(statuses(responses)).toEqual({ 201: n });
      const after = await getWorkload(t, id);
      expect(after.next_action).toBe(NextAction.Deploy);
      expect((after.signatures_provision ?? []).map((s) => s.tid).sort((a, b) => a - b)).toEqual(
        tids(group).sort((a, b) => a - b),
      );
      expect(await history(id)).toEqual([
        { from_action: null, to_action: NextAction.Sign, cause: 'created' },
        { from_action: NextAction.Sign, to_action: NextAction.Deploy, cause: 'provision_signed' },
      ]);
      expect(await queued([id])).toEqual([id]);
    });

    it('delete quorum on one running workload', async () => {
      const group = signers.slice(0, n);
      const id = await create({ signing_request_delete: { signers: tids(group), quorum_min: n } });
      expect((await putResult(id, 1)).status).toBe(201);
      const stored = await getWorkload(t, id);
      const responses = await Promise.all(group.map((c) => sign(id, 'delete', c.id.delete(stored))));
      expect(statuses(responses)).toEqual({ 201: n });
      const after = await getWorkload(t, id);
      expect(after.next_action).toBe(NextAction.Delete);
      expect(after.signatures_delete).toHaveLength(n);
      expect((await history(id)).map((h) => h.cause)).toEqual(['created', 'delete_signed']);
      expect(await queued([id])).toEqual([id]);
      // Still running until the node confirms: still counted.
      expect((await pool()).active_workload_ids).toContain(id);
    });

    it('one signature each on many workloads', async () => {
      const ids = await createMany(n, {
        signing_request_provision: { signers: [customer.user.id], quorum_min: 1 },
      });
      const stored = await Promise.all(ids.map((id) => getWorkload(t, id)));
      const responses = await Promise.all(
        stored.map((w) => sign(w.id, 'provision', customer.id.provision(w))),
      );
      expect(statuses(responses)).toEqual({ 201: n });
      const states = await t.db.query('SELECT DISTINCT next_action FROM workloads WHERE id = ANY($1)', [ids]);
      expect(states).toEqual([{ next_action: NextAction.Deploy }]);
      const [{ entries }] = await t.db.query(
        `SELECT count(*)::int AS entries FROM workload_history WHERE workload_id = ANY($1) AND cause = 'provision_signed'`,
        [ids],
      );
      expect(entries).toBe(n);
      expect(await queued(ids)).toEqual(ids);
    });

    it('ok results (one workload over and over, and many), then error and late ok results', async () => {
      const before = await pool();
      const one = await create();
      const many = await createMany(n);
      const added = [one, ...many].sort((a, b) => a - b);
      const okBurst = await Promise.all([
        ...Array.from({ length: n }, () => putResult(one, 1)),
        ...many.map((id) => putResult(id, 1)),
      ]);
      expect(statuses(okBurst)).toEqual({ 201: 2 * n });
      const counted = await pool();
      expect([...counted.active_workload_ids].sort((a: number, b: number) => a - b)).toEqual(
        [...before.active_workload_ids, ...added].sort((a, b) => a - b),
      );
      const [{ su }] = await t.db.query('SELECT sum(su) AS su FROM workloads WHERE id = ANY($1)', [added]);
      expect(su).toBeGreaterThan(0);
      // Float sums depend on the order of additions: equal up to rounding.
      expect(counted.active_su).toBeCloseTo(before.active_su + su, 9);
      expect(await queued(added)).toEqual([]);
      expect(
        await t.db.query('SELECT DISTINCT next_action FROM workloads WHERE id = ANY($1)', [added]),
      ).toEqual([{ next_action: NextAction.Deploy }]);
      for (const id of [one, many[0]]) expect((await history(id)).map((h) => h.cause)).toEqual(['created']);

      // Each workload gets an error and a late ok at once: whichever lands first, the error wins.
      const failed = many.slice(0, 25);
      const mixed = await Promise.all(failed.flatMap((id) => [putResult(id, 0), putResult(id, 1)]));
      expect(statuses(mixed)).toEqual({ 201: 50 });
      const released = await pool();
      expect([...released.active_workload_ids].sort((a: number, b: number) => a - b)).toEqual(
        [...before.active_workload_ids, ...added.filter((id) => !failed.includes(id))].sort((a, b) => a - b),
      );
      expect(await queued(many)).toEqual(failed);
      const results = await t.db.query(
        `SELECT DISTINCT next_action, result_state AS result FROM workloads WHERE id = ANY($1)`,
        [failed],
      );
      expect(results).toEqual([{ next_action: NextAction.Delete, result: 0 }]);
    });
  });

  describe('farmer signatures', () => {
    const requireFarmer = async (on: boolean) => {
      const url = `/api/v1/farms/${farmId}`;
      const res = await t.request({
        method: 'PUT',
        url,
        body: { require_farmer_signature: on },
        headers: farmer.user.sign('PUT', url),
      });
      expect(res.status).toBe(200);
    };
    beforeAll(() => requireFarmer(true));
    afterAll(() => requireFarmer(false));

    it('50 concurrent farmer signatures on one workload: one lands, the others are told it already signed', async () => {
      const id = await create();
      const stored = await getWorkload(t, id);
      const responses = await Promise.all(
        Array.from({ length: 50 }, () => sign(id, 'farmer', farmer.id.farmer(stored))),
      );
      expect(statuses(responses)).toEqual({ 201: 1, 400: 49 });
      expect(new Set(responses.filter((r) => r.status === 400).map((r) => r.text))).toEqual(
        new Set(['{"error":"farmer has already signed the workload"}']),
      );
      expect((await getWorkload(t, id)).next_action).toBe(NextAction.Deploy);
      expect((await history(id)).map((h) => h.cause)).toEqual(['created', 'farmer_signed']);
    });

    it('100 concurrent farmer signatures across many workloads', async () => {
      const ids = await createMany(100);
      const stored = await Promise.all(ids.map((id) => getWorkload(t, id)));
      const responses = await Promise.all(stored.map((w) => sign(w.id, 'farmer', farmer.id.farmer(w))));
      expect(statuses(responses)).toEqual({ 201: 100 });
      const states = await t.db.query('SELECT DISTINCT next_action FROM workloads WHERE id = ANY($1)', [ids]);
      expect(states).toEqual([{ next_action: NextAction.Deploy }]);
      expect(await queued(ids)).toEqual(ids);
    });
  });
});
