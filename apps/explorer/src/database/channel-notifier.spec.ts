import { Waiters } from './channel-notifier';

describe('Waiters (held requests of a channel notifier)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** Settled waits, in the order they settled. */
  function record() {
    const settled: string[] = [];
    const track = (name: string, wait: Promise<boolean>) =>
      void wait.then((woken) => settled.push(`${name}:${woken}`));
    return { settled, track };
  }

  it('answers each wait at its own deadline, earliest first, whatever the order they came in', async () => {
    const waiters = new Waiters();
    const { settled, track } = record();
    for (const [name, ms] of [
      ['a', 300],
      ['b', 100],
      ['c', 200],
      ['d', 100],
      ['e', 50],
    ] as const)
      track(name, waiters.add(name).wait(ms));
    await jest.advanceTimersByTimeAsync(99);
    expect(settled).toEqual(['e:false']);
    await jest.advanceTimersByTimeAsync(1);
    expect(settled.slice(1).sort()).toEqual(['b:false', 'd:false']);
    await jest.advanceTimersByTimeAsync(200);
    expect(settled.slice(3)).toEqual(['c:false', 'a:false']);
  });

  it('wakes every waiter of the key at once, and only those', async () => {
    const waiters = new Waiters();
    const { settled, track } = record();
    const [one, two, other] = [waiters.add('k'), waiters.add('k'), waiters.add('j')];
    track('one', one.wait(1000));
    track('two', two.wait(1000));
    track('other', other.wait(1000));
    waiters.wake('k');
    await jest.advanceTimersByTimeAsync(0);
    expect(settled.sort()).toEqual(['one:true', 'two:true']);
    await jest.advanceTimersByTimeAsync(1000);
    expect(settled).toContain('other:false');
  });

  it('remembers a wake-up that came while not waiting, once', async () => {
    const waiters = new Waiters();
    const waiter = waiters.add('k');
    waiters.wake('k');
    await expect(waiter.wait(1000)).resolves.toBe(true);
    const { settled, track } = record();
    track('again', waiter.wait(1000));
    await jest.advanceTimersByTimeAsync(999);
    expect(settled).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(settled).toEqual(['again:false']);
  });

  it('a cancelled waiter is neither counted nor woken; the others keep their deadlines', async () => {
    const waiters = new Waiters();
    const { settled, track } = record();
    const gone = waiters.add('k');
    const kept = waiters.add('k');
    track('gone', gone.wait(100));
    track('kept', kept.wait(200));
    expect(waiters.size).toBe(2);
    gone.cancel();
    expect(waiters.size).toBe(1);
    await jest.advanceTimersByTimeAsync(0);
    expect(settled).toEqual(['gone:false']);
    await jest.advanceTimersByTimeAsync(199);
    expect(settled).toEqual(['gone:false']);
    await jest.advanceTimersByTimeAsync(1);
    expect(settled).toEqual(['gone:false', 'kept:false']);
    kept.cancel();
    expect(waiters.size).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('stop answers the held waits and every later one at once', async () => {
    const waiters = new Waiters();
    const held = waiters.add('k').wait(30_000);
    waiters.stop();
    await expect(held).resolves.toBe(true);
    await expect(waiters.add('j').wait(30_000)).resolves.toBe(false);
  });

  it('keeps the heap ordered through many waits and removals', async () => {
    const waiters = new Waiters();
    const answered: number[] = [];
    const all = Array.from({ length: 200 }, (_, i) => {
      const ms = ((i * 7919) % 997) + 1;
      const waiter = waiters.add(`n${i}`);
      void waiter.wait(ms).then(() => answered.push(ms));
      return { waiter, ms, i };
    });
    for (const { waiter, i } of all) if (i % 3 === 0) waiter.cancel();
    await jest.advanceTimersByTimeAsync(1000);
    const timed = answered.slice(all.filter(({ i }) => i % 3 === 0).length);
    expect(timed).toEqual([...timed].sort((a, b) => a - b));
    expect(timed).toHaveLength(all.filter(({ i }) => i % 3 !== 0).length);
  });
});
