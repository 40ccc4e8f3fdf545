import { createServer, IncomingMessage, Server, ServerOptions, ServerResponse } from 'node:http';
import type { FastifyServerFactory } from 'fastify';

type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** A second Fastify instance that answers the requests it claims, ahead of the app's own pipeline. */
export interface Lane {
  claims(req: IncomingMessage): boolean;
  handle: RequestHandler;
}

/** The part of Fastify's options its own HTTP server is built from. */
interface ServerSettings {
  http?: ServerOptions;
  keepAliveTimeout: number;
  requestTimeout: number;
  connectionTimeout: number;
}

/**
 * The app's HTTP server, built as Fastify builds it (same options and timeouts), whose request
 * handler first offers each request to the open lane. Node polls are most of the traffic and need
 * none of the app's per-request machinery (Nest's hooks, middleware, the CORS plugin), so they take
 * the lane; everything else, and everything before the lane opens, goes to the app.
 */
export class RequestSwitch {
  private lane: Lane | null = null;

  open(lane: Lane): void {
    this.lane = lane;
  }

  readonly serverFactory: FastifyServerFactory<Server> = (app, options) => {
    const settings = options as unknown as ServerSettings;
    const server = createServer(settings.http ?? {}, (req, res) => {
      const lane = this.lane;
      if (lane !== null && lane.claims(req)) lane.handle(req, res);
      else app(req, res);
    });
    server.keepAliveTimeout = settings.keepAliveTimeout;
    server.requestTimeout = settings.requestTimeout;
    server.setTimeout(settings.connectionTimeout);
    return server;
  };
}
