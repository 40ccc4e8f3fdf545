import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { SignedByNode, SignerNodeId } from '../auth/signed.decorators';
import { parseQueryInt } from '../http/ids';
import { pageRequest, setPageHeaders } from '../http/pagination';
import { apiPaths } from '../http/routes';
import { ReservedResourcesDto, UptimeDto } from './common.dto';
import { GatewayView, RegisterGatewayDto } from './gateway.dto';
import { GatewaysService } from './gateways.service';
import { textQuery } from './query';

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
  async list(
    @Query() query: Record<string, string>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<GatewayView[]> {
    const filter = {
      farmId: parseQueryInt(query.farm_id, 'farm id'),
      country: textQuery(query.country),
      city: textQuery(query.city),
    };
    const page = await this.gateways.list(filter, pageRequest(query));
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
