/**
 * Go net.ParseIP / net.ParseCIDR and IP.String() / IPNet.String(), as pinned in go-compat.md.
 * Addresses are handled as 16 bytes (IPv4 in the ::ffff: mapped form, as Go stores them).
 */

function parseIPv4Bytes(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    // Leading zeros are refused (they were ambiguous octal in other parsers).
    if (!/^(?:0|[1-9][0-9]{0,2})$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out.push(n);
  }
  return out;
}

function mapped(v4: number[]): Uint8Array {
  return Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...v4]);
}

function parseIPv6Bytes(input: string): Uint8Array | null {
  const ip = new Uint8Array(16);
  let s = input;
  let ellipsis = -1;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return ip;
  }
  let i = 0;
  while (i < 16) {
    const m = /^[0-9a-fA-F]{1,4}/.exec(s);
    if (!m) return null;
    const c = m[0].length;
    if (c < s.length && s[c] === '.') {
      // Trailing embedded IPv4: only in the last 32 bits.
      if (ellipsis < 0 && i !== 12) return null;
      if (i + 4 > 16) return null;
      const v4 = parseIPv4Bytes(s);
      if (!v4) return null;
      ip.set(v4, i);
      s = '';
      i += 4;
      break;
    }
    if (c < s.length && /[0-9a-fA-F]/.test(s[c])) return null;
    const n = parseInt(m[0], 16);
    ip[i] = n >> 8;
    ip[i + 1] = n & 0xff;
    i += 2;
    s = s.slice(c);
    if (s.length === 0) break;
    if (s[0] !== ':' || s.length === 1) return null;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return null;
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return null;
  if (i < 16) {
    if (ellipsis < 0) return null;
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j];
    for (let j = ellipsis + n - 1; j >= ellipsis; j--) ip[j] = 0;
  } else if (ellipsis >= 0) {
    // The ellipsis must stand for at least one group.
    return null;
  }
  return ip;
}

/** Go ParseIP: the first '.' or ':' decides the family; zones and anything else fail. */
function parseIPBytes(s: string): Uint8Array | null {
  for (const ch of s) {
    if (ch === '.') {
      const v4 = parseIPv4Bytes(s);
      return v4 ? mapped(v4) : null;
    }
    if (ch === ':') return parseIPv6Bytes(s);
  }
  return null;
}

function isMapped(ip: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (ip[i] !== 0) return false;
  return ip[10] === 0xff && ip[11] === 0xff;
}

/** Go IP.String() of a 16-byte address. */
function ipText(ip: Uint8Array): string {
  if (isMapped(ip)) return `${ip[12]}.${ip[13]}.${ip[14]}.${ip[15]}`;
  // Longest run of zero groups (first on a tie), compressed only when at least two groups long.
  let e0 = -1;
  let e1 = -1;
  for (let i = 0; i < 16; i += 2) {
    let j = i;
    while (j < 16 && ip[j] === 0 && ip[j + 1] === 0) j += 2;
    if (j > i && j - i > e1 - e0) {
      e0 = i;
      e1 = j;
      i = j;
    }
  }
  if (e1 - e0 <= 2) {
    e0 = -1;
    e1 = -1;
  }
  let out = '';
  for (let i = 0; i < 16; i += 2) {
    if (i === e0) {
      out += '::';
      i = e1;
      if (i >= 16) break;
    } else if (i > 0) {
      out += ':';
    }
    out += ((ip[i] << 8) | ip[i + 1]).toString(16);
  }
  return out;
}

/** Canonical Go text of an IP ("" stays ""), or null when Go would refuse it. */
export function normalizeIP(text: string): string | null {
  if (text.length === 0) return '';
  const ip = parseIPBytes(text);
  return ip ? ipText(ip) : null;
}

/**
 * Canonical Go text of an IP range ("" stays ""), or null when invalid: the address keeps its host
 * bits, the prefix loses leading zeros, IPv4-mapped ranges become IPv4 with prefix - 96 (min 0).
 */
export function normalizeIPRange(text: string): string | null {
  if (text.length === 0) return '';
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const addr = text.slice(0, slash);
  const mask = text.slice(slash + 1);
  const v4 = parseIPv4Bytes(addr);
  const ip = v4 ? mapped(v4) : parseIPv6Bytes(addr);
  if (!ip || !/^[0-9]+$/.test(mask)) return null;
  const bits = v4 ? 32 : 128;
  const digits = mask.replace(/^0+(?=.)/, '');
  if (digits.length > 3 || Number(digits) > bits) return null;
  const prefix = Number(digits);
  if (v4) return `${ipText(ip)}/${prefix}`;
  if (isMapped(ip)) return `${ipText(ip)}/${Math.max(0, prefix - 96)}`;
  return `${ipText(ip)}/${prefix}`;
}

/** How fmt renders an IP or IP range in a challenge: the empty value is `<nil>`. */
export function challengeIPText(text: string): string {
  return text.length === 0 ? '<nil>' : text;
}
