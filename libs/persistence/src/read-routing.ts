import { AsyncLocalStorage } from 'node:async_hooks';
import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { isDatabaseUnavailable } from './unavailable';

/** How often each process compares the replicas' replay position with the primary's WAL position. */
export const REPLICA_SAMPLE_MS = 1000;
/** After a client's write, its reads stay on the primary this long (read-your-own-writes). */
export const REPLICA_STICKY_MS = 10_000;

/** The client of the request being served (its address), set by the app around each request. */
export const readContext = new AsyncLocalStorage<{ client: string }>();

interface Replica {
  pool: Pool;
  /** Replayed everything the primary had written one sample earlier, and answered. */
  fresh: boolean;
}

/** 'X/Y' WAL positions as comparable numbers. */
function lsn(text: string | null): bigint | null {
  if (!text) return null;
  const [high, low] = text.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

/**
 * Routes the reads that tolerate lag (lists and gets) to a read replica, keeping read-your-own-writes:
 * a client's reads go to the primary for REPLICA_STICKY_MS after its write through this process, all
 * reads go to the primary while a replica is behind (sampled every REPLICA_SAMPLE_MS), and a replica
 * that fails a read is left for the primary at once. Everything else (writes, transactions, node polls)
 * never comes here and stays on the primary.
 */
@Injectable()
export class ReadRouter implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ReadRouter.name);
  private readonly replicas: Replica[];
  private readonly writers = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private primaryLsn: bigint | null = null;
  private next = 0;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    const slaves = (db.driver as unknown as { slaves?: Pool[] }).slaves ?? [];
    this.replicas = slaves.map((pool) => ({ pool, fresh: false }));
  }

  onModuleInit(): void {
    if (this.replicas.length === 0) return;
    void this.sample();
    this.timer = setInterval(() => void this.sample(), REPLICA_SAMPLE_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** There are replicas to route reads to: without them, requests need no read context. */
  get routing(): boolean {
    return this.replicas.length > 0;
  }

  /** The current client wrote: its reads go to the primary for a while. */
  wrote(client: string): void {
    if (this.replicas.length === 0) return;
    const now = Date.now();
    this.writers.set(client, now + REPLICA_STICKY_MS);
    if (this.writers.size > 10_000)
      for (const [c, until] of this.writers) if (until < now) this.writers.delete(c);
  }

  /** A read query on a fresh replica when the rules allow, else on the primary. */
  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const replica = this.pick();
    if (replica) {
      try {
        return (await replica.pool.query(sql, params)).rows as T[];
      } catch (error) {
        if (!isDatabaseUnavailable(error)) throw error;
        replica.fresh = false;
        this.logger.warn(`read replica failed (${(error as Error).message}): reading from the primary`);
      }
    }
    return this.db.query(sql, params);
  }

  private pick(): Replica | null {
    const client = readContext.getStore()?.client;
    if (client !== undefined && (this.writers.get(client) ?? 0) > Date.now()) return null;
    const fresh = this.replicas.filter((r) => r.fresh);
    if (fresh.length === 0) return null;
    return fresh[this.next++ % fresh.length];
  }

  private async sample(): Promise<void> {
    const previous = this.primaryLsn;
    try {
      const [row] = await this.db.query<{ lsn: string }[]>('SELECT pg_current_wal_lsn()::text AS lsn');
      this.primaryLsn = lsn(row.lsn);
    } catch {
      this.primaryLsn = null;
    }
    await Promise.all(
      this.replicas.map(async (replica) => {
        try {
          const { rows } = await replica.pool.query<{ lsn: string | null }>(
            'SELECT pg_last_wal_replay_lsn()::text AS lsn',
          );
          const replayed = lsn(rows[0].lsn);
          replica.fresh = previous !== null && replayed !== null && replayed >= previous;
        } catch {
          replica.fresh = false;
        }
      }),
    );
  }
}
