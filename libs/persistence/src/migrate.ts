import { DataSource } from 'typeorm';

/** Serialises schema changes when several explorer processes start on one database. */
const MIGRATION_LOCK_KEY = 724_310_001;

export async function runMigrations(db: DataSource): Promise<void> {
  const runner = db.createQueryRunner();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await db.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
