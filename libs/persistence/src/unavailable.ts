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

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  const driverCode = (error as { driverError?: { code?: unknown } }).driverError?.code;
  return (
    UNAVAILABLE_CODES.has(String(code)) ||
    UNAVAILABLE_CODES.has(String(driverCode)) ||
    /Connection terminated|timeout exceeded when trying to connect|Cannot use a pool after calling end/i.test(
      error.message,
    )
  );
}
