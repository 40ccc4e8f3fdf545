import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { databaseTimeoutOf, logWithStack, ServerErrorLog } from '../http/error.filter';
import { HttpMetrics } from '../metrics/metrics';

/** How often a process whose database went away asks it again. */
const PROBE_INTERVAL_MS = 1000;

/**
 * A database outage makes every request fail alike: it is logged once when it starts and once when
 * the database answers again (found by probing it), and each 503 in between is only counted
 * (`explorer_database_unavailable_total`). Other server errors are logged with their stack.
 */
@Injectable()
export class DatabaseOutage implements ServerErrorLog, OnModuleDestroy {
  private readonly logger = new Logger('Database');
  private outage: { since: number; failures: number; probe: NodeJS.Timeout } | null = null;
  private probing = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly metrics: HttpMetrics,
  ) {}

  report(error: unknown, status: number): void {
    // A database limit firing (acquire/statement timeout) is load, not an outage: logged as before.
    if (status !== 503 || databaseTimeoutOf(error) !== null) return logWithStack(error);
    this.metrics.databaseUnavailable.inc();
    if (this.outage) {
      this.outage.failures++;
      return;
    }
    const probe = setInterval(() => void this.probe(), PROBE_INTERVAL_MS).unref();
    this.outage = { since: Date.now(), failures: 1, probe };
    this.logger.error(
      `database unavailable (${error instanceof Error ? error.message : String(error)}): answering 503, ` +
        'further failures are counted in explorer_database_unavailable_total until it answers again',
    );
  }

  private async probe(): Promise<void> {
    if (this.probing || !this.outage) return;
    this.probing = true;
    try {
      await this.db.query('SELECT 1');
    } catch {
      return;
    } finally {
      this.probing = false;
    }
    const { since, failures, probe } = this.outage;
    clearInterval(probe);
    this.outage = null;
    this.logger.log(
      `database available again after ${Math.round((Date.now() - since) / 1000)} s (${failures} requests answered 503)`,
    );
  }

  onModuleDestroy(): void {
    if (this.outage) clearInterval(this.outage.probe);
    this.outage = null;
  }
}
