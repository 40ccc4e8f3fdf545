import { Controller, Delete, Get, HttpCode, Param, Put, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { SignedByNode, SignerNodeId } from '../auth/signed.decorators';
import { parseId, parseQueryInt } from '../http/ids';
import { RawBody } from '../http/raw-body';
import { RawJson } from '../http/raw-json';
import { apiPaths } from '../http/routes';
import { MAX_POLL_WAIT_SECONDS, NodeWorkService } from './node-work.service';

/** Node-facing endpoints of workloads.md §7 (#6–#9 of §4.1), under both prefixes. */
@ApiTags('node work')
@Controller()
export class NodeWorkController {
  constructor(private readonly work: NodeWorkService) {}

  @Get(apiPaths('reservations/nodes/:nodeId/workloads'))
  @ApiOkResponse({ description: 'flat workloads in deploy/delete and queued items; header x-last-id' })
  async poll(
    @Param('nodeId') nodeId: string,
    @Query('from') from: string | undefined,
    @Query('wait') wait: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RawJson> {
    const waitSeconds = Math.min(parseQueryInt(wait, 'wait'), MAX_POLL_WAIT_SECONDS);
    const work = await this.work.poll(nodeId, parseId(from, 'from'), waitSeconds);
    void reply.header('x-last-id', String(work.lastId));
    return RawJson.array(work.wires);
  }

  @Get([...apiPaths('reservations/nodes/workloads/:gwid'), 'explorer/reservations/workloads/:gwid'])
  async get(@Param('gwid') gwid: string): Promise<RawJson> {
    return new RawJson(await this.work.get(gwid));
  }

  @Put(apiPaths('reservations/nodes/:nodeId/workloads/:gwid'))
  @HttpCode(201)
  @SignedByNode()
  async putResult(
    @Param('nodeId') nodeId: string,
    @Param('gwid') gwid: string,
    @SignerNodeId() signer: string,
    @RawBody() body: string,
  ): Promise<null> {
    await this.work.putResult(nodeId, signer, gwid, body);
    return null;
  }

  @Delete(apiPaths('reservations/nodes/:nodeId/workloads/:gwid'))
  @HttpCode(200)
  @SignedByNode()
  async confirmDeleted(
    @Param('nodeId') nodeId: string,
    @Param('gwid') gwid: string,
    @SignerNodeId() signer: string,
  ): Promise<null> {
    await this.work.confirmDeleted(nodeId, signer, gwid);
    return null;
  }
}
