import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parseId, parseQueryInt } from '../http/ids';
import { RawJson } from '../http/raw-json';
import type { Lane } from '../http/request-switch';
import { API_PREFIXES, apiPaths } from '../http/routes';
import { MAX_POLL_WAIT_SECONDS, NodeWorkService } from './node-work.service';

const POLL_PATHS = apiPaths('reservations/nodes/:nodeId/workloads').map((path) => `/${path}`);
/** The poll's route patterns (as Fastify names them in `routeOptions.url`). */
export const NODE_POLL_ROUTES = new Set(POLL_PATHS);
/** The poll paths the lane claims: a node id without percent-encoding, any query. */
const LANE_URL = new RegExp(`^/(?:${API_PREFIXES.join('|')})/reservations/nodes/[^/?#%]+/workloads(?:\\?|$)`);

/**
 * The node poll as a plain Fastify route: every node of the grid asks every 10 s, so this is the
 * bulk of the traffic, and Nest's per-request pipeline (guards, interceptors, param resolution, rxjs)
 * would be most of its cost. Same translation as a controller: HTTP in, one service call, HTTP out;
 * errors go through Fastify's error handler, which is the app's one error mapping.
 *
 * The route is served twice: by the app's Fastify instance, and by `lane`, an instance of its own
 * that the HTTP server hands plain poll URLs to (see RequestSwitch), with only the hooks a poll needs
 * (app.factory.ts installs them on both).
 */
@Injectable()
export class NodePollRoute implements OnModuleInit, Lane {
  readonly lane: FastifyInstance = Fastify({ routerOptions: { maxParamLength: 500 } });

  constructor(
    private readonly adapter: HttpAdapterHost,
    private readonly work: NodeWorkService,
  ) {}

  onModuleInit(): void {
    for (const fastify of [this.adapter.httpAdapter.getInstance<FastifyInstance>(), this.lane])
      for (const url of POLL_PATHS) fastify.get(url, (request, reply) => this.poll(request, reply));
  }

  claims(req: IncomingMessage): boolean {
    return (req.method === 'GET' || req.method === 'HEAD') && LANE_URL.test(req.url ?? '');
  }

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => this.lane.routing(req, res);

  private async poll(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const { nodeId } = request.params as { nodeId: string };
    const query = request.query as { from?: string; wait?: string };
    const waitSeconds = Math.min(parseQueryInt(query.wait, 'wait'), MAX_POLL_WAIT_SECONDS);
    const work = await this.work.poll(nodeId, parseId(query.from, 'from'), waitSeconds);
    return reply
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
