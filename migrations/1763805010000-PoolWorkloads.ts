import { MigrationInterface, QueryRunner } from 'typeorm';

export class PoolWorkloads1763805010000 implements MigrationInterface {
  name = 'PoolWorkloads1763805010000';

  async up(q: QueryRunner): Promise<void> {
    // A pool's charged workloads move out of its row (an array that grew with the pool and was
    // rewritten by every result) into a table of their own.
    await q.query(`CREATE TABLE "pool_workloads" (
      "pool_id" bigint NOT NULL,
      "workload_id" bigint NOT NULL,
      CONSTRAINT "PK_pool_workloads" PRIMARY KEY ("pool_id", "workload_id"))`);
    await q.query(
      `INSERT INTO "pool_workloads" (pool_id, workload_id) SELECT id, unnest(active_workload_ids) FROM "pools" ON CONFLICT DO NOTHING`,
    );
    await q.query(`ALTER TABLE "pools" DROP COLUMN "active_workload_ids"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "pools" ADD "active_workload_ids" bigint array NOT NULL DEFAULT '{}'`);
    await q.query(
      `UPDATE "pools" p SET active_workload_ids = ARRAY(SELECT workload_id FROM "pool_workloads" m WHERE m.pool_id = p.id ORDER BY workload_id)`,
    );
    await q.query(`ALTER TABLE "pools" ALTER COLUMN "active_workload_ids" DROP DEFAULT`);
    await q.query(`DROP TABLE "pool_workloads"`);
  }
}
