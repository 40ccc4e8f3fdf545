import { DataSource, MigrationExecutor } from 'typeorm';

/** Serialises schema changes when several explorer processes start on one database. */
const MIGRATION_LOCK_KEY = 724_310_001;

/**
 * Runs pending migrations under a session advisory lock, on the very connection that holds the lock:
 * one pooled connection is enough (DATABASE_POOL_SIZE=1).
 */
export async function runMigrations(db: DataSource): Promise<void> {
  const runner = db.createQueryRunner('master');
  try {
    // Waiting for another process's migrations and building indexes may take longer than a request.
    await runner.query('SET statement_timeout = 0');
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const executor = new MigrationExecutor(db, runner);
    executor.transaction = 'each';
    await executor.executePendingMigrations();
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.query('RESET statement_timeout').catch(() => undefined);
    await runner.release();
  }
}
