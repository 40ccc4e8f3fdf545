import { randomBytes } from 'node:crypto';
import { KeyPair, keyPairFromSeed, nodeIdFromPublicKey, signEd25519, signRequestHeaders } from '@app/crypto';
import type { TestApp } from './app';

export interface TestUser {
  id: number;
  name: string;
  keys: KeyPair;
  pubkeyHex: string;
  /** HTTP signature headers for a request by this user. */
  sign(
    method: string,
    url: string,
    extra?: { created?: number; extraHeaders?: string[]; body?: string },
  ): Record<string, string>;
  signBytes(message: Uint8Array | string): string;
}

export interface TestNode {
  nodeId: string;
  keys: KeyPair;
  pubkeyHex: string;
  sign(method: string, url: string): Record<string, string>;
}

export function seeded(seed?: Uint8Array): KeyPair {
  return keyPairFromSeed(seed ?? randomBytes(32));
}

/** Registers a phonebook user with a fresh key through the API. */
export async function createUser(
  app: TestApp,
  name = `user${randomBytes(4).toString('hex')}`,
  keys = seeded(),
): Promise<TestUser> {
  const pubkeyHex = Buffer.from(keys.publicKey).toString('hex');
  const res = await app.request({
    method: 'POST',
    url: '/api/v1/users',
    body: { name, email: `${name}@example.com`, pubkey: pubkeyHex },
  });
  if (res.status !== 201) throw new Error(`user creation failed: ${res.status} ${res.text}`);
  const id = res.json<{ id: number }>().id;
  return {
    id,
    name,
    keys,
    pubkeyHex,
    sign: (method, url, extra = {}) =>
      signRequestHeaders({ keyId: String(id), secretKey: keys.secretKey, method, url, ...extra }),
    signBytes: (message) =>
      Buffer.from(
        signEd25519(keys.secretKey, typeof message === 'string' ? Buffer.from(message, 'utf8') : message),
      ).toString('hex'),
  };
}

export function makeNode(keys = seeded()): TestNode {
  const nodeId = nodeIdFromPublicKey(keys.publicKey);
  return {
    nodeId,
    keys,
    pubkeyHex: Buffer.from(keys.publicKey).toString('hex'),
    sign: (method, url) => signRequestHeaders({ keyId: nodeId, secretKey: keys.secretKey, method, url }),
  };
}
