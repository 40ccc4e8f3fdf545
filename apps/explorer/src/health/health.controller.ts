import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/domain';
import { databaseTimeoutOf } from '../http/error.filter';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** 200 when the database answers, 503 otherwise. */
  @Get()
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
}
