import { Result, Workload } from '@app/wire';
import { decodeHex, publicKeyFromNodeId, signEd25519, verifyEd25519Async } from '../ed25519';
import { hashChallenge } from './challenge';
import {
  capacityMessage,
  deleteMessage,
  farmerMessage,
  legacyCustomerMessage,
  legacyRefuseMessage,
  legacySignerMessage,
  provisionMessage,
  refuseMessage,
  resultMessages,
} from './messages';

/** A signature as bytes or as hex text (any case); malformed hex never verifies. */
export type SignatureInput = Uint8Array | string;

/** On libuv's thread pool, like every signature check of a request: the event loop serves others meanwhile. */
async function check(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: SignatureInput,
): Promise<boolean> {
  const sig = typeof signature === 'string' ? decodeHex(signature) : signature;
  return sig !== null && verifyEd25519Async(publicKey, message, sig);
}

export function verifyCustomerSignature(
  w: Workload,
  publicKey: Uint8Array,
  signature: SignatureInput,
): Promise<boolean> {
  return check(publicKey, hashChallenge(w), signature);
}

export function verifyProvisionSignature(
  w: Workload,
  tid: number,
  publicKey: Uint8Array,
  signature: SignatureInput,
): Promise<boolean> {
  return check(publicKey, provisionMessage(w, tid), signature);
}

export function verifyDeleteSignature(
  w: Workload,
  tid: number,
  publicKey: Uint8Array,
  signature: SignatureInput,
): Promise<boolean> {
  return check(publicKey, deleteMessage(w, tid), signature);
}

export function verifyFarmerSignature(
  w: Workload,
  tid: number,
  publicKey: Uint8Array,
  signature: SignatureInput,
): Promise<boolean> {
  return check(publicKey, farmerMessage(w, tid), signature);
}

export function verifyRefuseSignature(
  w: Workload,
  tid: number,
  publicKey: Uint8Array,
  signature: SignatureInput,
): Promise<boolean> {
  return check(publicKey, refuseMessage(w, tid), signature);
}

export function verifyLegacyCustomerSignature(
  json: string,
  publicKey: Uint8Array,
  signature: SignatureInput,
): Promise<boolean> {
  return check(publicKey, legacyCustomerMessage(json), signature);
}

/** Legacy provision, delete or farmer signature over decimal(id) + json. */
export function verifyLegacySignerSignature(
  id: number,
  json: string,
  publicKey: Uint8Array,
  signature: SignatureInput,
): Promise<boolean> {
  return check(publicKey, legacySignerMessage(id, json), signature);
}

export function verifyCapacitySignature(
  json: string,
  publicKey: Uint8Array,
  signature: SignatureInput,
): Promise<boolean> {
  return check(publicKey, capacityMessage(json), signature);
}

/** Node result signature; the key is the node id itself (base58 of the node's public key). */
export async function verifyResultSignature(
  r: Pick<Result, 'state' | 'message' | 'data_json' | 'signature'>,
  nodeId: string,
): Promise<boolean> {
  const key = publicKeyFromNodeId(nodeId);
  if (key === null) return false;
  for (const message of resultMessages(r)) if (await check(key, message, r.signature)) return true;
  return false;
}

// Signing side (tests, SDK): hex signatures as clients send them.

export const signEd25519Hex = (secretKey: Uint8Array, message: Uint8Array): string =>
  Buffer.from(signEd25519(secretKey, message)).toString('hex');
const hex = signEd25519Hex;

export const signWorkload = (w: Workload, secretKey: Uint8Array): string => hex(secretKey, hashChallenge(w));
export const signProvision = (w: Workload, tid: number, secretKey: Uint8Array): string =>
  hex(secretKey, provisionMessage(w, tid));
export const signDelete = (w: Workload, tid: number, secretKey: Uint8Array): string =>
  hex(secretKey, deleteMessage(w, tid));
export const signFarmer = (w: Workload, tid: number, secretKey: Uint8Array): string =>
  hex(secretKey, farmerMessage(w, tid));
export const signRefuse = (w: Workload, tid: number, secretKey: Uint8Array): string =>
  hex(secretKey, refuseMessage(w, tid));
export const signLegacyCustomer = (json: string, secretKey: Uint8Array): string =>
  hex(secretKey, legacyCustomerMessage(json));
export const signLegacySigner = (id: number, json: string, secretKey: Uint8Array): string =>
  hex(secretKey, legacySignerMessage(id, json));
export const signLegacyRefuse = (id: number, json: string, tid: number, secretKey: Uint8Array): string =>
  hex(secretKey, legacyRefuseMessage(id, json, tid));
export const signCapacity = (json: string, secretKey: Uint8Array): string =>
  hex(secretKey, capacityMessage(json));
/** Signs a result as a node does: over the raw data_json, or nothing after the message when null. */
export function signResult(
  r: Pick<Result, 'state' | 'message' | 'data_json'>,
  secretKey: Uint8Array,
): string {
  const forms = resultMessages(r);
  return hex(secretKey, forms[forms.length - 1]);
}
