import nacl from 'tweetnacl';
import {
  deleteMessage,
  farmerMessage,
  hashChallenge,
  legacyCustomerMessage,
  legacyRefuseMessage,
  legacySignerMessage,
  provisionMessage,
  refuseMessage,
  signRequestHeaders,
} from '@app/crypto';
import {
  encodeLegacyReservation,
  encodeReservationData,
  ReservationData,
  encodeWorkload,
  Workload,
} from '@app/wire';

/** Body of the sign endpoints. */
export interface SignatureBody {
  tid: number;
  signature: string;
  epoch: number;
  refuse?: boolean;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/**
 * A threebot identity as a customer's SDK holds it: a phonebook id and the ed25519 key pair derived
 * from a 32-byte seed. Signs workloads, signature requests and HTTP requests.
 */
export class Identity {
  readonly publicKey: Uint8Array;
  private readonly secretKey: Uint8Array;

  constructor(
    public tid: number,
    seed: Uint8Array,
  ) {
    const keys = nacl.sign.keyPair.fromSeed(seed);
    this.publicKey = keys.publicKey;
    this.secretKey = keys.secretKey;
  }

  /** Hex public key, as registered in the phonebook. */
  get pubkeyHex(): string {
    return hex(this.publicKey);
  }

  private sign(message: Uint8Array): string {
    return hex(nacl.sign.detached(message, this.secretKey));
  }

  /** The workload with its customer signature (sha256 of the challenge, workloads.md §5.2). */
  signWorkload<W extends Workload>(w: W): W {
    return { ...w, customer_signature: this.sign(hashChallenge(w)) };
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

  /** decisions.md §3: the farm owner approves (`farmer`) or refuses a workload on the farm. */
  farmer(stored: Workload): SignatureBody {
    return this.request(farmerMessage(stored, this.tid));
  }

  refuse(stored: Workload): SignatureBody {
    return { ...this.request(refuseMessage(stored, this.tid)), refuse: true };
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
      customer_signature: this.sign(legacyCustomerMessage(json)),
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
    return { tid: this.tid, signature: this.sign(message), epoch: Math.floor(Date.now() / 1000) };
  }

  /** HTTP signature headers (keyId = tid) for a request by this identity. */
  httpHeaders(method: string, url: string): Record<string, string> {
    return signRequestHeaders({ keyId: String(this.tid), secretKey: this.secretKey, method, url });
  }
}
