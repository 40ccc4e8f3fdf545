/**
 * Remembers where HTTP signature values were used, to refuse what is certainly a replay.
 *
 * A client that signs only `(created) date threebot-id` (the era's Go client, every 0-OS node) produces
 * the same signature value for every request it signs within one second: ed25519 is deterministic and
 * nothing of the request is signed. Those requests reach the server within a few seconds of each other.
 * A signature value that shows up on a method and path it was not used on within `graceMs` of its first
 * use is therefore a captured header set replayed elsewhere.
 */
export interface ReplayCacheLimits {
  /** Most signature values remembered; the oldest are forgotten first. */
  capacity: number;
  /** How long after its first use a signature value may still appear on new routes. */
  graceMs: number;
  /** How long a value is remembered (the freshness window rejects older ones anyway); null = until evicted. */
  ttlMs: number | null;
}

interface Sighting {
  firstMs: number;
  /** `METHOD path` of every use within the grace period (a handful at most). */
  routes: string[];
}

/** Legit reuse happens on a few routes in a burst; a longer list only costs memory. */
const MAX_ROUTES = 16;

export class ReplayCache {
  private readonly seen = new Map<string, Sighting>();

  constructor(private readonly limits: ReplayCacheLimits) {}

  get size(): number {
    return this.seen.size;
  }

  /** Records one use of `signature` on `route`; true when it is certainly a replay (nothing recorded then). */
  isReplay(signature: string, route: string, nowMs: number): boolean {
    this.expire(nowMs);
    const sighting = this.seen.get(signature);
    if (!sighting) {
      this.seen.set(signature, { firstMs: nowMs, routes: [route] });
      if (this.seen.size > this.limits.capacity) this.seen.delete(this.seen.keys().next().value as string);
      return false;
    }
    if (sighting.routes.includes(route)) return false;
    if (nowMs - sighting.firstMs > this.limits.graceMs) return true;
    if (sighting.routes.length < MAX_ROUTES) sighting.routes.push(route);
    return false;
  }

  /** Map order is first-use order, so expired values sit at the head. */
  private expire(nowMs: number): void {
    if (this.limits.ttlMs === null) return;
    for (const [signature, sighting] of this.seen) {
      if (nowMs - sighting.firstMs <= this.limits.ttlMs) return;
      this.seen.delete(signature);
    }
  }
}
