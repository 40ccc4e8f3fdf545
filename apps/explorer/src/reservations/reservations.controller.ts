import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { isLegacyReservationBody } from '@app/wire';
import { parseId, parseQueryInt } from '../http/ids';
import { pageRequest } from '../http/pagination';
import { RawBody } from '../http/raw-body';
import { JSON_NULL, RawJson } from '../http/raw-json';
import { apiPaths } from '../http/routes';
import { OptionalSignerTid, SignedByUserUnless } from '../auth/signed.decorators';
import { parseSignatureRequest } from '../workloads/signature-request';
import { ID, listed, nextActionFilter, WORKLOAD_PATHS } from '../workloads/workloads.controller';
import { HistoryView, SignatureKind, WorkloadsService } from '../workloads/workloads.service';
import { ApiOperationDoc } from '../http/openapi';
import { ReservationsService } from './reservations.service';

type QueryParams = Record<string, string | undefined>;

const RESERVATIONS = apiPaths('reservations');
// The era signs legacy reservations and workloads on every one of these paths (ids are shared).
const SIGN = (kind: SignatureKind) =>
  [...RESERVATIONS, ...WORKLOAD_PATHS].map((p) => `${p}/${ID}/sign/${kind}`);

/**
 * Legacy multi-workload reservations under `/api/v1/reservations` and `/explorer/reservations`, and
 * the signature endpoints of both models. The era's `/explorer/reservations` also took new-style
 * workloads: a body without `data_reservation`, and a signature on an id that is no reservation (on
 * any sign path), go to the workloads.
 */
@ApiTags('reservations')
@Controller()
export class ReservationsController {
  constructor(
    private readonly reservations: ReservationsService,
    private readonly workloads: WorkloadsService,
  ) {}

  @Post(RESERVATIONS)
  @HttpCode(201)
  @SignedByUserUnless('ALLOW_UNSIGNED_WORKLOAD_CREATE')
  @ApiOperationDoc({
    summary: 'Create a multi-workload reservation (body with data_reservation; otherwise a workload)',
    ok: [201, '{"reservation_id": n}'],
    errors: [400, 401, 402, 403, 404, 409],
    signedBy: 'customer',
  })
  async create(
    @RawBody() body: string,
    @OptionalSignerTid() signer: number | null,
  ): Promise<{ reservation_id: number }> {
    const legacy = isLegacyReservationBody(body);
    const id = legacy
      ? await this.reservations.create(body, signer)
      : await this.workloads.create(body, signer);
    return { reservation_id: id };
  }

  @Get(RESERVATIONS)
  @ApiOperationDoc({
    summary: 'List multi-workload reservations, filtered by customer, state or farm',
    ok: [200, 'reservations'],
    errors: [400],
  })
  async list(@Query() query: QueryParams, @Res({ passthrough: true }) reply: FastifyReply): Promise<RawJson> {
    const filter = {
      customerTid: parseQueryInt(query.customer_tid, 'customer_tid'),
      nextAction: nextActionFilter(query.next_action),
      farmId: parseQueryInt(query.farm_id, 'farm_id'),
    };
    return listed(reply, await this.reservations.list(filter, pageRequest(query)));
  }

  @Get(RESERVATIONS.map((p) => `${p}/${ID}`))
  @ApiOperationDoc({
    summary: 'One reservation with its results per derived workload and node',
    ok: [200, 'the reservation'],
    errors: [400, 404],
  })
  async get(@Param('id') id: string): Promise<RawJson> {
    return new RawJson(await this.reservations.get(parseId(id, 'reservation id')));
  }

  @Get(RESERVATIONS.map((p) => `${p}/${ID}/history`))
  @ApiOperationDoc({
    summary: 'Every state change of a reservation',
    ok: [200, '[{from, to, cause, actor, time}]'],
    errors: [400, 404],
  })
  history(@Param('id') id: string): Promise<HistoryView[]> {
    return this.reservations.history(parseId(id, 'reservation id'));
  }

  @Post(SIGN('provision'))
  @HttpCode(201)
  @ApiOperationDoc({
    summary: 'Provision signature by a listed signer (reservation or workload id)',
    ok: [201, 'null'],
    errors: [400, [401, 'not in sign, not a listed signer, or the signature does not verify'], 404],
  })
  signProvision(@Param('id') id: string, @Body() body: unknown): Promise<RawJson> {
    return this.sign(id, 'provision', body);
  }

  @Post(SIGN('delete'))
  @HttpCode(201)
  @ApiOperationDoc({
    summary: 'Delete signature by a listed signer (reservation or workload id)',
    ok: [201, 'null'],
    errors: [400, [401, 'not a listed signer, or the signature does not verify'], 404],
  })
  signDelete(@Param('id') id: string, @Body() body: unknown): Promise<RawJson> {
    return this.sign(id, 'delete', body);
  }

  @Post(SIGN('farmer'))
  @HttpCode(201)
  @ApiOperationDoc({
    summary: "Farmer approval (or refusal with refuse: true) by the owner of the node's farm",
    ok: [201, 'null'],
    errors: [400, [401, 'not the farm owner, not expecting it, or the signature does not verify'], 404],
  })
  signFarmer(@Param('id') id: string, @Body() body: unknown): Promise<RawJson> {
    return this.sign(id, 'farmer', body);
  }

  /** Ids are shared with new-style workloads: a reservation first, then a workload (as the reference). */
  private async sign(id: string, kind: SignatureKind, body: unknown): Promise<RawJson> {
    const request = parseSignatureRequest(body);
    const numeric = parseId(id, 'reservation id');
    const stored = await this.reservations.find(numeric);
    if (stored) await this.reservations.sign(stored, kind, request);
    else await this.workloads.sign(numeric, kind, request);
    return JSON_NULL;
  }
}
