import { pollLastId } from './poll-cursor';

describe('pollLastId', () => {
  it.each<[string, number, number[], number, number]>([
    ['page of rows: last row returned', 0, [3, 5, 8], 100, 8],
    ['truncated page never jumps past unreturned rows', 10, [10, 11, 12], 500, 12],
    ['idle node jumps to the ceiling', 51, [], 100, 100],
    ['idle node at the ceiling stays put', 101, [], 100, 100],
    ['idle from 0 with nothing committed', 0, [], 0, 0],
    ['uncommitted id 45 below a returned 50: stop before it', 40, [41, 50], 44, 44],
    ['ceiling below from never steps back', 60, [61], 30, 59],
    ['rows out of order still give the largest', 0, [9, 4], 20, 9],
  ])('%s', (_name, from, rows, ceiling, want) => {
    expect(pollLastId(from, rows, ceiling)).toBe(want);
  });
});
