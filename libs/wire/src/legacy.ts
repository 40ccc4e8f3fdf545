import { newInfo } from './decode';
import { WireError } from './errors';
import { foldKey, parseJson } from './json-reader';
import { Item, LegacyReservation, NextActionValue, ReservationData, Workload, WorkloadType } from './model';

/** `<id>-<workload_id>`: how nodes and results name a workload. */
export const gwidOf = (id: number, workloadId: number): string => `${id}-${workloadId}`;

type Typed = (item: Item<object>) => Workload;

/** Every item array of a reservation with the workload type its items become (networks apart). */
function typedItems(d: ReservationData): Array<[Item<object>[] | null, WorkloadType]> {
  return [
    [d.containers, WorkloadType.Container],
    [d.volumes, WorkloadType.Volume],
    [d.zdbs, WorkloadType.Zdb],
    [d.network_resource, WorkloadType.NetworkResource],
    [d.kubernetes, WorkloadType.Kubernetes],
    [d.proxies, WorkloadType.Proxy],
    [d.reverse_proxies, WorkloadType.ReverseProxy],
    [d.subdomains, WorkloadType.Subdomain],
    [d.domain_delegates, WorkloadType.DomainDelegate],
    [d.gateway4to6, WorkloadType.Gateway4To6],
  ];
}

/**
 * The flat node workloads of a legacy reservation (what nodes poll): one per item, and one
 * `network_resource` per node of a network, all under the network's workload_id. They carry the
 * reservation's id, customer, state, description, epoch, metadata and signing requests.
 */
export function deriveWorkloads(r: LegacyReservation, nextAction: NextActionValue): Workload[] {
  const d = r.data_reservation;
  const common = {
    id: r.id,
    customer_tid: r.customer_tid,
    next_action: nextAction,
    description: d.description,
    epoch: r.epoch,
    metadata: r.metadata,
    signing_request_provision: d.signing_request_provision,
    signing_request_delete: d.signing_request_delete,
  };
  const out: Workload[] = [];
  for (const [items, type] of typedItems(d)) {
    const typed: Typed = (item) => ({ ...item, ...common, workload_type: type }) as Workload;
    for (const item of items ?? []) out.push(typed(item));
  }
  for (const network of d.networks ?? []) {
    for (const nr of network.network_resources ?? []) {
      out.push({
        ...newInfo(),
        ...common,
        workload_id: network.workload_id,
        node_id: nr.node_id,
        workload_type: WorkloadType.NetworkResource,
        name: network.name,
        network_iprange: network.iprange,
        wireguard_private_key_encrypted: nr.wireguard_private_key_encrypted,
        wireguard_public_key: nr.wireguard_public_key,
        wireguard_listen_port: nr.wireguard_listen_port,
        iprange: nr.iprange,
        peers: nr.peers,
        stats_aggregator: network.stats_aggregator,
      });
    }
  }
  return out;
}

/**
 * The first workload_id used twice in a reservation (a network counts once, whatever its node
 * count), or null. Two workloads under one id would share a gwid on the nodes.
 */
export function conflictingWorkloadId(d: ReservationData): number | null {
  const seen = new Set<number>();
  const ids = [
    ...typedItems(d).flatMap(([items]) => (items ?? []).map((i) => i.workload_id)),
    ...(d.networks ?? []).map((n) => n.workload_id),
  ];
  for (const id of ids) {
    if (seen.has(id)) return id;
    seen.add(id);
  }
  return null;
}

/** A network listing one node twice would give that node two workloads under one gwid. */
export function repeatedNetworkNode(d: ReservationData): { network: string; nodeId: string } | null {
  for (const network of d.networks ?? []) {
    const nodes = new Set<string>();
    for (const nr of network.network_resources ?? []) {
      if (nodes.has(nr.node_id)) return { network: network.name, nodeId: nr.node_id };
      nodes.add(nr.node_id);
    }
  }
  return null;
}

/**
 * True when a POST body is a legacy multi-workload reservation: a JSON object with a non-null
 * `data_reservation` member (matched as Go matches keys). Anything unparsable is not one (the
 * workload decoder then names the problem).
 */
export function isLegacyReservationBody(body: string): boolean {
  let root;
  try {
    root = parseJson(body);
  } catch (error) {
    if (error instanceof WireError) return false;
    throw error;
  }
  if (root.kind !== 'object') return false;
  return root.keys.some((k, i) => root.values[i].kind !== 'null' && foldKey(k) === 'data_reservation');
}
