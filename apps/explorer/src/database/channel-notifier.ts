import { Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';

const RECONNECT_MS = 1000;

/** A registration for wake-ups of one key; register before querying so no notification falls in between. */
export interface ChangeWaiter {
  /** Resolves when the key was notified since the last wait, or after `ms`; true when woken. */
  wait(ms: number): Promise<boolean>;
  cancel(): void;
}

/**
 * Long polls across explorer processes: one dedicated connection per process LISTENs on a channel
 * (payload = a key such as a node id, sent by the writing transaction at commit) and wakes the
 * requests of that key waiting in memory.
 */
export abstract class ChannelNotifier implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(this.constructor.name);
  private readonly waiters = new Map<string, Set<() => void>>();
  private client: Client | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  protected constructor(
    private readonly channel: string,
    private readonly databaseUrl: () => string,
  ) {}

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

  subscribe(key: string): ChangeWaiter {
    let wake: (() => void) | null = null;
    let woken = false;
    const listener = () => {
      woken = true;
      wake?.();
    };
    let set = this.waiters.get(key);
    if (!set) this.waiters.set(key, (set = new Set()));
    set.add(listener);
    const cancel = () => {
      const current = this.waiters.get(key);
      current?.delete(listener);
      if (current?.size === 0) this.waiters.delete(key);
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

  /**
   * `read()` until `ready(answer)` or `seconds` have passed, reading again each time `key` is
   * notified (subscribed before the first read, so a change during it still wakes us).
   */
  async readUntil<T>(
    key: string,
    seconds: number,
    read: () => Promise<T>,
    ready: (answer: T) => boolean,
  ): Promise<T> {
    const waiter = seconds > 0 ? this.subscribe(key) : null;
    const deadline = Date.now() + seconds * 1000;
    try {
      for (;;) {
        const answer = await read();
        const remaining = deadline - Date.now();
        if (ready(answer) || waiter === null || remaining <= 0) return answer;
        const woken = await waiter.wait(remaining);
        // A stopping process answers held requests with what it has.
        if (this.stopping || (!woken && Date.now() >= deadline)) return answer;
      }
    } finally {
      waiter?.cancel();
    }
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.databaseUrl() });
    client.on('notification', (message) => {
      if (message.payload) this.wake(message.payload);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, null));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
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
    if (error) this.logger.warn(`${this.channel} listener lost: ${error.message}`);
    client.end().catch(() => undefined);
    this.wakeAll();
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, RECONNECT_MS);
    this.reconnectTimer.unref();
  }

  private wake(key: string): void {
    for (const listener of this.waiters.get(key) ?? []) listener();
  }

  private wakeAll(): void {
    for (const set of this.waiters.values()) for (const listener of set) listener();
  }
}
