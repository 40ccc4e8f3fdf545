/**
 * A response body that is already JSON text (precomputed wire JSON, exact int64 output). The response
 * interceptor sends it verbatim with the JSON content type; `null` results become the literal `null`.
 */
export class RawJson {
  constructor(readonly text: string) {}

  static array(items: readonly string[]): RawJson {
    return new RawJson(`[${items.join(',')}]`);
  }
}

export const JSON_NULL = new RawJson('null');

/** A non-JSON body (Prometheus text) passed through the JSON response interceptor untouched. */
export class PlainText {
  constructor(
    readonly text: string,
    readonly contentType: string,
  ) {}
}
