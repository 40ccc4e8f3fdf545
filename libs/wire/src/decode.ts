import { decodeDate } from './date';
import { WireError } from './errors';
import { normalizeIP, normalizeIPRange } from './ip';
import { foldKey, JsonNode, parseJson } from './json-reader';
import {
  CapacityReservation,
  CapacityReservationData,
  ContainerCapacity,
  ContainerFields,
  ContainerLogs,
  ContainerMount,
  ContainerStats,
  DiskTypeValue,
  DomainDelegateFields,
  Gateway4To6Fields,
  GO_ZERO_TIME,
  Item,
  K8sFields,
  LegacyNetwork,
  LegacyReservation,
  NetworkConnection,
  NetworkNetResource,
  NetworkResourceFields,
  NextActionValue,
  ProxyFields,
  ReservationData,
  ReservationInfo,
  Result,
  ResultStateValue,
  ReverseProxyFields,
  SigningRequest,
  SigningSignature,
  StatsAggregator,
  StringMap,
  SubdomainFields,
  VolumeFields,
  Workload,
  WorkloadType,
  ZdbFields,
  ZdbModeValue,
} from './model';

/**
 * Typed decoders with Go encoding/json semantics: keys fold case-insensitively, members apply in
 * order (last duplicate wins, a repeated object merges into the previous one like Go's decoding
 * into an existing struct or map), unknown keys are ignored, `null` leaves scalars and structs
 * untouched and sets arrays, maps and IPs to empty. Every failure is a WireError naming the field.
 */

type Setter<T> = (target: T, node: JsonNode, path: string, src: string) => void;
type Fields<T> = ReadonlyMap<string, Setter<T>>;

function fields<T>(table: Record<string, Setter<T>>): Fields<T> {
  return new Map(Object.entries(table));
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

function what(node: JsonNode): string {
  return node.kind === 'number' ? `number ${node.raw}` : node.kind;
}

function typeError(node: JsonNode, path: string, goType: string): WireError {
  return new WireError(`json: cannot unmarshal ${what(node)} into field "${path}" of type ${goType}`);
}

function applyFields<T>(target: T, node: JsonNode, path: string, table: Fields<T>, src: string): void {
  if (node.kind === 'null') return;
  if (node.kind !== 'object') throw typeError(node, path || '(body)', 'object');
  const { keys, values } = node;
  for (let i = 0; i < keys.length; i++) {
    const name = foldKey(keys[i]);
    const set = table.get(name);
    if (set) set(target, values[i], join(path, name), src);
  }
}

const INTEGER_RE = /^-?(?:0|[1-9][0-9]*)$/;

/** An exact integer literal within [min, max] (both safe integers); null keeps the previous value. */
function integer(
  node: JsonNode,
  path: string,
  prev: number,
  goType: string,
  min: number,
  max: number,
): number {
  if (node.kind === 'null') return prev;
  if (node.kind !== 'number' || !INTEGER_RE.test(node.raw)) throw typeError(node, path, goType);
  const v = Number(node.raw);
  if (v < min || v > max) {
    if (max === Number.MAX_SAFE_INTEGER && v > max) {
      throw new WireError(`number ${node.raw} of field "${path}" is beyond the supported integer range`);
    }
    throw typeError(node, path, goType);
  }
  return v === 0 ? 0 : v;
}

const int64 = (n: JsonNode, p: string, prev: number): number =>
  integer(n, p, prev, 'int64', -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
const uint64 = (n: JsonNode, p: string, prev: number): number =>
  integer(n, p, prev, 'uint64', 0, Number.MAX_SAFE_INTEGER);
const uint32 = (n: JsonNode, p: string, prev: number): number => integer(n, p, prev, 'uint32', 0, 0xffffffff);

/** A capacity (cpu, memory): int64 on the wire, but a negative request makes no sense (go-compat). */
function nonNegative(n: JsonNode, p: string, prev: number): number {
  const v = int64(n, p, prev);
  if (v < 0) throw new WireError(`field "${p}" can not be negative`);
  return v;
}

/** A uint8 enum restricted to its named values 0..max (Go would accept up to 255). */
function enumeration<E extends number>(n: JsonNode, p: string, prev: E, name: string, max: number): E {
  const v = integer(n, p, prev, name, 0, 255);
  if (v > max) throw new WireError(`invalid value ${v} for field "${p}" of type ${name}`);
  return v as E;
}

const workloadTypeEnum = (n: JsonNode, p: string, prev: WorkloadType): WorkloadType =>
  enumeration(n, p, prev, 'WorkloadTypeEnum', 10);
const nextActionEnum = (n: JsonNode, p: string, prev: NextActionValue): NextActionValue =>
  enumeration(n, p, prev, 'NextActionEnum', 7);
const diskTypeEnum = (n: JsonNode, p: string, prev: DiskTypeValue): DiskTypeValue =>
  enumeration(n, p, prev, 'DiskTypeEnum', 1);

function string(n: JsonNode, p: string, prev: string): string {
  if (n.kind === 'null') return prev;
  if (n.kind !== 'string') throw typeError(n, p, 'string');
  return n.value;
}

function bool(n: JsonNode, p: string, prev: boolean): boolean {
  if (n.kind === 'null') return prev;
  if (n.kind !== 'bool') throw typeError(n, p, 'bool');
  return n.value;
}

/** net.IP: null clears it (a nil slice); text must parse. */
function ip(n: JsonNode, p: string): string {
  if (n.kind === 'null') return '';
  if (n.kind !== 'string') throw typeError(n, p, 'net.IP');
  const v = normalizeIP(n.value);
  if (v === null) throw new WireError(`invalid IP address: ${n.value} (field "${p}")`);
  return v;
}

/** schema.IPRange (a struct): null leaves it as it was. */
function ipRange(n: JsonNode, p: string, prev: string): string {
  if (n.kind === 'null') return prev;
  if (n.kind !== 'string') throw typeError(n, p, 'schema.IPRange');
  const v = normalizeIPRange(n.value);
  if (v === null) throw new WireError(`invalid CIDR address: ${n.value} (field "${p}")`);
  return v;
}

function raw(n: JsonNode, src: string): string | null {
  return n.kind === 'null' ? null : src.slice(n.start, n.end);
}

function array<E>(
  n: JsonNode,
  p: string,
  src: string,
  item: (n: JsonNode, p: string, src: string) => E,
): E[] | null {
  if (n.kind === 'null') return null;
  if (n.kind !== 'array') throw typeError(n, p, 'array');
  return n.items.map((node, i) => item(node, `${p}[${i}]`, src));
}

function stringMap(n: JsonNode, p: string, prev: StringMap | null): StringMap | null {
  if (n.kind === 'null') return null;
  if (n.kind !== 'object') throw typeError(n, p, 'map[string]string');
  const out: StringMap = Object.create(null) as StringMap;
  if (prev) Object.assign(out, prev);
  n.keys.forEach((k, i) => (out[k] = string(n.values[i], `${p}[${JSON.stringify(k)}]`, '')));
  return out;
}

function struct<T>(init: () => T, table: Fields<T>): (n: JsonNode, p: string, src: string) => T {
  return (n, p, src) => {
    const v = init();
    applyFields(v, n, p, table, src);
    return v;
  };
}

const strings = (n: JsonNode, p: string): string[] | null => array(n, p, '', (e, q) => string(e, q, ''));
const ids = (n: JsonNode, p: string): number[] | null => array(n, p, '', (e, q) => int64(e, q, 0));

// ---- common types ----

const signingRequestFields = fields<SigningRequest>({
  signers: (t, n, p) => (t.signers = ids(n, p)),
  quorum_min: (t, n, p) => (t.quorum_min = int64(n, p, t.quorum_min)),
});
const newSigningRequest = (): SigningRequest => ({ signers: null, quorum_min: 0 });

/** Dates nested below the top level: the zero time is kept as 0, which is also how Go prints it. */
function nestedDate(n: JsonNode, p: string): number {
  const v = decodeDate(n, p);
  return v === GO_ZERO_TIME ? 0 : v;
}

const signatureFields = fields<SigningSignature>({
  tid: (t, n, p) => (t.tid = int64(n, p, t.tid)),
  signature: (t, n, p) => (t.signature = string(n, p, t.signature)),
  epoch: (t, n, p) => (t.epoch = nestedDate(n, p)),
});
const newSignature = (): SigningSignature => ({ tid: 0, signature: '', epoch: 0 });
const signatures = (n: JsonNode, p: string, src: string): SigningSignature[] | null =>
  array(n, p, src, struct(newSignature, signatureFields));

const resultFields = fields<Result>({
  category: (t, n, p) => (t.category = workloadTypeEnum(n, p, t.category)),
  workload_id: (t, n, p) => (t.workload_id = string(n, p, t.workload_id)),
  data_json: (t, n, _p, src) => (t.data_json = raw(n, src)),
  signature: (t, n, p) => (t.signature = string(n, p, t.signature)),
  state: (t, n, p) => (t.state = enumeration<ResultStateValue>(n, p, t.state, 'ResultStateEnum', 2)),
  message: (t, n, p) => (t.message = string(n, p, t.message)),
  epoch: (t, n, p) => (t.epoch = nestedDate(n, p)),
  node_id: (t, n, p) => (t.node_id = string(n, p, t.node_id)),
});

export function emptyResult(): Result {
  return {
    category: 0,
    workload_id: '',
    data_json: null,
    signature: '',
    state: 0,
    message: '',
    epoch: 0,
    node_id: '',
  };
}

const statsAggregators = (n: JsonNode, p: string): StatsAggregator[] | null =>
  array(n, p, '', (e, q) => {
    if (e.kind !== 'object' && e.kind !== 'null') throw typeError(e, q, 'StatsAggregator');
    return {};
  });

// ---- ReservationInfo and the types ----

const infoFields: Record<string, Setter<ReservationInfo>> = {
  workload_id: (t, n, p) => (t.workload_id = int64(n, p, t.workload_id)),
  node_id: (t, n, p) => (t.node_id = string(n, p, t.node_id)),
  pool_id: (t, n, p) => (t.pool_id = int64(n, p, t.pool_id)),
  reference: (t, n, p) => (t.reference = string(n, p, t.reference)),
  description: (t, n, p) => (t.description = string(n, p, t.description)),
  signing_request_provision: (t, n, p, src) =>
    applyFields(t.signing_request_provision, n, p, signingRequestFields, src),
  signing_request_delete: (t, n, p, src) =>
    applyFields(t.signing_request_delete, n, p, signingRequestFields, src),
  id: (t, n, p) => (t.id = int64(n, p, t.id)),
  json: (t, n, p) => (t.json = string(n, p, t.json)),
  customer_tid: (t, n, p) => (t.customer_tid = int64(n, p, t.customer_tid)),
  customer_signature: (t, n, p) => (t.customer_signature = string(n, p, t.customer_signature)),
  next_action: (t, n, p) => (t.next_action = nextActionEnum(n, p, t.next_action)),
  signatures_provision: (t, n, p, src) => (t.signatures_provision = signatures(n, p, src)),
  signature_farmer: (t, n, p, src) => applyFields(t.signature_farmer, n, p, signatureFields, src),
  signatures_delete: (t, n, p, src) => (t.signatures_delete = signatures(n, p, src)),
  epoch: (t, n, p) => (t.epoch = decodeDate(n, p)),
  metadata: (t, n, p) => (t.metadata = string(n, p, t.metadata)),
  result: (t, n, p, src) => applyFields(t.result, n, p, resultFields, src),
  workload_type: (t, n, p) => (t.workload_type = workloadTypeEnum(n, p, t.workload_type)),
};

/** The zero ReservationInfo (Go's zero value; epoch is Go's zero time). */
export function newInfo(): ReservationInfo {
  return {
    workload_id: 0,
    node_id: '',
    pool_id: 0,
    reference: '',
    description: '',
    signing_request_provision: newSigningRequest(),
    signing_request_delete: newSigningRequest(),
    id: 0,
    json: '',
    customer_tid: 0,
    customer_signature: '',
    next_action: 0,
    signatures_provision: null,
    signature_farmer: newSignature(),
    signatures_delete: null,
    epoch: GO_ZERO_TIME,
    metadata: '',
    result: emptyResult(),
    workload_type: 0,
  };
}

interface TypeSpec<F> {
  init: () => F;
  table: Fields<Item<F>>;
}

function typeSpec<F>(init: () => F, own: Record<string, Setter<F>>): TypeSpec<F> {
  return { init, table: fields<Item<F>>({ ...infoFields, ...own }) };
}

const zdb = typeSpec<ZdbFields>(
  () => ({ size: 0, mode: 0, password: '', disk_type: 0, public: false, stats_aggregator: null }),
  {
    size: (t, n, p) => (t.size = int64(n, p, t.size)),
    mode: (t, n, p) => (t.mode = enumeration<ZdbModeValue>(n, p, t.mode, 'ZDBModeEnum', 1)),
    password: (t, n, p) => (t.password = string(n, p, t.password)),
    disk_type: (t, n, p) => (t.disk_type = diskTypeEnum(n, p, t.disk_type)),
    public: (t, n, p) => (t.public = bool(n, p, t.public)),
    stats_aggregator: (t, n, p) => (t.stats_aggregator = statsAggregators(n, p)),
  },
);

const mountFields = fields<ContainerMount>({
  volume_id: (t, n, p) => (t.volume_id = string(n, p, t.volume_id)),
  mountpoint: (t, n, p) => (t.mountpoint = string(n, p, t.mountpoint)),
});
const connectionFields = fields<NetworkConnection>({
  network_id: (t, n, p) => (t.network_id = string(n, p, t.network_id)),
  ipaddress: (t, n, p) => (t.ipaddress = ip(n, p)),
  public_ip6: (t, n, p) => (t.public_ip6 = bool(n, p, t.public_ip6)),
  yggdrasil_ip: (t, n, p) => (t.yggdrasil_ip = bool(n, p, t.yggdrasil_ip)),
});
const statsFields = fields<ContainerStats>({
  type: (t, n, p) => (t.type = string(n, p, t.type)),
  data: (t, n, _p, src) => (t.data = raw(n, src)),
});
const logsDataFields = fields<ContainerLogs['data']>({
  stdout: (t, n, p) => (t.stdout = string(n, p, t.stdout)),
  stderr: (t, n, p) => (t.stderr = string(n, p, t.stderr)),
  secret_stdout: (t, n, p) => (t.secret_stdout = string(n, p, t.secret_stdout)),
  secret_stderr: (t, n, p) => (t.secret_stderr = string(n, p, t.secret_stderr)),
});
const logsFields = fields<ContainerLogs>({
  type: (t, n, p) => (t.type = string(n, p, t.type)),
  data: (t, n, p, src) => applyFields(t.data, n, p, logsDataFields, src),
});
const capacityFields = fields<ContainerCapacity>({
  cpu: (t, n, p) => (t.cpu = nonNegative(n, p, t.cpu)),
  memory: (t, n, p) => (t.memory = nonNegative(n, p, t.memory)),
  disk_size: (t, n, p) => (t.disk_size = uint64(n, p, t.disk_size)),
  disk_type: (t, n, p) => (t.disk_type = diskTypeEnum(n, p, t.disk_type)),
});

const container = typeSpec<ContainerFields>(
  () => ({
    flist: '',
    hub_url: '',
    environment: null,
    secret_environment: null,
    entrypoint: '',
    interactive: false,
    volumes: null,
    network_connection: null,
    stats: null,
    logs: null,
    capacity: { cpu: 0, memory: 0, disk_size: 0, disk_type: 0 },
  }),
  {
    flist: (t, n, p) => (t.flist = string(n, p, t.flist)),
    hub_url: (t, n, p) => (t.hub_url = string(n, p, t.hub_url)),
    environment: (t, n, p) => (t.environment = stringMap(n, p, t.environment)),
    secret_environment: (t, n, p) => (t.secret_environment = stringMap(n, p, t.secret_environment)),
    entrypoint: (t, n, p) => (t.entrypoint = string(n, p, t.entrypoint)),
    interactive: (t, n, p) => (t.interactive = bool(n, p, t.interactive)),
    volumes: (t, n, p, src) =>
      (t.volumes = array(
        n,
        p,
        src,
        struct(() => ({ volume_id: '', mountpoint: '' }), mountFields),
      )),
    network_connection: (t, n, p, src) =>
      (t.network_connection = array(
        n,
        p,
        src,
        struct(
          () => ({ network_id: '', ipaddress: '', public_ip6: false, yggdrasil_ip: false }),
          connectionFields,
        ),
      )),
    stats: (t, n, p, src) =>
      (t.stats = array(
        n,
        p,
        src,
        struct(() => ({ type: '', data: null }), statsFields),
      )),
    logs: (t, n, p, src) =>
      (t.logs = array(
        n,
        p,
        src,
        struct(
          () => ({ type: '', data: { stdout: '', stderr: '', secret_stdout: '', secret_stderr: '' } }),
          logsFields,
        ),
      )),
    capacity: (t, n, p, src) => applyFields(t.capacity, n, p, capacityFields, src),
  },
);

const volume = typeSpec<VolumeFields>(() => ({ size: 0, type: 0 }), {
  size: (t, n, p) => (t.size = int64(n, p, t.size)),
  type: (t, n, p) => (t.type = enumeration<DiskTypeValue>(n, p, t.type, 'VolumeTypeEnum', 1)),
});

const k8s = typeSpec<K8sFields>(
  () => ({
    size: 0,
    cluster_secret: '',
    network_id: '',
    ipaddress: '',
    master_ips: null,
    ssh_keys: null,
    stats_aggregator: null,
  }),
  {
    size: (t, n, p) => (t.size = int64(n, p, t.size)),
    cluster_secret: (t, n, p) => (t.cluster_secret = string(n, p, t.cluster_secret)),
    network_id: (t, n, p) => (t.network_id = string(n, p, t.network_id)),
    ipaddress: (t, n, p) => (t.ipaddress = ip(n, p)),
    master_ips: (t, n, p) => (t.master_ips = array(n, p, '', ip)),
    ssh_keys: (t, n, p) => (t.ssh_keys = strings(n, p)),
    stats_aggregator: (t, n, p) => (t.stats_aggregator = statsAggregators(n, p)),
  },
);

const peerFields = fields<{
  public_key: string;
  endpoint: string;
  iprange: string;
  allowed_iprange: string[] | null;
}>({
  public_key: (t, n, p) => (t.public_key = string(n, p, t.public_key)),
  endpoint: (t, n, p) => (t.endpoint = string(n, p, t.endpoint)),
  iprange: (t, n, p) => (t.iprange = ipRange(n, p, t.iprange)),
  allowed_iprange: (t, n, p) => (t.allowed_iprange = array(n, p, '', (e, q) => ipRange(e, q, ''))),
});
const peers = (n: JsonNode, p: string, src: string) =>
  array(
    n,
    p,
    src,
    struct(() => ({ public_key: '', endpoint: '', iprange: '', allowed_iprange: null }), peerFields),
  );

const networkResource = typeSpec<NetworkResourceFields>(
  () => ({
    name: '',
    network_iprange: '',
    wireguard_private_key_encrypted: '',
    wireguard_public_key: '',
    wireguard_listen_port: 0,
    iprange: '',
    peers: null,
    stats_aggregator: null,
  }),
  {
    name: (t, n, p) => (t.name = string(n, p, t.name)),
    network_iprange: (t, n, p) => (t.network_iprange = ipRange(n, p, t.network_iprange)),
    wireguard_private_key_encrypted: (t, n, p) =>
      (t.wireguard_private_key_encrypted = string(n, p, t.wireguard_private_key_encrypted)),
    wireguard_public_key: (t, n, p) => (t.wireguard_public_key = string(n, p, t.wireguard_public_key)),
    wireguard_listen_port: (t, n, p) => (t.wireguard_listen_port = int64(n, p, t.wireguard_listen_port)),
    iprange: (t, n, p) => (t.iprange = ipRange(n, p, t.iprange)),
    peers: (t, n, p, src) => (t.peers = peers(n, p, src)),
    stats_aggregator: (t, n, p) => (t.stats_aggregator = statsAggregators(n, p)),
  },
);

const proxy = typeSpec<ProxyFields>(() => ({ domain: '', addr: '', port: 0, port_tls: 0 }), {
  domain: (t, n, p) => (t.domain = string(n, p, t.domain)),
  addr: (t, n, p) => (t.addr = string(n, p, t.addr)),
  port: (t, n, p) => (t.port = uint32(n, p, t.port)),
  port_tls: (t, n, p) => (t.port_tls = uint32(n, p, t.port_tls)),
});

const reverseProxy = typeSpec<ReverseProxyFields>(() => ({ domain: '', secret: '' }), {
  domain: (t, n, p) => (t.domain = string(n, p, t.domain)),
  secret: (t, n, p) => (t.secret = string(n, p, t.secret)),
});

const subdomain = typeSpec<SubdomainFields>(() => ({ domain: '', ips: null }), {
  domain: (t, n, p) => (t.domain = string(n, p, t.domain)),
  ips: (t, n, p) => (t.ips = strings(n, p)),
});

const domainDelegate = typeSpec<DomainDelegateFields>(() => ({ domain: '' }), {
  domain: (t, n, p) => (t.domain = string(n, p, t.domain)),
});

const gateway4to6 = typeSpec<Gateway4To6Fields>(() => ({ public_key: '' }), {
  public_key: (t, n, p) => (t.public_key = string(n, p, t.public_key)),
});

function build<F>(spec: TypeSpec<F>, node: JsonNode, path: string, src: string): Item<F> {
  const v: Item<F> = Object.assign(newInfo(), spec.init());
  applyFields(v, node, path, spec.table, src);
  return v;
}

/** Legacy items carry no challenge of their own: their zero epoch is kept as 0 like other nested dates. */
function item<F>(spec: TypeSpec<F>): (n: JsonNode, p: string, src: string) => Item<F> {
  return (n, p, src) => {
    const v = build(spec, n, p, src);
    if (v.epoch === GO_ZERO_TIME) v.epoch = 0;
    return v;
  };
}

type Decoder = (root: JsonNode, src: string) => Item<object>;
const decoder =
  <F extends object>(spec: TypeSpec<F>): Decoder =>
  (root, src) =>
    build(spec, root, '', src);

// Keyed by workload_type; 3 (network) is not creatable.
const CREATABLE: ReadonlyMap<number, Decoder> = new Map([
  [0, decoder(zdb)],
  [1, decoder(container)],
  [2, decoder(volume)],
  [4, decoder(k8s)],
  [5, decoder(proxy)],
  [6, decoder(reverseProxy)],
  [7, decoder(subdomain)],
  [8, decoder(domainDelegate)],
  [9, decoder(gateway4to6)],
  [10, decoder(networkResource)],
]);

function objectRoot(body: string, what: string): JsonNode & { kind: 'object' } {
  const root = parseJson(body);
  if (root.kind !== 'object') throw new WireError(`json: cannot unmarshal ${root.kind} into ${what}`);
  return root;
}

/** Decodes a whole body into `target` (its zero value) with a field table: the shape of every top-level decoder. */
function decodeInto<T>(text: string, what: string, target: T, table: Fields<T>): T {
  applyFields(target, objectRoot(text, what), '', table, text);
  return target;
}

/** Decodes a new-style workload (POST body or stored wire JSON); workload_type selects the type. */
export function decodeWorkload(body: string): Workload {
  const root = objectRoot(body, 'a workload object');
  let typeNode: JsonNode | null = null;
  for (let i = 0; i < root.keys.length; i++) {
    if (root.values[i].kind !== 'null' && foldKey(root.keys[i]) === 'workload_type')
      typeNode = root.values[i];
  }
  if (typeNode === null) throw new WireError('workload_type is required');
  const type = integer(typeNode, 'workload_type', 0, 'WorkloadTypeEnum', 0, 255);
  const decode = CREATABLE.get(type);
  if (!decode) throw new WireError('unrecognized workload type');
  // workload_type was set from the same member that selected the decoder.
  return decode(root, body) as Workload;
}

// ---- node result ----

/** Decodes a node's result (PUT body): data_json keeps the exact source text. */
export function decodeResult(body: string): Result {
  return decodeInto(body, 'a result object', emptyResult(), resultFields);
}

// ---- legacy reservation ----

const networkNetResourceFields = fields<NetworkNetResource>({
  node_id: (t, n, p) => (t.node_id = string(n, p, t.node_id)),
  wireguard_private_key_encrypted: (t, n, p) =>
    (t.wireguard_private_key_encrypted = string(n, p, t.wireguard_private_key_encrypted)),
  wireguard_public_key: (t, n, p) => (t.wireguard_public_key = string(n, p, t.wireguard_public_key)),
  wireguard_listen_port: (t, n, p) => (t.wireguard_listen_port = int64(n, p, t.wireguard_listen_port)),
  iprange: (t, n, p) => (t.iprange = ipRange(n, p, t.iprange)),
  peers: (t, n, p, src) => (t.peers = peers(n, p, src)),
});

const networkFields = fields<LegacyNetwork>({
  name: (t, n, p) => (t.name = string(n, p, t.name)),
  workload_id: (t, n, p) => (t.workload_id = int64(n, p, t.workload_id)),
  iprange: (t, n, p) => (t.iprange = ipRange(n, p, t.iprange)),
  stats_aggregator: (t, n, p) => (t.stats_aggregator = statsAggregators(n, p)),
  network_resources: (t, n, p, src) =>
    (t.network_resources = array(
      n,
      p,
      src,
      struct(
        () => ({
          node_id: '',
          wireguard_private_key_encrypted: '',
          wireguard_public_key: '',
          wireguard_listen_port: 0,
          iprange: '',
          peers: null,
        }),
        networkNetResourceFields,
      ),
    )),
  farmer_tid: (t, n, p) => (t.farmer_tid = int64(n, p, t.farmer_tid)),
});

const dataFields = fields<ReservationData>({
  description: (t, n, p) => (t.description = string(n, p, t.description)),
  currencies: (t, n, p) => (t.currencies = strings(n, p)),
  signing_request_provision: (t, n, p, src) =>
    applyFields(t.signing_request_provision, n, p, signingRequestFields, src),
  signing_request_delete: (t, n, p, src) =>
    applyFields(t.signing_request_delete, n, p, signingRequestFields, src),
  containers: (t, n, p, src) => (t.containers = array(n, p, src, item(container))),
  volumes: (t, n, p, src) => (t.volumes = array(n, p, src, item(volume))),
  zdbs: (t, n, p, src) => (t.zdbs = array(n, p, src, item(zdb))),
  networks: (t, n, p, src) =>
    (t.networks = array(
      n,
      p,
      src,
      struct(
        () => ({
          name: '',
          workload_id: 0,
          iprange: '',
          stats_aggregator: null,
          network_resources: null,
          farmer_tid: 0,
        }),
        networkFields,
      ),
    )),
  network_resource: (t, n, p, src) => (t.network_resource = array(n, p, src, item(networkResource))),
  kubernetes: (t, n, p, src) => (t.kubernetes = array(n, p, src, item(k8s))),
  proxies: (t, n, p, src) => (t.proxies = array(n, p, src, item(proxy))),
  reverse_proxies: (t, n, p, src) => (t.reverse_proxies = array(n, p, src, item(reverseProxy))),
  subdomains: (t, n, p, src) => (t.subdomains = array(n, p, src, item(subdomain))),
  domain_delegates: (t, n, p, src) => (t.domain_delegates = array(n, p, src, item(domainDelegate))),
  gateway4to6: (t, n, p, src) => (t.gateway4to6 = array(n, p, src, item(gateway4to6))),
  expiration_provisioning: (t, n, p) => (t.expiration_provisioning = nestedDate(n, p)),
  expiration_reservation: (t, n, p) => (t.expiration_reservation = nestedDate(n, p)),
});

function newReservationData(): ReservationData {
  return {
    description: '',
    currencies: null,
    signing_request_provision: newSigningRequest(),
    signing_request_delete: newSigningRequest(),
    containers: null,
    volumes: null,
    zdbs: null,
    networks: null,
    network_resource: null,
    kubernetes: null,
    proxies: null,
    reverse_proxies: null,
    subdomains: null,
    domain_delegates: null,
    gateway4to6: null,
    expiration_provisioning: 0,
    expiration_reservation: 0,
  };
}

const reservationFields = fields<LegacyReservation>({
  id: (t, n, p) => (t.id = int64(n, p, t.id)),
  json: (t, n, p) => (t.json = string(n, p, t.json)),
  data_reservation: (t, n, p, src) => applyFields(t.data_reservation, n, p, dataFields, src),
  customer_tid: (t, n, p) => (t.customer_tid = int64(n, p, t.customer_tid)),
  customer_signature: (t, n, p) => (t.customer_signature = string(n, p, t.customer_signature)),
  next_action: (t, n, p) => (t.next_action = nextActionEnum(n, p, t.next_action)),
  signatures_provision: (t, n, p, src) => (t.signatures_provision = signatures(n, p, src)),
  signatures_farmer: (t, n, p, src) => (t.signatures_farmer = signatures(n, p, src)),
  signatures_delete: (t, n, p, src) => (t.signatures_delete = signatures(n, p, src)),
  epoch: (t, n, p) => (t.epoch = nestedDate(n, p)),
  metadata: (t, n, p) => (t.metadata = string(n, p, t.metadata)),
  results: (t, n, p, src) => (t.results = array(n, p, src, struct(emptyResult, resultFields))),
});

/** Decodes a legacy multi-workload reservation (body with data_reservation). */
export function decodeLegacyReservation(body: string): LegacyReservation {
  const r: LegacyReservation = {
    id: 0,
    json: '',
    data_reservation: newReservationData(),
    customer_tid: 0,
    customer_signature: '',
    next_action: 0,
    signatures_provision: null,
    signatures_farmer: null,
    signatures_delete: null,
    epoch: 0,
    metadata: '',
    results: null,
  };
  return decodeInto(body, 'a reservation object', r, reservationFields);
}

/** Decodes the signed `json` text of a legacy reservation (to compare with data_reservation). */
export function decodeReservationData(text: string): ReservationData {
  return decodeInto(text, 'reservation data', newReservationData(), dataFields);
}

// ---- capacity (pool) reservation ----

const capacityDataFields = fields<CapacityReservationData>({
  pool_id: (t, n, p) => (t.pool_id = int64(n, p, t.pool_id)),
  cus: (t, n, p) => (t.cus = uint64(n, p, t.cus)),
  sus: (t, n, p) => (t.sus = uint64(n, p, t.sus)),
  node_ids: (t, n, p) => (t.node_ids = strings(n, p)),
  currencies: (t, n, p) => (t.currencies = strings(n, p)),
});
const newCapacityData = (): CapacityReservationData => ({
  pool_id: 0,
  cus: 0,
  sus: 0,
  node_ids: null,
  currencies: null,
});

const capacityFieldsTable = fields<CapacityReservation>({
  id: (t, n, p) => (t.id = int64(n, p, t.id)),
  json: (t, n, p) => (t.json = string(n, p, t.json)),
  data_reservation: (t, n, p, src) => applyFields(t.data_reservation, n, p, capacityDataFields, src),
  customer_tid: (t, n, p) => (t.customer_tid = int64(n, p, t.customer_tid)),
  customer_signature: (t, n, p) => (t.customer_signature = string(n, p, t.customer_signature)),
  sponsor_tid: (t, n, p) => (t.sponsor_tid = int64(n, p, t.sponsor_tid)),
  sponsor_signature: (t, n, p) => (t.sponsor_signature = string(n, p, t.sponsor_signature)),
});

/** Decodes a capacity reservation (POST /pools body). */
export function decodeCapacityReservation(body: string): CapacityReservation {
  const r: CapacityReservation = {
    id: 0,
    json: '',
    data_reservation: newCapacityData(),
    customer_tid: 0,
    customer_signature: '',
    sponsor_tid: 0,
    sponsor_signature: '',
  };
  return decodeInto(body, 'a capacity reservation object', r, capacityFieldsTable);
}

/** Decodes the signed `json` text of a capacity reservation. */
export function decodeCapacityReservationData(text: string): CapacityReservationData {
  return decodeInto(text, 'capacity reservation data', newCapacityData(), capacityDataFields);
}
