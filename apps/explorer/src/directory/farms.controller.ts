import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  OptionalSignerTid,
  Req,
  SignedByUser,
  SignedByUserUnless,
  SignerTid,
} from '../auth/signed.decorators';
import { SignatureVerifier } from '../auth/signature-verifier.service';
import { parseId } from '../http/ids';
import { pageRequest, setPageHeaders } from '../http/pagination';
import { apiPaths } from '../http/routes';
import { CreateFarmDto, FarmCreatedView, FarmView, UpdateFarmDto } from './farm.dto';
import { FarmsService } from './farms.service';
import { NodesService } from './nodes.service';
import { ApiListQuery, FARM_QUERY_DOCS, idQuery, ListQuery, parseAmountQuery, textQuery } from './query';

@ApiTags('directory')
@Controller(apiPaths('farms'))
export class FarmsController {
  constructor(
    private readonly farms: FarmsService,
    private readonly nodes: NodesService,
    private readonly verifier: SignatureVerifier,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: FarmCreatedView })
  @SignedByUserUnless('ALLOW_UNSIGNED_FARM_REGISTRATION')
  create(@Body() body: CreateFarmDto, @OptionalSignerTid() signer: number | null): Promise<FarmCreatedView> {
    return this.farms.create(body, signer);
  }

  @Get()
  @ApiOkResponse({ type: [FarmView] })
  @ApiListQuery(FARM_QUERY_DOCS)
  async list(
    @Query() query: ListQuery,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FarmView[]> {
    const filter = {
      owner: idQuery(query.owner, 'owner'),
      name: textQuery(query.name, 'name'),
      nameContains: textQuery(query.name_contains, 'name_contains'),
      country: textQuery(query.country, 'country'),
      minNodes: parseAmountQuery(query.node_count, 'node_count', true),
    };
    const page = await this.farms.list(
      filter,
      pageRequest(query),
      (await this.verifier.optionalUser(req)) !== null,
    );
    setPageHeaders(reply, page);
    return page.items;
  }

  @Get(':farm_id')
  @ApiOkResponse({ type: FarmView })
  async get(@Param('farm_id') farmId: string, @Req() req: FastifyRequest): Promise<FarmView> {
    const id = parseId(farmId, 'farm id');
    return this.farms.get(id, (await this.verifier.optionalUser(req)) !== null);
  }

  @Put(':farm_id')
  @HttpCode(200)
  @SignedByUser()
  update(
    @Param('farm_id') farmId: string,
    @SignerTid() tid: number,
    @Body() body: UpdateFarmDto,
  ): Promise<void> {
    return this.farms.update(parseId(farmId, 'farm id'), tid, body);
  }

  @Delete(':farm_id/:node_id')
  @HttpCode(200)
  @SignedByUser()
  deleteNode(
    @Param('farm_id') farmId: string,
    @Param('node_id') nodeId: string,
    @SignerTid() tid: number,
  ): Promise<void> {
    return this.nodes.removeFromFarm(parseId(farmId, 'farm id'), nodeId, tid);
  }
}
