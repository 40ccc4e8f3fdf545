import { WireError } from './errors';
import { foldKey, parseJson } from './json-reader';

describe('parseJson', () => {
  it('keeps number text, member order and duplicates', () => {
    const node = parseJson(' {"a": 9007199254740993, "b": [1.50, -0, 1e3], "a": null} ');
    expect(node.kind).toBe('object');
    if (node.kind !== 'object') return;
    expect(node.keys).toEqual(['a', 'b', 'a']);
    expect(node.values[0]).toMatchObject({ kind: 'number', raw: '9007199254740993' });
    const arr = node.values[1];
    expect(arr.kind === 'array' && arr.items.map((i) => (i.kind === 'number' ? i.raw : ''))).toEqual([
      '1.50',
      '-0',
      '1e3',
    ]);
  });

  it('records source spans for raw values', () => {
    const src = '{"d": {"x" : [1, 2]} }';
    const node = parseJson(src);
    if (node.kind !== 'object') throw new Error();
    const d = node.values[0];
    expect(src.slice(d.start, d.end)).toBe('{"x" : [1, 2]}');
  });

  it('decodes escapes; lone surrogates become U+FFFD, pairs combine', () => {
    const node = parseJson('"a\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\\ud800x\\udc00"');
    expect(node).toMatchObject({ kind: 'string', value: 'a"\\/\b\f\n\r\té😀\ufffdx\ufffd' });
  });

  it.each([
    ['', 'empty body'],
    ['\ufeff{}', 'BOM'],
    ['{} x', 'trailing bytes'],
    ['{}{}', 'second value'],
    ['{"a":1,}', 'trailing comma'],
    ['{"a":01}', 'leading zero'],
    ['{"a":1.}', 'bare dot'],
    ['{"a":.5}', 'leading dot'],
    ['{"a":+1}', 'plus sign'],
    ['{"a":"\u0001"}', 'raw control character'],
    ['{"a":"\\x"}', 'bad escape'],
    ['{"a":"\\u12"}', 'short unicode escape'],
    ['{"a":tru}', 'bad literal'],
    ['{"a":NaN}', 'NaN'],
    ["{'a':1}", 'single quotes'],
    ['{"a" 1}', 'missing colon'],
    ['[1 2]', 'missing comma'],
    ['{"a":"x}', 'unterminated string'],
  ])('rejects %j (%s)', (text) => {
    expect(() => parseJson(text)).toThrow(WireError);
  });

  it('accepts nesting up to 1000 levels and rejects deeper bodies with a WireError', () => {
    expect(() => parseJson('['.repeat(1000) + ']'.repeat(1000))).not.toThrow();
    expect(() => parseJson('['.repeat(100000) + ']'.repeat(100000))).toThrow('exceeded max depth');
  });
});

describe('foldKey', () => {
  it('folds like Go (ASCII case, Kelvin sign, long s)', () => {
    expect(foldKey('Workload_TYPE')).toBe('workload_type');
    expect(foldKey('\u212aey')).toBe('key');
    expect(foldKey('\u017fize')).toBe('size');
    expect(foldKey('sİze')).not.toBe('size');
  });
});
