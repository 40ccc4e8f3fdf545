import { WireError } from './errors';

/**
 * A parsed JSON value that keeps what JSON.parse throws away: the raw text of numbers and the source
 * span of every value (raw JSON fields are stored verbatim). Object members keep their order and
 * duplicates, so decoders can apply Go's "last one wins" and case-insensitive matching.
 */
export type JsonNode =
  | { readonly kind: 'null'; readonly start: number; readonly end: number }
  | { readonly kind: 'bool'; readonly value: boolean; readonly start: number; readonly end: number }
  | { readonly kind: 'number'; readonly raw: string; readonly start: number; readonly end: number }
  | { readonly kind: 'string'; readonly value: string; readonly start: number; readonly end: number }
  | { readonly kind: 'array'; readonly items: JsonNode[]; readonly start: number; readonly end: number }
  | {
      readonly kind: 'object';
      readonly keys: string[];
      readonly values: JsonNode[];
      readonly start: number;
      readonly end: number;
    };

/** Go allows 10000 levels; the recursive parser stops earlier to stay clear of the JS stack limit. */
const MAX_DEPTH = 1000;
const NUMBER_RE = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
// eslint-disable-next-line no-control-regex -- raw control characters end the fast path (JSON forbids them)
const PLAIN_STRING_RE = /[^"\\\u0000-\u001f]*/y;

function describe(src: string, pos: number): string {
  if (pos >= src.length) return 'unexpected end of JSON input';
  const ch = src[pos];
  return `invalid character ${JSON.stringify(ch)} at offset ${pos}`;
}

class Parser {
  pos = 0;
  constructor(readonly src: string) {}

  fail(context: string): never {
    throw new WireError(`${describe(this.src, this.pos)} ${context}`.trim());
  }

  ws(): void {
    const s = this.src;
    let p = this.pos;
    for (;;) {
      const c = s.charCodeAt(p);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) p++;
      else break;
    }
    this.pos = p;
  }

  value(depth: number): JsonNode {
    this.ws();
    const start = this.pos;
    const c = this.src.charCodeAt(start);
    switch (c) {
      case 0x7b: // {
        return this.object(depth + 1);
      case 0x5b: // [
        return this.array(depth + 1);
      case 0x22: // "
        return { kind: 'string', value: this.string(), start, end: this.pos };
      case 0x74: // t
        return this.literal('true', { kind: 'bool', value: true, start, end: start + 4 });
      case 0x66: // f
        return this.literal('false', { kind: 'bool', value: false, start, end: start + 5 });
      case 0x6e: // n
        return this.literal('null', { kind: 'null', start, end: start + 4 });
      default: {
        NUMBER_RE.lastIndex = start;
        const m = NUMBER_RE.exec(this.src);
        if (!m || m[0].length === 0 || m[0] === '-') this.fail('looking for beginning of value');
        this.pos = start + m[0].length;
        return { kind: 'number', raw: m[0], start, end: this.pos };
      }
    }
  }

  literal(text: string, node: JsonNode): JsonNode {
    for (let i = 0; i < text.length; i++) {
      if (this.src[this.pos] !== text[i]) this.fail(`in literal ${text}`);
      this.pos++;
    }
    return node;
  }

  object(depth: number): JsonNode {
    if (depth > MAX_DEPTH) this.fail('exceeded max depth');
    const start = this.pos++;
    const keys: string[] = [];
    const values: JsonNode[] = [];
    this.ws();
    if (this.src.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return { kind: 'object', keys, values, start, end: this.pos };
    }
    for (;;) {
      this.ws();
      if (this.src.charCodeAt(this.pos) !== 0x22) this.fail('looking for beginning of object key string');
      keys.push(this.string());
      this.ws();
      if (this.src.charCodeAt(this.pos) !== 0x3a) this.fail('after object key');
      this.pos++;
      values.push(this.value(depth));
      this.ws();
      const c = this.src.charCodeAt(this.pos);
      this.pos++;
      if (c === 0x7d) return { kind: 'object', keys, values, start, end: this.pos };
      if (c !== 0x2c) {
        this.pos--;
        this.fail('after object key:value pair');
      }
    }
  }

  array(depth: number): JsonNode {
    if (depth > MAX_DEPTH) this.fail('exceeded max depth');
    const start = this.pos++;
    const items: JsonNode[] = [];
    this.ws();
    if (this.src.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return { kind: 'array', items, start, end: this.pos };
    }
    for (;;) {
      items.push(this.value(depth));
      this.ws();
      const c = this.src.charCodeAt(this.pos);
      this.pos++;
      if (c === 0x5d) return { kind: 'array', items, start, end: this.pos };
      if (c !== 0x2c) {
        this.pos--;
        this.fail('after array element');
      }
    }
  }

  /** Reads a string starting at the opening quote; lone surrogate escapes become U+FFFD like Go. */
  string(): string {
    const s = this.src;
    this.pos++;
    PLAIN_STRING_RE.lastIndex = this.pos;
    PLAIN_STRING_RE.exec(s);
    let p = PLAIN_STRING_RE.lastIndex;
    if (s.charCodeAt(p) === 0x22) {
      const out = s.slice(this.pos, p);
      this.pos = p + 1;
      return out;
    }
    let out = s.slice(this.pos, p);
    for (;;) {
      const c = s.charCodeAt(p);
      if (c === 0x22) {
        this.pos = p + 1;
        return out;
      }
      if (Number.isNaN(c) || c < 0x20) {
        this.pos = p;
        this.fail('in string literal');
      }
      if (c !== 0x5c) {
        out += s[p++];
        continue;
      }
      const e = s[p + 1];
      p += 2;
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          let code = this.hex4(p);
          p += 4;
          if (code >= 0xd800 && code < 0xdc00) {
            const low = s[p] === '\\' && s[p + 1] === 'u' ? this.hex4(p + 2) : -1;
            if (low >= 0xdc00 && low < 0xe000) {
              out += String.fromCharCode(code, low);
              p += 6;
              break;
            }
            code = 0xfffd;
          } else if (code >= 0xdc00 && code < 0xe000) {
            code = 0xfffd;
          }
          out += String.fromCharCode(code);
          break;
        }
        default:
          this.pos = p - 1;
          this.fail('in string escape code');
      }
    }
  }

  hex4(p: number): number {
    const h = this.src.slice(p, p + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(h)) {
      this.pos = p;
      this.fail('in \\u hexadecimal character escape');
    }
    return parseInt(h, 16);
  }
}

/**
 * Parses a whole body: one value, optional surrounding JSON whitespace, nothing else (a BOM or
 * trailing bytes are errors, as in Go's json.Unmarshal).
 */
export function parseJson(text: string): JsonNode {
  const parser = new Parser(text);
  if (text.length === 0) throw new WireError('unexpected end of JSON input');
  const node = parser.value(0);
  parser.ws();
  if (parser.pos !== text.length) parser.fail('after top-level value');
  return node;
}

/** Go's case-insensitive key match: ASCII case folding plus the two non-ASCII folds of 'k' and 's'. */
export function foldKey(key: string): string {
  let out = key.toLowerCase();
  if (/[\u0080-\uffff]/.test(out)) out = out.replace(/\u212a/g, 'k').replace(/\u017f/g, 's');
  return out;
}
