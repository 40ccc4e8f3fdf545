import { Body, Controller, Get, HttpCode, Param, ParseArrayPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { NODE_SORT_COLUMNS, RESOURCE_UNITS } from '@app/persistence';
import { SignedByNode, SignedByUser, SignerNodeId, SignerTid } from '../auth/signed.decorators';
import { GoDecodePipe } from '../http/go-decode.pipe';
import { pageRequest, setPageHeaders } from '../http/pagination';
import { apiPaths } from '../http/routes';
import { ReservedResourcesDto, UptimeDto } from './common.dto';
import {
  CapacityReportDto,
  ConfigureFreeDto,
  IfaceDto,
  NodeView,
  PortsDto,
  PublicConfigDto,
  RegisterNodeDto,
} from './node.dto';
import { NodesService } from './nodes.service';
import {
  ApiListQuery,
  HOST_QUERY_DOCS,
  hostFilterQuery,
  hostOrderQuery,
  isTrueFlag,
  minAmountsQuery,
  parseBooleanQuery,
  ListQuery,
  refuseInapplicable,
} from './query';

const NODE_SORT_KEYS = Object.keys(NODE_SORT_COLUMNS);

/** Statuses are the ones 0-OS and the farmer tools expect (directory.md §8). */
@ApiTags('directory')
@Controller(apiPaths('nodes'))
export class NodesController {
  constructor(private readonly nodes: NodesService) {}

  @Post()
  @HttpCode(201)
  @SignedByNode()
  register(@SignerNodeId() signer: string, @Body() body: RegisterNodeDto): Promise<void> {
    return this.nodes.register(signer, body);
  }

  @Get()
  @ApiOkResponse({ type: [NodeView] })
  @ApiListQuery({
    farm: 'one farm id',
    ...HOST_QUERY_DOCS,
    ...Object.fromEntries(
      RESOURCE_UNITS.flatMap((unit) => [
        [unit, `total_resources.${unit} >= value (same as total_${unit})`],
        [`total_${unit}`, `total_resources.${unit} >= value`],
        [`free_${unit}`, `total - reserved ${unit} >= value`],
      ]),
    ),
    ipv4: 'true | false: has a public IPv4 config',
    ipv6: 'true | false: has a public IPv6 config',
    sort_by: NODE_SORT_KEYS.join(' | '),
    deleted: 'true: include deleted nodes',
    proofs: 'true: include capacity proofs',
  })
  async list(
    @Query() query: ListQuery,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<NodeView[]> {
    refuseInapplicable(query, ['domain'], 'nodes have no domain; managed domains are on /gateways');
    const filter = {
      ...hostFilterQuery(query, 'farm'),
      minTotal: minAmountsQuery(query, (unit) => [unit, `total_${unit}`]),
      minFree: minAmountsQuery(query, (unit) => [`free_${unit}`]),
      includeDeleted: isTrueFlag(query.deleted),
      publicIpv4: parseBooleanQuery(query.ipv4, 'ipv4'),
      publicIpv6: parseBooleanQuery(query.ipv6, 'ipv6'),
    };
    const order = hostOrderQuery(query, NODE_SORT_KEYS);
    const page = await this.nodes.list(filter, order, pageRequest(query), isTrueFlag(query.proofs));
    setPageHeaders(reply, page);
    return page.items;
  }

  @Get(':node_id')
  @ApiOkResponse({ type: NodeView })
  get(@Param('node_id') nodeId: string, @Query('proofs') proofs?: string): Promise<NodeView> {
    return this.nodes.get(nodeId, isTrueFlag(proofs));
  }

  @Post(':node_id/capacity')
  @HttpCode(200)
  @SignedByNode()
  capacity(
    @Param('node_id') nodeId: string,
    @SignerNodeId() signer: string,
    @Body() body: CapacityReportDto,
  ): Promise<void> {
    return this.nodes.reportCapacity(nodeId, signer, body);
  }

  @Post(':node_id/uptime')
  @HttpCode(200)
  @SignedByNode()
  uptime(
    @Param('node_id') nodeId: string,
    @SignerNodeId() signer: string,
    @Body() body: UptimeDto,
  ): Promise<void> {
    return this.nodes.reportUptime(nodeId, signer, body.uptime);
  }

  @Post(':node_id/used_resources')
  @HttpCode(200)
  @SignedByNode()
  usedResources(
    @Param('node_id') nodeId: string,
    @SignerNodeId() signer: string,
    @Body() body: ReservedResourcesDto,
  ): Promise<void> {
    return this.nodes.reportUsedResources(nodeId, signer, body);
  }

  @Post(':node_id/interfaces')
  @HttpCode(201)
  @SignedByNode()
  @ApiBody({ type: [IfaceDto] })
  interfaces(
    @Param('node_id') nodeId: string,
    @SignerNodeId() signer: string,
    @Body(
      new GoDecodePipe(IfaceDto),
      new ParseArrayPipe({ items: IfaceDto, whitelist: true, forbidUnknownValues: true }),
    )
    body: IfaceDto[],
  ): Promise<void> {
    return this.nodes.reportInterfaces(nodeId, signer, body);
  }

  @Post(':node_id/ports')
  @HttpCode(200)
  @SignedByNode()
  ports(
    @Param('node_id') nodeId: string,
    @SignerNodeId() signer: string,
    @Body() body: PortsDto,
  ): Promise<void> {
    return this.nodes.reportPorts(nodeId, signer, body.ports);
  }

  @Post(':node_id/configure_public')
  @HttpCode(201)
  @SignedByUser()
  configurePublic(
    @Param('node_id') nodeId: string,
    @SignerTid() tid: number,
    @Body() body: PublicConfigDto,
  ): Promise<void> {
    return this.nodes.configurePublic(nodeId, tid, body);
  }

  @Post(':node_id/configure_free')
  @HttpCode(200)
  @SignedByUser()
  configureFree(
    @Param('node_id') nodeId: string,
    @SignerTid() tid: number,
    @Body() body: ConfigureFreeDto,
  ): Promise<void> {
    return this.nodes.configureFree(nodeId, tid, body.free_to_use);
  }
}
