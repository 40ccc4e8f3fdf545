import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { CeilingSample, NodeWorkRepository } from '@app/persistence';

/** How often the ceiling is re-sampled: it lags commits by one to two ticks. */
export const CEILING_TICK_MS = 250;
/**
 * Pause between the samples of `advanceTo`. Under a steady stream of creates some long poll is always
 * waiting for the ceiling, so this sets how often PostgreSQL reads its activity table (≤ 250/s), against
 * at most this much added to a delivery.
 */
const FAST_TICK_MS = 4;

/**
 * The committed ceiling of decisions.md §2.2: the highest id N such that no row with id ≤ N can still
 * become visible. Sequence values are handed out before commit (workloads.md §7.4), so the sequence
 * value alone is unsafe.
 *
 * How: every tick reads (A = last value of `reservation_id_seq`, T = server clock after that read). A
 * transaction that took an id ≤ A did so before T, so it started before T. A later tick also reads the
 * oldest `xact_start` among open client transactions of this database (autovacuum takes no ids); when
 * that is after T (or nothing is open), every transaction that could hold an id ≤ A has ended, committed
 * or rolled back, and its rows
 * are visible to any snapshot taken from now on: A becomes the ceiling. Polls read the ceiling before
 * their scan, so they never trust a sample validated by their own snapshot.
 *
 * Costs one tiny query per tick per process, none per poll. A long-open transaction in this database
 * holds the ceiling back (idle nodes then keep their cursor: safe, only less of a jump). Writers must
 * run as the app's role (or the app's role needs pg_read_all_stats) so their `xact_start` is visible.
 */
@Injectable()
export class CommittedCeiling implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(CommittedCeiling.name);
  private pending: CeilingSample[] = [];
  private value = 0;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly repository: NodeWorkRepository) {}

  get current(): number {
    return this.value;
  }

  onModuleInit(): void {
    this.schedule(0);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
  }

  /** Takes samples until the ceiling reaches `id` (tests and benchmarks; bounded by `timeoutMs`). */
  async reach(id: number, timeoutMs = 10_000): Promise<void> {
    if (!(await this.advanceTo(id, timeoutMs)))
      throw new Error(`committed ceiling stuck at ${this.value} < ${id}`);
  }

  /**
   * Samples back to back (a tiny query each, shared by every concurrent caller) until the ceiling
   * reaches `id`: a few milliseconds once the transactions that took ids up to `id` have ended, instead
   * of one to two ticks. False when it did not within `timeoutMs` (a long-open transaction holds it).
   */
  async advanceTo(id: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.value < id) {
      if (Date.now() > deadline || this.stopped) return false;
      await this.tick();
      if (this.value < id) await new Promise((done) => setTimeout(done, FAST_TICK_MS));
    }
    return true;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.tick().finally(() => this.schedule(CEILING_TICK_MS));
    }, delay);
    this.timer.unref();
  }

  private tick(): Promise<void> {
    this.ticking ??= this.sample().finally(() => (this.ticking = null));
    return this.ticking;
  }

  private async sample(): Promise<void> {
    let sample: CeilingSample;
    try {
      sample = await this.repository.sampleCeiling();
    } catch (error) {
      // The database is away: keep the last safe ceiling, retry on the next tick.
      this.logger.debug(`ceiling sample failed: ${(error as Error).message}`);
      return;
    }
    const oldest = sample.oldestOpenMicros;
    // Samples taken by earlier ticks whose every possible id holder has ended since.
    const settled = this.pending.filter((s) => oldest === null || oldest > s.sampledAtMicros);
    if (settled.length > 0) {
      const newest = settled[settled.length - 1];
      this.value = Math.max(this.value, newest.allocated);
      this.pending = this.pending.filter((s) => s.sampledAtMicros > newest.sampledAtMicros);
    }
    this.pending.push(sample);
    // A stuck transaction must not grow the list forever; dropping the newest-but-one keeps it safe.
    if (this.pending.length > 64) this.pending.splice(this.pending.length - 2, 1);
  }
}
