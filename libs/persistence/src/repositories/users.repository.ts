import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { UserEntity } from '../entities/user.entity';

export interface UserFilter {
  name?: string;
  email?: string;
}

const PUBKEY_CACHE_LIMIT = 100_000;

@Injectable()
export class UsersRepository {
  private readonly pubkeys = new Map<number, string>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Inserts a user; null when the name or a non-empty email is taken (unique indexes decide). */
  async insert(user: Pick<UserEntity, 'name' | 'email' | 'pubkey'>): Promise<UserEntity | null> {
    const rows: (UserEntity & { id: string })[] = await this.db.query(
      `INSERT INTO users (name, email, pubkey) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING *`,
      [user.name, user.email, user.pubkey],
    );
    return rows[0] ? { ...rows[0], id: Number(rows[0].id) } : null;
  }

  findById(id: number): Promise<UserEntity | null> {
    return this.db.getRepository(UserEntity).findOneBy({ id });
  }

  /**
   * Public key of a user, for signature checks (every signed request and create). Keys never change
   * (rotation is refused, users are never deleted), so found keys are kept in memory.
   */
  async findPubkey(id: number): Promise<string | null> {
    const cached = this.pubkeys.get(id);
    if (cached !== undefined) return cached;
    const rows: { pubkey: string }[] = await this.db.query('SELECT pubkey FROM users WHERE id = $1', [id]);
    const pubkey = rows[0]?.pubkey ?? null;
    if (pubkey !== null) {
      if (this.pubkeys.size >= PUBKEY_CACHE_LIMIT) this.pubkeys.clear();
      this.pubkeys.set(id, pubkey);
    }
    return pubkey;
  }

  lockById(em: EntityManager, id: number): Promise<UserEntity | null> {
    return em.getRepository(UserEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Applies a profile change; false when the new email belongs to someone else. */
  async updateProfile(
    em: EntityManager,
    id: number,
    profile: Pick<UserEntity, 'email' | 'host' | 'description'>,
  ): Promise<boolean> {
    const [, affected]: [unknown, number] = await em.query(
      `UPDATE users SET email = $2, host = $3, description = $4 WHERE id = $1
       AND NOT EXISTS (SELECT 1 FROM users WHERE email = $2 AND $2 <> '' AND id <> $1)`,
      [id, profile.email, profile.host, profile.description],
    );
    return affected === 1;
  }

  async list(
    filter: UserFilter,
    offset: number,
    limit: number,
  ): Promise<{ items: UserEntity[]; total: number }> {
    const where: Partial<UserEntity> = {};
    if (filter.name) where.name = filter.name;
    if (filter.email) where.email = filter.email;
    const [items, total] = await this.db
      .getRepository(UserEntity)
      .findAndCount({ where, order: { id: 'ASC' }, skip: offset, take: limit });
    return { items, total };
  }
}
