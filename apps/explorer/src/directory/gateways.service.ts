import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { badRequest, forbidden, notFound } from '@app/domain';
import {
  FarmsRepository,
  GatewayChanges,
  GatewayFilter,
  GatewaysRepository,
  HostOrder,
} from '@app/persistence';
import { Clock } from '../clock/clock';
import { AppConfig } from '../config/config';
import { Page, PageRequest } from '../http/pagination';
import { ReservedResourcesDto } from './common.dto';
import { GatewayView, RegisterGatewayDto } from './gateway.dto';
import { lockRegistrationFarm, onlineSince, reservedResourcesChanges, WithOnlineFlag } from './nodes.service';
import { checkRegistrationIdentity, isDnsName } from './validation';
import { gatewayView } from './views';

/** Gateways of the directory (directory.md §7), registered and reporting with their own key. */
@Injectable()
export class GatewaysService {
  constructor(
    private readonly gateways: GatewaysRepository,
    private readonly farms: FarmsRepository,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async register(signer: string, input: RegisterGatewayDto): Promise<void> {
    checkRegistrationIdentity('gateway', signer, input);
    const badDomain = input.managed_domains.find((d) => !isDnsName(d));
    if (badDomain !== undefined)
      throw badRequest(`managed domain ${JSON.stringify(badDomain)} is not a valid DNS name`);
    await this.db.transaction(async (em) => {
      await lockRegistrationFarm(this.farms, em, input.farm_id);
      await this.gateways.upsertRegistration(
        em,
        {
          nodeId: input.node_id,
          farmId: input.farm_id,
          osVersion: input.os_version,
          uptime: input.uptime,
          address: input.address,
          ...input.location,
          publicKeyHex: input.public_key_hex.toLowerCase(),
          managedDomains: input.managed_domains,
          tcpRouterPort: input.tcp_router_port,
          dnsNameserver: input.dns_nameserver,
          freeToUse: input.free_to_use,
        },
        this.clock.now(),
      );
    });
  }

  async get(nodeId: string): Promise<GatewayView> {
    const gateway = await this.gateways.findByNodeId(nodeId);
    if (!gateway) throw notFound(`gateway '${nodeId}' not found`);
    return gatewayView(gateway, this.onlineSince());
  }

  async list(
    filter: WithOnlineFlag<GatewayFilter>,
    order: HostOrder | undefined,
    page: PageRequest,
  ): Promise<Page<GatewayView>> {
    const since = this.onlineSince();
    const online = onlineSince(filter.online, since);
    const { items, total } = await this.gateways.list({ ...filter, online }, order, page.offset, page.size);
    return { items: items.map((g) => gatewayView(g, since)), total, size: page.size };
  }

  async reportUptime(nodeId: string, signer: string, uptime: number): Promise<void> {
    await this.ownReport(nodeId, signer, 'update uptime', { uptime, updated: this.clock.now() });
  }

  async reportReservedResources(
    nodeId: string,
    signer: string,
    reserved: ReservedResourcesDto,
  ): Promise<void> {
    await this.ownReport(nodeId, signer, 'set reserved resources', reservedResourcesChanges(reserved));
  }

  private onlineSince(): number {
    return this.clock.now() - this.config.NODE_ONLINE_THRESHOLD_SECONDS;
  }

  private async ownReport(
    nodeId: string,
    signer: string,
    action: string,
    changes: GatewayChanges,
  ): Promise<void> {
    if (!(await this.gateways.findByNodeId(nodeId))) throw notFound(`gateway '${nodeId}' not found`);
    if (signer !== nodeId)
      throw forbidden(`trying to ${action} for gateway ${nodeId} while you are ${signer}`);
    await this.gateways.update(nodeId, changes);
  }
}
