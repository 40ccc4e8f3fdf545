import { KeyPair, nodeIdFromPublicKey, signRequestHeaders, signResult } from '@app/crypto';

export interface SimRequest {
  method: 'GET' | 'PUT' | 'DELETE';
  url: string;
  body?: string;
  headers?: Record<string, string>;
}

export interface SimResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  text: string;
}

export type Transport = (request: SimRequest) => Promise<SimResponse>;

interface PolledItem {
  id: number;
  workload_id: number;
  workload_type: number;
  next_action: number;
}

export interface SimOptions {
  prefix?: string;
  /** Share of deployments that fail and are reported as `error` (0..1). */
  failureRate?: number;
  /** First retry delay of result/delete submissions; doubles up to 16× (zos: ≤15 s, ≤3 min total). */
  backoffMs?: number;
  maxAttempts?: number;
  random?: () => number;
}

// zos provisions network resources first (primitives provisioning order); everything else after.
const NETWORK_RESOURCE = 10;
const DELETE = 4;
const DELETED = 6;

/**
 * A 0-OS node as provisiond behaves (workloads.md §7.1): polls from 0 at boot, follows `x-last-id`,
 * deploys new items and PUTs a signed result, re-sends the cached result for items it already has,
 * decommissions `delete` items (deployed or not) and confirms with DELETE; retries with back-off.
 */
export class SimulatedNode {
  readonly nodeId: string;
  /** gwid → result body last sent (the node's cache). */
  readonly cache = new Map<string, string>();
  /** gwids running on this node. */
  readonly deployed = new Set<string>();
  next = 0;
  polls = 0;
  /** Set when two consecutive polls answer the same `x-last-id` (zos then runs its cleanup). */
  caughtUp = false;
  private lastSeen: number | null = null;
  private readonly prefix: string;

  constructor(
    private readonly keys: KeyPair,
    private readonly transport: Transport,
    private readonly options: SimOptions = {},
  ) {
    this.nodeId = nodeIdFromPublicKey(keys.publicKey);
    this.prefix = options.prefix ?? '/api/v1';
  }

  /** Reboot: the cursor starts from 0 again, the local state stays. */
  reboot(): void {
    this.next = 0;
    this.lastSeen = null;
    this.caughtUp = false;
  }

  /** One poll and the handling of everything it returned; returns the number of items. */
  async pollOnce(wait?: number): Promise<number> {
    const url = `${this.prefix}/reservations/nodes/${this.nodeId}/workloads?from=${this.next}${wait ? `&wait=${wait}` : ''}`;
    const res = await this.transport({ method: 'GET', url });
    this.polls++;
    if (res.status !== 200) return 0; // zos retries the same cursor
    const items = JSON.parse(res.text) as PolledItem[];
    const lastId = Number(res.headers['x-last-id']);
    if (!Array.isArray(items) || !Number.isSafeInteger(lastId))
      throw new Error(`bad poll answer: ${res.status} ${res.text}`);
    this.caughtUp = this.lastSeen === lastId;
    this.lastSeen = lastId;
    this.next = lastId + 1;
    const ordered = [...items].sort(
      (a, b) => Number(b.workload_type === NETWORK_RESOURCE) - Number(a.workload_type === NETWORK_RESOURCE),
    );
    for (const item of ordered) await this.handle(item);
    return items.length;
  }

  private async handle(item: PolledItem): Promise<void> {
    const gwid = `${item.id}-${item.workload_id}`;
    if (item.next_action === DELETE || item.next_action === DELETED) {
      this.deployed.delete(gwid);
      this.cache.delete(gwid);
      await this.submit('DELETE', gwid);
      return;
    }
    const cached = this.cache.get(gwid);
    if (cached !== undefined) {
      await this.submit('PUT', gwid, cached);
      return;
    }
    const failed = (this.options.random ?? Math.random)() < (this.options.failureRate ?? 0);
    if (!failed) this.deployed.add(gwid);
    const result = failed
      ? { state: 0 as const, message: 'deployment failed', data_json: null }
      : { state: 1 as const, message: '', data_json: JSON.stringify({ volume_id: `vol-${gwid}` }) };
    const body =
      `{"category":${item.workload_type},"workload_id":${JSON.stringify(gwid)},"data_json":${result.data_json ?? 'null'}` +
      `,"signature":${JSON.stringify(signResult(result, this.keys.secretKey))},"state":${result.state}` +
      `,"message":${JSON.stringify(result.message)},"epoch":${Math.floor(Date.now() / 1000)},"node_id":${JSON.stringify(this.nodeId)}}`;
    this.cache.set(gwid, body);
    await this.submit('PUT', gwid, body);
  }

  /** Signed PUT/DELETE with exponential back-off on transport errors and 5xx; 4xx is final. */
  private async submit(method: 'PUT' | 'DELETE', gwid: string, body?: string): Promise<number> {
    const url = `${this.prefix}/reservations/nodes/${this.nodeId}/workloads/${gwid}`;
    let delay = this.options.backoffMs ?? 5;
    const attempts = this.options.maxAttempts ?? 6;
    for (let attempt = 1; ; attempt++) {
      try {
        const headers = signRequestHeaders({
          keyId: this.nodeId,
          secretKey: this.keys.secretKey,
          method,
          url,
        });
        const res = await this.transport({
          method,
          url,
          body,
          headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
        });
        if (res.status < 500 || attempt >= attempts) return res.status;
      } catch (error) {
        if (attempt >= attempts) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, (this.options.backoffMs ?? 5) * 16);
    }
  }
}
