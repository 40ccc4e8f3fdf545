import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { RunningPostgres } from '../../apps/explorer/src/database/embedded-postgres';

export type TestGlobals = typeof globalThis & { __embeddedPostgres?: RunningPostgres };

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: process.env.TEST_ADMIN_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own for one test file (cloned from the run's template). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env.TEST_TEMPLATE_DB;
  if (!template || !process.env.TEST_ADMIN_URL)
    throw new Error('test database globals missing: run through the jest integration/e2e config');
  const name = `explorer_t_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return {
    url: databaseUrl(process.env.TEST_ADMIN_URL, name),
    name,
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** An empty (unmigrated) database, for the migration drift test. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  const name = `explorer_e_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  return {
    url: databaseUrl(process.env.TEST_ADMIN_URL!, name),
    name,
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}
