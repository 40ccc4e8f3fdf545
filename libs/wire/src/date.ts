import { WireError } from './errors';
import { JsonNode } from './json-reader';
import { GO_ZERO_TIME } from './model';

// tfexplorer schema.Date: `^(?:(\d{2,4})/)?(\d{2})/(\d{2,4})(?:\s+(\d{1,2})(am|pm)?:(\d{1,2}))?$` (RE2 \s).
const DATE_RE =
  /^(?:([0-9]{2,4})\/)?([0-9]{2})\/([0-9]{2,4})(?:[\t\n\f\r ]+([0-9]{1,2})(am|pm)?:([0-9]{1,2}))?$/;
const INT64_LIMIT = 2 ** 63;

/** Jumpscale date string to unix seconds (UTC), or null when Go would refuse it. */
export function parseLegacyDate(text: string, now: Date = new Date()): number | null {
  const m = DATE_RE.exec(text);
  if (!m) return null;
  const [, first = '', month, last, hour = '0', ampm, min = '0'] = m;
  let year: string;
  let day: string;
  if (first === '') {
    year = String(now.getUTCFullYear());
    day = last;
  } else if (first.length === 4 && last.length === 4) {
    return null;
  } else if (last.length === 4) {
    year = last;
    day = first;
  } else {
    year = first;
    day = last;
  }
  let y = Number(year);
  if (y < 100) y += 2000;
  let h = Number(hour);
  if (ampm === 'pm') h += 12;
  // Date.UTC normalises overflowing fields the same way Go's time.Date does.
  return Date.UTC(y, Number(month) - 1, Number(day), h, Number(min)) / 1000;
}

/**
 * schema.Date decoding: a number goes through float64 and is truncated toward zero; "" is Go's zero
 * time; other strings must be legacy dates; null, booleans and containers are errors.
 */
export function decodeDate(node: JsonNode, path: string): number {
  switch (node.kind) {
    case 'number': {
      const v = Math.trunc(Number(node.raw));
      if (!Number.isFinite(v) || Math.abs(v) >= INT64_LIMIT) {
        throw new WireError(`date ${node.raw} of field "${path}" is out of range`);
      }
      return v === 0 ? 0 : v;
    }
    case 'string': {
      if (node.value === '') return GO_ZERO_TIME;
      const v = parseLegacyDate(node.value);
      if (v === null) throw new WireError(`invalid date string '${node.value}' in field "${path}"`);
      return v;
    }
    default:
      throw new WireError(`unknown date format: ${node.kind} in field "${path}"`);
  }
}
