/** An answer of the explorer outside 2xx: the status and the server's `error` text. */
export class ExplorerError extends Error {
  constructor(
    readonly status: number,
    /** The server's `{"error": ...}` text (or the raw body when it was not that JSON). */
    readonly error: string,
    /** The parsed body, e.g. `{error, reservation_id}` of an under-funded workload create (402). */
    readonly body: unknown,
    readonly method: string,
    readonly path: string,
  ) {
    super(`${method} ${path}: ${status} ${error}`);
    this.name = 'ExplorerError';
  }

  get isNotFound(): boolean {
    return this.status === 404;
  }

  get isUnauthorized(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

/** The explorer could not be reached at all (refused connection, DNS, timeout). */
export class ExplorerUnreachableError extends Error {
  constructor(
    readonly url: string,
    cause: unknown,
  ) {
    super(`cannot reach the explorer at ${url}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ExplorerUnreachableError';
  }
}
