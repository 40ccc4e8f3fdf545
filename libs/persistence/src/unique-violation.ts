import { QueryFailedError } from 'typeorm';

const UNIQUE_VIOLATION = '23505';

/** A statement broke a unique index (`constraint` given: that one). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return (
    driverError.code === UNIQUE_VIOLATION &&
    (constraint === undefined || driverError.constraint === constraint)
  );
}
