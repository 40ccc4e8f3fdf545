import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { apiPaths } from '../http/routes';
import { StatsView } from './stats.dto';
import { StatsService } from './stats.service';

@ApiTags('stats')
@Controller(apiPaths('stats'))
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get()
  @ApiOkResponse({ type: StatsView })
  get(): Promise<StatsView> {
    return this.stats.get();
  }
}
