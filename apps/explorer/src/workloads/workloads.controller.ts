import { Controller, Get, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { badRequest, isNextAction } from '@app/domain';
import { WorkloadFilter } from '@app/persistence';
import { parseId, parseQueryInt } from '../http/ids';
import { pageRequest, setPageHeaders } from '../http/pagination';
import { RawBody } from '../http/raw-body';
import { RawJson } from '../http/raw-json';
import { apiPaths } from '../http/routes';
import { CustomerSignatureGuard, OptionalSignerTid } from './customer-signature.guard';
import { HistoryView, WireList, WorkloadsService } from './workloads.service';

type QueryParams = Record<string, string | undefined>;

// Numeric ids only: `/explorer/reservations/workloads/{gwid}` (node fetch) shares the prefix.
export const ID = ':id(^\\d+$)';

/**
 * Both prefixes of the versioned paths plus the era's legacy aliases (workloads.md §4.1). The paths
 * shared with legacy reservations (create on `explorer/reservations`, every `sign/...`: ids are shared)
 * are served by the reservations controller, which hands new-style workloads back to this service.
 */
export const WORKLOADS = [...apiPaths('reservations/workloads'), 'explorer/workloads'];

/** An optional enum filter: absent or empty means no filter; anything else must be an integer. */
export function optionalInt(value: string | undefined, what: string): number | undefined {
  return value === undefined || value === '' ? undefined : parseQueryInt(value, what);
}

export function nextActionFilter(value: string | undefined): number | undefined {
  const action = optionalInt(value, 'next_action');
  if (action !== undefined && !isNextAction(action)) throw badRequest(`invalid next_action: ${action}`);
  return action;
}

export function listed(reply: FastifyReply, list: WireList): RawJson {
  setPageHeaders(reply, { items: list.wires, total: list.total, size: list.size });
  return RawJson.array(list.wires);
}

@ApiTags('workloads')
@Controller()
export class WorkloadsController {
  constructor(private readonly workloads: WorkloadsService) {}

  @Post(WORKLOADS)
  @HttpCode(201)
  @UseGuards(CustomerSignatureGuard)
  async create(
    @RawBody() body: string,
    @OptionalSignerTid() signer: number | null,
  ): Promise<{ reservation_id: number }> {
    return { reservation_id: await this.workloads.create(body, signer) };
  }

  @Get(WORKLOADS)
  async list(@Query() query: QueryParams, @Res({ passthrough: true }) reply: FastifyReply): Promise<RawJson> {
    const filter: WorkloadFilter = {
      customerTid: parseQueryInt(query.customer_tid, 'customer_tid'),
      nextAction: nextActionFilter(query.next_action),
      workloadType: optionalInt(query.workload_type, 'workload_type'),
      nodeId: query.node_id || undefined,
      poolId: parseQueryInt(query.pool_id, 'pool_id'),
    };
    return listed(reply, await this.workloads.list(filter, pageRequest(query)));
  }

  @Get(WORKLOADS.map((p) => `${p}/${ID}`))
  async get(@Param('id') id: string): Promise<RawJson> {
    return new RawJson(await this.workloads.get(parseId(id, 'workload id')));
  }

  @Get(WORKLOADS.map((p) => `${p}/${ID}/history`))
  history(@Param('id') id: string): Promise<HistoryView[]> {
    return this.workloads.history(parseId(id, 'workload id'));
  }

  @Get(apiPaths('farms/:farm_id/workloads'))
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
