import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '@app/persistence';
import { createEmptyDatabase, TestDatabase } from '../setup/database';

/** Fails when an entity changed without a migration (or a migration without the entity). */
describe('schema migrations', () => {
  let database: TestDatabase;
  let db: DataSource;
  beforeAll(async () => {
    database = await createEmptyDatabase();
    db = new DataSource(dataSourceOptions({ url: database.url }));
    await db.initialize();
  });
  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  it('migrations produce exactly the schema of the entities', async () => {
    await runMigrations(db);
    const pending = await db.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('running the migrations again is a no-op', async () => {
    await runMigrations(db);
    expect(await db.showMigrations()).toBe(false);
  });

  it('synchronize is off', () => {
    expect(db.options.synchronize).toBe(false);
  });
});
