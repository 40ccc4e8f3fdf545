import { CloudUnits } from './capacity';
import { badRequest } from './errors';

/** Go `math.MaxInt64`: `empty_at` of a pool that drains nothing. A JS number cannot hold it, hence bigint. */
export const MAX_EMPTY_AT = 9223372036854775807n;

/** decisions.md §2.1: a workload must find at least this much capacity, with itself added. */
export const CAPACITY_CHECK_SECONDS = 120;

/** Below this an active rate is float residue, not a workload (reference `RemoveWorkload`). */
const RATE_EPSILON = 0.00001;

/**
 * A capacity pool's account: what charging workloads reads and changes. `cus`/`sus` are unit-seconds left
 * at `lastUpdated` (float64 in the reference, so plain numbers here); times are unix seconds. Without
 * the node list, which grows with the pool's nodes and only placing a workload needs.
 */
export interface PoolAccount {
  readonly id: number;
  readonly cus: number;
  readonly sus: number;
  readonly lastUpdated: number;
  readonly activeCu: number;
  readonly activeSu: number;
  readonly emptyAt: bigint;
  readonly customerTid: number;
}

/** A capacity pool (workloads.md §9.1): its account and the nodes it may deploy on. */
export interface Pool extends PoolAccount {
  readonly nodeIds: readonly string[];
}

export function newPool(id: number, customerTid: number, nodeIds: readonly string[], now: number): Pool {
  return {
    id,
    cus: 0,
    sus: 0,
    nodeIds: [...nodeIds],
    lastUpdated: now,
    activeCu: 0,
    activeSu: 0,
    emptyAt: MAX_EMPTY_AT,
    customerTid,
  };
}

/**
 * Deducts what active workloads used since `lastUpdated` (floored at 0). A clock behind `lastUpdated`
 * (another explorer process) changes nothing instead of crediting capacity back, as Go would.
 */
export function syncPool<P extends PoolAccount>(pool: P, now: number): P {
  if (now <= pool.lastUpdated) return pool;
  const elapsed = now - pool.lastUpdated;
  return {
    ...pool,
    cus: Math.max(0, pool.cus - pool.activeCu * elapsed),
    sus: Math.max(0, pool.sus - pool.activeSu * elapsed),
    lastUpdated: now,
  };
}

/**
 * Starts charging a workload's rates (on its `ok` result). The pool holds sums only, so its cost does
 * not grow with its workloads: the caller charges each workload once (its membership decides).
 */
export function addWorkload<P extends PoolAccount>(pool: P, units: CloudUnits, now: number): P {
  const synced = syncPool(pool, now);
  return withEmptyAt({
    ...synced,
    activeCu: synced.activeCu + positive(units.cu),
    activeSu: synced.activeSu + positive(units.su),
  });
}

/** Stops charging a workload's rates (node `error` or deletion confirmed); only for one that was charged. */
export function removeWorkload<P extends PoolAccount>(pool: P, units: CloudUnits, now: number): P {
  const synced = syncPool(pool, now);
  return withEmptyAt({
    ...synced,
    activeCu: units.cu > 0 ? clampResidue(synced.activeCu - units.cu) : synced.activeCu,
    activeSu: units.su > 0 ? clampResidue(synced.activeSu - units.su) : synced.activeSu,
  });
}

/** Credits unit-seconds (free escrow: at once). */
export function topUp<P extends PoolAccount>(pool: P, cus: number, sus: number, now: number): P {
  const synced = syncPool(pool, now);
  return withEmptyAt({ ...synced, cus: synced.cus + cus, sus: synced.sus + sus });
}

/**
 * Reference extension rules (directory.md §9.3 step 8) with decisions.md §2.8 statuses: every existing node
 * must stay, and the request must add CU, SU or nodes.
 */
export function assertPoolExtension(pool: Pool, cus: number, sus: number, nodeIds: readonly string[]): void {
  if (pool.nodeIds.some((id) => !nodeIds.includes(id)))
    throw badRequest('nodes can not be removed from a pool');
  if (cus === 0 && sus === 0 && nodeIds.length === pool.nodeIds.length) {
    throw badRequest('this capacity reservation has no observable results');
  }
}

/**
 * `last_updated + min(cus/active_cu, sus/active_su)` truncated to an integer, a zero rate counting as
 * forever, capped at max int64. Computed exactly on the float64 inputs (Go used 64-bit big.Float, which
 * can only differ from this by rounding at an integer boundary).
 */
export function computeEmptyAt(pool: PoolAccount): bigint {
  const cu = secondsLeft(pool.cus, pool.activeCu);
  const su = secondsLeft(pool.sus, pool.activeSu);
  const shortest = cu === null ? su : su === null ? cu : lessThan(su, cu) ? su : cu;
  if (shortest === null) return MAX_EMPTY_AT;
  const [num, den] = shortest;
  const at = (BigInt(pool.lastUpdated) * den + num) / den; // bigint division truncates like Go Int64()
  return at > MAX_EMPTY_AT ? MAX_EMPTY_AT : at;
}

/**
 * The 402 / `pay` test: on a copy synced to `now` with this workload's rates added, the pool must not
 * run out within `seconds` (`now + seconds < empty_at`).
 */
export function allowsWorkloadFor(
  pool: PoolAccount,
  units: CloudUnits,
  now: number,
  seconds: number = CAPACITY_CHECK_SECONDS,
): boolean {
  const synced = syncPool(pool, now);
  const trial = {
    ...synced,
    activeCu: synced.activeCu + positive(units.cu),
    activeSu: synced.activeSu + positive(units.su),
  };
  return BigInt(now + seconds) < computeEmptyAt(trial);
}

/** Whether the sweeper should delete the workload: it draws a unit the (synced) pool has run out of. */
export function usesExhaustedUnit(pool: Pick<PoolAccount, 'cus' | 'sus'>, units: CloudUnits): boolean {
  return (units.cu > 0 && pool.cus <= 0) || (units.su > 0 && pool.sus <= 0);
}

/** The sweeper's selection: pools whose `empty_at` has come. */
export function poolExpired(pool: PoolAccount, now: number): boolean {
  return pool.emptyAt <= BigInt(now);
}

function withEmptyAt<P extends PoolAccount>(pool: P): P {
  return { ...pool, emptyAt: computeEmptyAt(pool) };
}

/** Free workloads report cu = −0.25; only positive rates are charged. */
function positive(x: number): number {
  return x > 0 ? x : 0;
}

function clampResidue(rate: number): number {
  return rate < RATE_EPSILON ? 0 : rate;
}

type Fraction = readonly [bigint, bigint];

/** balance / rate as an exact fraction with positive denominator; null when the rate is 0 (never empty). */
function secondsLeft(balance: number, rate: number): Fraction | null {
  if (rate === 0) return null;
  const [bn, bd] = exact(balance);
  const [rn, rd] = exact(rate);
  const num = bn * rd;
  const den = bd * rn;
  return den < 0n ? [-num, -den] : [num, den];
}

function lessThan([an, ad]: Fraction, [bn, bd]: Fraction): boolean {
  return an * bd < bn * ad;
}

/** A finite float64 as numerator / power-of-two denominator; doubling a binary float is exact. */
function exact(x: number): Fraction {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  let den = 1n;
  let v = x;
  while (!Number.isInteger(v)) {
    v *= 2;
    den *= 2n;
  }
  return [BigInt(v), den];
}
