import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import {
  decodeHex,
  HttpSignatureError,
  publicKeyFromNodeId,
  SignedRequestView,
  verifyHttpSignature,
} from '@app/crypto';
import { UsersRepository } from '@app/persistence';
import { AppConfig } from '../config/config';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

function requestView(req: FastifyRequest): SignedRequestView {
  return { method: req.method, url: req.url, headers: req.headers, body: req.rawBody };
}

/** HTTP signature checks of directory.md §3 with decisions.md §2.6; keyId resolution per signer kind. */
@Injectable()
export class SignatureVerifier {
  constructor(
    private readonly users: UsersRepository,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** keyId = decimal tid, key from the phonebook. Returns the tid. */
  async verifyUser(req: FastifyRequest): Promise<number> {
    return Number(await this.verify(req, (id) => this.userKey(id)));
  }

  /** keyId = base58 node id, the key is the id itself. Returns the node id. */
  verifyNode(req: FastifyRequest): Promise<string> {
    return this.verify(req, (id) => nodeKey(id));
  }

  private async verify(
    req: FastifyRequest,
    resolveKey: (keyId: string) => Promise<Uint8Array> | Uint8Array,
  ): Promise<string> {
    const window = this.config.HTTP_SIGNATURE_FRESHNESS_SECONDS;
    const { keyId } = await verifyHttpSignature(requestView(req), resolveKey, {
      freshnessSeconds: window > 0 ? window : null,
      alsoRequired: this.strictRequirements(req),
    });
    if (req.signatureReplayed)
      throw new HttpSignatureError('signature already used on another method or path');
    return keyId;
  }

  /** Strict mode binds writes to their request: the target, and the body when there is one. */
  private strictRequirements(req: FastifyRequest): string[] {
    if (!this.config.HTTP_SIGNATURE_STRICT || READS.has(req.method)) return [];
    return req.rawBody ? ['(request-target)', 'digest'] : ['(request-target)'];
  }

  /** For reads that reveal more to any signed user (emails): null when unsigned or invalid. */
  async optionalUser(req: FastifyRequest): Promise<number | null> {
    if (req.headers.authorization === undefined) return null;
    try {
      return await this.verifyUser(req);
    } catch {
      return null;
    }
  }

  private async userKey(keyId: string): Promise<Uint8Array> {
    if (!/^\d+$/.test(keyId) || !Number.isSafeInteger(Number(keyId)) || Number(keyId) === 0) {
      throw new HttpSignatureError(`no key with id "${keyId}"`);
    }
    const pubkey = await this.users.findPubkey(Number(keyId));
    const key = pubkey === null ? null : decodeHex(pubkey);
    if (!key) throw new HttpSignatureError(`no key with id "${keyId}"`);
    return key;
  }
}

function nodeKey(keyId: string): Uint8Array {
  const key = publicKeyFromNodeId(keyId);
  if (!key) throw new HttpSignatureError(`invalid node id "${keyId}"`);
  return key;
}
