import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { badRequest } from '@app/domain';

/** Longest string a DTO field takes unless it declares its own limit with @TextLimit (README "Input rules"). */
export const DEFAULT_TEXT_LIMIT = 255;
const TEXT_LIMIT = Symbol('textLimit');

/** Overrides DEFAULT_TEXT_LIMIT for one string (or string-array) field. */
export const TextLimit =
  (characters: number): PropertyDecorator =>
  (target, property) =>
    Reflect.defineMetadata(TEXT_LIMIT, characters, target, property);

export type Class = new () => object;
const PRIMITIVES = new Set<unknown>([String, Number, Boolean, Object, Array]);

/** The class of a nested DTO field (`@Type(() => X)` for arrays, the declared type otherwise). */
export function nestedClass(cls: Class, key: string, declared: unknown): Class | undefined {
  const typed = defaultMetadataStorage.findTypeMetadata(cls, key)?.typeFunction() as Class | undefined;
  if (typed && !PRIMITIVES.has(typed)) return typed;
  return typeof declared === 'function' && !PRIMITIVES.has(declared) ? (declared as Class) : undefined;
}

/** Go's zero value of a field's declared type: what `encoding/json` leaves for a JSON `null`. */
function zeroOf(declared: unknown): unknown {
  if (declared === String) return '';
  if (declared === Number) return 0;
  if (declared === Boolean) return false;
  if (declared === Array) return [];
  return {};
}

function checkText(text: unknown, limit: number, where: string): void {
  if (typeof text === 'string' && text.length > limit)
    throw badRequest(`${where} is longer than ${limit} characters`);
}

/**
 * Decodes a body the way Go's `encoding/json` fills a struct, driven by the DTO's own metadata: a
 * `null` field becomes the zero value of its type (`''`, `0`, `false`, an empty array or map, a zero
 * nested object) — so a Go nil slice or map means empty, exactly like `[]`, `{}` or an absent field
 * with a default. It also caps every string field at its text limit (unique indexes have a row size
 * limit). Opaque maps (`Record<string, unknown>`) are taken as they are.
 */
export function decodeLikeGo(value: unknown, cls: Class, path = ''): unknown {
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const declared: unknown = Reflect.getMetadata('design:type', cls.prototype, key);
    if (declared === undefined) continue; // not a field of the DTO: the whitelist drops it
    const where = path === '' ? key : `${path}.${key}`;
    if (record[key] === null) record[key] = zeroOf(declared);
    const field = record[key];
    const nested = nestedClass(cls, key, declared);
    const limit =
      (Reflect.getMetadata(TEXT_LIMIT, cls.prototype, key) as number | undefined) ?? DEFAULT_TEXT_LIMIT;
    if (Array.isArray(field)) {
      field.forEach((item, i) => {
        if (nested) field[i] = decodeLikeGo(item, nested, `${where}[${i}]`);
        else checkText(item, limit, `${where}[${i}]`);
      });
    } else if (nested) {
      record[key] = decodeLikeGo(field, nested, where);
    } else {
      checkText(field, limit, where);
    }
  }
  return record;
}

/** Every `@Body()` DTO goes through decodeLikeGo before validation; `items` for array bodies. */
@Injectable()
export class GoDecodePipe implements PipeTransform {
  constructor(readonly items?: Class) {}

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body') return value;
    if (this.items) {
      if (value === null) return [];
      return Array.isArray(value) ? value.map((item) => decodeLikeGo(item, this.items!)) : value;
    }
    const cls = metadata.metatype as Class | undefined;
    return cls && !PRIMITIVES.has(cls) ? decodeLikeGo(value, cls) : value;
  }
}
