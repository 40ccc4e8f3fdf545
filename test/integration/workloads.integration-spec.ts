import { volume } from '@app/client';
import { WorkloadsRepository } from '@app/persistence';
import { startTestApp, TestApp } from '../setup/app';
import { Customer, getWorkload, newCustomer, newFarm, newPool, postWorkload } from '../fixtures/workloads';

/** decisions.md §2.1: transitions are serialised by the row lock, whatever the concurrency. */
describe('workload transitions under concurrency (real PostgreSQL)', () => {
  let t: TestApp;
  let signers: Customer[];
  let nodeId: string;
  let poolId: number;
  beforeAll(async () => {
    t = await startTestApp();
    signers = [await newCustomer(t), await newCustomer(t), await newCustomer(t)];
    nodeId = (await newFarm(t, await newCustomer(t))).node.nodeId;
    poolId = await newPool(t, signers[0], [nodeId]);
  });
  afterAll(() => t.close());

  it.each([1, 2, 3, 4, 5])(
    'round %i: three delete signers at once, quorum 2 → one transition, one queue entry',
    async (round) => {
      const owner = signers[0];
      const w = volume(
        {
          node_id: nodeId,
          pool_id: poolId,
          customer_tid: owner.user.id,
          description: `concurrent ${round}`,
          signing_request_delete: { signers: signers.map((s) => s.user.id), quorum_min: 2 },
        },
        1,
      );
      const created = await postWorkload(t, owner, w);
      expect(created.status).toBe(201);
      const id = created.json<{ reservation_id: number }>().reservation_id;
      const stored = await getWorkload(t, id);
      // Drop the create's queue entry so the count below is the delete's alone.
      await t.db.query('DELETE FROM work_queue WHERE id = $1', [id]);

      const responses = await Promise.all(
        signers.map((s) =>
          t.request({
            method: 'POST',
            url: `/api/v1/reservations/workloads/${id}/sign/delete`,
            body: s.id.delete(stored),
          }),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual([201, 201, 201]);

      const after = await getWorkload(t, id);
      expect(after.next_action).toBe(4);
      expect(after.signatures_delete).toHaveLength(3);
      const transitions: { n: string }[] = await t.db.query(
        `SELECT count(*) AS n FROM workload_history WHERE workload_id = $1 AND to_action = 4`,
        [id],
      );
      expect(Number(transitions[0].n)).toBe(1);
      const queue: { n: string }[] = await t.db.query('SELECT count(*) AS n FROM work_queue WHERE id = $1', [
        id,
      ]);
      expect(Number(queue[0].n)).toBe(1);
    },
  );

  it('the row lock maps a row exactly as the ORM does (it bypasses the ORM)', async () => {
    const owner = signers[0];
    const w = volume(
      { node_id: nodeId, pool_id: poolId, customer_tid: owner.user.id, description: 'mapped' },
      1,
    );
    const id = (await postWorkload(t, owner, w)).json<{ reservation_id: number }>().reservation_id;
    const repository = t.app.get(WorkloadsRepository);
    const viaOrm = await repository.findById(id);
    const locked = await t.db.transaction((em) => repository.lockById(em, id));
    expect(locked).toStrictEqual(viaOrm);
    expect(locked!.farmId).toEqual(expect.any(Number));
    expect(await t.db.transaction((em) => repository.lockById(em, id + 1000))).toBeNull();
  });
});
