import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { GatewayEntity } from '../entities/gateway.entity';
import { NO_WORKLOADS } from '../entities/node.entity';
import { applyHostFilter, applyHostOrder, HOST_SORT_COLUMNS, HostFilter, HostOrder } from './host-query';

export type GatewayRegistration = Omit<
  GatewayEntity,
  'id' | 'created' | 'updated' | 'workloads' | 'reservedCru' | 'reservedMru' | 'reservedHru' | 'reservedSru'
>;
export type GatewayChanges = Partial<Omit<GatewayEntity, 'id' | 'nodeId' | 'created'>>;

export interface GatewayFilter extends HostFilter {
  /** Manages at least one domain (true) or none (false). */
  hasDomain?: boolean;
}

export const GATEWAY_SORT_COLUMNS: Readonly<Record<string, string>> = HOST_SORT_COLUMNS('g');

@Injectable()
export class GatewaysRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** New gateway: id and `created`; existing: every registration field is replaced (reference upsert). */
  async upsertRegistration(em: EntityManager, gateway: GatewayRegistration, now: number): Promise<void> {
    await em
      .createQueryBuilder()
      .insert()
      .into(GatewayEntity)
      .values({ ...gateway, created: now, updated: now, workloads: { ...NO_WORKLOADS } })
      .orUpdate(
        [
          'farm_id',
          'os_version',
          'updated',
          'uptime',
          'address',
          'country',
          'city',
          'continent',
          'latitude',
          'longitude',
          'public_key_hex',
          'managed_domains',
          'tcp_router_port',
          'dns_nameserver',
          'free_to_use',
        ],
        ['node_id'],
      )
      .execute();
  }

  findByNodeId(nodeId: string): Promise<GatewayEntity | null> {
    return this.db.getRepository(GatewayEntity).findOneBy({ nodeId });
  }

  async update(nodeId: string, changes: GatewayChanges): Promise<void> {
    await this.db.getRepository(GatewayEntity).update({ nodeId }, changes);
  }

  /** The filtered listing query (public so that tests can check its plan uses the indexes). */
  filteredQuery(filter: GatewayFilter, order?: HostOrder): SelectQueryBuilder<GatewayEntity> {
    const q = applyHostFilter(this.db.getRepository(GatewayEntity).createQueryBuilder('g'), 'g', filter);
    // Same expression as the partial index gateways_with_domains.
    if (filter.hasDomain !== undefined)
      q.andWhere(`cardinality(g.managed_domains) ${filter.hasDomain ? '>' : '='} 0`);
    return applyHostOrder(q, 'g', order, GATEWAY_SORT_COLUMNS);
  }

  async list(
    filter: GatewayFilter,
    order: HostOrder | undefined,
    offset: number,
    limit: number,
  ): Promise<{ items: GatewayEntity[]; total: number }> {
    const [items, total] = await this.filteredQuery(filter, order)
      .offset(offset)
      .limit(limit)
      .getManyAndCount();
    return { items, total };
  }
}
