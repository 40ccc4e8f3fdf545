import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { SignedByNode, SignerNodeId } from '../auth/signed.decorators';
import { GATEWAY_SORT_COLUMNS, RESOURCE_UNITS } from '@app/persistence';
import { pageRequest, setPageHeaders } from '../http/pagination';
import { apiPaths } from '../http/routes';
import { ReservedResourcesDto, UptimeDto } from './common.dto';
import { GatewayView, RegisterGatewayDto } from './gateway.dto';
import { GatewaysService } from './gateways.service';
import {
  ApiListQuery,
  HOST_QUERY_DOCS,
  hostFilterQuery,
  hostOrderQuery,
  ListQuery,
  parseBooleanQuery,
  refuseInapplicable,
} from './query';

const GATEWAY_SORT_KEYS = Object.keys(GATEWAY_SORT_COLUMNS);
/** Node-only filters: capacity amounts and public addresses. */
const GATEWAY_INAPPLICABLE = [
  ...RESOURCE_UNITS.flatMap((unit) => [unit, `total_${unit}`, `free_${unit}`]),
  'ipv4',
  'ipv6',
];

@ApiTags('directory')
@Controller(apiPaths('gateways'))
export class GatewaysController {
  constructor(private readonly gateways: GatewaysService) {}

  @Post()
  @HttpCode(201)
  @SignedByNode()
  register(@SignerNodeId() signer: string, @Body() body: RegisterGatewayDto): Promise<void> {
    return this.gateways.register(signer, body);
  }

  @Get()
  @ApiOkResponse({ type: [GatewayView] })
  @ApiListQuery({
    farm_id: 'one farm id',
    ...HOST_QUERY_DOCS,
    domain: 'true | false: manages at least one domain',
    sort_by: GATEWAY_SORT_KEYS.join(' | '),
  })
  async list(
    @Query() query: ListQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<GatewayView[]> {
    refuseInapplicable(query, GATEWAY_INAPPLICABLE, 'gateways report no capacity and have no public config');
    const filter = {
      ...hostFilterQuery(query, 'farm_id'),
      hasDomain: parseBooleanQuery(query.domain, 'domain'),
    };
    const order = hostOrderQuery(query, GATEWAY_SORT_KEYS);
    const page = await this.gateways.list(filter, order, pageRequest(query));
    setPageHeaders(reply, page);
    return page.items;
  }

  @Get(':node_id')
  @ApiOkResponse({ type: GatewayView })
  get(@Param('node_id') nodeId: string): Promise<GatewayView> {
    return this.gateways.get(nodeId);
  }

  @Post(':node_id/uptime')
  @HttpCode(200)
  @SignedByNode()
  uptime(
    @Param('node_id') nodeId: string,
    @SignerNodeId() signer: string,
    @Body() body: UptimeDto,
  ): Promise<void> {
    return this.gateways.reportUptime(nodeId, signer, body.uptime);
  }

  @Post(':node_id/reserved_resources')
  @HttpCode(200)
  @SignedByNode()
  reservedResources(
    @Param('node_id') nodeId: string,
    @SignerNodeId() signer: string,
    @Body() body: ReservedResourcesDto,
  ): Promise<void> {
    return this.gateways.reportReservedResources(nodeId, signer, body);
  }
}
