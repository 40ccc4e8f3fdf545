import { Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { badRequest, isNextAction } from '@app/domain';
import { WorkloadFilter } from '@app/persistence';
import { WORKLOAD_TYPE_NAMES } from '@app/wire';
import { parseId, parseQueryInt } from '../http/ids';
import { pageRequest, setPageHeaders } from '../http/pagination';
import { RawBody } from '../http/raw-body';
import { PlainText, RawJson } from '../http/raw-json';
import { API_PREFIXES, apiPaths, RouteAlias } from '../http/routes';
import { OptionalSignerTid, SignedByUserUnless } from '../auth/signed.decorators';
import { MAX_WORKLOAD_WAIT_SECONDS, WorkloadChanges, workloadEtag } from './workload-changes';
import { HistoryView, WireList, WorkloadsService } from './workloads.service';
import { ApiOperationDoc } from '../http/openapi';
import { WORKLOAD_BODY } from './workload-schemas';

/** A 304 carries no body. */
const NOT_MODIFIED = new PlainText('', 'application/json; charset=utf-8');

type QueryParams = Record<string, string | undefined>;

// Numeric ids only: `/explorer/reservations/workloads/{gwid}` (node fetch) shares the prefix.
export const ID = ':id(^\\d+$)';

/**
 * The documented family is `reservations/workloads`; the era's Go client creates, lists and signs under
 * `workloads`. Aliases share the handlers and are left out of the OpenAPI document. The paths shared
 * with multi-workload reservations (create on `explorer/reservations`, every `sign/...`: ids are
 * shared) are served by the reservations controller, which hands new-style workloads back to this
 * service.
 */
export const WORKLOAD_ALIASES: RouteAlias[] = API_PREFIXES.map((prefix) => ({
  alias: `${prefix}/workloads`,
  canonical: `${prefix}/reservations/workloads`,
}));
export const WORKLOAD_PATHS = [...apiPaths('reservations/workloads'), ...apiPaths('workloads')];
/** An optional enum filter: absent or empty means no filter; anything else must be an integer. */
export function optionalInt(value: string | undefined, what: string): number | undefined {
  return value === undefined || value === '' ? undefined : parseQueryInt(value, what);
}

export function nextActionFilter(value: string | undefined): number | undefined {
  const action = optionalInt(value, 'next_action');
  if (action !== undefined && !isNextAction(action)) throw badRequest(`invalid next_action: ${action}`);
  return action;
}

/** Only the enum's values can match (the column is a smallint: anything else would not even compare). */
function workloadTypeFilter(value: string | undefined): number | undefined {
  const type = optionalInt(value, 'workload_type');
  if (type !== undefined && !(type in WORKLOAD_TYPE_NAMES))
    throw badRequest(`invalid workload_type: ${type}`);
  return type;
}

export function listed(reply: FastifyReply, list: WireList): RawJson {
  setPageHeaders(reply, { items: list.wires, total: list.total, size: list.size });
  return RawJson.array(list.wires);
}

@ApiTags('workloads')
@Controller()
export class WorkloadsController {
  constructor(
    private readonly workloads: WorkloadsService,
    private readonly changes: WorkloadChanges,
  ) {}

  @Post(WORKLOAD_PATHS)
  @HttpCode(201)
  @SignedByUserUnless('ALLOW_UNSIGNED_WORKLOAD_CREATE')
  @ApiOperationDoc({
    summary: 'Create a workload (customer-signed body)',
    ok: [201, '{"reservation_id": n}'],
    errors: [400, 401, 402, 403, 404],
    signedBy: 'customer',
    body: WORKLOAD_BODY,
  })
  async create(
    @RawBody() body: string,
    @OptionalSignerTid() signer: number | null,
  ): Promise<{ reservation_id: number }> {
    return { reservation_id: await this.workloads.create(body, signer) };
  }

  @Get(WORKLOAD_PATHS)
  @ApiOperationDoc({
    summary: 'List workloads, filtered by customer, state, type, node or pool',
    ok: [200, 'workloads'],
    errors: [400],
  })
  async list(@Query() query: QueryParams, @Res({ passthrough: true }) reply: FastifyReply): Promise<RawJson> {
    const filter: WorkloadFilter = {
      customerTid: parseQueryInt(query.customer_tid, 'customer_tid'),
      nextAction: nextActionFilter(query.next_action),
      workloadType: workloadTypeFilter(query.workload_type),
      nodeId: query.node_id || undefined,
      poolId: parseQueryInt(query.pool_id, 'pool_id'),
    };
    return listed(reply, await this.workloads.list(filter, pageRequest(query)));
  }

  /**
   * The stored workload with an `ETag`. With `If-None-Match` it is a conditional GET (304 while
   * unchanged); adding `wait=S` holds the answer until the workload changes or S seconds pass.
   */
  @Get(WORKLOAD_PATHS.map((p) => `${p}/${ID}`))
  @ApiOperationDoc({
    summary: 'One workload; with If-None-Match and wait=S, wait up to S s for a change',
    ok: [200, 'the workload, header ETag'],
    errors: [[304, 'unchanged (If-None-Match) for the whole wait'], 400, 404],
    query: [{ name: 'wait', description: 'seconds (max 30) to wait for a change from If-None-Match' }],
    headers: [{ name: 'If-None-Match', description: 'the ETag last seen' }],
  })
  async get(
    @Param('id') id: string,
    @Query('wait') wait: string | undefined,
    @Headers('if-none-match') known: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RawJson | PlainText> {
    const workloadId = parseId(id, 'workload id');
    const seconds = Math.min(parseQueryInt(wait, 'wait'), MAX_WORKLOAD_WAIT_SECONDS);
    const wire = await this.changes.readUntil(
      String(workloadId),
      known ? seconds : 0,
      () => this.workloads.get(workloadId),
      (current) => workloadEtag(current) !== known,
    );
    const etag = workloadEtag(wire);
    void reply.header('ETag', etag);
    if (etag !== known) return new RawJson(wire);
    void reply.status(304);
    return NOT_MODIFIED;
  }

  @Get(WORKLOAD_PATHS.map((p) => `${p}/${ID}/history`))
  @ApiOperationDoc({
    summary: 'Every state change of a workload',
    ok: [200, '[{from, to, cause, actor, time}]'],
    errors: [400, 404],
  })
  history(@Param('id') id: string): Promise<HistoryView[]> {
    return this.workloads.history(parseId(id, 'workload id'));
  }

  @Get(apiPaths('farms/:farm_id/workloads'))
  @ApiOperationDoc({
    summary: "Workloads on a farm's nodes; next_action=1 is what waits for signatures",
    ok: [200, 'workloads'],
    errors: [400],
  })
  async farmWorkloads(
    @Param('farm_id') farmId: string,
    @Query() query: QueryParams,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RawJson> {
    const list = await this.workloads.listForFarm(
      parseId(farmId, 'farm id'),
      nextActionFilter(query.next_action),
      pageRequest(query),
    );
    return listed(reply, list);
  }
}
