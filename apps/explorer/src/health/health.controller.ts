import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/domain';
import { databaseTimeoutOf } from '../http/error.filter';
import { Lifecycle } from './lifecycle';

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly lifecycle: Lifecycle,
  ) {}

  /** 200 when the database answers, 503 otherwise. */
  @Get('health')
  async health(): Promise<{ status: string }> {
    try {
      await this.db.query('SELECT 1');
    } catch (error) {
      // A busy pool is not a dead database: the timeout's own answer says which limit fired.
      if (databaseTimeoutOf(error)) throw error;
      throw new DomainError('unavailable', 'database unavailable');
    }
    return { status: 'ok' };
  }

  /** For orchestrators: 200 once migrations ran and background jobs started, 503 before and while stopping. */
  @Get('ready')
  ready(): { status: string; migrations: string; background_jobs: string } {
    const { migrated, backgroundJobs, draining } = this.lifecycle;
    if (!this.lifecycle.ready)
      throw new DomainError(
        'unavailable',
        draining ? 'shutting down' : migrated ? 'background jobs starting' : 'migrations pending',
      );
    return { status: 'ready', migrations: 'done', background_jobs: backgroundJobs };
  }
}
