import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign, verify } from 'node:crypto';
import bs58 from 'bs58';
import nacl from 'tweetnacl';

/** DER prefix of an SPKI-wrapped raw ed25519 public key: node:crypto has no "raw key" import. */
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/;

export const ED25519_PUBLIC_KEY_BYTES = 32;
export const ED25519_SIGNATURE_BYTES = 64;

/** Strict hex decode: null for odd length or non-hex characters (Go's hex.DecodeString fails likewise). */
export function decodeHex(text: string): Buffer | null {
  return HEX_RE.test(text) ? Buffer.from(text, 'hex') : null;
}

export function isHexPublicKey(text: string): boolean {
  return decodeHex(text)?.length === ED25519_PUBLIC_KEY_BYTES;
}

const keyCache = new Map<string, KeyObject>();
const KEY_CACHE_LIMIT = 50_000;

/** node:crypto key object for a raw 32-byte key; cached because nodes and users sign again and again. */
export function publicKeyObject(raw: Uint8Array): KeyObject {
  const id = Buffer.from(raw).toString('latin1');
  let key = keyCache.get(id);
  if (!key) {
    key = createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
    if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
    keyCache.set(id, key);
  }
  return key;
}

/** ed25519 verify over the raw message (no pre-hash); false for any malformed key or signature. */
export function verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== ED25519_PUBLIC_KEY_BYTES || signature.length !== ED25519_SIGNATURE_BYTES)
    return false;
  try {
    return verify(null, message, publicKeyObject(publicKey), signature);
  } catch {
    return false;
  }
}

/**
 * The same check on libuv's thread pool: the request paths that verify on every call (HTTP signatures,
 * workload creates) keep the event loop free for other requests meanwhile.
 */
export function verifyEd25519Async(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  if (publicKey.length !== ED25519_PUBLIC_KEY_BYTES || signature.length !== ED25519_SIGNATURE_BYTES) {
    return Promise.resolve(false);
  }
  return new Promise((done) => {
    try {
      verify(null, message, publicKeyObject(publicKey), signature, (error, ok) => done(!error && ok));
    } catch {
      done(false);
    }
  });
}

/** A signing identity as clients hold it: seed-derived ed25519 key pair (tweetnacl, client side only). */
export interface KeyPair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

export function keyPairFromSeed(seed: Uint8Array): KeyPair {
  return nacl.sign.keyPair.fromSeed(seed);
}

/** A fresh random key pair (node:crypto: as fast as OpenSSL, for benches that register thousands of nodes). */
export function randomKeyPair(): KeyPair {
  const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  const publicKey = new Uint8Array(Buffer.from(jwk.x!, 'base64url'));
  return { publicKey, secretKey: new Uint8Array([...Buffer.from(jwk.d!, 'base64url'), ...publicKey]) };
}

/** OpenSSL keys of secret keys signed with: importing costs about a third of a signature. */
const signingKeys = new WeakMap<Uint8Array, KeyObject>();

/**
 * ed25519 signature (deterministic: the same bytes tweetnacl gives) by OpenSSL, 30× faster than
 * tweetnacl; `secretKey` is the 64-byte seed + public key form of KeyPair.
 */
export function signEd25519(secretKey: Uint8Array, message: Uint8Array): Uint8Array {
  if (secretKey.length !== 64) throw new Error('bad secret key size');
  let key = signingKeys.get(secretKey);
  if (!key) {
    // JWK import: OpenSSL's DER decoders cost 25× more for the same raw key.
    const part = (from: number) => Buffer.from(secretKey.subarray(from, from + 32)).toString('base64url');
    key = createPrivateKey({ key: { kty: 'OKP', crv: 'Ed25519', d: part(0), x: part(32) }, format: 'jwk' });
    signingKeys.set(secretKey, key);
  }
  return new Uint8Array(sign(null, message, key));
}

/** Node id = base58 (Bitcoin alphabet) of the node's 32-byte public key. */
export function nodeIdFromPublicKey(publicKey: Uint8Array): string {
  return bs58.encode(publicKey);
}

/** Public key of a node id, or null when the id is not base58 of exactly 32 bytes. */
export function publicKeyFromNodeId(nodeId: string): Uint8Array | null {
  try {
    const key = bs58.decode(nodeId);
    return key.length === ED25519_PUBLIC_KEY_BYTES ? key : null;
  } catch {
    return null;
  }
}
