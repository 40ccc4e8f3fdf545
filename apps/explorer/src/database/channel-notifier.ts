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
 * One request's registration. A notification that arrives while it is not waiting (the caller is
 * querying) is remembered and consumed by the next `wait`.
 */
class Waiter implements ChangeWaiter {
  woken = false;
  /** Settles the pending wait; null when not waiting. */
  resolve: ((woken: boolean) => void) | null = null;
  deadline = 0;
  /** Position in the deadline queue while waiting, else -1. */
  slot = -1;

  constructor(
    private readonly waiters: Waiters,
    readonly key: string,
  ) {}

  wait(ms: number): Promise<boolean> {
    return this.waiters.hold(this, ms);
  }

  cancel(): void {
    this.waiters.remove(this);
  }
}

/**
 * The held requests of one notifier, by key, and their deadlines: one timer for all of them (armed
 * for the earliest deadline of a binary heap), not a timer and its closures per held request, since
 * a grid of nodes holds one long poll each.
 */
export class Waiters {
  /** One waiter per key is the common case (a node holds one poll); a Set only when several share it. */
  private readonly byKey = new Map<string, Waiter | Set<Waiter>>();
  private readonly queue: Waiter[] = [];
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private stopped = false;
  size = 0;

  add(key: string): Waiter {
    const waiter = new Waiter(this, key);
    const there = this.byKey.get(key);
    if (there === undefined) this.byKey.set(key, waiter);
    else if (there instanceof Set) there.add(waiter);
    else this.byKey.set(key, new Set([there, waiter]));
    this.size++;
    return waiter;
  }

  remove(waiter: Waiter): void {
    const there = this.byKey.get(waiter.key);
    if (there === waiter) this.byKey.delete(waiter.key);
    else if (there instanceof Set && there.delete(waiter)) {
      if (there.size === 0) this.byKey.delete(waiter.key);
    } else return;
    this.size--;
    if (waiter.resolve) this.settle(waiter, false);
  }

  hold(waiter: Waiter, ms: number): Promise<boolean> {
    if (waiter.woken || this.stopped) {
      const was = waiter.woken;
      waiter.woken = false;
      return Promise.resolve(was);
    }
    return new Promise<boolean>((resolve) => {
      waiter.resolve = resolve;
      waiter.deadline = Date.now() + ms;
      this.enqueue(waiter);
    });
  }

  wake(key: string): void {
    const there = this.byKey.get(key);
    if (there instanceof Set) for (const waiter of there) this.notify(waiter);
    else if (there) this.notify(there);
  }

  /** Wakes every held request; from now on `wait` answers at once. */
  stop(): void {
    this.stopped = true;
    this.wakeAll();
  }

  wakeAll(): void {
    for (const there of this.byKey.values()) {
      if (there instanceof Set) for (const waiter of there) this.notify(waiter);
      else this.notify(there);
    }
  }

  private notify(waiter: Waiter): void {
    if (waiter.resolve) this.settle(waiter, true);
    else waiter.woken = true;
  }

  private settle(waiter: Waiter, woken: boolean): void {
    const resolve = waiter.resolve!;
    waiter.resolve = null;
    this.dequeue(waiter);
    resolve(woken);
  }

  private readonly expire = (): void => {
    this.timer = null;
    this.timerAt = Infinity;
    const now = Date.now();
    while (this.queue.length > 0 && this.queue[0].deadline <= now) this.settle(this.queue[0], false);
    this.arm();
  };

  private arm(): void {
    const first = this.queue[0];
    if (!first || first.deadline >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = first.deadline;
    this.timer = setTimeout(this.expire, Math.max(1, first.deadline - Date.now()));
    // The held requests' connections keep the process alive, not their deadlines.
    this.timer.unref();
  }

  private enqueue(waiter: Waiter): void {
    waiter.slot = this.queue.length;
    this.queue.push(waiter);
    this.up(waiter.slot);
    this.arm();
  }

  /** Out of the heap (the timer may then fire for nothing, and re-arms for the next deadline). */
  private dequeue(waiter: Waiter): void {
    const slot = waiter.slot;
    if (slot < 0) return;
    waiter.slot = -1;
    const last = this.queue.pop()!;
    if (this.queue.length === 0 && this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
      this.timerAt = Infinity;
    }
    if (last === waiter) return;
    this.put(last, slot);
    this.up(slot);
    this.down(last.slot);
  }

  private put(waiter: Waiter, slot: number): void {
    this.queue[slot] = waiter;
    waiter.slot = slot;
  }

  private up(slot: number): void {
    const waiter = this.queue[slot];
    while (slot > 0) {
      const parent = (slot - 1) >> 1;
      if (this.queue[parent].deadline <= waiter.deadline) break;
      this.put(this.queue[parent], slot);
      slot = parent;
    }
    this.put(waiter, slot);
  }

  private down(slot: number): void {
    const waiter = this.queue[slot];
    for (;;) {
      let child = 2 * slot + 1;
      if (child >= this.queue.length) break;
      if (child + 1 < this.queue.length && this.queue[child + 1].deadline < this.queue[child].deadline)
        child++;
      if (this.queue[child].deadline >= waiter.deadline) break;
      this.put(this.queue[child], slot);
      slot = child;
    }
    this.put(waiter, slot);
  }
}

/**
 * Long polls across explorer processes: one dedicated connection per process LISTENs on a channel
 * (payload = a key such as a node id, sent by the writing transaction at commit) and wakes the
 * requests of that key waiting in memory.
 */
export abstract class ChannelNotifier implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(this.constructor.name);
  private readonly waiters = new Waiters();
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
    this.waiters.stop();
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
    return this.waiters.size;
  }

  subscribe(key: string): ChangeWaiter {
    return this.waiters.add(key);
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
      if (message.payload) this.waiters.wake(message.payload);
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
    this.waiters.wakeAll();
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, RECONNECT_MS);
    this.reconnectTimer.unref();
  }
}
