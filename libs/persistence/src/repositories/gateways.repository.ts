import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, FindOptionsWhere } from 'typeorm';
import { GatewayEntity } from '../entities/gateway.entity';
import { NO_WORKLOADS } from '../entities/node.entity';

export type GatewayRegistration = Omit<
  GatewayEntity,
  'id' | 'created' | 'updated' | 'workloads' | 'reservedCru' | 'reservedMru' | 'reservedHru' | 'reservedSru'
>;
export type GatewayChanges = Partial<Omit<GatewayEntity, 'id' | 'nodeId' | 'created'>>;

export interface GatewayFilter {
  farmId?: number;
  country?: string;
  city?: string;
}

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

  async list(
    filter: GatewayFilter,
    offset: number,
    limit: number,
  ): Promise<{ items: GatewayEntity[]; total: number }> {
    const where: FindOptionsWhere<GatewayEntity> = {};
    if (filter.farmId) where.farmId = filter.farmId;
    if (filter.country) where.country = filter.country;
    if (filter.city) where.city = filter.city;
    const [items, total] = await this.db
      .getRepository(GatewayEntity)
      .findAndCount({ where, order: { id: 'ASC' }, skip: offset, take: limit });
    return { items, total };
  }
}
