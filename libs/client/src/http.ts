import {
  CapacityReservationData,
  decodeLegacyReservation,
  decodeWorkload,
  encodeCapacityReservation,
  encodeCapacityReservationData,
  encodeResult,
  LegacyReservation,
  ReservationData,
  Workload,
} from '@app/wire';
import { ExplorerError, ExplorerUnreachableError } from './errors';
import { Identity, NodeIdentity, RequestSigner, SignatureBody } from './identity';
import {
  CapacityReport,
  Farm,
  FarmRegistration,
  FarmUpdate,
  Gateway,
  GatewayFilter,
  GatewayRegistration,
  HistoryEntry,
  Node,
  NodeFilter,
  NodeInterface,
  NodeRegistration,
  Page,
  PageOptions,
  Pool,
  PoolCreated,
  ReservationFilter,
  PublicConfig,
  ReservedResources,
  ResultReport,
  Stats,
  User,
  WorkloadFilter,
} from './types';

export interface ClientOptions {
  /** Base URL of the explorer, e.g. `http://localhost:8080`. */
  url: string;
  /** API prefix; the explorer serves `/api/v1` and `/explorer` alike. */
  prefix?: string;
  /** Per-request timeout in milliseconds (long polls add their wait). Default 30 000. */
  timeoutMs?: number;
}

interface Call {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: object;
  /** A string is sent as it is (signed bytes); anything else is JSON-encoded. */
  body?: unknown;
  signer?: RequestSigner;
  headers?: Record<string, string>;
  /** Extra time this call may take (long polls). */
  waitMs?: number;
  /** Statuses that are answers, not errors (e.g. 304 of a wait). */
  accept?: number[];
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

/** A workload as stored, with the version tag `waitForChange` compares against. */
export interface VersionedWorkload {
  workload: Workload;
  etag: string;
}

export interface PollAnswer {
  workloads: Workload[];
  /** `x-last-id`: poll next from `lastId + 1`. */
  lastId: number;
}

export const MAX_WAIT_SECONDS = 30;

type SignatureKind = 'provision' | 'delete' | 'farmer';

function queryString(query: object | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function errorText(text: string): { error: string; body: unknown } {
  try {
    const body: unknown = JSON.parse(text);
    const error = (body as { error?: unknown } | null)?.error;
    return { error: typeof error === 'string' ? error : text, body };
  } catch {
    return { error: text, body: text };
  }
}

const NO_LOCATION = { city: '', country: '', continent: '', latitude: 0, longitude: 0 };

/** A node or gateway registration: its identity, and a whole location as 0-OS sends it. */
function hostRegistration<R extends NodeRegistration>(host: NodeIdentity, registration: R) {
  const location = { ...NO_LOCATION, ...registration.location };
  return { ...registration, location, node_id: host.nodeId, public_key_hex: host.pubkeyHex };
}

/** Array answers of workloads decoded one by one with the wire codec (exact challenge inputs). */
function decodeWorkloads(text: string): Workload[] {
  return (JSON.parse(text) as unknown[]).map((item) => decodeWorkload(JSON.stringify(item)));
}

/**
 * Typed HTTP client of the explorer over Node's fetch. Signed calls take the identity that signs
 * them; every signature covers `(request-target)`, `(created)`, `date`, `threebot-id` and `digest`.
 * Non-2xx answers throw ExplorerError (status + the server's `error`).
 */
export class ExplorerClient {
  readonly url: string;
  readonly prefix: string;
  private readonly timeoutMs: number;

  constructor(options: ClientOptions | string) {
    const opts = typeof options === 'string' ? { url: options } : options;
    this.url = opts.url.replace(/\/+$/, '');
    this.prefix = opts.prefix ?? '/api/v1';
    this.timeoutMs = opts.timeoutMs ?? 30_000;
  }

  // ---- transport ----

  private async send(call: Call): Promise<Answer> {
    const path = `${call.path.startsWith('/') ? '' : `${this.prefix}/`}${call.path}${queryString(call.query)}`;
    const body =
      call.body === undefined
        ? undefined
        : typeof call.body === 'string'
          ? call.body
          : JSON.stringify(call.body);
    const headers: Record<string, string> = { accept: 'application/json', ...call.headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (call.signer) Object.assign(headers, call.signer.signRequest(call.method, path, body ?? ''));
    let response: Response;
    try {
      response = await fetch(this.url + path, {
        method: call.method,
        headers,
        body,
        signal: AbortSignal.timeout(this.timeoutMs + (call.waitMs ?? 0)),
      });
    } catch (error) {
      throw new ExplorerUnreachableError(this.url, error);
    }
    const text = await response.text();
    if (!response.ok && !(call.accept ?? []).includes(response.status)) {
      const { error, body: parsed } = errorText(text);
      throw new ExplorerError(response.status, error, parsed, call.method, path);
    }
    return { status: response.status, headers: response.headers, text };
  }

  private async json<T>(call: Call): Promise<T> {
    const answer = await this.send(call);
    return (answer.text === '' ? null : JSON.parse(answer.text)) as T;
  }

  private async page<T>(
    call: Call,
    decode: (text: string) => T[] = (t) => JSON.parse(t) as T[],
  ): Promise<Page<T>> {
    const answer = await this.send(call);
    const items = decode(answer.text);
    return {
      items,
      total: Number(answer.headers.get('x-total-count') ?? items.length),
      pages: Number(answer.headers.get('pages') ?? 1),
    };
  }

  // ---- operations ----

  health(): Promise<{ status: string }> {
    return this.json({ method: 'GET', path: '/health' });
  }

  stats(): Promise<Stats> {
    return this.json({ method: 'GET', path: 'stats' });
  }

  // ---- phonebook ----

  /** Registers the identity's public key; sets `identity.tid` to the new id and returns the user. */
  async registerUser(identity: Identity, user: { name: string; email?: string }): Promise<User> {
    const created = await this.json<User>({
      method: 'POST',
      path: 'users',
      body: { name: user.name, email: user.email ?? '', pubkey: identity.pubkeyHex },
    });
    identity.tid = created.id;
    return created;
  }

  /** `as`: sign the read with any registered user to see the email. */
  getUser(id: number, as?: Identity): Promise<User> {
    return this.json({ method: 'GET', path: `users/${id}`, signer: as });
  }

  listUsers(
    filter: { name?: string; email?: string } & PageOptions = {},
    as?: Identity,
  ): Promise<Page<User>> {
    return this.page({ method: 'GET', path: 'users', query: filter, signer: as });
  }

  /** Replaces name/email/host/description (body-signed by the stored key over id+fields+pubkey). */
  updateUser(
    identity: Identity,
    fields: { name: string; email?: string; host?: string; description?: string },
  ): Promise<null> {
    const body = {
      name: fields.name,
      email: fields.email ?? '',
      host: fields.host ?? '',
      description: fields.description ?? '',
      pubkey: identity.pubkeyHex,
    };
    const message = `${identity.tid}${body.name}${body.email}${body.host}${body.description}${body.pubkey}`;
    const sender_signature_hex = identity.signHex(Buffer.from(message, 'utf8'));
    return this.json({
      method: 'PUT',
      path: `users/${identity.tid}`,
      body: { ...body, sender_signature_hex },
    });
  }

  /** Asks the server whether `signatureHex` is user `id`'s signature of `payloadHex`. */
  async validateSignature(id: number, payloadHex: string, signatureHex: string): Promise<boolean> {
    const answer = await this.json<{ is_valid: boolean }>({
      method: 'POST',
      path: `users/${id}/validate`,
      body: { payload: payloadHex, signature: signatureHex },
    });
    return answer.is_valid;
  }

  // ---- farms ----

  /** Registers a farm owned by `owner` (who signs the request); returns the farm id. */
  async registerFarm(owner: Identity, farm: FarmRegistration): Promise<number> {
    const body = { ...farm, threebot_id: owner.tid };
    return (await this.json<{ id: number }>({ method: 'POST', path: 'farms', body, signer: owner })).id;
  }

  listFarms(
    filter: { owner?: number; name?: string } & PageOptions = {},
    as?: Identity,
  ): Promise<Page<Farm>> {
    return this.page({ method: 'GET', path: 'farms', query: filter, signer: as });
  }

  getFarm(id: number, as?: Identity): Promise<Farm> {
    return this.json({ method: 'GET', path: `farms/${id}`, signer: as });
  }

  /** Partial update by the owner: omitted fields keep their value. */
  updateFarm(owner: Identity, id: number, update: FarmUpdate): Promise<null> {
    return this.json({ method: 'PUT', path: `farms/${id}`, body: update, signer: owner });
  }

  deleteFarmNode(owner: Identity, farmId: number, nodeId: string): Promise<null> {
    return this.json({ method: 'DELETE', path: `farms/${farmId}/${nodeId}`, signer: owner });
  }

  /** Workloads on the farm's nodes and gateways; `next_action: 1` is what waits for signatures. */
  farmWorkloads(
    farmId: number,
    filter: { next_action?: number } & PageOptions = {},
  ): Promise<Page<Workload>> {
    return this.page({ method: 'GET', path: `farms/${farmId}/workloads`, query: filter }, decodeWorkloads);
  }

  // ---- nodes (the node side signs with its NodeIdentity) ----

  registerNode(node: NodeIdentity, registration: NodeRegistration): Promise<null> {
    const body = hostRegistration(node, registration);
    return this.json({ method: 'POST', path: 'nodes', body, signer: node });
  }

  listNodes(filter: NodeFilter = {}): Promise<Page<Node>> {
    return this.page({ method: 'GET', path: 'nodes', query: filter });
  }

  getNode(nodeId: string, proofs = false): Promise<Node> {
    return this.json({ method: 'GET', path: `nodes/${nodeId}`, query: { proofs: proofs || undefined } });
  }

  reportCapacity(node: NodeIdentity, report: CapacityReport): Promise<null> {
    return this.nodeReport(node, 'capacity', report);
  }

  reportUptime(node: NodeIdentity, uptimeSeconds: number): Promise<null> {
    return this.nodeReport(node, 'uptime', { uptime: uptimeSeconds });
  }

  reportUsedResources(node: NodeIdentity, used: ReservedResources): Promise<null> {
    return this.nodeReport(node, 'used_resources', used);
  }

  reportInterfaces(node: NodeIdentity, interfaces: NodeInterface[]): Promise<null> {
    return this.nodeReport(node, 'interfaces', interfaces);
  }

  reportPorts(node: NodeIdentity, ports: number[]): Promise<null> {
    return this.nodeReport(node, 'ports', { ports });
  }

  private nodeReport(node: NodeIdentity, what: string, body: unknown): Promise<null> {
    return this.json({ method: 'POST', path: `nodes/${node.nodeId}/${what}`, body, signer: node });
  }

  /** By the owner of the node's farm. */
  configurePublic(farmer: Identity, nodeId: string, config: PublicConfig): Promise<null> {
    return this.json({
      method: 'POST',
      path: `nodes/${nodeId}/configure_public`,
      body: config,
      signer: farmer,
    });
  }

  configureFree(farmer: Identity, nodeId: string, freeToUse: boolean): Promise<null> {
    const body = { free_to_use: freeToUse };
    return this.json({ method: 'POST', path: `nodes/${nodeId}/configure_free`, body, signer: farmer });
  }

  // ---- gateways ----

  registerGateway(gateway: NodeIdentity, registration: GatewayRegistration): Promise<null> {
    const body = hostRegistration(gateway, registration);
    return this.json({ method: 'POST', path: 'gateways', body, signer: gateway });
  }

  listGateways(filter: GatewayFilter = {}): Promise<Page<Gateway>> {
    return this.page({ method: 'GET', path: 'gateways', query: filter });
  }

  getGateway(nodeId: string): Promise<Gateway> {
    return this.json({ method: 'GET', path: `gateways/${nodeId}` });
  }

  reportGatewayUptime(gateway: NodeIdentity, uptimeSeconds: number): Promise<null> {
    const path = `gateways/${gateway.nodeId}/uptime`;
    return this.json({ method: 'POST', path, body: { uptime: uptimeSeconds }, signer: gateway });
  }

  reportGatewayReservedResources(gateway: NodeIdentity, reserved: ReservedResources): Promise<null> {
    const path = `gateways/${gateway.nodeId}/reserved_resources`;
    return this.json({ method: 'POST', path, body: reserved, signer: gateway });
  }

  // ---- pools ----

  /** A new pool (`pool_id` 0) or an extension; unit-seconds of compute (cus) and storage (sus). */
  async reserveCapacity(
    customer: Identity,
    data: { pool_id?: number; cus: number; sus: number; node_ids: string[]; currencies?: string[] },
  ): Promise<PoolCreated> {
    const full: CapacityReservationData = {
      pool_id: data.pool_id ?? 0,
      cus: data.cus,
      sus: data.sus,
      node_ids: data.node_ids,
      currencies: data.currencies ?? ['TFT'],
    };
    const json = encodeCapacityReservationData(full);
    const body = encodeCapacityReservation({
      id: 0,
      json,
      data_reservation: full,
      customer_tid: customer.tid,
      customer_signature: customer.signCapacity(json),
      sponsor_tid: 0,
      sponsor_signature: '',
    });
    return this.json({ method: 'POST', path: 'reservations/pools', body });
  }

  getPool(id: number): Promise<Pool> {
    return this.json({ method: 'GET', path: `reservations/pools/${id}` });
  }

  listPools(ownerTid: number): Promise<Pool[]> {
    return this.json({ method: 'GET', path: `reservations/pools/owner/${ownerTid}` });
  }

  // ---- workloads ----

  /** Signs the workload (customer signature + HTTP signature) and creates it; returns its id. */
  async createWorkload(customer: Identity, workload: Workload): Promise<number> {
    const body = customer.workloadBody(workload);
    const created = await this.json<{ reservation_id: number }>({
      method: 'POST',
      path: 'reservations/workloads',
      body,
      signer: customer,
    });
    return created.reservation_id;
  }

  async getWorkload(id: number): Promise<Workload> {
    return (await this.getVersionedWorkload(id)).workload;
  }

  async getVersionedWorkload(id: number): Promise<VersionedWorkload> {
    const answer = await this.send({ method: 'GET', path: `reservations/workloads/${id}` });
    return { workload: decodeWorkload(answer.text), etag: answer.headers.get('etag') ?? '' };
  }

  /**
   * The customer's long poll: answers the workload as soon as it differs from version `etag`, or
   * null when it did not change within `seconds` (capped by the server at 30).
   */
  async waitForChange(
    id: number,
    etag: string,
    seconds = MAX_WAIT_SECONDS,
  ): Promise<VersionedWorkload | null> {
    const answer = await this.send({
      method: 'GET',
      path: `reservations/workloads/${id}`,
      query: { wait: seconds },
      headers: { 'if-none-match': etag },
      waitMs: seconds * 1000,
      accept: [304],
    });
    if (answer.status === 304) return null;
    return { workload: decodeWorkload(answer.text), etag: answer.headers.get('etag') ?? '' };
  }

  /** Every version of the workload from now on, until `stop` returns true for one (or forever). */
  async *watchWorkload(id: number, stop: (w: Workload) => boolean = () => false): AsyncGenerator<Workload> {
    let current = await this.getVersionedWorkload(id);
    yield current.workload;
    while (!stop(current.workload)) {
      const next = await this.waitForChange(id, current.etag);
      if (next) {
        current = next;
        yield current.workload;
      }
    }
  }

  listWorkloads(filter: WorkloadFilter = {}): Promise<Page<Workload>> {
    return this.page({ method: 'GET', path: 'reservations/workloads', query: filter }, decodeWorkloads);
  }

  workloadHistory(id: number): Promise<HistoryEntry[]> {
    return this.json({ method: 'GET', path: `reservations/workloads/${id}/history` });
  }

  /** Provision multisig: one of the listed signers approves. */
  async signProvision(signer: Identity, id: number): Promise<null> {
    return this.sign(id, 'provision', signer.provision(await this.getWorkload(id)));
  }

  /** Delete request: with the quorum met the workload moves to `delete`. */
  async signDelete(signer: Identity, id: number): Promise<null> {
    return this.sign(id, 'delete', signer.delete(await this.getWorkload(id)));
  }

  /** The farm owner approves a workload on the farm. */
  async signFarmer(farmer: Identity, id: number): Promise<null> {
    return this.sign(id, 'farmer', farmer.farmer(await this.getWorkload(id)));
  }

  /** The farm owner refuses: the workload becomes `invalid`. */
  async refuseWorkload(farmer: Identity, id: number): Promise<null> {
    return this.sign(id, 'farmer', farmer.refuse(await this.getWorkload(id)));
  }

  private sign(
    id: number,
    kind: SignatureKind,
    body: SignatureBody,
    collection = 'reservations/workloads',
  ): Promise<null> {
    return this.json({ method: 'POST', path: `${collection}/${id}/sign/${kind}`, body });
  }

  // ---- multi-workload (legacy) reservations ----

  /** Signs the data (raw `json` signature + HTTP signature) and creates the reservation; returns its id. */
  async createReservation(customer: Identity, data: ReservationData, metadata = ''): Promise<number> {
    const created = await this.json<{ reservation_id: number }>({
      method: 'POST',
      path: 'reservations',
      body: customer.reservationBody(data, metadata),
      signer: customer,
    });
    return created.reservation_id;
  }

  listReservations(filter: ReservationFilter = {}, page: PageOptions = {}): Promise<Page<LegacyReservation>> {
    return this.page({ method: 'GET', path: 'reservations', query: { ...filter, ...page } }, (text) =>
      (JSON.parse(text) as unknown[]).map((item) => decodeLegacyReservation(JSON.stringify(item))),
    );
  }

  /** The reservation with `results`: one per derived workload and node that reported. */
  async getReservation(id: number): Promise<LegacyReservation> {
    return decodeLegacyReservation((await this.send({ method: 'GET', path: `reservations/${id}` })).text);
  }

  reservationHistory(id: number): Promise<HistoryEntry[]> {
    return this.json({ method: 'GET', path: `reservations/${id}/history` });
  }

  /** Provision multisig of a reservation: signs decimal(id) + its stored `json`. */
  signReservationProvision(signer: Identity, id: number): Promise<null> {
    return this.signReservation(id, 'provision', (r) => signer.reservationSigner(id, r.json));
  }

  /** Delete request of a reservation: with the quorum met all its workloads move to `delete`. */
  signReservationDelete(signer: Identity, id: number): Promise<null> {
    return this.signReservation(id, 'delete', (r) => signer.reservationSigner(id, r.json));
  }

  /** A farm owner approves the reservation's workloads on the farm. */
  signReservationFarmer(farmer: Identity, id: number): Promise<null> {
    return this.signReservation(id, 'farmer', (r) => farmer.reservationSigner(id, r.json));
  }

  /** A farm owner refuses: the reservation becomes `invalid`. */
  refuseReservation(farmer: Identity, id: number): Promise<null> {
    return this.signReservation(id, 'farmer', (r) => farmer.reservationRefusal(id, r.json));
  }

  private async signReservation(
    id: number,
    kind: SignatureKind,
    body: (stored: LegacyReservation) => SignatureBody,
  ): Promise<null> {
    return this.sign(id, kind, body(await this.getReservation(id)), 'reservations');
  }

  // ---- node work (what a 0-OS node does) ----

  /** Work for the node from id `from`; `waitSeconds` holds an empty answer until work arrives. */
  async poll(nodeId: string, from: number, waitSeconds?: number): Promise<PollAnswer> {
    const answer = await this.send({
      method: 'GET',
      path: `reservations/nodes/${nodeId}/workloads`,
      query: { from, wait: waitSeconds },
      waitMs: (waitSeconds ?? 0) * 1000,
    });
    return { workloads: decodeWorkloads(answer.text), lastId: Number(answer.headers.get('x-last-id')) };
  }

  /** The workload (with its result) a node asks for by global id `<id>-<workload_id>`. */
  async getWorkloadByGwid(gwid: string): Promise<Workload> {
    const answer = await this.send({ method: 'GET', path: `reservations/nodes/workloads/${gwid}` });
    return decodeWorkload(answer.text);
  }

  /** Reports the deployment result, signed over state, message and the raw data JSON. */
  reportResult(node: NodeIdentity, workload: Workload, report: ResultReport): Promise<null> {
    const gwid = `${workload.id}-${workload.workload_id}`;
    const data_json = report.data === undefined || report.data === null ? null : JSON.stringify(report.data);
    const result = { state: report.state, message: report.message ?? '', data_json };
    const body = encodeResult({
      ...result,
      category: workload.workload_type,
      workload_id: gwid,
      signature: node.signResult(result),
      epoch: Math.floor(Date.now() / 1000),
      node_id: node.nodeId,
    });
    return this.json({
      method: 'PUT',
      path: `reservations/nodes/${node.nodeId}/workloads/${gwid}`,
      body,
      signer: node,
    });
  }

  /** Confirms that the node removed the workload (it becomes `deleted`). */
  confirmDeletion(node: NodeIdentity, workload: Workload): Promise<null> {
    const gwid = `${workload.id}-${workload.workload_id}`;
    return this.json({
      method: 'DELETE',
      path: `reservations/nodes/${node.nodeId}/workloads/${gwid}`,
      signer: node,
    });
  }
}
