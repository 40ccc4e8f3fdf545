import { WireError } from '../errors';
import { normalizeIP, normalizeIPRange } from '../ip';
import { foldKey, JsonNode, parseJson } from '../json-reader';
import { DiskTypeValue, NextActionValue, StringMap, WorkloadType } from '../model';

/**
 * Typed decoders with Go encoding/json semantics: keys fold case-insensitively, members apply in
 * order (last duplicate wins, a repeated object merges into the previous one like Go's decoding
 * into an existing struct or map), unknown keys are ignored, `null` leaves scalars and structs
 * untouched and sets arrays, maps and IPs to empty. Every failure is a WireError naming the field.
 */

/** Decodes one field's value; `prev` is its current value (Go decodes into what is there). */
type FieldDecoder<V> = (node: JsonNode, path: string, prev: V, src: string) => V;
/** A field table: each JSON key (a property of T) written once, with the decoder of its value. */
export type FieldTable<T> = { readonly [K in keyof T]?: FieldDecoder<T[K]> };
type Setter<T> = (target: T, node: JsonNode, path: string, src: string) => void;
export type Fields<T> = ReadonlyMap<string, Setter<T>>;

/** The setters of a table, derived from its keys: a key that is not a field of T does not compile. */
export function fields<T>(table: FieldTable<T>): Fields<T> {
  return new Map(
    (Object.keys(table) as (keyof T & string)[]).map((key) => {
      const decode = table[key] as FieldDecoder<T[typeof key]>;
      const set: Setter<T> = (target, node, path, src) => {
        target[key] = decode(node, path, target[key], src);
      };
      return [key, set];
    }),
  );
}

/** A struct field decoded into the value already there (Go merges a repeated object). */
export function nested<S extends object>(table: Fields<S>): FieldDecoder<S> {
  return (node, path, prev, src) => {
    applyFields(prev, node, path, table, src);
    return prev;
  };
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

function what(node: JsonNode): string {
  return node.kind === 'number' ? `number ${node.raw}` : node.kind;
}

export function typeError(node: JsonNode, path: string, goType: string): WireError {
  return new WireError(`json: cannot unmarshal ${what(node)} into field "${path}" of type ${goType}`);
}

export function applyFields<T>(target: T, node: JsonNode, path: string, table: Fields<T>, src: string): void {
  if (node.kind === 'null') return;
  if (node.kind !== 'object') throw typeError(node, path || '(body)', 'object');
  const { keys, values } = node;
  for (let i = 0; i < keys.length; i++) {
    const name = foldKey(keys[i]);
    const set = table.get(name);
    if (set) set(target, values[i], join(path, name), src);
  }
}

const INTEGER_RE = /^-?(?:0|[1-9][0-9]*)$/;

/** An exact integer literal within [min, max] (both safe integers); null keeps the previous value. */
export function integer(
  node: JsonNode,
  path: string,
  prev: number,
  goType: string,
  min: number,
  max: number,
): number {
  if (node.kind === 'null') return prev;
  if (node.kind !== 'number' || !INTEGER_RE.test(node.raw)) throw typeError(node, path, goType);
  const v = Number(node.raw);
  if (v < min || v > max) {
    if (max === Number.MAX_SAFE_INTEGER && v > max) {
      throw new WireError(`number ${node.raw} of field "${path}" is beyond the supported integer range`);
    }
    throw typeError(node, path, goType);
  }
  return v === 0 ? 0 : v;
}

export const int64 = (n: JsonNode, p: string, prev: number): number =>
  integer(n, p, prev, 'int64', -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
export const uint64 = (n: JsonNode, p: string, prev: number): number =>
  integer(n, p, prev, 'uint64', 0, Number.MAX_SAFE_INTEGER);
export const uint32 = (n: JsonNode, p: string, prev: number): number =>
  integer(n, p, prev, 'uint32', 0, 0xffffffff);

/** A capacity (cpu, memory): int64 on the wire, but a negative request makes no sense (go-compat). */
export function nonNegative(n: JsonNode, p: string, prev: number): number {
  const v = int64(n, p, prev);
  if (v < 0) throw new WireError(`field "${p}" can not be negative`);
  return v;
}

/** A uint8 enum restricted to its named values 0..max (Go would accept up to 255). */
export function enumeration<E extends number>(n: JsonNode, p: string, prev: E, name: string, max: number): E {
  const v = integer(n, p, prev, name, 0, 255);
  if (v > max) throw new WireError(`invalid value ${v} for field "${p}" of type ${name}`);
  return v as E;
}

export const workloadTypeEnum = (n: JsonNode, p: string, prev: WorkloadType): WorkloadType =>
  enumeration(n, p, prev, 'WorkloadTypeEnum', 10);
export const nextActionEnum = (n: JsonNode, p: string, prev: NextActionValue): NextActionValue =>
  enumeration(n, p, prev, 'NextActionEnum', 7);
export const diskTypeEnum = (n: JsonNode, p: string, prev: DiskTypeValue): DiskTypeValue =>
  enumeration(n, p, prev, 'DiskTypeEnum', 1);

export function string(n: JsonNode, p: string, prev: string): string {
  if (n.kind === 'null') return prev;
  if (n.kind !== 'string') throw typeError(n, p, 'string');
  return n.value;
}

export function bool(n: JsonNode, p: string, prev: boolean): boolean {
  if (n.kind === 'null') return prev;
  if (n.kind !== 'bool') throw typeError(n, p, 'bool');
  return n.value;
}

/** net.IP: null clears it (a nil slice); text must parse. */
export function ip(n: JsonNode, p: string): string {
  if (n.kind === 'null') return '';
  if (n.kind !== 'string') throw typeError(n, p, 'net.IP');
  const v = normalizeIP(n.value);
  if (v === null) throw new WireError(`invalid IP address: ${n.value} (field "${p}")`);
  return v;
}

/** schema.IPRange (a struct): null leaves it as it was. */
export function ipRange(n: JsonNode, p: string, prev: string): string {
  if (n.kind === 'null') return prev;
  if (n.kind !== 'string') throw typeError(n, p, 'schema.IPRange');
  const v = normalizeIPRange(n.value);
  if (v === null) throw new WireError(`invalid CIDR address: ${n.value} (field "${p}")`);
  return v;
}

export function raw(n: JsonNode, src: string): string | null {
  return n.kind === 'null' ? null : src.slice(n.start, n.end);
}

export function array<E>(
  n: JsonNode,
  p: string,
  src: string,
  item: (n: JsonNode, p: string, src: string) => E,
): E[] | null {
  if (n.kind === 'null') return null;
  if (n.kind !== 'array') throw typeError(n, p, 'array');
  return n.items.map((node, i) => item(node, `${p}[${i}]`, src));
}

export function stringMap(n: JsonNode, p: string, prev: StringMap | null): StringMap | null {
  if (n.kind === 'null') return null;
  if (n.kind !== 'object') throw typeError(n, p, 'map[string]string');
  const out: StringMap = Object.create(null) as StringMap;
  if (prev) Object.assign(out, prev);
  n.keys.forEach((k, i) => (out[k] = string(n.values[i], `${p}[${JSON.stringify(k)}]`, '')));
  return out;
}

export function struct<T>(init: () => T, table: Fields<T>): (n: JsonNode, p: string, src: string) => T {
  return (n, p, src) => {
    const v = init();
    applyFields(v, n, p, table, src);
    return v;
  };
}

export const strings = (n: JsonNode, p: string): string[] | null =>
  array(n, p, '', (e, q) => string(e, q, ''));
export const ids = (n: JsonNode, p: string): number[] | null => array(n, p, '', (e, q) => int64(e, q, 0));

export function objectRoot(body: string, what: string): JsonNode & { kind: 'object' } {
  const root = parseJson(body);
  if (root.kind !== 'object') throw new WireError(`json: cannot unmarshal ${root.kind} into ${what}`);
  return root;
}

/** Decodes a whole body into `target` (its zero value) with a field table: the shape of every top-level decoder. */
export function decodeInto<T>(text: string, what: string, target: T, table: Fields<T>): T {
  applyFields(target, objectRoot(text, what), '', table, text);
  return target;
}
