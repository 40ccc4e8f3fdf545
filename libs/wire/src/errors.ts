/** A body that Go's decoder (or our stricter rules, go-compat.md) rejects; the service answers 400. */
export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}
