import { badRequest, unauthorized } from './errors';

/** `signing_request_provision` / `signing_request_delete`. */
export interface SigningRequest {
  readonly signers: readonly number[];
  readonly quorum_min: number;
}

/** Only the signer matters for quorum rules; signature bytes are verified elsewhere. */
export interface SignatureRef {
  readonly tid: number;
}

export function isSigner(request: SigningRequest, tid: number): boolean {
  return request.signers.includes(tid);
}

/** Distinct tids that signed and are listed in the request (reference `countSignatures`). */
export function countSignatures(request: SigningRequest, signatures: readonly SignatureRef[]): number {
  const counted = new Set<number>();
  for (const s of signatures) if (isSigner(request, s.tid)) counted.add(s.tid);
  return counted.size;
}

/** Raw quorum test: `quorum_min` 0 is met at once. */
export function quorumMet(request: SigningRequest, signatures: readonly SignatureRef[]): boolean {
  return countSignatures(request, signatures) >= request.quorum_min;
}

/** Provision: quorum 0 means "no multisig", satisfied immediately. */
export function provisionSatisfied(request: SigningRequest, signatures: readonly SignatureRef[]): boolean {
  return quorumMet(request, signatures);
}

/** Delete: quorum 0 means users can never delete (reference pipeline). */
export function deleteSatisfied(request: SigningRequest, signatures: readonly SignatureRef[]): boolean {
  return request.quorum_min > 0 && quorumMet(request, signatures);
}

/**
 * Reference `userCanSign`: an unlisted tid is 401, a second signature by the same tid is 400.
 * The 400 text says "for deletion" for both requests, as the reference does.
 */
export function assertCanSign(
  request: SigningRequest,
  signatures: readonly SignatureRef[],
  tid: number,
): void {
  if (!isSigner(request, tid)) throw unauthorized(`signature not required for user '${tid}'`);
  if (signatures.some((s) => s.tid === tid)) {
    throw badRequest(`user ${tid} has already signed the reservation for deletion`);
  }
}
