import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { apiPaths } from '../http/routes';
import { NodeDeploymentsView, StatsView } from './stats.dto';
import { StatsService } from './stats.service';
import { ApiOperationDoc } from '../http/openapi';

@ApiTags('stats')
@Controller()
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get(apiPaths('stats'))
  @ApiOkResponse({ type: StatsView })
  @ApiOperationDoc({
    summary: 'Grid totals: nodes, farms, countries, online resources, deployed workloads',
    ok: [200, 'the totals'],
  })
  get(): Promise<StatsView> {
    return this.stats.get();
  }

  /** Unknown nodes have nothing deployed: an empty list, not a 404 (the explorer keeps no such link). */
  @Get(apiPaths('nodes/:node_id/deployments'))
  @ApiTags('directory')
  @ApiOkResponse({ type: NodeDeploymentsView })
  @ApiOperationDoc({
    summary: 'What is deployed on a node, per workload type (empty for unknown nodes)',
    ok: [200, 'counts per type'],
  })
  nodeDeployments(@Param('node_id') nodeId: string): Promise<NodeDeploymentsView> {
    return this.stats.nodeDeployments(nodeId);
  }
}
