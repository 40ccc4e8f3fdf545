import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { NODE_WORK_CHANNEL, NodeWorkRepository } from '@app/persistence';
import { Client } from 'pg';

const RECONNECT_MS = 1000;

/** A registration for wake-ups of one node; register before querying so no notification falls in between. */
export interface WorkWaiter {
  /** Resolves when work was queued for the node since the last wait, or after `ms`; true when woken. */
  wait(ms: number): Promise<boolean>;
  cancel(): void;
}

/**
 * Long polls across explorer processes: one dedicated connection per process LISTENs on
 * NODE_WORK_CHANNEL (payload = node id, sent by the enqueuing transaction at commit) and wakes the
 * requests of that node waiting in memory.
 */
@Injectable()
export class NodeWorkNotifier implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(NodeWorkNotifier.name);
  private readonly waiters = new Map<string, Set<() => void>>();
  private client: Client | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly repository: NodeWorkRepository) {}

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.wakeAll();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** True once the app closes: held long polls answer at once. */
  get stopping(): boolean {
    return this.stopped;
  }

  /** Long polls registered for wake-ups right now. */
  get held(): number {
    let n = 0;
    for (const set of this.waiters.values()) n += set.size;
    return n;
  }

  subscribe(nodeId: string): WorkWaiter {
    let wake: (() => void) | null = null;
    let woken = false;
    const listener = () => {
      woken = true;
      wake?.();
    };
    let set = this.waiters.get(nodeId);
    if (!set) this.waiters.set(nodeId, (set = new Set()));
    set.add(listener);
    const cancel = () => {
      const current = this.waiters.get(nodeId);
      current?.delete(listener);
      if (current?.size === 0) this.waiters.delete(nodeId);
    };
    return {
      cancel,
      wait: (ms) =>
        new Promise<boolean>((resolve) => {
          // A wake-up that arrived while the caller was querying counts once, then is consumed.
          if (woken || this.stopped) {
            const was = woken;
            woken = false;
            return resolve(was);
          }
          const timer = setTimeout(() => {
            wake = null;
            resolve(false);
          }, ms);
          wake = () => {
            clearTimeout(timer);
            wake = null;
            woken = false;
            resolve(true);
          };
        }),
    };
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.repository.primaryUrl() });
    client.on('notification', (message) => {
      if (message.payload) this.wake(message.payload);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, null));
    try {
      await client.connect();
      await client.query(`LISTEN ${NODE_WORK_CHANNEL}`);
      if (this.stopped) {
        await client.end();
        return;
      }
      this.client = client;
    } catch (error) {
      this.lost(client, error as Error);
    }
  }

  /** While disconnected a notification may be missed: wake everyone to re-query, then reconnect. */
  private lost(client: Client, error: Error | null): void {
    // Each client is given up once: its later 'error'/'end' events must not schedule more reconnects.
    client
      .removeAllListeners('error')
      .removeAllListeners('end')
      .on('error', () => undefined);
    if (this.client === client) this.client = null;
    if (this.stopped || this.reconnectTimer) return;
    if (error) this.logger.warn(`node work listener lost: ${error.message}`);
    client.end().catch(() => undefined);
    this.wakeAll();
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, RECONNECT_MS);
    this.reconnectTimer.unref();
  }

  private wake(nodeId: string): void {
    for (const listener of this.waiters.get(nodeId) ?? []) listener();
  }

  private wakeAll(): void {
    for (const set of this.waiters.values()) for (const listener of set) listener();
  }
}
