import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { NextAction, syncPool } from '@app/domain';
import { PoolsRepository } from '@app/persistence';
import { Clock } from '../clock/clock';
import { AppConfig } from '../config/config';
import { PoolLedger, WorkloadStateService } from '../workload-state';

/** Safety net: pools changed by another explorer process are looked at within this delay. */
export const SWEEP_INTERVAL_MS = 30_000;

export interface SweepOutcome {
  /** False when another process held the sweep lock (it does the work). */
  locked: boolean;
  /** Workloads moved from `deploy` to `delete`. */
  deleted: number;
  /** Items the registered jobs moved (e.g. expired reservations). */
  expired: number;
}

/** Another expiry run in every sweep, in its transaction and under its lock; returns how many items it moved. */
export type SweepJob = (em: EntityManager, now: number) => Promise<number>;

/**
 * The expiry sweeper (workloads.md §9.2, decisions.md §2.11): wakes just after the earliest `empty_at`
 * (and every 30 s), and in exactly one process at a time (advisory lock) deletes the `deploy` workloads of
 * dry pools that draw an exhausted unit. Others (e.g. free workloads) are spared.
 */
@Injectable()
export class PoolSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PoolSweeper.name);
  private timer: NodeJS.Timeout | null = null;
  private wakeAtMs = Infinity;
  private running: Promise<void> | null = null;
  private stopped = false;
  private readonly jobs: SweepJob[] = [];

  constructor(
    private readonly config: AppConfig,
    private readonly pools: PoolsRepository,
    private readonly state: WorkloadStateService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly db: DataSource,
    ledger: PoolLedger,
  ) {
    ledger.onEmptyAtChanged((emptyAt) => this.wakeBy(emptyAt));
  }

  onApplicationBootstrap(): void {
    // Pools may have run dry while no explorer was running: look at once.
    if (this.config.RUN_BACKGROUND_JOBS) this.schedule(0);
  }

  /** Runs before TypeORM closes its pool (its hook is onApplicationShutdown): no timer or query outlives the app. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Adds an expiry to every sweep (features below the pools register theirs at start). */
  register(job: SweepJob): void {
    this.jobs.push(job);
  }

  /** A pool now drains faster: make sure the sweeper looks just after its new `empty_at`. */
  wakeBy(emptyAt: bigint): void {
    if (!this.config.RUN_BACKGROUND_JOBS || this.stopped || this.running) return;
    const dueMs = (Number(emptyAt) + 1) * 1000;
    if (dueMs < this.wakeAtMs) this.schedule(dueMs - Date.now());
  }

  /** One sweep at the clock's time; exposed for tests. */
  sweepOnce(): Promise<SweepOutcome> {
    const now = this.clock.now();
    return this.db.transaction(async (em) => {
      if (!(await this.pools.tryLockSweep(em))) return { locked: false, deleted: 0, expired: 0 };
      let deleted = 0;
      for (const poolId of await this.pools.lockExpiredWithDeployed(em, now, NextAction.Deploy)) {
        const pool = await this.pools.lockById(em, poolId);
        if (!pool) continue;
        const synced = syncPool(pool, now);
        deleted += await this.state.applyToPool(em, synced, { kind: 'pool_exhausted' });
        await this.pools.save(em, synced);
      }
      let expired = 0;
      for (const job of this.jobs) expired += await job(em, now);
      return { locked: true, deleted, expired };
    });
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    const delay = Math.max(0, Math.min(delayMs, SWEEP_INTERVAL_MS));
    this.wakeAtMs = Date.now() + delay;
    this.timer = setTimeout(() => this.tick(), delay);
    // Never keeps a process alive on its own.
    this.timer.unref();
  }

  private tick(): void {
    this.timer = null;
    this.wakeAtMs = Infinity;
    this.running = this.sweepAndReschedule().finally(() => (this.running = null));
  }

  private async sweepAndReschedule(): Promise<void> {
    let delayMs = SWEEP_INTERVAL_MS;
    try {
      await this.sweepOnce();
      const now = this.clock.now();
      // empty_at is truncated: a pool is surely dry one second after it.
      const next = await this.pools.nextEmptyAt(now);
      if (next !== null && next < BigInt(now) + BigInt(SWEEP_INTERVAL_MS / 1000))
        delayMs = (Number(next) + 1 - now) * 1000;
    } catch (error) {
      this.logger.error(`pool sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!this.stopped) this.schedule(delayMs);
  }
}
