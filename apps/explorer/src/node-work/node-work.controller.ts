import { Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SignedByNode, SignerNodeId } from '../auth/signed.decorators';
import { RawBody } from '../http/raw-body';
import { RawJson } from '../http/raw-json';
import { apiPaths } from '../http/routes';
import { NodeWorkService } from './node-work.service';
import { ApiOperationDoc } from '../http/openapi';

/** Node-facing endpoints of workloads.md §7 (#7–#9 of §4.1; the poll #6 is node-poll.route.ts), under both prefixes. */
@ApiTags('node work')
@Controller()
export class NodeWorkController {
  constructor(private readonly work: NodeWorkService) {}

  @Get([...apiPaths('reservations/nodes/workloads/:gwid'), 'explorer/reservations/workloads/:gwid'])
  @ApiOperationDoc({
    summary: 'A workload with its result, by global id <id>-<workload_id> (what nodes fetch)',
    ok: [200, 'the workload'],
    errors: [400, 404, 503],
  })
  async get(@Param('gwid') gwid: string): Promise<RawJson> {
    return new RawJson(await this.work.get(gwid));
  }

  @Put(apiPaths('reservations/nodes/:nodeId/workloads/:gwid'))
  @HttpCode(201)
  @SignedByNode()
  @ApiOperationDoc({
    summary: "The node's result for a workload (signed result)",
    ok: [201, 'null'],
    errors: [400, 401, 403, 404],
    signedBy: 'node',
  })
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
  @ApiOperationDoc({
    summary: 'The node confirms it removed the workload',
    ok: [200, 'null'],
    errors: [400, 401, 403, 404],
    signedBy: 'node',
  })
  async confirmDeleted(
    @Param('nodeId') nodeId: string,
    @Param('gwid') gwid: string,
    @SignerNodeId() signer: string,
  ): Promise<null> {
    await this.work.confirmDeleted(nodeId, signer, gwid);
    return null;
  }
}
