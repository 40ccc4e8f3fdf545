import { ReplayCache } from './replay-cache';

describe('ReplayCache', () => {
  const limits = { capacity: 3, graceMs: 5_000, ttlMs: 60_000 };

  it('accepts one signature value on several routes within the grace period, then only there', () => {
    const cache = new ReplayCache(limits);
    expect(cache.isReplay('s', 'GET /api/v1/users/7', 0)).toBe(false);
    expect(cache.isReplay('s', 'PUT /api/v1/farms/1', 900)).toBe(false); // same second, same client
    expect(cache.isReplay('s', 'GET /api/v1/users/7', 30_000)).toBe(false); // a repeat, not elsewhere
    expect(cache.isReplay('s', 'PUT /api/v1/farms/1', 30_000)).toBe(false);
    expect(cache.isReplay('s', 'DELETE /api/v1/farms/1/n', 5_001)).toBe(true);
    expect(cache.isReplay('s', 'DELETE /api/v1/farms/1/n', 6_000)).toBe(true); // a refusal records nothing
  });

  it('forgets values after the ttl and the oldest beyond its capacity', () => {
    const cache = new ReplayCache(limits);
    cache.isReplay('old', 'GET /a', 0);
    expect(cache.isReplay('old', 'POST /b', 60_001)).toBe(false); // expired: a new first use
    for (const s of ['a', 'b', 'c', 'd']) cache.isReplay(s, 'GET /a', 70_000);
    expect(cache.size).toBe(3);
    expect(cache.isReplay('a', 'POST /b', 80_000)).toBe(false); // evicted
    expect(cache.isReplay('d', 'POST /b', 80_000)).toBe(true);
  });

  it('keeps values until evicted when no ttl applies', () => {
    const cache = new ReplayCache({ ...limits, ttlMs: null });
    cache.isReplay('s', 'GET /a', 0);
    expect(cache.isReplay('s', 'POST /b', 10 ** 9)).toBe(true);
  });
});
