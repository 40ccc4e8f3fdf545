import type { GatewayEntity, GeoLocation, NodeEntity, NodeProofEntity } from '@app/persistence';
import type { GatewayView } from './gateway.dto';
import type { NodeView, ProofView, ResourcesView } from './node.dto';

const NO_RESOURCES: ResourcesView = { cru: 0, mru: 0, hru: 0, sru: 0 };

function location(row: NodeEntity | GatewayEntity): GeoLocation {
  return {
    city: row.city,
    country: row.country,
    continent: row.continent,
    latitude: row.latitude,
    longitude: row.longitude,
  };
}

function reserved(row: NodeEntity | GatewayEntity): ResourcesView {
  return { cru: row.reservedCru, mru: row.reservedMru, hru: row.reservedHru, sru: row.reservedSru };
}

function proofView(proof: NodeProofEntity): ProofView {
  return {
    created: proof.created,
    hardware_hash: proof.hardwareHash,
    disk_hash: proof.diskHash,
    hardware: proof.hardware,
    disks: proof.disks,
    hypervisor: proof.hypervisor,
  };
}

/** The reference's node JSON (directory.md §6.2) plus `online`; proofs are null unless asked for. */
export function nodeView(node: NodeEntity, proofs: NodeProofEntity[] | null, onlineSince: number): NodeView {
  return {
    id: node.id,
    node_id: node.nodeId,
    hostname: node.hostname,
    node_id_v1: node.nodeIdV1,
    farm_id: node.farmId,
    os_version: node.osVersion,
    created: node.created,
    updated: node.updated,
    uptime: node.uptime,
    address: node.address,
    location: location(node),
    total_resources: { cru: node.totalCru, mru: node.totalMru, hru: node.totalHru, sru: node.totalSru },
    used_resources: NO_RESOURCES,
    reserved_resources: reserved(node),
    workloads: node.workloads,
    proofs: proofs && proofs.map(proofView),
    ifaces: node.ifaces,
    public_config: node.publicConfig,
    free_to_use: node.freeToUse,
    approved: node.approved,
    public_key_hex: node.publicKeyHex,
    wg_ports: node.wgPorts,
    deleted: node.deleted,
    online: node.updated >= onlineSince,
  };
}

export function gatewayView(gateway: GatewayEntity, onlineSince: number): GatewayView {
  return {
    id: gateway.id,
    node_id: gateway.nodeId,
    farm_id: gateway.farmId,
    os_version: gateway.osVersion,
    created: gateway.created,
    updated: gateway.updated,
    uptime: gateway.uptime,
    address: gateway.address,
    location: location(gateway),
    public_key_hex: gateway.publicKeyHex,
    workloads: gateway.workloads,
    managed_domains: gateway.managedDomains,
    tcp_router_port: gateway.tcpRouterPort,
    dns_nameserver: gateway.dnsNameserver,
    free_to_use: gateway.freeToUse,
    reserved_resources: reserved(gateway),
    online: gateway.updated >= onlineSince,
  };
}
