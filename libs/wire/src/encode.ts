import {
  CapacityReservation,
  CapacityReservationData,
  ContainerFields,
  DomainDelegateFields,
  Gateway4To6Fields,
  GO_ZERO_TIME,
  Item,
  K8sFields,
  LegacyNetwork,
  LegacyReservation,
  MAX_INT64,
  NetworkResourceFields,
  PoolJson,
  ProxyFields,
  ReservationData,
  ReservationInfo,
  Result,
  ReverseProxyFields,
  SigningRequest,
  SigningSignature,
  StatsAggregator,
  StringMap,
  SubdomainFields,
  VolumeFields,
  WireguardPeer,
  Workload,
  ZdbFields,
  WorkloadType,
} from './model';

/**
 * Renders the model back to the exact JSON the Go explorer emits: every field, Go struct order,
 * nil slices/maps as null, Go's string escaping (HTML characters, U+2028/9), map keys sorted by
 * UTF-8 bytes, raw JSON passed through. Plain string building: this runs on every create.
 */

// Characters Go's encoder escapes (with HTML escaping on, as json.Marshal and http encoders do).
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
const NEEDS_ESCAPE = /["\\\u0000-\u001f<>&\u2028\u2029\ud800-\udfff]/;

/** A JSON string literal exactly as Go's encoding/json writes it. */
export function quote(s: string): string {
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next < 0xe000) {
        out += s[i] + s[i + 1];
        i++;
      } else {
        out += '\\ufffd';
      }
    } else if (c >= 0xdc00 && c < 0xe000) {
      out += '\\ufffd';
    } else if (c === 0x22) {
      out += '\\"';
    } else if (c === 0x5c) {
      out += '\\\\';
    } else if (c === 0x0a) {
      out += '\\n';
    } else if (c === 0x0d) {
      out += '\\r';
    } else if (c === 0x09) {
      out += '\\t';
    } else if (c < 0x20 || c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029) {
      out += '\\u' + c.toString(16).padStart(4, '0');
    } else {
      out += s[i];
    }
  }
  return out + '"';
}

/** Decimal text of an integer-valued number, exact even beyond 2^53 (Go prints int64 digits). */
export function intText(n: number): string {
  return Number.isSafeInteger(n) ? String(n) : BigInt(n).toString();
}

/** schema.Date: Go prints its zero time as 0. */
function date(n: number): string {
  return n === GO_ZERO_TIME ? '0' : intText(n);
}

function list<T>(items: readonly T[] | null, render: (item: T) => string): string {
  if (items === null) return 'null';
  let out = '[';
  for (let i = 0; i < items.length; i++) out += (i ? ',' : '') + render(items[i]);
  return out + ']';
}

const num = (n: number): string => String(n);

/** Go sorts map keys by their UTF-8 bytes; JS's default order (UTF-16 units) differs for astral keys. */
export function sortedKeysByUtf8(map: StringMap): string[] {
  return Object.keys(map)
    .map((k) => ({ k, b: Buffer.from(k, 'utf8') }))
    .sort((x, y) => Buffer.compare(x.b, y.b))
    .map((e) => e.k);
}

function stringMap(map: StringMap | null): string {
  if (map === null) return 'null';
  return (
    '{' +
    sortedKeysByUtf8(map)
      .map((k) => `${quote(k)}:${quote(map[k])}`)
      .join(',') +
    '}'
  );
}

function signingRequest(r: SigningRequest): string {
  return `{"signers":${list(r.signers, num)},"quorum_min":${r.quorum_min}}`;
}

function signature(s: SigningSignature): string {
  return `{"tid":${s.tid},"signature":${quote(s.signature)},"epoch":${date(s.epoch)}}`;
}

/** A node result; the empty one is what a workload without an answer shows. */
export function encodeResult(r: Result): string {
  return (
    `{"category":${r.category},"workload_id":${quote(r.workload_id)},"data_json":${r.data_json ?? 'null'}` +
    `,"signature":${quote(r.signature)},"state":${r.state},"message":${quote(r.message)}` +
    `,"epoch":${date(r.epoch)},"node_id":${quote(r.node_id)}}`
  );
}

/** Members of ReservationInfo without braces; type fields follow with a leading comma. */
function info(w: ReservationInfo): string {
  return `${infoUpToId(w)}${w.id}${infoAfterId(w)}`;
}

/** The members before the value of `id` (which follows `"id":`). */
function infoUpToId(w: ReservationInfo): string {
  return (
    `"workload_id":${w.workload_id},"node_id":${quote(w.node_id)},"pool_id":${w.pool_id}` +
    `,"reference":${quote(w.reference)},"description":${quote(w.description)}` +
    `,"signing_request_provision":${signingRequest(w.signing_request_provision)}` +
    `,"signing_request_delete":${signingRequest(w.signing_request_delete)}` +
    `,"id":`
  );
}

function infoAfterId(w: ReservationInfo): string {
  return (
    `,"json":${quote(w.json)},"customer_tid":${w.customer_tid}` +
    `,"customer_signature":${quote(w.customer_signature)},"next_action":${w.next_action}` +
    `,"signatures_provision":${list(w.signatures_provision, signature)}` +
    `,"signature_farmer":${signature(w.signature_farmer)}` +
    `,"signatures_delete":${list(w.signatures_delete, signature)}` +
    `,"epoch":${date(w.epoch)},"metadata":${quote(w.metadata)},"result":${encodeResult(w.result)}` +
    `,"workload_type":${w.workload_type}`
  );
}

const aggregators = (a: StatsAggregator[] | null): string => list(a, () => '{}');

function zdb(w: ZdbFields): string {
  return (
    `,"size":${w.size},"mode":${w.mode},"password":${quote(w.password)},"disk_type":${w.disk_type}` +
    `,"public":${w.public},"stats_aggregator":${aggregators(w.stats_aggregator)}`
  );
}

function container(w: ContainerFields): string {
  const c = w.capacity;
  return (
    `,"flist":${quote(w.flist)},"hub_url":${quote(w.hub_url)},"environment":${stringMap(w.environment)}` +
    `,"secret_environment":${stringMap(w.secret_environment)},"entrypoint":${quote(w.entrypoint)}` +
    `,"interactive":${w.interactive}` +
    `,"volumes":${list(w.volumes, (v) => `{"volume_id":${quote(v.volume_id)},"mountpoint":${quote(v.mountpoint)}}`)}` +
    `,"network_connection":${list(
      w.network_connection,
      (n) =>
        `{"network_id":${quote(n.network_id)},"ipaddress":${quote(n.ipaddress)}` +
        `,"public_ip6":${n.public_ip6},"yggdrasil_ip":${n.yggdrasil_ip}}`,
    )}` +
    `,"stats":${list(w.stats, (s) => `{"type":${quote(s.type)},"data":${s.data ?? 'null'}}`)}` +
    `,"logs":${list(
      w.logs,
      (l) =>
        `{"type":${quote(l.type)},"data":{"stdout":${quote(l.data.stdout)},"stderr":${quote(l.data.stderr)}` +
        `,"secret_stdout":${quote(l.data.secret_stdout)},"secret_stderr":${quote(l.data.secret_stderr)}}}`,
    )}` +
    `,"capacity":{"cpu":${c.cpu},"memory":${c.memory},"disk_size":${c.disk_size},"disk_type":${c.disk_type}}`
  );
}

function volume(w: VolumeFields): string {
  return `,"size":${w.size},"type":${w.type}`;
}

function k8s(w: K8sFields): string {
  return (
    `,"size":${w.size},"cluster_secret":${quote(w.cluster_secret)},"network_id":${quote(w.network_id)}` +
    `,"ipaddress":${quote(w.ipaddress)},"master_ips":${list(w.master_ips, quote)}` +
    `,"ssh_keys":${list(w.ssh_keys, quote)},"stats_aggregator":${aggregators(w.stats_aggregator)}`
  );
}

function peer(p: WireguardPeer): string {
  return (
    `{"public_key":${quote(p.public_key)},"endpoint":${quote(p.endpoint)},"iprange":${quote(p.iprange)}` +
    `,"allowed_iprange":${list(p.allowed_iprange, quote)}}`
  );
}

function networkResource(w: NetworkResourceFields): string {
  return (
    `,"name":${quote(w.name)},"network_iprange":${quote(w.network_iprange)}` +
    `,"wireguard_private_key_encrypted":${quote(w.wireguard_private_key_encrypted)}` +
    `,"wireguard_public_key":${quote(w.wireguard_public_key)},"wireguard_listen_port":${w.wireguard_listen_port}` +
    `,"iprange":${quote(w.iprange)},"peers":${list(w.peers, peer)}` +
    `,"stats_aggregator":${aggregators(w.stats_aggregator)}`
  );
}

function proxy(w: ProxyFields): string {
  return `,"domain":${quote(w.domain)},"addr":${quote(w.addr)},"port":${w.port},"port_tls":${w.port_tls}`;
}

function reverseProxy(w: ReverseProxyFields): string {
  return `,"domain":${quote(w.domain)},"secret":${quote(w.secret)}`;
}

function subdomain(w: SubdomainFields): string {
  return `,"domain":${quote(w.domain)},"ips":${list(w.ips, quote)}`;
}

function domainDelegate(w: DomainDelegateFields): string {
  return `,"domain":${quote(w.domain)}`;
}

function gateway4to6(w: Gateway4To6Fields): string {
  return `,"public_key":${quote(w.public_key)}`;
}

function typeFields(w: Workload): string {
  switch (w.workload_type) {
    case WorkloadType.Zdb:
      return zdb(w);
    case WorkloadType.Container:
      return container(w);
    case WorkloadType.Volume:
      return volume(w);
    case WorkloadType.Kubernetes:
      return k8s(w);
    case WorkloadType.Proxy:
      return proxy(w);
    case WorkloadType.ReverseProxy:
      return reverseProxy(w);
    case WorkloadType.Subdomain:
      return subdomain(w);
    case WorkloadType.DomainDelegate:
      return domainDelegate(w);
    case WorkloadType.Gateway4To6:
      return gateway4to6(w);
    case WorkloadType.NetworkResource:
      return networkResource(w);
  }
}

/** The wire JSON of a new-style workload, as served to clients and nodes. */
export function encodeWorkload(w: Workload): string {
  return `{${info(w)}${typeFields(w)}}`;
}

/**
 * Wire JSON with named integer slots that storage fills in later: `parts[0] slot[0] parts[1] …`. The
 * text around the slots is the encoder's; filling a slot with the decimal integer gives exactly the
 * encoding of the value with that field set.
 */
export interface WireTemplate<S extends string> {
  readonly parts: readonly string[];
  readonly slots: readonly S[];
}

/** The wire JSON of a workload whose `id` is drawn by the statement that stores it. */
export function encodeWorkloadTemplate(w: Workload): WireTemplate<'id'> {
  return { parts: [`{${infoUpToId(w)}`, `${infoAfterId(w)}${typeFields(w)}}`], slots: ['id'] };
}

export function renderTemplate<S extends string>(t: WireTemplate<S>, values: Record<S, number>): string {
  let out = t.parts[0];
  t.slots.forEach((slot, i) => (out += intText(values[slot]) + t.parts[i + 1]));
  return out;
}

function items<F>(arr: Item<F>[] | null, fields: (w: F) => string): string {
  return list(arr, (w) => `{${info(w)}${fields(w)}}`);
}

function legacyNetwork(n: LegacyNetwork): string {
  return (
    `{"name":${quote(n.name)},"workload_id":${n.workload_id},"iprange":${quote(n.iprange)}` +
    `,"stats_aggregator":${aggregators(n.stats_aggregator)}` +
    `,"network_resources":${list(
      n.network_resources,
      (r) =>
        `{"node_id":${quote(r.node_id)},"wireguard_private_key_encrypted":${quote(r.wireguard_private_key_encrypted)}` +
        `,"wireguard_public_key":${quote(r.wireguard_public_key)},"wireguard_listen_port":${r.wireguard_listen_port}` +
        `,"iprange":${quote(r.iprange)},"peers":${list(r.peers, peer)}}`,
    )},"farmer_tid":${n.farmer_tid}}`
  );
}

/** data_reservation of a legacy reservation, in ReservationData field order. */
export function encodeReservationData(d: ReservationData): string {
  return (
    `{"description":${quote(d.description)},"currencies":${list(d.currencies, quote)}` +
    `,"signing_request_provision":${signingRequest(d.signing_request_provision)}` +
    `,"signing_request_delete":${signingRequest(d.signing_request_delete)}` +
    `,"containers":${items(d.containers, container)},"volumes":${items(d.volumes, volume)}` +
    `,"zdbs":${items(d.zdbs, zdb)},"networks":${list(d.networks, legacyNetwork)}` +
    `,"network_resource":${items(d.network_resource, networkResource)},"kubernetes":${items(d.kubernetes, k8s)}` +
    `,"proxies":${items(d.proxies, proxy)},"reverse_proxies":${items(d.reverse_proxies, reverseProxy)}` +
    `,"subdomains":${items(d.subdomains, subdomain)},"domain_delegates":${items(d.domain_delegates, domainDelegate)}` +
    `,"gateway4to6":${items(d.gateway4to6, gateway4to6)}` +
    `,"expiration_provisioning":${date(d.expiration_provisioning)}` +
    `,"expiration_reservation":${date(d.expiration_reservation)}}`
  );
}

/** The wire JSON of a legacy reservation. */
export function encodeLegacyReservation(r: LegacyReservation): string {
  return (
    `{"id":${r.id},"json":${quote(r.json)},"data_reservation":${encodeReservationData(r.data_reservation)}` +
    `,"customer_tid":${r.customer_tid},"customer_signature":${quote(r.customer_signature)}` +
    `,"next_action":${r.next_action},"signatures_provision":${list(r.signatures_provision, signature)}` +
    `,"signatures_farmer":${list(r.signatures_farmer, signature)}` +
    `,"signatures_delete":${list(r.signatures_delete, signature)},"epoch":${date(r.epoch)}` +
    `,"metadata":${quote(r.metadata)},"results":${list(r.results, encodeResult)}}`
  );
}

/** Capacity reservation data in Go order (what clients marshal and sign as `json`). */
export function encodeCapacityReservationData(d: CapacityReservationData): string {
  return (
    `{"pool_id":${d.pool_id},"cus":${d.cus},"sus":${d.sus},"node_ids":${list(d.node_ids, quote)}` +
    `,"currencies":${list(d.currencies, quote)}}`
  );
}

/** The wire JSON of a capacity reservation; sponsor fields (later era) only when a sponsor is set. */
export function encodeCapacityReservation(r: CapacityReservation): string {
  const sponsor =
    r.sponsor_tid !== 0 || r.sponsor_signature !== ''
      ? `,"sponsor_tid":${r.sponsor_tid},"sponsor_signature":${quote(r.sponsor_signature)}`
      : '';
  return (
    `{"id":${r.id},"json":${quote(r.json)},"data_reservation":${encodeCapacityReservationData(r.data_reservation)}` +
    `,"customer_tid":${r.customer_tid},"customer_signature":${quote(r.customer_signature)}${sponsor}}`
  );
}

/** Go's float64 text; JS's shortest form uses the same digits and exponent thresholds. */
function float(n: number): string {
  return Object.is(n, -0) ? '-0' : String(n);
}

/** int64 that may be max int64: bigints exactly, numbers at or beyond 2^63 clamp to max int64. */
function int64Text(n: number | bigint): string {
  if (typeof n === 'bigint') return n.toString();
  return n >= 2 ** 63 ? MAX_INT64.toString() : intText(n);
}

/** The wire JSON of a capacity pool; empty_at of an idle pool prints 9223372036854775807 exactly. */
export function encodePool(p: PoolJson): string {
  return (
    `{"pool_id":${p.pool_id},"cus":${float(p.cus)},"sus":${float(p.sus)},"node_ids":${list(p.node_ids, quote)}` +
    `,"last_updated":${p.last_updated},"active_cu":${float(p.active_cu)},"active_su":${float(p.active_su)}` +
    `,"empty_at":${int64Text(p.empty_at)},"customer_tid":${p.customer_tid}` +
    `,"active_workload_ids":${list(p.active_workload_ids, num)}}`
  );
}
