import type { PoolJson } from '@app/wire';

/** Shapes of the explorer's JSON answers and bodies (snake_case, as on the wire). */

export interface Location {
  city: string;
  country: string;
  continent: string;
  latitude: number;
  longitude: number;
}

export interface Resources {
  cru: number;
  mru: number;
  hru: number;
  sru: number;
}

export interface User {
  id: number;
  name: string;
  /** Blank unless the request was signed by a registered user. */
  email: string;
  pubkey: string;
  host: string;
  description: string;
}

export interface WalletAddress {
  asset: string;
  address: string;
}

export interface Farm {
  id: number;
  threebot_id: number;
  iyo_organization: string;
  name: string;
  wallet_addresses: WalletAddress[];
  location: Location;
  email: string;
  resource_prices: { currency: number; cru: number; mru: number; hru: number; sru: number; nru: number }[];
  prefix_zero: string;
  require_farmer_signature: boolean;
}

/** A new farm; its owner (`threebot_id`) is the identity that registers it. */
export interface FarmRegistration {
  name: string;
  wallet_addresses: WalletAddress[];
  location?: Partial<Location>;
  email?: string;
  iyo_organization?: string;
  prefix_zero?: string;
}

export type FarmUpdate = Partial<FarmRegistration> & {
  threebot_id?: number;
  require_farmer_signature?: boolean;
};

interface Host {
  id: number;
  node_id: string;
  farm_id: number;
  os_version: string;
  created: number;
  updated: number;
  uptime: number;
  address: string;
  location: Location;
  public_key_hex: string;
  workloads: Record<string, number>;
  free_to_use: boolean;
  /** Last uptime report younger than the server's online threshold. */
  online: boolean;
}

export interface Node extends Host {
  hostname: string;
  node_id_v1: string;
  total_resources: Resources;
  used_resources: Resources;
  reserved_resources: Resources;
  proofs: unknown[] | null;
  ifaces: NodeInterface[];
  public_config: PublicConfig | null;
  approved: boolean;
  wg_ports: number[];
  deleted: boolean;
}

export interface Gateway extends Host {
  managed_domains: string[];
  tcp_router_port: number;
  dns_nameserver: string[];
  reserved_resources: Resources;
}

export interface NodeRegistration {
  farm_id: number;
  os_version: string;
  hostname?: string;
  node_id_v1?: string;
  location?: Partial<Location>;
  uptime?: number;
}

export interface GatewayRegistration extends NodeRegistration {
  address?: string;
  managed_domains?: string[];
  tcp_router_port?: number;
  dns_nameserver?: string[];
  free_to_use?: boolean;
}

export interface NodeInterface {
  name: string;
  addrs: string[];
  gateway: string[];
  macaddress: string;
}

export interface PublicConfig {
  master: string;
  type: number;
  ipv4: string;
  ipv6: string;
  gw4: string;
  gw6: string;
}

export interface CapacityReport {
  capacity: Resources;
  dmi?: Record<string, unknown>;
  disks?: Record<string, unknown>;
  hypervisor?: string[];
}

/** `used_resources` of a node / `reserved_resources` of a gateway: resources and workload counters. */
export type ReservedResources = Partial<Resources> & Record<string, number>;

/** A pool as read back; `empty_at` is max int64 while idle, beyond JS precision (read as ~9.22e18). */
export type Pool = Omit<PoolJson, 'empty_at'> & { empty_at: number };

export interface PoolCreated {
  reservation_id: number;
  escrow_information: { address: string; asset: string; amount: number };
}

export interface HistoryEntry {
  /** NextAction before (null for the create), after. */
  from: number | null;
  to: number;
  cause: string;
  actor: string;
  time: number;
}

export interface Stats {
  generated_at: number;
  online_threshold_seconds: number;
  nodes: { total: number; online: number };
  gateways: { total: number; online: number };
  farms: number;
  countries: number;
  online_resources: Resources;
  workloads_deployed: Record<string, number>;
  nodes_per_country: { country: string; nodes: number; online: number }[];
}

/** One page of a list plus the server's paging headers. */
export interface Page<T> {
  items: T[];
  /** `X-Total-Count`. */
  total: number;
  /** `Pages`. */
  pages: number;
}

export interface PageOptions {
  page?: number;
  size?: number;
}

export interface NodeFilter extends PageOptions {
  farm?: number;
  country?: string;
  city?: string;
  online?: boolean;
  cru?: number;
  mru?: number;
  hru?: number;
  sru?: number;
  free_cru?: number;
  free_mru?: number;
  free_hru?: number;
  free_sru?: number;
  proofs?: boolean;
  deleted?: boolean;
}

export interface GatewayFilter extends PageOptions {
  farm_id?: number;
  country?: string;
  city?: string;
}

export interface WorkloadFilter extends PageOptions {
  customer_tid?: number;
  next_action?: number;
  workload_type?: number;
  node_id?: string;
  pool_id?: number;
}

/** Filters of `GET /reservations` (legacy multi-workload reservations). */
export interface ReservationFilter {
  customer_tid?: number;
  next_action?: number;
  /** Reservations with a workload on one of the farm's nodes or gateways. */
  farm_id?: number;
}

/** A node's result for a workload, as the SDK sends it (the server fills node_id, epoch). */
export interface ResultReport {
  /** 0 error, 1 ok, 2 deleted. */
  state: 0 | 1 | 2;
  message?: string;
  /** Any JSON value (sent and signed as its JSON text), or null. */
  data?: unknown;
}
