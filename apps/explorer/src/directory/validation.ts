import { isIP } from 'node:net';
import { badRequest, forbidden } from '@app/domain';
import { decodeHex, nodeIdFromPublicKey } from '@app/crypto';
import type { GeoLocation } from '@app/persistence';

type Family = 4 | 6;
const MAC_BYTES = [6, 8, 20];
const DNS_LABEL_RE = /^(?!-)[a-zA-Z0-9-]{1,63}(?<!-)$/;
const EMAIL_RE =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

/** An IP of the given family (any family when omitted), as Go's net.ParseIP accepts it. */
export function isIpOf(text: string, family?: Family): boolean {
  const found = isIP(text);
  return family === undefined ? found !== 0 : found === family;
}

/** `address/prefix` with the prefix within the family's bit length (Go's net.ParseCIDR). */
export function isCidrOf(text: string, family?: Family): boolean {
  const slash = text.lastIndexOf('/');
  if (slash < 0) return false;
  const address = text.slice(0, slash);
  const prefix = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefix) || !isIpOf(address, family)) return false;
  return Number(prefix) <= (isIP(address) === 4 ? 32 : 128);
}

/** 6, 8 or 20 hex bytes joined by one kind of separator (Go's net.ParseMAC colon/hyphen forms). */
export function isMacAddress(text: string): boolean {
  const parts = text.split(/[:-]/);
  const oneSeparator = !(text.includes(':') && text.includes('-'));
  return (
    oneSeparator && MAC_BYTES.includes(parts.length) && parts.every((part) => /^[0-9a-fA-F]{2}$/.test(part))
  );
}
export const isEmail = (text: string): boolean => text.length <= 254 && EMAIL_RE.test(text);

export function isDnsName(text: string): boolean {
  const name = text.endsWith('.') ? text.slice(0, -1) : text;
  return name.length > 0 && name.length <= 253 && name.split('.').every((label) => DNS_LABEL_RE.test(label));
}

export const isEmptyLocation = (l: GeoLocation): boolean =>
  l.city === '' && l.country === '' && l.continent === '' && l.latitude === 0 && l.longitude === 0;

/**
 * What every node or gateway registration must prove (directory.md §6.3, decisions.md §2.7): it is
 * signed by the key the record is about, and `node_id` is base58 of `public_key_hex`.
 */
export function checkRegistrationIdentity(
  kind: 'node' | 'gateway',
  signer: string,
  body: {
    node_id: string;
    public_key_hex: string;
    farm_id: number;
    os_version: string;
    location: GeoLocation;
  },
): void {
  if (signer !== body.node_id) {
    throw forbidden(`trying to register a ${kind} with nodeID ${body.node_id} while you are ${signer}`);
  }
  if (body.farm_id === 0) throw badRequest('farm_id is required');
  if (body.os_version === '') throw badRequest('os_version is required');
  if (body.public_key_hex === '') throw badRequest('public_key_hex is required');
  const key = decodeHex(body.public_key_hex);
  if (!key || key.length !== 32) throw badRequest('public_key_hex must be the hex of a 32-byte ed25519 key');
  if (nodeIdFromPublicKey(key) !== body.node_id) throw badRequest('node_id does not match public_key_hex');
  if (isEmptyLocation(body.location)) throw badRequest('location is required');
}
