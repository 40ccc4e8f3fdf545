import { DiskType, WorkloadType, workloadCloudUnits } from './capacity';
import {
  addWorkload,
  allowsWorkloadFor,
  assertPoolExtension,
  computeEmptyAt,
  MAX_EMPTY_AT,
  newPool,
  Pool,
  poolExpired,
  removeWorkload,
  syncPool,
  topUp,
  usesExhaustedUnit,
} from './pool';

const T0 = 1_600_000_000;
const k8s1 = workloadCloudUnits({ type: WorkloadType.Kubernetes, size: 1 }); // cu 0.25, su 0.25/1.2
const volume10 = workloadCloudUnits({ type: WorkloadType.Volume, size: 10, diskType: DiskType.Hdd }); // su 0.01/1.2
const gateway = workloadCloudUnits({ type: WorkloadType.Proxy }); // cu -0.25, su 0
const pool = (over: Partial<Pool> = {}): Pool => ({ ...newPool(5, 42, ['node-a'], T0), ...over });

describe('MAX_EMPTY_AT', () => {
  it('prints exactly as Go int64 max', () => {
    expect(MAX_EMPTY_AT.toString()).toBe('9223372036854775807');
    expect(newPool(1, 2, [], T0).emptyAt).toBe(MAX_EMPTY_AT);
  });
});

describe('computeEmptyAt', () => {
  it.each<[string, Partial<Pool>, bigint]>([
    ['nothing active', { cus: 100, sus: 100 }, MAX_EMPTY_AT],
    ['cu only: 100 / 0.25', { cus: 100, activeCu: 0.25 }, BigInt(T0 + 400)],
    ['earliest unit wins', { cus: 100, sus: 10, activeCu: 0.25, activeSu: 0.5 }, BigInt(T0 + 20)],
    ['fraction truncated', { cus: 10, activeCu: 3 }, BigInt(T0 + 3)],
    ['empty balance with a rate: now', { cus: 0, activeCu: 0.25 }, BigInt(T0)],
    // 0.5/1.2 is a hair above 5/12, so the pool runs out just before 207360 s: Go's 64-bit big.Float and
    // exact arithmetic give …359, naive float64 division would round up to …360.
    ['float64 rate, exact quotient', { lastUpdated: 1000, sus: 86400, activeSu: 0.5 / 1.2 }, 208359n],
    ['beyond int64 is capped', { cus: 1e30, activeCu: 1e-5 }, MAX_EMPTY_AT],
  ])('%s', (_name, over, want) => {
    expect(computeEmptyAt(pool(over))).toBe(want);
  });
});

describe('syncPool', () => {
  it.each<[string, Partial<Pool>, number, Partial<Pool>]>([
    [
      'deducts rate × elapsed',
      { cus: 1000, sus: 50, activeCu: 0.25, activeSu: 0.5 },
      100,
      { cus: 975, sus: 0 },
    ],
    ['floors at zero', { cus: 10, activeCu: 1 }, 100, { cus: 0 }],
    ['no active workloads keeps balance', { cus: 10, sus: 3 }, 100, { cus: 10, sus: 3 }],
  ])('%s', (_name, over, elapsed, want) => {
    const synced = syncPool(pool(over), T0 + elapsed);
    expect(synced).toMatchObject({ ...want, lastUpdated: T0 + elapsed });
  });

  it('a clock behind last_updated changes nothing', () => {
    const p = pool({ cus: 10, activeCu: 1 });
    expect(syncPool(p, T0 - 50)).toBe(p);
  });
});

describe('top-up, add and remove workloads (hand-computed)', () => {
  it('walks a pool through a k8s and a volume', () => {
    let p = topUp(pool(), 86_400, 86_400, T0);
    expect(p).toMatchObject({ cus: 86_400, sus: 86_400, emptyAt: MAX_EMPTY_AT });

    p = addWorkload(p, k8s1, T0);
    expect(p).toMatchObject({ activeCu: 0.25, activeSu: 0.25 / 1.2 });
    // CU empties first: 86400 / 0.25 = 345600 s (SU would last 414720 s).
    expect(p.emptyAt).toBe(BigInt(T0 + 345_600));

    p = addWorkload(p, volume10, T0 + 1000);
    expect(p.cus).toBe(86_400 - 250);
    expect(p.sus).toBe(86_400 - (0.25 / 1.2) * 1000);

    p = removeWorkload(p, k8s1, T0 + 2000);
    expect(p.cus).toBe(86_400 - 500);
    expect(p.activeCu).toBe(0); // residue clamped
    expect(p.activeSu).toBeCloseTo(volume10.su, 12); // float residue of add/remove, above 1e-5 so kept

    p = removeWorkload(p, volume10, T0 + 3000);
    expect(p).toMatchObject({ activeCu: 0, activeSu: 0, emptyAt: MAX_EMPTY_AT });
  });

  it('free workloads draw nothing', () => {
    const p = addWorkload(topUp(pool(), 100, 100, T0), gateway, T0);
    expect(p).toMatchObject({ activeCu: 0, activeSu: 0, emptyAt: MAX_EMPTY_AT });
  });

  it('clamps float residue below 1e-5 to zero', () => {
    let p = topUp(pool(), 1000, 1000, T0);
    p = addWorkload(p, { cu: 0.1, su: 0 }, T0);
    p = addWorkload(p, { cu: 0.2, su: 0 }, T0);
    p = removeWorkload(p, { cu: 0.1, su: 0 }, T0);
    p = removeWorkload(p, { cu: 0.2, su: 0 }, T0);
    expect(p.activeCu).toBe(0);
    expect(p.emptyAt).toBe(MAX_EMPTY_AT);
  });
});

describe('allowsWorkloadFor (120 s rule: now + 120 < empty_at)', () => {
  it.each<[string, Partial<Pool>, { cu: number; su: number }, number, boolean]>([
    ['exactly 120 s is not enough', { cus: 30 }, { cu: 0.25, su: 0 }, 0, false],
    ['121 s is enough', { cus: 30.25 }, { cu: 0.25, su: 0 }, 0, true],
    ['empty pool, free workload, nothing active', {}, gateway, 0, true],
    ['empty CU pool, SU-only workload with SU', { sus: 1000 }, volume10, 0, true],
    ['existing usage counts', { cus: 60, activeCu: 0.25 }, { cu: 0.25, su: 0 }, 0, false],
    ['free workload on a nearly drained pool', { cus: 20, activeCu: 0.25 }, gateway, 0, false],
    ['synced to now first', { cus: 80, activeCu: 0.25 }, { cu: 0.25, su: 0 }, 100, false],
    ['synced to now first, still fine', { cus: 1000, activeCu: 0.25 }, { cu: 0.25, su: 0 }, 100, true],
  ])('%s', (_name, over, units, elapsed, want) => {
    expect(allowsWorkloadFor(pool(over), units, T0 + elapsed)).toBe(want);
  });

  it('takes a custom window', () => {
    expect(allowsWorkloadFor(pool({ cus: 30 }), { cu: 0.25, su: 0 }, T0, 119)).toBe(true);
  });
});

describe('expiry sweep helpers', () => {
  it('an exhausted pool deletes CU users and spares SU-only and free workloads', () => {
    const p = addWorkload(topUp(pool(), 30, 1000, T0), k8s1, T0);
    expect(poolExpired(p, T0 + 100)).toBe(false);
    const at = Number(p.emptyAt);
    expect(poolExpired(p, at)).toBe(true);
    const synced = syncPool(p, at);
    expect(synced.cus).toBe(0);
    expect(usesExhaustedUnit(synced, k8s1)).toBe(true);
    expect(usesExhaustedUnit(synced, volume10)).toBe(false);
    expect(usesExhaustedUnit(synced, gateway)).toBe(false);
  });
});

describe('assertPoolExtension', () => {
  const p = pool({ nodeIds: ['a', 'b'] });
  it.each<[string, number, number, string[], string | null]>([
    ['adds CU', 10, 0, ['a', 'b'], null],
    ['adds a node only', 0, 0, ['a', 'b', 'c'], null],
    ['drops a node', 10, 10, ['a'], 'nodes can not be removed from a pool'],
    ['changes nothing', 0, 0, ['b', 'a'], 'this capacity reservation has no observable results'],
  ])('%s', (_name, cus, sus, nodeIds, message) => {
    const run = () => assertPoolExtension(p, cus, sus, nodeIds);
    if (message === null) expect(run).not.toThrow();
    else expect(run).toThrow(expect.objectContaining({ kind: 'bad_request', message }));
  });
});
