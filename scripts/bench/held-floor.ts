import { createServer } from 'node:http';

/**
 * The floor of a held long poll: bare node:http holding each request that asks to wait (`wait=` in
 * the query) until its deadline, then answering `[]`, as a long poll of a node with nothing to do.
 * No framework and nothing per request beyond Node's own connection, parser, request and response,
 * and one timer. Run in its own process with `npm start`'s flags and settings (see runModule);
 * prints its address.
 */
export function serveHeldFloor(args: { maxConnections: number }): void {
  const server = createServer((req, res) => {
    const wait = Number(/[?&]wait=(\d+)/.exec(req.url ?? '')?.[1] ?? 0);
    const answer = () => res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
    if (wait > 0) setTimeout(answer, wait * 1000);
    else answer();
  });
  server.maxConnections = args.maxConnections;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP address');
    process.stdout.write(`http://127.0.0.1:${address.port}\n`);
  });
}
