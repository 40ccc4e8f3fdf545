/**
 * The one error vocabulary of the service. Rules throw a DomainError with a kind; the HTTP layer maps
 * each kind to exactly one status in one place (apps/explorer/src/http/error.filter.ts) and answers
 * `{"error": message}` (plus `extra` keys where the wire contract has them, e.g. the 402 reservation_id).
 */
export type ErrorKind =
  | 'bad_request'
  | 'unauthorized'
  | 'payment_required'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    /** Additional top-level keys of the error body (wire contract only). */
    readonly extra?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badRequest = (message: string): DomainError => new DomainError('bad_request', message);
export const unauthorized = (message: string): DomainError => new DomainError('unauthorized', message);
export const forbidden = (message: string): DomainError => new DomainError('forbidden', message);
export const notFound = (message: string): DomainError => new DomainError('not_found', message);
export const conflict = (message: string): DomainError => new DomainError('conflict', message);

export function assertUnreachable(value: never): never {
  throw new Error(`unreachable: ${String(value)}`);
}
