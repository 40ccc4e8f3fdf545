import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseId, parseQueryInt } from '../http/ids';
import { RawJson } from '../http/raw-json';
import { apiPaths } from '../http/routes';
import { MAX_POLL_WAIT_SECONDS, NodeWorkService } from './node-work.service';

const POLL_PATHS = apiPaths('reservations/nodes/:nodeId/workloads').map((path) => `/${path}`);

/**
 * The node poll as a plain Fastify route: every node of the grid asks every 10 s, so this is the
 * bulk of the traffic, and Nest's per-request pipeline (guards, interceptors, param resolution, rxjs)
 * would be most of its cost. Same translation as a controller: HTTP in, one service call, HTTP out;
 * errors go through Fastify's error handler, which is the app's one error mapping.
 */
@Injectable()
export class NodePollRoute implements OnModuleInit {
  constructor(
    private readonly adapter: HttpAdapterHost,
    private readonly work: NodeWorkService,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapter.httpAdapter.getInstance<FastifyInstance>();
    for (const url of POLL_PATHS) fastify.get(url, (request, reply) => this.poll(request, reply));
  }

  private async poll(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const { nodeId } = request.params as { nodeId: string };
    const query = request.query as { from?: string; wait?: string };
    const waitSeconds = Math.min(parseQueryInt(query.wait, 'wait'), MAX_POLL_WAIT_SECONDS);
    const work = await this.work.poll(nodeId, parseId(query.from, 'from'), waitSeconds);
    await reply
      .header('x-last-id', String(work.lastId))
      .type('application/json; charset=utf-8')
      .send(RawJson.array(work.wires).text);
  }
}

/** The poll's entry in the OpenAPI document (the route is not a Nest controller method). */
export function documentNodePoll(document: OpenAPIObject): void {
  for (const url of POLL_PATHS) {
    document.paths[url.replace(':nodeId', '{nodeId}')] = {
      get: {
        tags: ['node work'],
        summary: 'Node poll: workloads in deploy/delete with id >= from (at most 200) plus queued items',
        parameters: [
          { name: 'nodeId', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'from', in: 'query', required: true, schema: { type: 'integer', minimum: 0 } },
          {
            name: 'wait',
            in: 'query',
            required: false,
            schema: { type: 'integer', minimum: 0, maximum: MAX_POLL_WAIT_SECONDS },
          },
        ],
        responses: {
          '200': {
            description: 'JSON array of flat workloads; header x-last-id = where to continue from (+1)',
            headers: { 'x-last-id': { schema: { type: 'integer' } } },
          },
          '400': { description: 'missing or non-numeric from/wait' },
        },
      },
    };
  }
}
