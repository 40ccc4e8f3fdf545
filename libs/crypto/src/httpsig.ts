import { createHash } from 'node:crypto';
import { signEd25519, verifyEd25519Async } from './ed25519';

/**
 * HTTP Signatures (draft-cavage-http-signatures-12, ed25519) as the Go explorer's zaibon/httpsig
 * verifier reads them (directory.md §3), plus our hardening (decisions.md §2.6): `threebot-id` must
 * equal keyId, an optional freshness window on `created`, and `digest` checked when it was signed.
 */

export const REQUIRED_SIGNED_HEADERS = ['(created)', 'date', 'threebot-id'] as const;

/** The `WWW-Authenticate` challenge naming what a request must sign. */
export function wwwAuthenticate(required: readonly string[] = REQUIRED_SIGNED_HEADERS): string {
  return `Signature headers="${required.join(' ')}"`;
}
const SUPPORTED_ALGORITHMS = new Set(['rsa-sha1', 'rsa-sha256', 'hmac-sha256', 'ed25519']);
/** Go's zero time in unix seconds: what a missing/invalid (created) renders as. */
const GO_ZERO_UNIX = -62135596800;
const PARAM_RE = /(\w+)="([^"]*)"/g;

export interface SignatureParams {
  keyId?: string;
  algorithm?: string;
  headers: string[];
  signature?: string;
  created?: number;
  expires?: number;
}

/** The parts of a request the signing string covers. Header names are lower case (Node does that). */
export interface SignedRequestView {
  method: string;
  /** Path plus `?query` exactly as requested. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  /** Raw body, checked only when `digest` is among the signed headers. */
  body?: string | Buffer;
}

export class HttpSignatureError extends Error {
  constructor(
    reason: string,
    /** What the request had to sign (for the `WWW-Authenticate` challenge). */
    readonly requiredHeaders: readonly string[] = REQUIRED_SIGNED_HEADERS,
  ) {
    super(`unauthorized access: ${reason}`);
    this.name = 'HttpSignatureError';
  }
}

function parseUnix(value: string): number | undefined {
  return /^-?\d+$/.test(value) ? Number(value) : undefined;
}

/** Parameters of the last `Authorization: Signature ...` header carrying at least one parameter. */
export function parseSignatureHeader(authorization: string | string[] | undefined): SignatureParams | null {
  const candidates = Array.isArray(authorization) ? authorization : authorization ? [authorization] : [];
  let found: SignatureParams | null = null;
  for (const value of candidates) {
    if (!value.startsWith('Signature ')) continue;
    const params: SignatureParams = { headers: ['date'] };
    let any = false;
    for (const [, name, raw] of value.slice('Signature '.length).matchAll(PARAM_RE)) {
      any = true;
      if (name === 'keyId') params.keyId = raw;
      else if (name === 'algorithm') params.algorithm = raw;
      else if (name === 'signature') params.signature = raw;
      else if (name === 'headers') params.headers = raw.toLowerCase().split(' ').filter(Boolean);
      else if (name === 'created') params.created = parseUnix(raw);
      // Go clients send a mangled non-integer `expires`: ignored like the reference does.
      else if (name === 'expires') params.expires = parseUnix(raw);
    }
    if (any) found = params;
  }
  return found;
}

function headerLines(req: SignedRequestView, name: string): string[] {
  const value = req.headers[name];
  if (value === undefined) throw new HttpSignatureError(`expected ${name} to exists`);
  return (Array.isArray(value) ? value : [value]).map((v) => `${name}: ${v.trim()}`);
}

/** The exact string that was signed, in the client's header order (directory.md §3.2). */
export function signingString(
  params: SignatureParams,
  req: SignedRequestView,
  now: Date = new Date(),
): string {
  const lines: string[] = [];
  for (const name of params.headers) {
    if (name === '(created)') lines.push(`(created): ${params.created ?? GO_ZERO_UNIX}`);
    else if (name === '(expires)') lines.push(`(expires): ${params.expires ?? GO_ZERO_UNIX}`);
    else if (name === '(request-target)')
      lines.push(`(request-target): ${req.method.toLowerCase()} ${req.url}`);
    else if (name === 'date' && req.headers.date === undefined) lines.push(`date: ${now.toUTCString()}`);
    else lines.push(...headerLines(req, name));
  }
  return lines.join('\n');
}

export interface VerifyOptions {
  /** Maximum |now − created| in seconds; null disables the freshness window. */
  freshnessSeconds: number | null;
  /** Entries the signature must cover beyond REQUIRED_SIGNED_HEADERS (strict mode: request target, digest). */
  alsoRequired?: readonly string[];
  now?: Date;
}

export interface VerifiedSignature {
  keyId: string;
}

/**
 * Verifies the request's signature. `resolveKey` maps keyId to a raw 32-byte public key or throws an
 * HttpSignatureError with the reason (user: phonebook lookup; node: base58 decode of the id).
 */
export async function verifyHttpSignature(
  req: SignedRequestView,
  resolveKey: (keyId: string) => Promise<Uint8Array> | Uint8Array,
  options: VerifyOptions,
): Promise<VerifiedSignature> {
  const params = parseSignatureHeader(req.headers.authorization);
  if (!params) throw new HttpSignatureError('no params present');
  if (!params.keyId) throw new HttpSignatureError('keyId is required');
  if (!params.algorithm) throw new HttpSignatureError('algorithm is required');
  if (!params.signature) throw new HttpSignatureError('signature is required');
  if (!SUPPORTED_ALGORITHMS.has(params.algorithm))
    throw new HttpSignatureError(`unsupported algorithm "${params.algorithm}"`);
  const requiredHeaders = [...REQUIRED_SIGNED_HEADERS, ...(options.alsoRequired ?? [])];
  for (const required of requiredHeaders) {
    if (!params.headers.includes(required))
      throw new HttpSignatureError(`missing required header in signature "${required}"`, requiredHeaders);
  }
  const now = options.now ?? new Date();
  const text = signingString(params, req, now);
  const threebotId = req.headers['threebot-id'];
  if (threebotId !== params.keyId) throw new HttpSignatureError('threebot-id header does not match keyId');
  if (options.freshnessSeconds !== null) {
    if (params.created === undefined) throw new HttpSignatureError('created is required');
    if (Math.abs(now.getTime() / 1000 - params.created) > options.freshnessSeconds) {
      throw new HttpSignatureError('signature created outside the accepted time window');
    }
  }
  if (params.headers.includes('digest')) assertDigest(req);
  if (params.algorithm !== 'ed25519') throw new HttpSignatureError('signature verification failed');
  const key = await resolveKey(params.keyId);
  if (key.length !== 32) throw new HttpSignatureError('public key has the wrong size');
  const signature = Buffer.from(params.signature, 'base64');
  if (!(await verifyEd25519Async(key, Buffer.from(text, 'utf8'), signature))) {
    throw new HttpSignatureError('signature verification failed');
  }
  return { keyId: params.keyId };
}

function assertDigest(req: SignedRequestView): void {
  const header = req.headers.digest;
  const value = Array.isArray(header) ? header[0] : header;
  const body = req.body ?? '';
  const expected = createHash('sha256').update(body).digest('base64');
  const matches = (value ?? '').split(',').some((part) => {
    const eq = part.indexOf('=');
    return part.slice(0, eq).trim().toLowerCase() === 'sha-256' && part.slice(eq + 1).trim() === expected;
  });
  if (!matches) throw new HttpSignatureError('digest does not match the body');
}

export interface SignRequestInput {
  keyId: string;
  secretKey: Uint8Array;
  method: string;
  url: string;
  created?: number;
  date?: string;
  /** Extra signed entries beyond the required ones, e.g. '(request-target)' or 'digest'. */
  extraHeaders?: string[];
  body?: string | Buffer;
}

/** Client side: the headers a signed request carries (what the Go client and js-sdk send). */
export function signRequestHeaders(input: SignRequestInput): Record<string, string> {
  const created = input.created ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    date: input.date ?? new Date(created * 1000).toUTCString(),
    'threebot-id': input.keyId,
  };
  const signed = [...REQUIRED_SIGNED_HEADERS, ...(input.extraHeaders ?? [])];
  if (signed.includes('digest')) {
    headers.digest = `SHA-256=${createHash('sha256')
      .update(input.body ?? '')
      .digest('base64')}`;
  }
  const params: SignatureParams = { keyId: input.keyId, algorithm: 'ed25519', headers: signed, created };
  const text = signingString(params, { method: input.method, url: input.url, headers });
  const signature = Buffer.from(signEd25519(input.secretKey, Buffer.from(text, 'utf8'))).toString('base64');
  headers.authorization =
    `Signature keyId="${input.keyId}",algorithm="ed25519",created="${created}",` +
    `headers="${signed.join(' ')}",signature="${signature}"`;
  return headers;
}
