import { randomBytes } from 'node:crypto';
import nacl from 'tweetnacl';
import {
  capacityMessage,
  deleteMessage,
  farmerMessage,
  hashChallenge,
  nodeIdFromPublicKey,
  legacyCustomerMessage,
  legacyRefuseMessage,
  legacySignerMessage,
  provisionMessage,
  refuseMessage,
  signRequestHeaders,
  signResult,
} from '@app/crypto';
import {
  encodeLegacyReservation,
  encodeReservationData,
  encodeWorkload,
  ReservationData,
  Result,
  Workload,
} from '@app/wire';

/** Content of a key file: the seed plus who it is (a user by tid, a node by its id). */
export type KeyFile =
  | { kind: 'user'; tid: number; pubkey: string; seed: string }
  | { kind: 'node'; node_id: string; pubkey: string; seed: string };

/** Body of the sign endpoints. */
export interface SignatureBody {
  tid: number;
  signature: string;
  epoch: number;
  refuse?: boolean;
}

/** Who signs HTTP requests: keyId is a decimal tid (users) or a base58 node id (nodes, gateways). */
export interface RequestSigner {
  readonly keyId: string;
  /** Headers binding the signature to method, path, body and time (see docs/signing.md). */
  signRequest(method: string, url: string, body?: string): Record<string, string>;
}

/** Entries the SDK always signs: the server then rejects the headers on another path, body or later. */
export const SDK_SIGNED_EXTRAS = ['(request-target)', 'digest'];

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

export function generateSeed(): Uint8Array {
  return new Uint8Array(randomBytes(32));
}

/** An ed25519 key pair from a 32-byte seed; the secret never leaves this object. */
abstract class KeyHolder implements RequestSigner {
  readonly publicKey: Uint8Array;
  private readonly secretKey: Uint8Array;

  protected constructor(private readonly seed: Uint8Array) {
    if (seed.length !== 32) throw new Error('an identity seed is exactly 32 bytes');
    const keys = nacl.sign.keyPair.fromSeed(seed);
    this.publicKey = keys.publicKey;
    this.secretKey = keys.secretKey;
  }

  abstract get keyId(): string;

  /** Hex public key, as registered in the phonebook and sent by nodes as `public_key_hex`. */
  get pubkeyHex(): string {
    return hex(this.publicKey);
  }

  /** Hex ed25519 signature over raw bytes. */
  signHex(message: Uint8Array): string {
    return hex(nacl.sign.detached(message, this.secretKey));
  }

  signRequest(method: string, url: string, body = ''): Record<string, string> {
    return signRequestHeaders({
      keyId: this.keyId,
      secretKey: this.secretKey,
      method,
      url,
      body,
      extraHeaders: SDK_SIGNED_EXTRAS,
    });
  }

  /** The minimal headers old Go clients send (`(created) date threebot-id` only). */
  httpHeaders(method: string, url: string): Record<string, string> {
    return signRequestHeaders({ keyId: this.keyId, secretKey: this.secretKey, method, url });
  }

  protected signResultWith(result: Pick<Result, 'state' | 'message' | 'data_json'>): string {
    return signResult(result, this.secretKey);
  }

  /** What a key file stores (the only way the seed leaves this object; see key-file.ts). */
  abstract toKeyFile(): KeyFile;

  protected seedHex(): string {
    return hex(this.seed);
  }

  /** Keeps the seed out of console.log / JSON.stringify / util.inspect. */
  toJSON(): Record<string, string> {
    return { keyId: this.keyId, pubkey: this.pubkeyHex };
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `${this.constructor.name} { keyId: '${this.keyId}', pubkey: '${this.pubkeyHex}' }`;
  }
}

/**
 * A phonebook user (customer or farmer): tid plus the key pair. Signs workloads, signature requests,
 * capacity reservations and HTTP requests. `tid` is 0 until the user is registered.
 */
export class Identity extends KeyHolder {
  constructor(
    public tid: number,
    seed: Uint8Array,
  ) {
    super(seed);
  }

  static generate(): Identity {
    return new Identity(0, generateSeed());
  }

  get keyId(): string {
    return String(this.tid);
  }

  toKeyFile(): KeyFile {
    return { kind: 'user', tid: this.tid, pubkey: this.pubkeyHex, seed: this.seedHex() };
  }

  /** The workload with its customer signature (ed25519 over sha256 of the challenge). */
  signWorkload<W extends Workload>(w: W): W {
    return { ...w, customer_signature: this.signHex(hashChallenge(w)) };
  }

  /** The POST body of a signed workload. */
  workloadBody(w: Workload): string {
    return encodeWorkload(this.signWorkload(w));
  }

  /** Over the STORED workload (GET it first: the server replaced its epoch). */
  provision(stored: Workload): SignatureBody {
    return this.request(provisionMessage(stored, this.tid));
  }

  delete(stored: Workload): SignatureBody {
    return this.request(deleteMessage(stored, this.tid));
  }

  /** The farm owner approves a workload on the farm. */
  farmer(stored: Workload): SignatureBody {
    return this.request(farmerMessage(stored, this.tid));
  }

  refuse(stored: Workload): SignatureBody {
    return { ...this.request(refuseMessage(stored, this.tid)), refuse: true };
  }

  /** Signature of a capacity reservation: over the raw bytes of its `json` text. */
  signCapacity(json: string): string {
    return this.signHex(capacityMessage(json));
  }

  /**
   * The POST body of a legacy multi-workload reservation, as a Go client sends it: `json` is the
   * marshalled data, signed raw; `data_reservation` carries the same data.
   */
  reservationBody(data: ReservationData, metadata = ''): string {
    const json = encodeReservationData(data);
    return encodeLegacyReservation({
      id: 0,
      json,
      data_reservation: data,
      customer_tid: this.tid,
      customer_signature: this.signHex(legacyCustomerMessage(json)),
      next_action: 0,
      signatures_provision: null,
      signatures_farmer: null,
      signatures_delete: null,
      epoch: 0,
      metadata,
      results: null,
    });
  }

  /** A provision, delete or farmer signature on a stored legacy reservation: decimal(id) + json. */
  reservationSigner(id: number, json: string): SignatureBody {
    return this.request(legacySignerMessage(id, json));
  }

  /** A farm owner's refusal of a legacy reservation. */
  reservationRefusal(id: number, json: string): SignatureBody {
    return { ...this.request(legacyRefuseMessage(id, json, this.tid)), refuse: true };
  }

  private request(message: Uint8Array): SignatureBody {
    return { tid: this.tid, signature: this.signHex(message), epoch: Math.floor(Date.now() / 1000) };
  }
}

/** A 0-OS node or gateway: its id is the base58 of its public key. */
export class NodeIdentity extends KeyHolder {
  readonly nodeId: string;

  constructor(seed: Uint8Array) {
    super(seed);
    this.nodeId = nodeIdFromPublicKey(this.publicKey);
  }

  static generate(): NodeIdentity {
    return new NodeIdentity(generateSeed());
  }

  get keyId(): string {
    return this.nodeId;
  }

  toKeyFile(): KeyFile {
    return { kind: 'node', node_id: this.nodeId, pubkey: this.pubkeyHex, seed: this.seedHex() };
  }

  /** Result signature: over `[state] + message + raw data_json` (nothing after the message when null). */
  signResult(result: Pick<Result, 'state' | 'message' | 'data_json'>): string {
    return this.signResultWith(result);
  }
}
