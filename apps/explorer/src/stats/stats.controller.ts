import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { apiPaths } from '../http/routes';
import { NodeDeploymentsView, StatsView } from './stats.dto';
import { StatsService } from './stats.service';

@ApiTags('stats')
@Controller()
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get(apiPaths('stats'))
  @ApiOkResponse({ type: StatsView })
  get(): Promise<StatsView> {
    return this.stats.get();
  }

  /** Unknown nodes have nothing deployed: an empty list, not a 404 (the explorer keeps no such link). */
  @Get(apiPaths('nodes/:node_id/deployments'))
  @ApiTags('directory')
  @ApiOkResponse({ type: NodeDeploymentsView })
  nodeDeployments(@Param('node_id') nodeId: string): Promise<NodeDeploymentsView> {
    return this.stats.nodeDeployments(nodeId);
  }
}
