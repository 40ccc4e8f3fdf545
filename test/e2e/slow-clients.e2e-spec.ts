import { AddressInfo, connect, Socket } from 'node:net';
import { loadConfig } from '../../apps/explorer/src/config/config';
import { startTestApp, TestApp } from '../setup/app';

/** What a socket saw until the server closed it (or `limitMs` passed). */
interface Outcome {
  closed: boolean;
  afterMs: number;
  response: string;
}

function watch(socket: Socket, limitMs: number): Promise<Outcome> {
  const started = Date.now();
  let response = '';
  socket.on('data', (chunk) => (response += chunk.toString('latin1')));
  return new Promise((resolve) => {
    const timer = setTimeout(
      () => resolve({ closed: false, afterMs: Date.now() - started, response }),
      limitMs,
    );
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ closed: true, afterMs: Date.now() - started, response });
    });
    socket.on('error', () => undefined);
  });
}

/** Real sockets against a listening explorer with short, configured timeouts and a connection cap. */
describe('slow clients are cut off (HTTP_*_TIMEOUT_MS, HTTP_MAX_CONNECTIONS)', () => {
  let t: TestApp;
  let port: number;
  const open: Socket[] = [];
  const dial = () => {
    const socket = connect(port, '127.0.0.1');
    open.push(socket);
    return socket;
  };

  beforeAll(async () => {
    t = await startTestApp({
      HTTP_HEADERS_TIMEOUT_MS: '1000',
      HTTP_REQUEST_TIMEOUT_MS: '2000',
      HTTP_MAX_CONNECTIONS: '4',
    });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterEach(() => open.splice(0).forEach((s) => s.destroy()));
  afterAll(() => t.close());

  it('a body sent one byte at a time is answered 408 and closed after the request timeout', async () => {
    const socket = dial();
    socket.write(
      'POST /api/v1/users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{',
    );
    const drip = setInterval(() => socket.writable && socket.write(' '), 300);
    const outcome = await watch(socket, 8000);
    clearInterval(drip);
    expect(outcome.closed).toBe(true);
    expect(outcome.afterMs).toBeGreaterThanOrEqual(1900);
    expect(outcome.afterMs).toBeLessThan(5000);
    expect(outcome.response).toMatch(/^HTTP\/1\.1 408/);
  });

  it('headers sent slowly are cut off after the headers timeout', async () => {
    const socket = dial();
    socket.write('GET /health HTTP/1.1\r\n');
    const drip = setInterval(() => socket.writable && socket.write('X-Slow: 1\r\n'), 200);
    const outcome = await watch(socket, 8000);
    clearInterval(drip);
    expect(outcome.closed).toBe(true);
    expect(outcome.afterMs).toBeLessThan(4000);
  });

  it('connections beyond the cap are closed at once; the ones within it are served', async () => {
    const held = [dial(), dial(), dial(), dial()];
    await Promise.all(held.map((s) => new Promise((resolve) => s.once('connect', resolve))));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const extra = await watch(dial(), 3000);
    expect(extra).toEqual({ closed: true, afterMs: expect.any(Number), response: '' });
    expect(extra.afterMs).toBeLessThan(900);
    const served = watch(held[0], 3000);
    held[0].write('GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    const metrics = (await served).response;
    expect(metrics).toMatch(/^HTTP\/1\.1 200/);
    expect(metrics).toMatch(/^explorer_http_connections_refused_total 1$/m);
  });

  it('defaults are bounded and a headers timeout above the request timeout is refused at start', () => {
    const defaults = loadConfig({});
    expect([
      defaults.HTTP_HEADERS_TIMEOUT_MS,
      defaults.HTTP_REQUEST_TIMEOUT_MS,
      defaults.HTTP_MAX_CONNECTIONS,
    ]).toEqual([10_000, 30_000, 4096]);
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '5000', HTTP_REQUEST_TIMEOUT_MS: '1000' })).toThrow(
      /HTTP_HEADERS_TIMEOUT_MS must not exceed HTTP_REQUEST_TIMEOUT_MS/,
    );
  });
});
