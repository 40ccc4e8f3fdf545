import type { TestApp } from './app';

/** Puts the test app on a loopback port for real HTTP clients (SDK, CLI); returns its base URL. */
export async function listen(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  const address = t.app.getHttpServer().address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}
