import {
  ContainerFields,
  ContainerWorkload,
  DomainDelegateWorkload,
  emptyResult,
  Gateway4To6Workload,
  K8sFields,
  K8sWorkload,
  NetworkResourceFields,
  NetworkResourceWorkload,
  ProxyFields,
  ProxyWorkload,
  ReservationInfo,
  ReverseProxyWorkload,
  SigningRequest,
  SubdomainWorkload,
  Workload,
  VolumeWorkload,
  ZdbFields,
  ZdbWorkload,
} from '@app/wire';

/** What a customer chooses for every workload; everything else starts as the server expects it. */
export interface WorkloadBase {
  node_id: string;
  pool_id: number;
  customer_tid: number;
  workload_id?: number;
  description?: string;
  metadata?: string;
  /** Unix seconds; part of the signed challenge. Defaults to now. */
  epoch?: number;
  /** Defaults to no multisig (satisfied at once). */
  signing_request_provision?: SigningRequest;
  /** Defaults to the customer alone, quorum 1 (what js-sdk sends). */
  signing_request_delete?: SigningRequest;
}

function info(base: WorkloadBase): Omit<ReservationInfo, 'workload_type'> {
  return {
    workload_id: base.workload_id ?? 1,
    node_id: base.node_id,
    pool_id: base.pool_id,
    reference: '',
    description: base.description ?? '',
    signing_request_provision: base.signing_request_provision ?? { signers: [], quorum_min: 0 },
    signing_request_delete: base.signing_request_delete ?? { signers: [base.customer_tid], quorum_min: 1 },
    id: 0,
    json: '',
    customer_tid: base.customer_tid,
    customer_signature: '',
    next_action: 0,
    signatures_provision: [],
    signature_farmer: { tid: 0, signature: '', epoch: 0 },
    signatures_delete: [],
    epoch: base.epoch ?? Math.floor(Date.now() / 1000),
    metadata: base.metadata ?? '',
    result: emptyResult(),
  };
}

export const volume = (base: WorkloadBase, size: number, type: 0 | 1 = 1): VolumeWorkload => ({
  ...info(base),
  workload_type: 2,
  size,
  type,
});

export const zdb = (base: WorkloadBase, fields: Partial<ZdbFields> & { size: number }): ZdbWorkload => ({
  ...info(base),
  workload_type: 0,
  mode: 0,
  password: '',
  disk_type: 1,
  public: false,
  stats_aggregator: [],
  ...fields,
});

export const container = (
  base: WorkloadBase,
  fields: Partial<ContainerFields> & Pick<ContainerFields, 'flist' | 'capacity'>,
): ContainerWorkload => ({
  ...info(base),
  workload_type: 1,
  hub_url: '',
  environment: {},
  secret_environment: {},
  entrypoint: '',
  interactive: false,
  volumes: [],
  network_connection: [],
  stats: [],
  logs: [],
  ...fields,
});

export const kubernetes = (
  base: WorkloadBase,
  fields: Partial<K8sFields> & Pick<K8sFields, 'size' | 'network_id' | 'ipaddress'>,
): K8sWorkload => ({
  ...info(base),
  workload_type: 4,
  cluster_secret: '',
  master_ips: [],
  ssh_keys: [],
  stats_aggregator: [],
  ...fields,
});

export const proxy = (base: WorkloadBase, fields: ProxyFields): ProxyWorkload => ({
  ...info(base),
  workload_type: 5,
  ...fields,
});

export const reverseProxy = (base: WorkloadBase, domain: string, secret: string): ReverseProxyWorkload => ({
  ...info(base),
  workload_type: 6,
  domain,
  secret,
});

export const subdomain = (base: WorkloadBase, domain: string, ips: string[]): SubdomainWorkload => ({
  ...info(base),
  workload_type: 7,
  domain,
  ips,
});

export const domainDelegate = (base: WorkloadBase, domain: string): DomainDelegateWorkload => ({
  ...info(base),
  workload_type: 8,
  domain,
});

export const gateway4to6 = (base: WorkloadBase, publicKey: string): Gateway4To6Workload => ({
  ...info(base),
  workload_type: 9,
  public_key: publicKey,
});

export const networkResource = (
  base: WorkloadBase,
  fields: Partial<NetworkResourceFields> &
    Pick<NetworkResourceFields, 'name' | 'network_iprange' | 'iprange'>,
): NetworkResourceWorkload => ({
  ...info(base),
  workload_type: 10,
  wireguard_private_key_encrypted: '',
  wireguard_public_key: '',
  wireguard_listen_port: 0,
  peers: [],
  stats_aggregator: [],
  ...fields,
});

/** Fields a builder takes, per creatable type name (the names the era prints). */
export interface WorkloadFieldsByType {
  zdb: Partial<ZdbFields> & { size: number };
  container: Partial<ContainerFields> & Pick<ContainerFields, 'flist' | 'capacity'>;
  volume: { size: number; type?: 0 | 1 };
  kubernetes: Partial<K8sFields> & Pick<K8sFields, 'size' | 'network_id' | 'ipaddress'>;
  proxy: ProxyFields;
  reverse_proxy: { domain: string; secret: string };
  subdomain: { domain: string; ips: string[] };
  domain_delegate: { domain: string };
  gateway4to6: { public_key: string };
  network_resource: Partial<NetworkResourceFields> &
    Pick<NetworkResourceFields, 'name' | 'network_iprange' | 'iprange'>;
}

export type CreatableType = keyof WorkloadFieldsByType;

const BUILDERS: { [T in CreatableType]: (base: WorkloadBase, f: WorkloadFieldsByType[T]) => Workload } = {
  zdb,
  container,
  volume: (base, f) => volume(base, f.size, f.type),
  kubernetes,
  proxy,
  reverse_proxy: (base, f) => reverseProxy(base, f.domain, f.secret),
  subdomain: (base, f) => subdomain(base, f.domain, f.ips),
  domain_delegate: (base, f) => domainDelegate(base, f.domain),
  gateway4to6: (base, f) => gateway4to6(base, f.public_key),
  network_resource: networkResource,
};

export const CREATABLE_TYPES = Object.keys(BUILDERS) as CreatableType[];

/** A workload of the named type from its fields (e.g. parsed from a JSON/YAML spec file). */
export function buildWorkload<T extends CreatableType>(
  type: T,
  base: WorkloadBase,
  fields: WorkloadFieldsByType[T],
): Workload {
  return BUILDERS[type](base, fields);
}
