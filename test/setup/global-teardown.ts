import { Client } from 'pg';
import { TestGlobals } from './database';

export default async function globalTeardown(): Promise<void> {
  const globals = globalThis as TestGlobals;
  const admin = new Client({ connectionString: process.env.TEST_ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${process.env.TEST_TEMPLATE_DB}" WITH (FORCE)`);
  await admin.end();
  await globals.__embeddedPostgres?.stop();
}
