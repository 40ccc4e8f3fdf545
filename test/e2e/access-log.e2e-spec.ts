import pino from 'pino';
import { startTestApp, TestApp } from '../setup/app';

describe('access log', () => {
  let t: TestApp;
  const lines: Record<string, unknown>[] = [];
  beforeAll(async () => {
    const sink = { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) };
    t = await startTestApp({ LOG_LEVEL: 'info' }, { logger: pino({ level: 'info' }, sink) });
  });
  afterAll(() => t.close());

  const completed = () => lines.filter((line) => line.msg === 'request completed');

  it('one line per request: method, url, status, time', async () => {
    lines.length = 0;
    await t.request({ method: 'GET', url: '/api/v1/users/424242' });
    expect(completed()).toEqual([
      expect.objectContaining({
        level: 30,
        req: expect.objectContaining({ method: 'GET', url: '/api/v1/users/424242' }),
        res: { statusCode: 404 },
        responseTime: expect.any(Number),
      }),
    ]);
  });

  it('node polls are left out, on either path', async () => {
    lines.length = 0;
    await t.request({ method: 'GET', url: '/api/v1/reservations/nodes/abc/workloads?from=1' });
    await t.request({ method: 'GET', url: '/api/v1/reservations/nodes/%61bc/workloads?from=1' });
    await t.request({ method: 'GET', url: '/health' });
    expect(completed().map((line) => (line.req as { url: string }).url)).toEqual(['/health']);
  });
});
