import { JsonNode, foldKey } from '../json-reader';
import { WireError } from '../errors';
import { decodeDate } from '../date';
import {
  ContainerCapacity,
  ContainerFields,
  ContainerLogs,
  ContainerMount,
  ContainerStats,
  DiskTypeValue,
  DomainDelegateFields,
  GO_ZERO_TIME,
  Gateway4To6Fields,
  Item,
  K8sFields,
  NetworkConnection,
  NetworkResourceFields,
  ProxyFields,
  ReservationInfo,
  Result,
  ResultStateValue,
  ReverseProxyFields,
  SigningRequest,
  SigningSignature,
  StatsAggregator,
  SubdomainFields,
  VolumeFields,
  Workload,
  ZdbFields,
  ZdbModeValue,
} from '../model';
import {
  FieldTable,
  Fields,
  applyFields,
  array,
  bool,
  decodeInto,
  diskTypeEnum,
  enumeration,
  fields,
  ids,
  int64,
  integer,
  ip,
  ipRange,
  nested,
  nextActionEnum,
  nonNegative,
  objectRoot,
  raw,
  string,
  stringMap,
  strings,
  struct,
  typeError,
  uint32,
  uint64,
  workloadTypeEnum,
} from './fields';

// ---- common types ----

export const signingRequestFields = fields<SigningRequest>({
  signers: (n, p) => ids(n, p),
  quorum_min: int64,
});
export const newSigningRequest = (): SigningRequest => ({ signers: null, quorum_min: 0 });

/** Dates nested below the top level: the zero time is kept as 0, which is also how Go prints it. */
export function nestedDate(n: JsonNode, p: string): number {
  const v = decodeDate(n, p);
  return v === GO_ZERO_TIME ? 0 : v;
}

const signatureFields = fields<SigningSignature>({
  tid: int64,
  signature: string,
  epoch: (n, p) => nestedDate(n, p),
});
const newSignature = (): SigningSignature => ({ tid: 0, signature: '', epoch: 0 });
export const signatures = (n: JsonNode, p: string, src: string): SigningSignature[] | null =>
  array(n, p, src, struct(newSignature, signatureFields));

export const resultFields = fields<Result>({
  category: workloadTypeEnum,
  workload_id: string,
  data_json: (n, _p, _prev, src) => raw(n, src),
  signature: string,
  state: (n, p, prev) => enumeration<ResultStateValue>(n, p, prev, 'ResultStateEnum', 2),
  message: string,
  epoch: (n, p) => nestedDate(n, p),
  node_id: string,
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

export const statsAggregators = (n: JsonNode, p: string): StatsAggregator[] | null =>
  array(n, p, '', (e, q) => {
    if (e.kind !== 'object' && e.kind !== 'null') throw typeError(e, q, 'StatsAggregator');
    return {};
  });

// ---- ReservationInfo and the types ----

const infoFields: FieldTable<ReservationInfo> = {
  workload_id: int64,
  node_id: string,
  pool_id: int64,
  reference: string,
  description: string,
  signing_request_provision: nested(signingRequestFields),
  signing_request_delete: nested(signingRequestFields),
  id: int64,
  json: string,
  customer_tid: int64,
  customer_signature: string,
  next_action: nextActionEnum,
  signatures_provision: (n, p, _prev, src) => signatures(n, p, src),
  signature_farmer: nested(signatureFields),
  signatures_delete: (n, p, _prev, src) => signatures(n, p, src),
  epoch: (n, p) => decodeDate(n, p),
  metadata: string,
  result: nested(resultFields),
  workload_type: workloadTypeEnum,
};

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

function typeSpec<F>(init: () => F, own: FieldTable<F>): TypeSpec<F> {
  return { init, table: fields<Item<F>>({ ...infoFields, ...own } as FieldTable<Item<F>>) };
}

export const zdb = typeSpec<ZdbFields>(
  () => ({ size: 0, mode: 0, password: '', disk_type: 0, public: false, stats_aggregator: null }),
  {
    size: int64,
    mode: (n, p, prev) => enumeration<ZdbModeValue>(n, p, prev, 'ZDBModeEnum', 1),
    password: string,
    disk_type: diskTypeEnum,
    public: bool,
    stats_aggregator: (n, p) => statsAggregators(n, p),
  },
);

const mountFields = fields<ContainerMount>({
  volume_id: string,
  mountpoint: string,
});
const connectionFields = fields<NetworkConnection>({
  network_id: string,
  ipaddress: (n, p) => ip(n, p),
  public_ip6: bool,
  yggdrasil_ip: bool,
});
const statsFields = fields<ContainerStats>({
  type: string,
  data: (n, _p, _prev, src) => raw(n, src),
});
const logsDataFields = fields<ContainerLogs['data']>({
  stdout: string,
  stderr: string,
  secret_stdout: string,
  secret_stderr: string,
});
const logsFields = fields<ContainerLogs>({
  type: string,
  data: nested(logsDataFields),
});
const capacityFields = fields<ContainerCapacity>({
  cpu: nonNegative,
  memory: nonNegative,
  disk_size: uint64,
  disk_type: diskTypeEnum,
});

export const container = typeSpec<ContainerFields>(
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
    flist: string,
    hub_url: string,
    environment: stringMap,
    secret_environment: stringMap,
    entrypoint: string,
    interactive: bool,
    volumes: (n, p, _prev, src) =>
      array(
        n,
        p,
        src,
        struct(() => ({ volume_id: '', mountpoint: '' }), mountFields),
      ),
    network_connection: (n, p, _prev, src) =>
      array(
        n,
        p,
        src,
        struct(
          () => ({ network_id: '', ipaddress: '', public_ip6: false, yggdrasil_ip: false }),
          connectionFields,
        ),
      ),
    stats: (n, p, _prev, src) =>
      array(
        n,
        p,
        src,
        struct(() => ({ type: '', data: null }), statsFields),
      ),
    logs: (n, p, _prev, src) =>
      array(
        n,
        p,
        src,
        struct(
          () => ({ type: '', data: { stdout: '', stderr: '', secret_stdout: '', secret_stderr: '' } }),
          logsFields,
        ),
      ),
    capacity: nested(capacityFields),
  },
);

export const volume = typeSpec<VolumeFields>(() => ({ size: 0, type: 0 }), {
  size: int64,
  type: (n, p, prev) => enumeration<DiskTypeValue>(n, p, prev, 'VolumeTypeEnum', 1),
});

export const k8s = typeSpec<K8sFields>(
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
    size: int64,
    cluster_secret: string,
    network_id: string,
    ipaddress: (n, p) => ip(n, p),
    master_ips: (n, p) => array(n, p, '', ip),
    ssh_keys: (n, p) => strings(n, p),
    stats_aggregator: (n, p) => statsAggregators(n, p),
  },
);

const peerFields = fields<{
  public_key: string;
  endpoint: string;
  iprange: string;
  allowed_iprange: string[] | null;
}>({
  public_key: string,
  endpoint: string,
  iprange: ipRange,
  allowed_iprange: (n, p) => array(n, p, '', (e, q) => ipRange(e, q, '')),
});
export const peers = (n: JsonNode, p: string, src: string) =>
  array(
    n,
    p,
    src,
    struct(() => ({ public_key: '', endpoint: '', iprange: '', allowed_iprange: null }), peerFields),
  );

export const networkResource = typeSpec<NetworkResourceFields>(
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
    name: string,
    network_iprange: ipRange,
    wireguard_private_key_encrypted: string,
    wireguard_public_key: string,
    wireguard_listen_port: int64,
    iprange: ipRange,
    peers: (n, p, _prev, src) => peers(n, p, src),
    stats_aggregator: (n, p) => statsAggregators(n, p),
  },
);

export const proxy = typeSpec<ProxyFields>(() => ({ domain: '', addr: '', port: 0, port_tls: 0 }), {
  domain: string,
  addr: string,
  port: uint32,
  port_tls: uint32,
});

export const reverseProxy = typeSpec<ReverseProxyFields>(() => ({ domain: '', secret: '' }), {
  domain: string,
  secret: string,
});

export const subdomain = typeSpec<SubdomainFields>(() => ({ domain: '', ips: null }), {
  domain: string,
  ips: (n, p) => strings(n, p),
});

export const domainDelegate = typeSpec<DomainDelegateFields>(() => ({ domain: '' }), {
  domain: string,
});

export const gateway4to6 = typeSpec<Gateway4To6Fields>(() => ({ public_key: '' }), {
  public_key: string,
});

function build<F>(spec: TypeSpec<F>, node: JsonNode, path: string, src: string): Item<F> {
  const v: Item<F> = Object.assign(newInfo(), spec.init());
  applyFields(v, node, path, spec.table, src);
  return v;
}

/** Legacy items carry no challenge of their own: their zero epoch is kept as 0 like other nested dates. */
export function item<F>(spec: TypeSpec<F>): (n: JsonNode, p: string, src: string) => Item<F> {
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
