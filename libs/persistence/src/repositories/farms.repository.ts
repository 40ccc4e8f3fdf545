import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { isUniqueViolation } from '../unique-violation';
import { FarmEntity } from '../entities/farm.entity';

export interface FarmFilter {
  owner?: number;
  name?: string;
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

  /** Owner and farmer-signature policy of a farm (workload signing, decisions.md §3). */
  async findOwnerAndPolicy(
    farmId: number,
  ): Promise<{ threebotId: number; requireFarmerSignature: boolean } | null> {
    const rows: { threebot_id: string; require_farmer_signature: boolean }[] = await this.db.query(
      'SELECT threebot_id, require_farmer_signature FROM farms WHERE id = $1',
      [farmId],
    );
    return rows[0]
      ? { threebotId: Number(rows[0].threebot_id), requireFarmerSignature: rows[0].require_farmer_signature }
      : null;
  }

  async list(
    filter: FarmFilter,
    offset: number,
    limit: number,
  ): Promise<{ items: FarmEntity[]; total: number }> {
    const where: Partial<FarmEntity> = {};
    if (filter.owner) where.threebotId = filter.owner;
    if (filter.name) where.name = filter.name;
    const [items, total] = await this.db
      .getRepository(FarmEntity)
      .findAndCount({ where, order: { id: 'ASC' }, skip: offset, take: limit });
    return { items, total };
  }
}
