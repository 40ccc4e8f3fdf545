import 'reflect-metadata';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { createApp } from '../../apps/explorer/src/app.factory';
import { loadConfig } from '../../apps/explorer/src/config/config';
import { PoolLedger } from '../../apps/explorer/src/workload-state';
import { seed } from './creates';
import { startBenchDatabase } from './harness';

export interface PoolBenchResult {
  small: number;
  large: number;
  /** Charge + release transactions per second on a pool with `small` charged workloads. */
  smallPerSecond: number;
  largePerSecond: number;
  /** large / small: 1 when a pool's cost does not grow with its workloads. */
  ratio: number;
}

const UNITS = { cu: 0.25, su: 0.01 };

/**
 * The per-result cost of a pool: what a node's `ok` and the later deletion confirmation do to it
 * (PoolLedger.addUsage / removeUsage, each in its own transaction holding the pool's lock), on a pool
 * already charging `small` workloads and on one charging `large`. Alternating rounds, best of each.
 */
export async function benchPool(opts: {
  small: number;
  large: number;
  seconds: number;
  rounds: number;
}): Promise<PoolBenchResult> {
  const database = await startBenchDatabase('pool');
  const config = loadConfig({ LOG_LEVEL: 'silent', RUN_BACKGROUND_JOBS: 'false' });
  const app = await createApp(config, database.url, { logger: false });
  try {
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const db = app.get<DataSource>(getDataSourceToken());
    const ledger = app.get(PoolLedger);
    const pools = [(await seed(base)).poolId, (await seed(base)).poolId];
    const sizes = [opts.small, opts.large];
    const now = Math.floor(Date.now() / 1000);
    // Charged workloads seeded in one statement, into whichever shape the schema has (the bench also
    // runs against builds whose pool row still holds the array of workload ids).
    const membersTable = (await db.query(`SELECT to_regclass('pool_workloads') IS NOT NULL AS yes`))[0].yes;
    for (const [i, poolId] of pools.entries()) {
      const ids = `SELECT ${10_000_000 * (i + 1)} + g FROM generate_series(1, ${sizes[i]}) g`;
      if (membersTable)
        await db.query(`INSERT INTO pool_workloads (pool_id, workload_id) SELECT $1, w FROM (${ids}) x(w)`, [
          poolId,
        ]);
      else await db.query(`UPDATE pools SET active_workload_ids = ARRAY(${ids}) WHERE id = $1`, [poolId]);
    }
    await db.query('VACUUM ANALYZE');
    let next = 1;
    const run = async (poolId: number) => {
      const deadline = Date.now() + opts.seconds * 1000;
      let done = 0;
      while (Date.now() < deadline) {
        const workloadId = next++;
        await db.transaction((em) => ledger.addUsage(em, poolId, workloadId, UNITS, now));
        await db.transaction((em) => ledger.removeUsage(em, poolId, workloadId, UNITS, now));
        done++;
      }
      return done / opts.seconds;
    };
    let smallPerSecond = 0;
    let largePerSecond = 0;
    for (let round = 0; round < opts.rounds; round++) {
      smallPerSecond = Math.max(smallPerSecond, await run(pools[0]));
      largePerSecond = Math.max(largePerSecond, await run(pools[1]));
    }
    return {
      small: opts.small,
      large: opts.large,
      smallPerSecond: Math.round(smallPerSecond),
      largePerSecond: Math.round(largePerSecond),
      ratio: Number((largePerSecond / smallPerSecond).toFixed(3)),
    };
  } finally {
    await app.close();
    await database.drop();
  }
}
