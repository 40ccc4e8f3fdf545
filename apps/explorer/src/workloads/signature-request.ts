import { badRequest } from '@app/domain';
import { decodeHex } from '@app/crypto';

/** Body of the sign endpoints: `{tid, signature, epoch}`; epoch is ignored (the server stores its time). */
export interface SignatureRequest {
  tid: number;
  signature: string;
  /** Farmer endpoint only: the farm owner refuses instead of approving. */
  refuse: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Type checks as Go's decoder would fail them, then the reference's hex check (before any lookup). */
export function parseSignatureRequest(body: unknown): SignatureRequest {
  if (!isRecord(body)) throw badRequest('json: cannot unmarshal into SigningSignature: expected an object');
  const { tid = 0, signature = '', refuse = false } = body;
  if (typeof tid !== 'number' || !Number.isSafeInteger(tid))
    throw badRequest('json: cannot unmarshal into field "tid" of type int64');
  if (typeof signature !== 'string')
    throw badRequest('json: cannot unmarshal into field "signature" of type string');
  if (typeof refuse !== 'boolean')
    throw badRequest('json: cannot unmarshal into field "refuse" of type bool');
  // decisions.md §2.6 spirit: tid 0 matches any user in the reference's lookup, so it is refused outright.
  if (tid <= 0) throw badRequest('tid is required');
  if (signature === '' || decodeHex(signature) === null)
    throw badRequest('invalid signature expecting hex encoded string');
  return { tid, signature, refuse };
}
