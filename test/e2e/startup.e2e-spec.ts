import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../apps/explorer/src/database/free-port';
import { Cluster, startPrimary, systemPostgresBin } from '../setup/clusters';
import { createTestDatabase } from '../setup/database';
import { ExplorerProcess } from '../setup/explorer-process';

/** Exit code and the one fatal sentence of a start that must fail. */
async function failedStart(env: Record<string, string>): Promise<{ code: number | null; sentence: string }> {
  const p = new ExplorerProcess(env);
  const code = await p.exited;
  const fatal = p.lines.filter((l) => l.level === 60);
  if (fatal.length !== 1) throw new Error(`expected one fatal line:\n${p.output}`);
  return { code, sentence: fatal[0].msg! };
}

describe('start and stop of the explorer process', () => {
  jest.setTimeout(120_000);

  describe('on its embedded PostgreSQL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'explorer-start-'));
    let first: ExplorerProcess;
    let baseUrl: string;

    beforeAll(async () => {
      first = new ExplorerProcess({ EMBEDDED_PG_DIR: dir, PORT: '0', HOST: '127.0.0.1' });
      baseUrl = await first.started();
    });
    afterAll(async () => {
      await first.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('starts without warnings and says in one line where it listens and where its data is', () => {
      expect(first.output).not.toMatch(/Warning|FSTDEP|FSTWRN|DeprecationWarning/);
      const starts = first.lines.filter((l) => / listening on /.test(l.msg ?? ''));
      expect(starts).toHaveLength(1);
      expect(starts[0].msg).toMatch(
        new RegExp(
          `^explorer \\d+\\.\\d+\\.\\d+ listening on http://127\\.0\\.0\\.1:\\d+; database: embedded PostgreSQL in ${dir} on port \\d+; read replicas: 0; background jobs: on$`,
        ),
      );
      // Nest's module and route wiring is at debug: nothing of it at info.
      expect(first.output).not.toMatch(/RouterExplorer|RoutesResolver|InstanceLoader/);
      expect(first.lines.every((l) => l.level !== undefined)).toBe(true);
    });

    it('a second instance on the same data folder exits 1 with one sentence', async () => {
      const { code, sentence } = await failedStart({ EMBEDDED_PG_DIR: dir, PORT: '0' });
      expect(code).toBe(1);
      expect(sentence).toMatch(
        new RegExp(
          `^the embedded PostgreSQL folder ${dir} is in use by another running server \\(pid \\d+\\): stop the other explorer, or set EMBEDDED_PG_DIR to another folder`,
        ),
      );
    });

    it('a start on a port in use exits 1 with one sentence', async () => {
      const port = new URL(baseUrl).port;
      const db = await createTestDatabase();
      try {
        const { code, sentence } = await failedStart({ DATABASE_URL: db.url, PORT: port, HOST: '127.0.0.1' });
        expect(code).toBe(1);
        expect(sentence).toBe(
          `port ${port} on 127.0.0.1 is already in use: stop the program listening there or set PORT to a free port.`,
        );
      } finally {
        await db.drop();
      }
    });

    it('SIGTERM drains: a held long poll answers at once, the database stops, "stopped", the port closes', async () => {
      const nodeId = 'DrainTestNode1111111111111111111111111111111';
      const poll = fetch(`${baseUrl}/api/v1/reservations/nodes/${nodeId}/workloads?from=0&wait=30`);
      await new Promise((r) => setTimeout(r, 500));
      const signalledAt = Date.now();
      first.signal('SIGTERM');
      const res = await poll;
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual([]);
      expect(Date.now() - signalledAt).toBeLessThan(10_000);
      expect(await first.exited).toBe(0);
      const tail = first.lines.slice(-2).map((l) => l.msg);
      expect(tail).toEqual(['SIGTERM: stopping', 'stopped']);
      // The embedded server shut down cleanly: its lock file is gone.
      expect(existsSync(join(dir, 'postmaster.pid'))).toBe(false);
      await expect(fetch(`${baseUrl}/health`)).rejects.toThrow();
    });
  });

  it('an unreachable DATABASE_URL exits 1 with one sentence', async () => {
    const port = await freePort();
    const { code, sentence } = await failedStart({
      DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/explorer`,
    });
    expect(code).toBe(1);
    expect(sentence).toBe(
      `cannot reach PostgreSQL at 127.0.0.1:${port} (ECONNREFUSED): check DATABASE_URL and that the server runs and accepts TCP connections from this host.`,
    );
  });

  it('LOG_FORMAT=pretty writes human lines (pino-pretty is loaded only then)', async () => {
    const port = await freePort();
    const p = new ExplorerProcess({
      DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/explorer`,
      LOG_FORMAT: 'pretty',
    });
    expect(await p.exited).toBe(1);
    expect(p.lines.some((l) => l.level !== undefined)).toBe(false);
    expect(p.output).toMatch(/FATAL.*cannot reach PostgreSQL at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });

  describe('on a PostgreSQL that checks passwords', () => {
    const bin = systemPostgresBin();
    let server: Cluster;

    beforeAll(async () => {
      if (!bin) throw new Error('PostgreSQL server binaries missing: .ci/run installs Debian postgresql');
      server = await startPrimary(bin, 'right-password');
      const admin = new Client({ connectionString: server.url() });
      await admin.connect();
      await admin.query(`CREATE ROLE visitor LOGIN PASSWORD 'visitor'`);
      await admin.query('CREATE DATABASE explorer');
      await admin.end();
    });
    afterAll(async () => {
      server?.remove();
    });

    it('a wrong password exits 1 with one sentence', async () => {
      const { code, sentence } = await failedStart({
        DATABASE_URL: server.url('explorer', 'postgres', 'wrong'),
      });
      expect(code).toBe(1);
      expect(sentence).toBe(
        `PostgreSQL at 127.0.0.1:${server.port} refused user "postgres" (password authentication failed for user "postgres"): fix the user name or password in DATABASE_URL.`,
      );
    });

    it('a user without privileges on the database exits 1 with one sentence', async () => {
      const { code, sentence } = await failedStart({
        DATABASE_URL: server.url('explorer', 'visitor', 'visitor'),
      });
      expect(code).toBe(1);
      expect(sentence).toBe(
        `user "visitor" lacks privileges on database "explorer" at 127.0.0.1:${server.port} (permission denied for schema public): grant it CONNECT and ownership of the schema (ALTER SCHEMA public OWNER TO "visitor") or use an owner in DATABASE_URL.`,
      );
    });
  });
});
