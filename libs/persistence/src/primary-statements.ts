import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';

/** A named prepared statement: its parameters' and rows' types travel with it. */
export interface Statement<P extends readonly unknown[], R> {
  readonly name: string;
  readonly text: string;
  /** Type witness only. */
  readonly _types?: { params: P; row: R };
}

export function statement<P extends readonly unknown[], R>(name: string, text: string): Statement<P, R> {
  return { name, text };
}

/**
 * The hot-path statements that bypass the ORM run here: named prepared statements on the primary's
 * pool (each its own transaction), the one place that knows where TypeORM keeps that pool.
 */
@Injectable()
export class PrimaryStatements {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private get pool(): Pool {
    return (this.db.driver as unknown as { master: Pool }).master;
  }

  async run<P extends readonly unknown[], R>(s: Statement<P, R>, params: P): Promise<R[]> {
    const { rows } = await this.pool.query({ name: s.name, text: s.text, values: [...params] });
    return rows as R[];
  }
}
