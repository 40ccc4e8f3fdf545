import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../libs/persistence/src/data-source';
import { runMigrations } from '../../libs/persistence/src/migrate';
import { startEmbeddedPostgres } from '../../apps/explorer/src/database/embedded-postgres';
import { databaseUrl, TestGlobals } from './database';

/**
 * One PostgreSQL for the run: DATABASE_URL when set, else a throw-away embedded one. A template
 * database is migrated once; every test file clones its own database from it.
 */
export default async function globalSetup(): Promise<void> {
  const globals = globalThis as TestGlobals;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const pg = await startEmbeddedPostgres({
      dir: mkdtempSync(join(tmpdir(), 'explorer-test-pg-')),
      port: 0,
      persistent: false,
    });
    globals.__embeddedPostgres = pg;
    adminUrl = pg.adminUrl;
  }
  const template = `explorer_tpl_${process.pid}_${Date.now()}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${template}"`);
  await admin.end();
  const db = new DataSource(dataSourceOptions({ url: databaseUrl(adminUrl, template) }));
  await db.initialize();
  await runMigrations(db);
  await db.destroy();
  process.env.TEST_ADMIN_URL = adminUrl;
  process.env.TEST_TEMPLATE_DB = template;
}
