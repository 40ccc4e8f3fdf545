import { Command, InvalidArgumentError } from 'commander';

/** Option parsers: a bad value is a usage error naming the expected form. */
export function integer(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw new InvalidArgumentError('expected a non-negative integer');
  return Number(value);
}

export function amount(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0)
    throw new InvalidArgumentError('expected a non-negative number');
  return n;
}

export function boolean(value: string): boolean {
  if (value === 'true' || value === 'yes' || value === '1') return true;
  if (value === 'false' || value === 'no' || value === '0') return false;
  throw new InvalidArgumentError('expected true or false');
}

export function list(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  ];
}

/** Repeatable `KEY=VALUE`. */
export function keyValue(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError('expected KEY=VALUE');
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
}

/** `ASSET:ADDRESS` wallet addresses of a farm. */
export function wallet(value: string, previous: { asset: string; address: string }[] = []) {
  const colon = value.indexOf(':');
  if (colon <= 0) throw new InvalidArgumentError('expected ASSET:ADDRESS, e.g. TFT:GBX...');
  return [...previous, { asset: value.slice(0, colon), address: value.slice(colon + 1) }];
}

export const ago = (unix: number, now = Date.now() / 1000): string => {
  if (!unix) return 'never';
  const s = Math.max(0, Math.round(now - unix));
  return s < 120 ? `${s}s ago` : s < 7200 ? `${Math.round(s / 60)}m ago` : `${Math.round(s / 3600)}h ago`;
};

export const isoTime = (unix: number): string =>
  unix ? new Date(unix * 1000).toISOString().replace('.000', '') : '-';

/** `--page` and `--size` of every list (the server caps size at 1000). */
export function withPaging(command: Command): Command {
  return command
    .option('--page <n>', 'page (1-based)', integer)
    .option('--size <n>', 'page size (max 1000)', integer);
}
