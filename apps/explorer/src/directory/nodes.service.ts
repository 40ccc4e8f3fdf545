import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { badRequest, forbidden, notFound } from '@app/domain';
import {
  FarmsRepository,
  HostOrder,
  NodeChanges,
  NodeEntity,
  NodeFilter,
  NodesRepository,
} from '@app/persistence';
import { Clock } from '../clock/clock';
import { AppConfig } from '../config/config';
import { Page, PageRequest } from '../http/pagination';
import { ReservedResourcesDto } from './common.dto';
import { CapacityReportDto, IfaceDto, NodeView, PublicConfigDto, RegisterNodeDto } from './node.dto';
import { checkRegistrationIdentity, isCidrOf, isIpOf, isMacAddress } from './validation';
import { nodeView } from './views';

/** Capacity proofs kept per node (the reference kept every one, one per boot). */
export const PROOF_HISTORY = 10;
const MAX_MASTER_LENGTH = 16;
const MACVLAN = 0;

/** md5 of the JSON with sorted keys, like Go's encoding of the proof maps: an opaque, stable digest. */
function proofHash(value: unknown): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v !== null && typeof v === 'object'
        ? Object.fromEntries(
            Object.entries(v)
              .sort(([a], [b]) => (a < b ? -1 : 1))
              .map(([k, x]) => [k, canonical(x)]),
          )
        : v;
  return createHash('md5')
    .update(`${JSON.stringify(canonical(value))}\n`)
    .digest('hex');
}

type ReservedColumn = 'reservedCru' | 'reservedMru' | 'reservedHru' | 'reservedSru' | 'workloads';

/** The changes of a reserved-resources report; nodes (used_resources) and gateways store it alike. */
export function reservedResourcesChanges(
  r: ReservedResourcesDto,
): Required<Pick<NodeChanges, ReservedColumn>> {
  return {
    reservedCru: r.cru,
    reservedMru: r.mru,
    reservedHru: r.hru,
    reservedSru: r.sru,
    workloads: {
      network: r.network,
      network_resource: r.network_resource,
      volume: r.volume,
      zdb_namespace: r.zdb_namespace,
      container: r.container,
      k8s_vm: r.k8s_vm,
      generic_vm: r.generic_vm,
      proxy: r.proxy,
      reverse_proxy: r.reverse_proxy,
      subdomain: r.subdomain,
      delegate_domain: r.delegate_domain,
    },
  };
}

/** A list filter whose liveness is a flag; the service turns it into "updated since". */
export type WithOnlineFlag<F> = Omit<F, 'online'> & { online?: boolean };

export function onlineSince(
  online: boolean | undefined,
  since: number,
): { is: boolean; since: number } | undefined {
  return online === undefined ? undefined : { is: online, since };
}

/** Registration of a node or gateway: FOR SHARE, so the farm cannot vanish or change hands under it. */
export async function lockRegistrationFarm(
  farms: FarmsRepository,
  em: EntityManager,
  farmId: number,
): Promise<void> {
  if (!(await farms.lockById(em, farmId, 'pessimistic_read'))) throw notFound(`unknown farm id: ${farmId}`);
}

function validatePublicConfig(c: PublicConfigDto): void {
  const fail = (reason: string) => badRequest(`error during validation of public config: ${reason}`);
  if (c.master === '') throw fail('master interface is required');
  if (c.master.length > MAX_MASTER_LENGTH)
    throw fail(`master interface name longer than ${MAX_MASTER_LENGTH} characters`);
  if (c.type !== MACVLAN) throw fail('only macvlan (type 0) is supported');
  if (!isCidrOf(c.ipv4, 4)) throw fail('ipv4 must be an IPv4 CIDR');
  if (!isIpOf(c.gw4, 4)) throw fail('gw4 must be an IPv4 address');
  if (!isCidrOf(c.ipv6, 6)) throw fail('ipv6 must be an IPv6 CIDR');
  if (!isIpOf(c.gw6, 6)) throw fail('gw6 must be an IPv6 address');
}

/** Empty strings are Go's zero values of the address types; anything else must parse. */
function validateIfaces(ifaces: IfaceDto[]): void {
  for (const iface of ifaces) {
    const bad =
      iface.addrs.find((a) => a !== '' && !isCidrOf(a)) ?? iface.gateway.find((g) => g !== '' && !isIpOf(g));
    if (bad !== undefined)
      throw badRequest(`invalid address ${JSON.stringify(bad)} on interface ${iface.name}`);
    if (iface.macaddress !== '' && !isMacAddress(iface.macaddress))
      throw badRequest(`invalid mac address ${JSON.stringify(iface.macaddress)}`);
  }
}

/** Nodes of the directory (directory.md §6): registration, the node's own reports, farmer settings, reads. */
@Injectable()
export class NodesService {
  constructor(
    private readonly nodes: NodesRepository,
    private readonly farms: FarmsRepository,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async register(signer: string, input: RegisterNodeDto): Promise<void> {
    checkRegistrationIdentity('node', signer, input);
    await this.db.transaction(async (em) => {
      await lockRegistrationFarm(this.farms, em, input.farm_id);
      await this.nodes.upsertRegistration(
        em,
        {
          nodeId: input.node_id,
          hostname: input.hostname,
          nodeIdV1: input.node_id_v1,
          farmId: input.farm_id,
          osVersion: input.os_version,
          location: input.location,
          publicKeyHex: input.public_key_hex.toLowerCase(),
          uptime: input.uptime,
        },
        this.clock.now(),
      );
    });
  }

  async get(nodeId: string, withProofs: boolean): Promise<NodeView> {
    const node = await this.nodes.findByNodeId(nodeId);
    if (!node) throw notFound(`node '${nodeId}' not found`);
    return (await this.views([node], withProofs))[0];
  }

  async list(
    filter: WithOnlineFlag<NodeFilter>,
    order: HostOrder | undefined,
    page: PageRequest,
    withProofs: boolean,
  ): Promise<Page<NodeView>> {
    const online = onlineSince(filter.online, this.onlineSince());
    const { items, total } = await this.nodes.list({ ...filter, online }, order, page.offset, page.size);
    return { items: await this.views(items, withProofs), total, size: page.size };
  }

  async reportCapacity(nodeId: string, signer: string, report: CapacityReportDto): Promise<void> {
    await this.requireOwnReport(nodeId, signer, 'set capacity');
    await this.db.transaction(async (em) => {
      const node = await this.nodes.lockByNodeId(em, nodeId);
      if (!node || node.deleted) return; // reports of a deleted node are no-ops (reference)
      const { cru, mru, hru, sru } = report.capacity;
      await this.nodes.update(em, node.id, { totalCru: cru, totalMru: mru, totalHru: hru, totalSru: sru });
      await this.nodes.addProof(
        em,
        node.id,
        {
          created: this.clock.now(),
          hardwareHash: proofHash(report.dmi),
          diskHash: proofHash(report.disks),
          hardware: report.dmi,
          disks: report.disks,
          hypervisor: report.hypervisor,
        },
        PROOF_HISTORY,
      );
    });
  }

  async reportUptime(nodeId: string, signer: string, uptime: number): Promise<void> {
    await this.ownReport(nodeId, signer, 'update uptime', { uptime, updated: this.clock.now() });
  }

  async reportUsedResources(nodeId: string, signer: string, used: ReservedResourcesDto): Promise<void> {
    await this.ownReport(nodeId, signer, 'set used resources', reservedResourcesChanges(used));
  }

  async reportInterfaces(nodeId: string, signer: string, ifaces: IfaceDto[]): Promise<void> {
    validateIfaces(ifaces);
    const stored = ifaces.map(({ name, addrs, gateway, macaddress }) => ({
      name,
      addrs,
      gateway,
      macaddress,
    }));
    await this.ownReport(nodeId, signer, 'set interfaces', { ifaces: stored });
  }

  async reportPorts(nodeId: string, signer: string, ports: number[]): Promise<void> {
    await this.ownReport(nodeId, signer, 'set ports', { wgPorts: ports });
  }

  /** The farmer's public interface of a node; each change bumps `version` so the node re-applies it. */
  async configurePublic(nodeId: string, tid: number, config: PublicConfigDto): Promise<void> {
    validatePublicConfig(config);
    await this.db.transaction(async (em) => {
      const node = await this.lockFarmersNode(
        em,
        nodeId,
        tid,
        'only the farmer can configured the public interface of its nodes',
      );
      const { master, type, ipv4, ipv6, gw4, gw6 } = config;
      const version = (node.publicConfig?.version ?? 0) + 1;
      await this.nodes.update(em, node.id, { publicConfig: { master, type, ipv4, ipv6, gw4, gw6, version } });
    });
  }

  async configureFree(nodeId: string, tid: number, freeToUse: boolean): Promise<void> {
    await this.db.transaction(async (em) => {
      const node = await this.lockFarmersNode(
        em,
        nodeId,
        tid,
        'only the farmer can mark its nodes free to use',
      );
      await this.nodes.update(em, node.id, { freeToUse });
    });
  }

  /** DELETE /farms/{farm_id}/{node_id}: soft delete by the farm owner; a new registration undoes it. */
  async removeFromFarm(farmId: number, nodeId: string, tid: number): Promise<void> {
    await this.db.transaction(async (em) => {
      const farm = await this.farms.lockById(em, farmId, 'pessimistic_read');
      if (!farm) throw notFound(`farm ${farmId} not found`);
      if (farm.threebotId !== tid) throw forbidden('only the farm owner can delete nodes of its farm');
      const node = await this.nodes.lockByNodeId(em, nodeId);
      if (!node) throw notFound(`node '${nodeId}' not found`);
      if (node.farmId !== farmId) throw forbidden('only the farm owner of this node can delete this node');
      await this.nodes.update(em, node.id, { deleted: true });
    });
  }

  private onlineSince(): number {
    return this.clock.now() - this.config.NODE_ONLINE_THRESHOLD_SECONDS;
  }

  private async views(nodes: NodeEntity[], withProofs: boolean): Promise<NodeView[]> {
    const proofs = withProofs ? await this.nodes.proofsOf(nodes.map((n) => n.id)) : null;
    const since = this.onlineSince();
    return nodes.map((n) => nodeView(n, proofs?.get(n.id) ?? null, since));
  }

  /** Node reports: 404 for an unknown node, 403 unless signed by the node itself. */
  private async requireOwnReport(nodeId: string, signer: string, action: string): Promise<void> {
    if (!(await this.nodes.findByNodeId(nodeId))) throw notFound(`node '${nodeId}' not found`);
    if (signer !== nodeId)
      throw forbidden(`trying to ${action} for nodeID ${nodeId} while you are ${signer}`);
  }

  private async ownReport(
    nodeId: string,
    signer: string,
    action: string,
    changes: NodeChanges,
  ): Promise<void> {
    await this.requireOwnReport(nodeId, signer, action);
    await this.nodes.updateLive(nodeId, changes);
  }

  /** The node locked for a farmer's change, after checking that `tid` owns the node's farm. */
  private async lockFarmersNode(
    em: EntityManager,
    nodeId: string,
    tid: number,
    denied: string,
  ): Promise<NodeEntity> {
    const node = await this.nodes.lockByNodeId(em, nodeId);
    if (!node) throw notFound(`node '${nodeId}' not found`);
    const farm = await this.farms.lockById(em, node.farmId, 'pessimistic_read');
    if (!farm) throw notFound(`farm ${node.farmId} of node '${nodeId}' not found`);
    if (farm.threebotId !== tid) throw forbidden(denied);
    return node;
  }
}
