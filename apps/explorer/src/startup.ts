import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';

/** A start-up failure with the one sentence an operator needs: what is wrong and what to do. */
export class StartupError extends Error {}

/** Host, port, user and database of a PostgreSQL URL, without the password. */
function describe(url: string): { where: string; user: string; database: string } {
  const parsed = new URL(url);
  return {
    where: `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}`,
    user: decodeURIComponent(parsed.username) || 'postgres',
    database:
      decodeURIComponent(parsed.pathname.slice(1)) || decodeURIComponent(parsed.username) || 'postgres',
  };
}

const code = (error: unknown): string => String((error as { code?: unknown })?.code ?? '');
const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The sentence for a PostgreSQL/driver error met at start; null when it is none we know. */
export function databaseFailure(error: unknown, url: string, setting: string): string | null {
  const { where, user, database } = describe(url);
  switch (code(error)) {
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
    case 'ETIMEDOUT':
      return `cannot reach PostgreSQL at ${where} (${code(error)}): check ${setting} and that the server runs and accepts TCP connections from this host.`;
    case '28P01':
    case '28000':
      return `PostgreSQL at ${where} refused user "${user}" (${reason(error)}): fix the user name or password in ${setting}.`;
    case '3D000':
      return `database "${database}" does not exist on ${where}: create it (CREATE DATABASE "${database}") or fix ${setting}.`;
    case '42501':
      return `user "${user}" lacks privileges on database "${database}" at ${where} (${reason(error)}): grant it CONNECT and ownership of the schema (ALTER SCHEMA public OWNER TO "${user}") or use an owner in ${setting}.`;
  }
  if (/timeout/i.test(reason(error)))
    return `cannot reach PostgreSQL at ${where} (no answer within 5 s): check ${setting} and that the server runs and accepts TCP connections from this host.`;
  return null;
}

/** Connects once before the app boots, so a bad URL ends the start with one sentence, not retries. */
export async function checkDatabase(url: string, setting = 'DATABASE_URL'): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    throw new StartupError(
      databaseFailure(error, url, setting) ??
        `PostgreSQL at ${describe(url).where} failed: ${reason(error)}; check ${setting}.`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A live postmaster.pid means another server (another explorer's) owns the folder. */
export function assertDataFolderFree(dir: string): void {
  const pidFile = resolve(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // ESRCH: a stale file from a crash, PostgreSQL replaces it. EPERM: alive, owned by someone else.
    if (code(error) !== 'EPERM') return;
  }
  throw new StartupError(
    `the embedded PostgreSQL folder ${resolve(dir)} is in use by another running server (pid ${pid}): stop the other explorer, or set EMBEDDED_PG_DIR to another folder (or DATABASE_URL to share one database).`,
  );
}

/** The sentence for a failed listen. */
export function listenFailure(error: unknown, host: string, port: number): string | null {
  switch (code(error)) {
    case 'EADDRINUSE':
      return `port ${port} on ${host} is already in use: stop the program listening there or set PORT to a free port.`;
    case 'EACCES':
      return `no permission to listen on port ${port} on ${host}: use a port above 1023 (PORT) or grant the capability.`;
    case 'EADDRNOTAVAIL':
      return `address ${host} is not one of this machine's: set HOST to one of its addresses or 0.0.0.0.`;
  }
  return null;
}
