/**
 * A response body that is already JSON text (precomputed wire JSON, exact int64 output). The response
 * adapter sends it verbatim with the JSON content type; `null` results become the literal `null`.
 */
export class RawJson {
  constructor(readonly text: string) {}

  static array(items: readonly string[]): RawJson {
    return new RawJson(`[${items.join(',')}]`);
  }
}

export const JSON_NULL = new RawJson('null');

/** A body sent as it is with its own content type (Prometheus text, the web page). */
export class PlainText {
  constructor(
    readonly text: string,
    readonly contentType: string,
  ) {}
}
