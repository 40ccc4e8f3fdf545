import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError } from '@app/domain';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** 200 when the database answers, 503 otherwise. */
  @Get()
  async health(): Promise<{ status: string }> {
    try {
      await this.db.query('SELECT 1');
    } catch {
      throw new DomainError('unavailable', 'database unavailable');
    }
    return { status: 'ok' };
  }
}
