/**
 * Decoded wire model of the dual-era explorer (tfexplorer c7f28e9), field names exactly as on the
 * wire. Conventions: int64 values are JS numbers (decoding refuses anything not exactly
 * representable); dates are unix seconds (GO_ZERO_TIME for Go's zero time); IPs and IP ranges are
 * their Go text form, "" when empty; raw JSON values are kept as their source text, null when
 * null/absent; arrays and maps are null when the client sent null or nothing (Go's nil).
 */

/** Unix value of Go's zero time.Time: what a missing or "" epoch puts into the challenge. */
export const GO_ZERO_TIME = -62135596800;

/** `workload_type` 0..10; the numbers are the wire values. */
export enum WorkloadType {
  Zdb = 0,
  Container = 1,
  Volume = 2,
  Network = 3,
  Kubernetes = 4,
  Proxy = 5,
  ReverseProxy = 6,
  Subdomain = 7,
  DomainDelegate = 8,
  Gateway4To6 = 9,
  NetworkResource = 10,
}

/** Every workload type, in wire order. */
export const WORKLOAD_TYPES: readonly WorkloadType[] = Object.values(WorkloadType).filter(
  (v): v is WorkloadType => typeof v === 'number',
);

/** Lower-case type names of the era (challenges use them upper-cased). */
export const WORKLOAD_TYPE_NAMES: Readonly<Record<WorkloadType, string>> = {
  0: 'zdb',
  1: 'container',
  2: 'volume',
  3: 'network',
  4: 'kubernetes',
  5: 'proxy',
  6: 'reverse_proxy',
  7: 'subdomain',
  8: 'domain_delegate',
  9: 'gateway4to6',
  10: 'network_resource',
};

/** `next_action` of workloads and legacy reservations; the numbers are the wire values. */
export enum NextAction {
  Create = 0,
  Sign = 1,
  Pay = 2,
  Deploy = 3,
  Delete = 4,
  Invalid = 5,
  Deleted = 6,
  Migrated = 7,
}

/** `state` of a node's result. */
export enum ResultState {
  Error = 0,
  Ok = 1,
  Deleted = 2,
}

/** Container/zdb `disk_type` and volume `type` share the numbering: 0 hdd, 1 ssd. */
export enum DiskType {
  Hdd = 0,
  Ssd = 1,
}

/** ZDB `mode`: 0 seq, 1 user. */
export enum ZdbMode {
  Seq = 0,
  User = 1,
}

export type NextActionValue = NextAction;
export type ResultStateValue = ResultState;
export type DiskTypeValue = DiskType;
export type ZdbModeValue = ZdbMode;

export interface SigningRequest {
  signers: number[] | null;
  quorum_min: number;
}

export interface SigningSignature {
  tid: number;
  signature: string;
  epoch: number;
}

export interface Result {
  category: WorkloadType;
  workload_id: string;
  /** Raw JSON text exactly as the node sent it; null when null or absent. */
  data_json: string | null;
  signature: string;
  state: ResultStateValue;
  message: string;
  epoch: number;
  node_id: string;
}

/** The flattened common part of every new-style workload, in Go field order. */
export interface ReservationInfo {
  workload_id: number;
  node_id: string;
  pool_id: number;
  reference: string;
  description: string;
  signing_request_provision: SigningRequest;
  signing_request_delete: SigningRequest;
  id: number;
  json: string;
  customer_tid: number;
  customer_signature: string;
  next_action: NextActionValue;
  signatures_provision: SigningSignature[] | null;
  signature_farmer: SigningSignature;
  signatures_delete: SigningSignature[] | null;
  /** As sent (GO_ZERO_TIME when missing or ""); rendered 0 in JSON for the zero time, like Go. */
  epoch: number;
  metadata: string;
  result: Result;
  workload_type: WorkloadType;
}

/** stats_aggregator entries of the era are empty structs. */
export type StatsAggregator = Record<string, never>;

export interface ZdbFields {
  size: number;
  mode: ZdbModeValue;
  password: string;
  disk_type: DiskTypeValue;
  public: boolean;
  stats_aggregator: StatsAggregator[] | null;
}

export interface ContainerMount {
  volume_id: string;
  mountpoint: string;
}

export interface NetworkConnection {
  network_id: string;
  ipaddress: string;
  public_ip6: boolean;
  yggdrasil_ip: boolean;
}

export interface ContainerStats {
  type: string;
  /** Raw JSON text; null when null or absent. */
  data: string | null;
}

export interface ContainerLogs {
  type: string;
  data: { stdout: string; stderr: string; secret_stdout: string; secret_stderr: string };
}

export interface ContainerCapacity {
  cpu: number;
  memory: number;
  disk_size: number;
  disk_type: DiskTypeValue;
}

/** Environment maps: null-prototype records so any key (even `__proto__`) is plain data. */
export type StringMap = Record<string, string>;

export interface ContainerFields {
  flist: string;
  hub_url: string;
  environment: StringMap | null;
  secret_environment: StringMap | null;
  entrypoint: string;
  interactive: boolean;
  volumes: ContainerMount[] | null;
  network_connection: NetworkConnection[] | null;
  stats: ContainerStats[] | null;
  logs: ContainerLogs[] | null;
  capacity: ContainerCapacity;
}

export interface VolumeFields {
  size: number;
  type: DiskTypeValue;
}

export interface K8sFields {
  size: number;
  cluster_secret: string;
  network_id: string;
  ipaddress: string;
  master_ips: string[] | null;
  ssh_keys: string[] | null;
  stats_aggregator: StatsAggregator[] | null;
}

export interface WireguardPeer {
  public_key: string;
  endpoint: string;
  iprange: string;
  allowed_iprange: string[] | null;
}

export interface NetworkResourceFields {
  name: string;
  network_iprange: string;
  wireguard_private_key_encrypted: string;
  wireguard_public_key: string;
  wireguard_listen_port: number;
  iprange: string;
  peers: WireguardPeer[] | null;
  stats_aggregator: StatsAggregator[] | null;
}

export interface ProxyFields {
  domain: string;
  addr: string;
  port: number;
  port_tls: number;
}

export interface ReverseProxyFields {
  domain: string;
  secret: string;
}

export interface SubdomainFields {
  domain: string;
  /** Plain strings, never parsed (go-compat.md). */
  ips: string[] | null;
}

export interface DomainDelegateFields {
  domain: string;
}

export interface Gateway4To6Fields {
  public_key: string;
}

type Typed<F, T extends WorkloadType> = ReservationInfo & F & { workload_type: T };

export type ZdbWorkload = Typed<ZdbFields, WorkloadType.Zdb>;
export type ContainerWorkload = Typed<ContainerFields, WorkloadType.Container>;
export type VolumeWorkload = Typed<VolumeFields, WorkloadType.Volume>;
export type K8sWorkload = Typed<K8sFields, WorkloadType.Kubernetes>;
export type ProxyWorkload = Typed<ProxyFields, WorkloadType.Proxy>;
export type ReverseProxyWorkload = Typed<ReverseProxyFields, WorkloadType.ReverseProxy>;
export type SubdomainWorkload = Typed<SubdomainFields, WorkloadType.Subdomain>;
export type DomainDelegateWorkload = Typed<DomainDelegateFields, WorkloadType.DomainDelegate>;
export type Gateway4To6Workload = Typed<Gateway4To6Fields, WorkloadType.Gateway4To6>;
export type NetworkResourceWorkload = Typed<NetworkResourceFields, WorkloadType.NetworkResource>;

/** Every creatable new-style workload, discriminated by workload_type. */
export type Workload =
  | ZdbWorkload
  | ContainerWorkload
  | VolumeWorkload
  | K8sWorkload
  | ProxyWorkload
  | ReverseProxyWorkload
  | SubdomainWorkload
  | DomainDelegateWorkload
  | Gateway4To6Workload
  | NetworkResourceWorkload;

/** Legacy network (type 3): not a ReservationInfo type. */
export interface NetworkNetResource {
  node_id: string;
  wireguard_private_key_encrypted: string;
  wireguard_public_key: string;
  wireguard_listen_port: number;
  iprange: string;
  peers: WireguardPeer[] | null;
}

export interface LegacyNetwork {
  name: string;
  workload_id: number;
  iprange: string;
  stats_aggregator: StatsAggregator[] | null;
  network_resources: NetworkNetResource[] | null;
  farmer_tid: number;
}

/** Legacy reservation items: the new types, whatever workload_type they carry. */
export type Item<F> = ReservationInfo & F;

export interface ReservationData {
  description: string;
  currencies: string[] | null;
  signing_request_provision: SigningRequest;
  signing_request_delete: SigningRequest;
  containers: Item<ContainerFields>[] | null;
  volumes: Item<VolumeFields>[] | null;
  zdbs: Item<ZdbFields>[] | null;
  networks: LegacyNetwork[] | null;
  network_resource: Item<NetworkResourceFields>[] | null;
  kubernetes: Item<K8sFields>[] | null;
  proxies: Item<ProxyFields>[] | null;
  reverse_proxies: Item<ReverseProxyFields>[] | null;
  subdomains: Item<SubdomainFields>[] | null;
  domain_delegates: Item<DomainDelegateFields>[] | null;
  gateway4to6: Item<Gateway4To6Fields>[] | null;
  expiration_provisioning: number;
  expiration_reservation: number;
}

export interface LegacyReservation {
  id: number;
  json: string;
  data_reservation: ReservationData;
  customer_tid: number;
  customer_signature: string;
  next_action: NextActionValue;
  signatures_provision: SigningSignature[] | null;
  signatures_farmer: SigningSignature[] | null;
  signatures_delete: SigningSignature[] | null;
  epoch: number;
  metadata: string;
  results: Result[] | null;
}

export interface CapacityReservationData {
  pool_id: number;
  cus: number;
  sus: number;
  node_ids: string[] | null;
  currencies: string[] | null;
}

export interface CapacityReservation {
  id: number;
  json: string;
  data_reservation: CapacityReservationData;
  customer_tid: number;
  customer_signature: string;
  sponsor_tid: number;
  sponsor_signature: string;
}

/** Pool as served by GET /pools; empty_at may be max int64 (pass a bigint or MAX_INT64). */
export interface PoolJson {
  pool_id: number;
  cus: number;
  sus: number;
  node_ids: string[] | null;
  last_updated: number;
  active_cu: number;
  active_su: number;
  empty_at: number | bigint;
  customer_tid: number;
  active_workload_ids: number[] | null;
}

export const MAX_INT64 = 9223372036854775807n;

export const MAX_METADATA_BYTES = 1024;

/** The service's metadata rule (§8.1): at most 1024 UTF-8 bytes. */
export function metadataWithinLimit(metadata: string): boolean {
  return Buffer.byteLength(metadata, 'utf8') <= MAX_METADATA_BYTES;
}
