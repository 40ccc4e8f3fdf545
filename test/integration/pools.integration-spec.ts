import { Client } from 'pg';
import { MAX_EMPTY_AT, NextAction, Pool } from '@app/domain';
import { WorkloadsRepository } from '@app/persistence';
import { PoolsService } from '../../apps/explorer/src/pools/pools.service';
import { PoolLedger } from '../../apps/explorer/src/workload-state';
import { ManualClock } from '../fixtures/clock';
import { startTestApp, TestApp } from '../setup/app';
import { createUser, makeNode, TestUser } from '../fixtures/identities';
import {
  capacityReservation,
  historyOf,
  insertNode,
  insertWorkload,
  queuedFor,
  workloadState,
} from '../fixtures/pools';

const T = 1_700_000_000;

describe('capacity pools (integration)', () => {
  let t: TestApp;
  let pools: PoolsService;
  let ledger: PoolLedger;
  const clock = new ManualClock(T);
  let alice: TestUser;
  const nodeA = makeNode().nodeId;
  const nodeB = makeNode().nodeId;

  beforeAll(async () => {
    t = await startTestApp({ RUN_BACKGROUND_JOBS: 'false' }, { clock });
    pools = t.app.get(PoolsService);
    ledger = t.app.get(PoolLedger);
    alice = await createUser(t);
    await insertNode(t.db, nodeA, 1);
    await insertNode(t.db, nodeB, 1);
  });
  afterAll(() => t.close());

  const reserve = (data: Parameters<typeof capacityReservation>[1], now = T, user = alice) => {
    clock.set(now);
    return pools.reserve(JSON.stringify(capacityReservation(user, data)));
  };
  const getAt = (id: number, now: number) => {
    clock.set(now);
    return pools.get(id);
  };
  const inTx = <R>(run: (em: import('typeorm').EntityManager) => Promise<R>) => t.db.transaction(run);
  const stored = (id: number) => inTx((em) => ledger.lock(em, id));
  /** The workloads the pool is charging (its active_workload_ids). */
  const members = async (id: number) =>
    (
      (await t.db.query('SELECT workload_id FROM pool_workloads WHERE pool_id = $1 ORDER BY workload_id', [
        id,
      ])) as {
        workload_id: string;
      }[]
    ).map((r) => Number(r.workload_id));

  it('creates a pool whose id is the reservation id, credited at once', async () => {
    const created = await reserve({ node_ids: [nodeA], cus: 86400, sus: 172800 });
    expect(created).toEqual({
      reservation_id: expect.any(Number),
      escrow_information: { address: '', asset: '', amount: 0 },
    });
    const pool = await stored(created.reservation_id);
    expect(pool).toEqual<Pool>({
      id: created.reservation_id,
      cus: 86400,
      sus: 172800,
      nodeIds: [nodeA],
      lastUpdated: T,
      activeCu: 0,
      activeSu: 0,
      emptyAt: MAX_EMPTY_AT,
      customerTid: alice.id,
    });
    expect(await members(created.reservation_id)).toEqual([]);
    const [reservation] = await t.db.query(
      'SELECT pool_id, cus, sus, node_ids, customer_tid FROM capacity_reservations WHERE id = $1',
      [created.reservation_id],
    );
    expect(reservation).toEqual({
      pool_id: String(created.reservation_id),
      cus: '86400',
      sus: '172800',
      node_ids: [nodeA],
      customer_tid: String(alice.id),
    });
  });

  it('accounts usage against hand-computed figures', async () => {
    const { reservation_id: id } = await reserve({ node_ids: [nodeA], cus: 86400, sus: 172800 });
    // T+100: w1 draws cu 1, su 0.5 → empty_at = T+100 + min(86400/1, 172800/0.5) = T+86500.
    let pool = await inTx((em) => ledger.addUsage(em, id, 101, { cu: 1, su: 0.5 }, T + 100));
    expect(pool).toMatchObject({
      cus: 86400,
      sus: 172800,
      lastUpdated: T + 100,
      activeCu: 1,
      activeSu: 0.5,
      emptyAt: BigInt(T + 86500),
    });
    // T+400: 300 s drained (cu 300, su 150); w2 adds cu 0.5 → min(86100/1.5, 172650/0.5) = 57400.
    pool = await inTx((em) => ledger.addUsage(em, id, 102, { cu: 0.5, su: 0 }, T + 400));
    expect(pool).toMatchObject({
      cus: 86100,
      sus: 172650,
      activeCu: 1.5,
      activeSu: 0.5,
      emptyAt: BigInt(T + 400 + 57400),
    });
    expect(await members(id)).toEqual([101, 102]);
    // Same workload again: nothing changes, not even the sync.
    pool = await inTx((em) => ledger.addUsage(em, id, 102, { cu: 0.5, su: 0 }, T + 500));
    expect(pool).toMatchObject({ cus: 86100, lastUpdated: T + 400, activeCu: 1.5 });
    // Free workloads (cu −0.25) join the list without draining.
    pool = await inTx((em) => ledger.addUsage(em, id, 103, { cu: -0.25, su: 0 }, T + 400));
    expect(pool).toMatchObject({ activeCu: 1.5, activeSu: 0.5 });
    expect(await members(id)).toEqual([101, 102, 103]);
    // T+1000: drained cu 900, su 300; w1 leaves → 85200 / 0.5 = 170400.
    pool = await inTx((em) => ledger.removeUsage(em, id, 101, { cu: 1, su: 0.5 }, T + 1000));
    expect(pool).toMatchObject({
      cus: 85200,
      sus: 172350,
      activeCu: 0.5,
      activeSu: 0,
      emptyAt: BigInt(T + 1000 + 170400),
    });
    expect(await members(id)).toEqual([102, 103]);
    pool = await inTx((em) => ledger.removeUsage(em, id, 101, { cu: 1, su: 0.5 }, T + 1100));
    expect(pool.lastUpdated).toBe(T + 1000);
    // T+2000: top-up of 1000 CU-s after draining 500 → 85700, empty_at T+2000 + 171400.
    await reserve({ pool_id: id, node_ids: [nodeA], cus: 1000, sus: 0 }, T + 2000);
    expect(await stored(id)).toMatchObject({
      cus: 85700,
      sus: 172350,
      lastUpdated: T + 2000,
      emptyAt: BigInt(T + 2000 + 171400),
    });
    // Reads sync in memory only: at T+3000, 500 more CU-s are gone in the answer, not in the row.
    expect(JSON.parse(await getAt(id, T + 3000))).toMatchObject({
      cus: 85200,
      last_updated: T + 3000,
      empty_at: T + 2000 + 171400,
    });
    expect((await stored(id)).lastUpdated).toBe(T + 2000);
  });

  it('prints an idle pool empty_at as the exact max int64', async () => {
    const { reservation_id: id } = await reserve({ node_ids: [nodeA], cus: 10, sus: 0 });
    expect(await getAt(id, T)).toContain('"empty_at":9223372036854775807,');
  });

  it('checks owner, node membership and the 120-second rule', async () => {
    const { reservation_id: id } = await reserve({ node_ids: [nodeA], cus: 121, sus: 0 });
    const pool = await stored(id);
    // As a create reads it: the pool's account and whether it lists the node, in one statement.
    const hosting = async (tid: number, nodeId: string) => {
      const context = await t.app.get(WorkloadsRepository).createContext(id, nodeId);
      return ledger.hostingPool(context.pool, context.poolHostsNode, tid);
    };
    await expect(hosting(alice.id, nodeA)).resolves.toMatchObject({ id, customerTid: alice.id });
    await expect(hosting(alice.id + 1000, nodeA)).rejects.toThrow(
      'not allowed to deploy workload on this pool',
    );
    await expect(hosting(alice.id, nodeB)).rejects.toThrow('not allowed to deploy workload on this pool');
    await expect(t.app.get(WorkloadsRepository).createContext(999_999, nodeA)).resolves.toMatchObject({
      pool: null,
      poolHostsNode: false,
    });
    // 121 CU-s at 1 CU: empty at T+121, and T+120 < T+121.
    expect(ledger.canPay(pool, { cu: 1, su: 0 }, T)).toBe(true);
    expect(ledger.canPay({ ...pool, cus: 120 }, { cu: 1, su: 0 }, T)).toBe(false);
    expect(ledger.canPay(pool, { cu: 0, su: 0.001 }, T)).toBe(false);
    await expect(inTx((em) => ledger.lock(em, 999_999))).rejects.toThrow('pool does not exist');
  });

  it('loses no update under 20 parallel top-ups and parallel usage changes on one pool', async () => {
    const { reservation_id: id } = await reserve({ node_ids: [nodeA], cus: 1000, sus: 1000 });
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) =>
        reserve({ pool_id: id, node_ids: [nodeA], cus: 10 + i, sus: 1 }),
      ),
      ...Array.from({ length: 20 }, (_, i) =>
        inTx((em) => ledger.addUsage(em, id, 5000 + i, { cu: 0.25, su: 0.125 }, T)),
      ),
    ]);
    const pool = await stored(id);
    // Σ(10..29) = 390; every write happened at T, so nothing drained.
    expect(pool.cus).toBe(1000 + 390);
    expect(pool.sus).toBe(1000 + 20);
    expect(pool.activeCu).toBe(5);
    expect(pool.activeSu).toBe(2.5);
    expect(await members(id)).toEqual(Array.from({ length: 20 }, (_, i) => 5000 + i));
    const [{ n }] = await t.db.query('SELECT count(*) AS n FROM capacity_reservations WHERE pool_id = $1', [
      id,
    ]);
    expect(Number(n)).toBe(21);
  });

  describe('top-up releases workloads waiting in pay', () => {
    it('moves those that now fit to deploy, with history, queue, notification and usage', async () => {
      const node = makeNode().nodeId;
      await insertNode(t.db, node, 1);
      const { reservation_id: id } = await reserve({ node_ids: [node], cus: 10, sus: 0 });
      const first = await insertWorkload(t.db, {
        poolId: id,
        nodeId: node,
        customerTid: alice.id,
        nextAction: NextAction.Pay,
        cu: 1,
        su: 0,
      });
      const second = await insertWorkload(t.db, {
        poolId: id,
        nodeId: node,
        customerTid: alice.id,
        nextAction: NextAction.Pay,
        cu: 1,
        su: 0,
      });
      const deployed = await insertWorkload(t.db, {
        poolId: id,
        nodeId: node,
        customerTid: alice.id,
        nextAction: NextAction.Deploy,
        cu: 1,
        su: 0,
      });

      const listener = new Client({ connectionString: t.database.url });
      await listener.connect();
      const notified: string[] = [];
      listener.on('notification', (m) => notified.push(m.payload ?? ''));
      await listener.query('LISTEN node_work');
      try {
        // 200 CU-s: the first workload alone lasts 200 s (> 120); with both it would last 100 s.
        await reserve({ pool_id: id, node_ids: [node], cus: 190, sus: 0 }, T + 5);
        await new Promise((r) => setTimeout(r, 100));
      } finally {
        await listener.end();
      }

      const moved = await workloadState(t.db, first);
      expect(moved.nextAction).toBe(NextAction.Deploy);
      expect(moved.wire).toContain('"next_action":3,"signatures_provision":null');
      expect(moved.wire).toContain('"metadata":"{\\"next_action\\":9}"');
      expect(await historyOf(t.db, first)).toEqual([
        { from_action: 2, to_action: 3, cause: 'pool_topped_up', actor: 'system', at: String(T + 5) },
      ]);
      expect((await workloadState(t.db, second)).nextAction).toBe(NextAction.Pay);
      expect(await historyOf(t.db, second)).toEqual([]);
      expect(await queuedFor(t.db, node)).toEqual([first]);
      expect(notified).toEqual([node]);
      // Released, not charged yet: a pool counts a workload from the node's `ok` on.
      expect(await stored(id)).toMatchObject({
        cus: 200,
        activeCu: 0,
        emptyAt: MAX_EMPTY_AT,
      });
      expect(await members(id)).toEqual([]);
      expect((await workloadState(t.db, deployed)).nextAction).toBe(NextAction.Deploy);
    });
  });
});
