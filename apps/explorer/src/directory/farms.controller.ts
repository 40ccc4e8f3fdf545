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
import { ApiOperationDoc } from '../http/openapi';

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
  @ApiOperationDoc({
    summary: 'Register a farm owned by threebot_id',
    ok: [201, '{"id": n}'],
    errors: [400, 401, 404, 409],
    signedBy: 'new owner (keyId = threebot_id), unless ALLOW_UNSIGNED_FARM_REGISTRATION',
  })
  create(@Body() body: CreateFarmDto, @OptionalSignerTid() signer: number | null): Promise<FarmCreatedView> {
    return this.farms.create(body, signer);
  }

  @Get()
  @ApiOkResponse({ type: [FarmView] })
  @ApiListQuery(FARM_QUERY_DOCS)
  @ApiOperationDoc({
    summary: 'List farms, filtered by owner or name',
    ok: [200, 'farms; email only for signed requests'],
    errors: [400],
  })
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
  @ApiOperationDoc({
    summary: 'One farm',
    ok: [200, 'the farm; email only for signed requests'],
    errors: [400, 404],
  })
  async get(@Param('farm_id') farmId: string, @Req() req: FastifyRequest): Promise<FarmView> {
    const id = parseId(farmId, 'farm id');
    return this.farms.get(id, (await this.verifier.optionalUser(req)) !== null);
  }

  @Put(':farm_id')
  @HttpCode(200)
  @SignedByUser()
  @ApiOperationDoc({
    summary: 'Update the farm (partial), incl. require_farmer_signature or an ownership transfer',
    ok: [200, 'null'],
    errors: [400, 401, 403, 404, 409],
    signedBy: 'farm owner',
  })
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
  @ApiOperationDoc({
    summary: 'Remove a node from the farm (soft delete)',
    ok: [200, 'null'],
    errors: [400, 401, 403, 404],
    signedBy: 'farm owner',
  })
  deleteNode(
    @Param('farm_id') farmId: string,
    @Param('node_id') nodeId: string,
    @SignerTid() tid: number,
  ): Promise<void> {
    return this.nodes.removeFromFarm(parseId(farmId, 'farm id'), nodeId, tid);
  }
}
