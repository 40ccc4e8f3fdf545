import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { NextAction } from '@app/domain';
import { POOL_SWEEP_LOCK_KEY } from '@app/persistence';
import { createApp } from '../../apps/explorer/src/app.factory';
import { loadConfig } from '../../apps/explorer/src/config/config';
import { PoolSweeper } from '../../apps/explorer/src/pools/pool-sweeper';
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

describe('pool expiry sweeper (integration)', () => {
  let t: TestApp;
  let second: NestFastifyApplication;
  let alice: TestUser;
  // Both processes run on one clock.
  const clock = new ManualClock(T);
  const sweepAt = (sweeper: PoolSweeper, now: number) => {
    clock.set(now);
    return sweeper.sweepOnce();
  };

  beforeAll(async () => {
    t = await startTestApp({ RUN_BACKGROUND_JOBS: 'false' }, { clock });
    // A second explorer process on the same database.
    second = await createApp(
      loadConfig({ LOG_LEVEL: 'silent', RUN_BACKGROUND_JOBS: 'false' }),
      t.database.url,
      { logger: false, clock },
    );
    alice = await createUser(t);
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  /** A pool of 1000 CU-s and 10^6 SU-s with three running workloads (charged from T) and one in pay. */
  async function drainingPool() {
    const node = makeNode().nodeId;
    await insertNode(t.db, node, 7);
    const pools = t.app.get(PoolsService);
    const body = capacityReservation(alice, { node_ids: [node], cus: 1000, sus: 1_000_000 });
    clock.set(T);
    const { reservation_id: poolId } = await pools.reserve(JSON.stringify(body));
    const spec = { poolId, nodeId: node, customerTid: alice.id };
    const cpu = await insertWorkload(t.db, { ...spec, nextAction: NextAction.Deploy, cu: 1, su: 0 });
    const disk = await insertWorkload(t.db, { ...spec, nextAction: NextAction.Deploy, cu: 0, su: 0.1 });
    const free = await insertWorkload(t.db, { ...spec, nextAction: NextAction.Deploy, cu: -0.25, su: 0 });
    const waiting = await insertWorkload(t.db, { ...spec, nextAction: NextAction.Pay, cu: 1, su: 0 });
    await t.db.transaction(async (em) => {
      for (const w of [
        { id: cpu, units: { cu: 1, su: 0 } },
        { id: disk, units: { cu: 0, su: 0.1 } },
        { id: free, units: { cu: -0.25, su: 0 } },
      ]) {
        await t.app.get(PoolLedger).addUsage(em, poolId, w.id, w.units, T);
      }
    });
    return { node, poolId, cpu, disk, free, waiting };
  }

  it('does nothing before empty_at', async () => {
    const { cpu, poolId } = await drainingPool();
    const [{ empty_at }] = await t.db.query('SELECT empty_at FROM pools WHERE id = $1', [poolId]);
    expect(empty_at).toBe(String(T + 1000));
    await sweepAt(t.app.get(PoolSweeper), T + 999);
    expect((await workloadState(t.db, cpu)).nextAction).toBe(NextAction.Deploy);
  });

  it('runs once across two processes and deletes only workloads drawing the exhausted unit', async () => {
    const { node, cpu, disk, free, waiting, poolId } = await drainingPool();
    const sweepers = [t.app.get(PoolSweeper), second.get(PoolSweeper)];
    const outcomes = await Promise.all([...sweepers, ...sweepers].map((s) => sweepAt(s, T + 1001)));
    // The pool of the previous test is dry by now too: its CPU workload goes as well, once.
    const [{ n }] = await t.db.query(
      `SELECT count(*) AS n FROM workload_history WHERE cause = 'pool_exhausted'`,
    );
    expect(outcomes.reduce((sum, o) => sum + o.deleted, 0)).toBe(2);
    expect(Number(n)).toBe(2);

    const deleted = await workloadState(t.db, cpu);
    expect(deleted.nextAction).toBe(NextAction.Delete);
    expect(deleted.wire).toContain('"next_action":4,"signatures_provision":null');
    expect(await historyOf(t.db, cpu)).toEqual([
      { from_action: 3, to_action: 4, cause: 'pool_exhausted', actor: 'system', at: String(T + 1001) },
    ]);
    expect(await queuedFor(t.db, node)).toEqual([cpu]);
    for (const spared of [disk, free]) {
      expect((await workloadState(t.db, spared)).nextAction).toBe(NextAction.Deploy);
      expect(await historyOf(t.db, spared)).toEqual([]);
    }
    expect((await workloadState(t.db, waiting)).nextAction).toBe(NextAction.Pay);
    // The pool row was synced under its lock: no CU left, SU drained by 1001 × 0.1.
    const [pool] = await t.db.query('SELECT cus, sus, last_updated FROM pools WHERE id = $1', [poolId]);
    expect(pool).toEqual({ cus: 0, sus: 1_000_000 - 100.1, last_updated: String(T + 1001) });

    // Later sweeps find nothing more to do.
    expect(await Promise.all(sweepers.map((s) => sweepAt(s, T + 2000)))).toEqual([
      expect.objectContaining({ deleted: 0 }),
      expect.objectContaining({ deleted: 0 }),
    ]);
    expect(await historyOf(t.db, cpu)).toHaveLength(1);
  });

  it('skips the sweep while another process holds the sweep lock', async () => {
    const { cpu } = await drainingPool();
    const holder = t.db.createQueryRunner();
    await holder.startTransaction();
    try {
      await holder.query('SELECT pg_advisory_xact_lock($1)', [POOL_SWEEP_LOCK_KEY]);
      expect(await sweepAt(second.get(PoolSweeper), T + 5000)).toEqual({
        locked: false,
        deleted: 0,
        expired: 0,
      });
      expect((await workloadState(t.db, cpu)).nextAction).toBe(NextAction.Deploy);
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    expect(await sweepAt(second.get(PoolSweeper), T + 5000)).toEqual({
      locked: true,
      deleted: 1,
      expired: 0,
    });
  });

  it('a process with background jobs sweeps dry pools by itself at start and stops cleanly', async () => {
    const { cpu } = await drainingPool(); // empty since T + 1000, long ago in real time
    const worker = await createApp(loadConfig({ LOG_LEVEL: 'silent' }), t.database.url, { logger: false });
    try {
      const deadline = Date.now() + 10_000;
      while ((await workloadState(t.db, cpu)).nextAction !== NextAction.Delete && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect((await workloadState(t.db, cpu)).nextAction).toBe(NextAction.Delete);
      expect(await historyOf(t.db, cpu)).toHaveLength(1);
    } finally {
      await worker.close();
    }
  });
});
