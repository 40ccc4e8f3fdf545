import { Injectable, NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readContext, ReadRouter } from '@app/persistence';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Tells the read router who is asking: a client's reads go to the primary for a while after it sent a
 * write, marked when the write arrives (before it commits, so no read of its can overtake it).
 */
@Injectable()
export class ReadContextMiddleware implements NestMiddleware {
  constructor(private readonly router: ReadRouter) {}

  use(req: IncomingMessage, _res: ServerResponse, next: () => void): void {
    // An async context costs every promise of the process from its first use on: only when needed.
    if (!this.router.routing) return next();
    const client = req.socket.remoteAddress ?? '';
    if (!READS.has(req.method ?? 'GET')) this.router.wrote(client);
    readContext.run({ client }, next);
  }
}
