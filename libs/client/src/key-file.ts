import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Identity, KeyFile, NodeIdentity } from './identity';

/**
 * Key files: JSON `{kind, tid | node_id, pubkey, seed}` with the 32-byte ed25519 seed in hex, written
 * owner-readable only (0600). Loading checks that the seed still gives the recorded public key.
 */
export function saveIdentity(path: string, identity: Identity | NodeIdentity, overwrite = false): void {
  if (!overwrite && existsSync(path)) throw new Error(`${path} exists; refusing to overwrite a key file`);
  writeFileSync(path, `${JSON.stringify(identity.toKeyFile(), null, 2)}\n`, { mode: 0o600 });
}

export function parseKeyFile(text: string, origin = 'key file'): Identity | NodeIdentity {
  let file: Partial<KeyFile> & { tid?: unknown; node_id?: unknown };
  try {
    file = JSON.parse(text) as typeof file;
  } catch {
    throw new Error(`${origin} is not JSON`);
  }
  const seed = typeof file.seed === 'string' && /^[0-9a-f]{64}$/i.test(file.seed) ? file.seed : null;
  if (!seed) throw new Error(`${origin} has no 64-hex-digit "seed"`);
  const bytes = new Uint8Array(Buffer.from(seed, 'hex'));
  const identity =
    file.kind === 'node'
      ? new NodeIdentity(bytes)
      : new Identity(typeof file.tid === 'number' ? file.tid : 0, bytes);
  if (file.pubkey !== undefined && file.pubkey !== identity.pubkeyHex)
    throw new Error(`${origin}: the seed does not match its "pubkey"`);
  return identity;
}

export function loadIdentity(path: string): Identity | NodeIdentity {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`cannot read key file ${path}`);
  }
  return parseKeyFile(text, path);
}

export function loadUser(path: string): Identity {
  const identity = loadIdentity(path);
  if (!(identity instanceof Identity)) throw new Error(`${path} is a node key, not a user key`);
  return identity;
}

export function loadNode(path: string): NodeIdentity {
  const identity = loadIdentity(path);
  if (!(identity instanceof NodeIdentity)) throw new Error(`${path} is a user key, not a node key`);
  return identity;
}
