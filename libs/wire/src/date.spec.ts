import { decodeDate, parseLegacyDate } from './date';
import { parseJson } from './json-reader';
import { GO_ZERO_TIME } from './model';

const date = (json: string): number => decodeDate(parseJson(json), 'epoch');

describe('schema.Date decoding', () => {
  it.each([
    ['1600000000', 1600000000],
    ['1600000000.99', 1600000000],
    ['-1.5', -1],
    ['-0.5', 0],
    ['1.6e9', 1600000000],
    ['9007199254740993', 9007199254740992],
    ['0', 0],
    ['""', GO_ZERO_TIME],
    ['"01/02/2020 10:30"', Date.UTC(2020, 1, 1, 10, 30) / 1000],
    ['"2020/02/01"', Date.UTC(2020, 1, 1) / 1000],
    ['"20/02/01 3pm:05"', Date.UTC(2020, 1, 1, 15, 5) / 1000],
    ['"01/13/2020"', Date.UTC(2021, 0, 1) / 1000],
  ])('%s → %d', (json, value) => {
    expect(date(json)).toBe(value);
  });

  it.each(['null', 'true', '"1600000000"', '"2020-02-01T10:30:00Z"', '[]', '{}', '1e19', '"2020/02/2020"'])(
    'rejects %s',
    (json) => {
      expect(() => date(json)).toThrow(/epoch/);
    },
  );

  it('reads MM/DD as the current year', () => {
    expect(parseLegacyDate('03/04', new Date(Date.UTC(2021, 5, 1)))).toBe(Date.UTC(2021, 2, 4) / 1000);
  });
});
