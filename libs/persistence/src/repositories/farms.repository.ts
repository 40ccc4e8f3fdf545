import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { isUniqueViolation } from '../unique-violation';
import { FarmEntity } from '../entities/farm.entity';
import { likeContains } from './host-query';

export interface FarmFilter {
  owner?: number;
  name?: string;
  /** Case-insensitive substring of the name (trigram index on lower(name)). */
  nameContains?: string;
  /** Exact `location.country` (expression index farms_country). */
  country?: string;
  /** At least this many (not deleted) nodes. */
  minNodes?: number;
}

export type NewFarm = Omit<FarmEntity, 'id' | 'requireFarmerSignature'>;
export type FarmChanges = Partial<Omit<FarmEntity, 'id'>>;

@Injectable()
export class FarmsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Inserts a farm; null when the name is taken (the unique index decides). */
  async insert(em: EntityManager, farm: NewFarm): Promise<number | null> {
    const result = await em
      .createQueryBuilder()
      .insert()
      .into(FarmEntity)
      .values(farm)
      .orIgnore()
      .returning('id')
      .execute();
    const row = (result.raw as { id: string }[])[0];
    return row ? Number(row.id) : null;
  }

  findById(id: number): Promise<FarmEntity | null> {
    return this.db.getRepository(FarmEntity).findOneBy({ id });
  }

  /** The farm row locked for an owner's change (FOR UPDATE) or for a change that depends on it (FOR SHARE). */
  lockById(
    em: EntityManager,
    id: number,
    mode: 'pessimistic_write' | 'pessimistic_read' = 'pessimistic_write',
  ): Promise<FarmEntity | null> {
    return em.getRepository(FarmEntity).findOne({ where: { id }, lock: { mode } });
  }

  /** Applies changes; false when the new name belongs to another farm. */
  async update(em: EntityManager, id: number, changes: FarmChanges): Promise<boolean> {
    if (Object.keys(changes).length === 0) return true;
    try {
      await em.getRepository(FarmEntity).update({ id }, changes);
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** The filtered listing query (public so that tests can check its plan uses the indexes). */
  filteredQuery(filter: FarmFilter): SelectQueryBuilder<FarmEntity> {
    const q = this.db.getRepository(FarmEntity).createQueryBuilder('f');
    if (filter.owner) q.andWhere('f.threebotId = :owner', { owner: filter.owner });
    if (filter.name) q.andWhere('f.name = :name', { name: filter.name });
    if (filter.nameContains)
      q.andWhere('lower(f.name) LIKE :nameContains', { nameContains: likeContains(filter.nameContains) });
    if (filter.country) q.andWhere(`(f.location->>'country') = :country`, { country: filter.country });
    // Counted per farm through nodes_farm_id; a farm's nodes are few next to the whole table.
    if (filter.minNodes)
      q.andWhere('(SELECT count(*) FROM nodes n WHERE n.farm_id = f.id AND NOT n.deleted) >= :minNodes', {
        minNodes: filter.minNodes,
      });
    return q.orderBy('f.id', 'ASC');
  }

  async list(
    filter: FarmFilter,
    offset: number,
    limit: number,
  ): Promise<{ items: FarmEntity[]; total: number }> {
    const [items, total] = await this.filteredQuery(filter).offset(offset).limit(limit).getManyAndCount();
    return { items, total };
  }
}
