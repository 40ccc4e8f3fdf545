import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A workload is stored once, as its wire JSON: the decoded `document` copy goes. The result state the
 * reservation expiry query filters on becomes a column derived with the wire.
 */
export class WorkloadStoredForm1763809000000 implements MigrationInterface {
  name = 'WorkloadStoredForm1763809000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "workloads" ADD "result_state" smallint NOT NULL DEFAULT 0`);
    await q.query(
      `UPDATE "workloads" SET "result_state" = coalesce(("document"->'result'->>'state')::smallint, 0)`,
    );
    await q.query(`ALTER TABLE "workloads" DROP COLUMN "document"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "workloads" ADD "document" jsonb`);
    await q.query(`UPDATE "workloads" SET "document" = "wire"::jsonb`);
    await q.query(`ALTER TABLE "workloads" ALTER COLUMN "document" SET NOT NULL`);
    await q.query(`ALTER TABLE "workloads" DROP COLUMN "result_state"`);
  }
}
