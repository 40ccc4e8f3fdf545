import { createHash } from 'node:crypto';

export interface ReplayCacheLimits {
  /** Most signature values remembered; the oldest are forgotten first. */
  capacity: number;
  /** How long after its first use a signature value may still appear on new routes. */
  graceMs: number;
  /** How long a value is remembered (the freshness window rejects older ones anyway); null = until evicted. */
  ttlMs: number | null;
}

/** Legit reuse happens on a few routes in a burst; a longer list only costs memory. */
const MAX_ROUTES = 16;

/**
 * 52 bits of sha256 as a number: Map keys and route lists cost no string memory (about 100 bytes per
 * remembered value). A collision between two values among 10^5 has a chance of about 10^-6.
 */
function digest52(text: string): number {
  const hash = createHash('sha256').update(text, 'utf8').digest();
  return hash.readUIntBE(0, 6) * 16 + (hash[6] >> 4);
}

/**
 * Remembers where HTTP signature values were used, to refuse what is certainly a replay.
 *
 * A client that signs only `(created) date threebot-id` (the era's Go client, every 0-OS node) produces
 * the same signature value for every request it signs within one second: ed25519 is deterministic and
 * nothing of the request is signed. Those requests reach the server within a few seconds of each other.
 * A signature value that shows up on a method and path it was not used on within `graceMs` of its first
 * use is therefore a captured header set replayed elsewhere.
 */
export class ReplayCache {
  /** signature digest → [first use in ms, digests of the `METHOD path` it was used on in the grace period]. */
  private readonly seen = new Map<number, number[]>();

  constructor(private readonly limits: ReplayCacheLimits) {}

  get size(): number {
    return this.seen.size;
  }

  /** Records one use of `signature` on `route`; true when it is certainly a replay (nothing recorded then). */
  isReplay(signature: string, route: string, nowMs: number): boolean {
    this.expire(nowMs);
    const key = digest52(signature);
    const routeKey = digest52(route);
    const sighting = this.seen.get(key);
    if (!sighting) {
      this.seen.set(key, [nowMs, routeKey]);
      if (this.seen.size > this.limits.capacity) this.seen.delete(this.seen.keys().next().value as number);
      return false;
    }
    if (sighting.indexOf(routeKey, 1) !== -1) return false;
    if (nowMs - sighting[0] > this.limits.graceMs) return true;
    if (sighting.length <= MAX_ROUTES) sighting.push(routeKey);
    return false;
  }

  /** Map order is first-use order, so expired values sit at the head. */
  private expire(nowMs: number): void {
    if (this.limits.ttlMs === null) return;
    for (const [key, sighting] of this.seen) {
      if (nowMs - sighting[0] <= this.limits.ttlMs) return;
      this.seen.delete(key);
    }
  }
}
