import { PollCandidate, pollPage, PollSide } from './poll-cursor';

const at = (position: number, id = position): PollCandidate => ({ position, key: `${id}-1` });
const side = (rows: PollCandidate[], full = false): PollSide<PollCandidate> => ({ rows, full });
const positions = (items: PollCandidate[]) => items.map((i) => i.position);

describe('pollPage', () => {
  it.each<[string, number, PollSide<PollCandidate>[], number, number, number[], number]>([
    [
      'complete page jumps to the ceiling',
      0,
      [side([at(3), at(5), at(8)]), side([])],
      100,
      200,
      [3, 5, 8],
      100,
    ],
    ['idle node jumps to the ceiling', 51, [side([]), side([])], 100, 200, [], 100],
    ['idle node at the ceiling stays put', 101, [side([]), side([])], 100, 200, [], 100],
    ['idle from 0 with nothing committed', 0, [side([]), side([])], 0, 200, [], 0],
    ['never steps back behind from - 1', 60, [side([at(61)]), side([])], 30, 200, [61], 59],
    [
      'rows above the ceiling: stop below them',
      40,
      [side([at(41), at(50)]), side([])],
      44,
      200,
      [41, 50],
      44,
    ],
    [
      'a full side covers up to its last row',
      0,
      [side([at(1), at(2)], true), side([at(9)])],
      100,
      2,
      [1, 2],
      2,
    ],
    [
      'a queue item for a workload on the page is sent once',
      0,
      [side([at(4), at(7)]), side([at(4), at(30, 7)])],
      100,
      200,
      [4, 7],
      100,
    ],
    [
      'queue items share the page budget, in position order',
      0,
      [side([at(10), at(20), at(30)]), side([at(15, 2), at(25, 3)])],
      100,
      3,
      [10, 15, 20],
      20,
    ],
  ])('%s', (_name, from, sides, ceiling, limit, items, lastId) => {
    const page = pollPage(from, sides, ceiling, limit);
    expect(positions(page.items)).toEqual(items);
    expect(page.lastId).toBe(lastId);
  });

  it('names the highest item that the next poll sends again', () => {
    expect(pollPage(0, [side([at(5), at(9)]), side([])], 6, 200).resent).toBe(9);
    expect(pollPage(0, [side([at(5)]), side([])], 6, 200).resent).toBeNull();
  });

  it('never more than `limit` items, never a workload twice, for any mix', () => {
    for (let trial = 0; trial < 200; trial++) {
      const ids = Array.from({ length: 40 }, (_, i) => i * 3 + (trial % 3));
      const scan = ids.slice(0, 20).map((id) => at(id));
      const queue = ids
        .filter((_, i) => (i * 7 + trial) % 3 === 0)
        .map((id) => at(id + 200 + trial, id))
        .slice(0, 10);
      const page = pollPage(0, [side(scan, true), side(queue)], 10_000, 15);
      expect(page.items.length).toBeLessThanOrEqual(15);
      expect(new Set(page.items.map((i) => i.key)).size).toBe(page.items.length);
      // Nothing at or below x-last-id was left out.
      const sent = new Set(page.items.map((i) => i.key));
      for (const c of [...scan, ...queue]) if (c.position <= page.lastId) expect(sent.has(c.key)).toBe(true);
    }
  });
});
