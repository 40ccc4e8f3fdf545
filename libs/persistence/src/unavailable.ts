/** PostgreSQL/driver failures that mean "the database is not answering", not "bad input". */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08006',
]);

/** Duck-typed: socket errors come from Node's core, which need not share our realm's Error class. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message, driverError } = error as {
    code?: unknown;
    message?: unknown;
    driverError?: { code?: unknown };
  };
  return (
    UNAVAILABLE_CODES.has(String(code)) ||
    UNAVAILABLE_CODES.has(String(driverError?.code)) ||
    /Connection terminated|timeout exceeded when trying to connect|Cannot use a pool after calling end/i.test(
      String(message),
    )
  );
}
