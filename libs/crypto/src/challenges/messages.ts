import { Result, Workload } from '@app/wire';
import { sha256, workloadChallenge } from './challenge';

/**
 * The byte strings each signer signs (workloads.md §5.3-5.6, decisions.md §3). New-style signers sign
 * a sha256 digest; legacy, capacity and node-result signatures are over raw bytes, unhashed.
 */

function suffixed(w: Workload, purpose: string, tid: number): Buffer {
  return sha256(Buffer.from(workloadChallenge(w) + purpose + String(tid), 'utf8'));
}

/** sha256(challenge + "provision" + tid), over the stored workload (stored epoch). */
export function provisionMessage(w: Workload, tid: number): Buffer {
  return suffixed(w, 'provision', tid);
}

/** sha256(challenge + "delete" + tid). */
export function deleteMessage(w: Workload, tid: number): Buffer {
  return suffixed(w, 'delete', tid);
}

/** sha256(challenge + "farmer" + tid): the farm owner approves the workload. */
export function farmerMessage(w: Workload, tid: number): Buffer {
  return suffixed(w, 'farmer', tid);
}

/** sha256(challenge + "refuse" + tid): the farm owner refuses the workload. */
export function refuseMessage(w: Workload, tid: number): Buffer {
  return suffixed(w, 'refuse', tid);
}

/** Legacy reservation customer signature: the raw `json` bytes. */
export function legacyCustomerMessage(json: string): Buffer {
  return Buffer.from(json, 'utf8');
}

/** Legacy provision, delete and farmer signatures (one message for all): decimal(id) + json. */
export function legacySignerMessage(id: number, json: string): Buffer {
  return Buffer.from(String(id) + json, 'utf8');
}

/** A farmer's refusal of a legacy reservation: decimal(id) + json + "refuse" + decimal(tid) (never an approval). */
export function legacyRefuseMessage(id: number, json: string, tid: number): Buffer {
  return Buffer.from(`${id}${json}refuse${tid}`, 'utf8');
}

/** Capacity (pool) reservation: the raw `json` bytes. */
export function capacityMessage(json: string): Buffer {
  return Buffer.from(json, 'utf8');
}

/**
 * Node result: [state byte] + message + raw data_json. With data_json null or absent the node may have
 * signed the text `null` (it marshalled a nil value) or nothing, so both forms are returned.
 */
export function resultMessages(r: Pick<Result, 'state' | 'message' | 'data_json'>): Buffer[] {
  const head = Buffer.concat([Buffer.from([r.state]), Buffer.from(r.message, 'utf8')]);
  if (r.data_json !== null) return [Buffer.concat([head, Buffer.from(r.data_json, 'utf8')])];
  return [Buffer.concat([head, Buffer.from('null')]), head];
}
