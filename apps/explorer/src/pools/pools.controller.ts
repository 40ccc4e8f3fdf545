import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { parseId } from '../http/ids';
import { RawBody } from '../http/raw-body';
import { RawJson } from '../http/raw-json';
import { apiPaths } from '../http/routes';
import { PoolsService, ReservationCreated } from './pools.service';

@ApiTags('pools')
@Controller(apiPaths('reservations/pools'))
export class PoolsController {
  constructor(private readonly pools: PoolsService) {}

  /** Body-signed capacity reservation; decoded from the raw text because the signature covers `json` as sent. */
  @Post()
  @HttpCode(201)
  @ApiBody({
    description:
      '{json, data_reservation: {pool_id, cus, sus, node_ids, currencies}, customer_tid, customer_signature}',
  })
  @ApiCreatedResponse({
    description: '{"reservation_id": n, "escrow_information": {"address": "", "asset": "", "amount": 0}}',
  })
  create(@RawBody() body: string): Promise<ReservationCreated> {
    return this.pools.reserve(body);
  }

  @Get('owner/:tid')
  @ApiOkResponse({ description: 'every pool of the customer, synced to now' })
  async listByOwner(@Param('tid') tid: string): Promise<RawJson> {
    return RawJson.array(await this.pools.listByOwner(parseId(tid, 'owner')));
  }

  @Get(':id')
  @ApiOkResponse({
    description: 'the pool, synced to now; empty_at 9223372036854775807 while nothing is active',
  })
  async get(@Param('id') id: string): Promise<RawJson> {
    return new RawJson(await this.pools.get(parseId(id, 'pool id')));
  }
}
