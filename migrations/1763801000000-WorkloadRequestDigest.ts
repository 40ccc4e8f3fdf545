import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotent create keys on the whole request instead of the customer signature, which does not cover
 * every stored field: two different workloads may carry the same signature.
 */
export class WorkloadRequestDigest1763801000000 implements MigrationInterface {
  name = 'WorkloadRequestDigest1763801000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "workloads" ADD "request_digest" text`);
    await q.query(`DROP INDEX "public"."workloads_customer_signature"`);
    await q.query(
      `CREATE UNIQUE INDEX "workloads_request_digest" ON "workloads" ("customer_tid", "request_digest")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."workloads_request_digest"`);
    await q.query(
      `CREATE UNIQUE INDEX "workloads_customer_signature" ON "workloads" ("customer_tid", "customer_signature")`,
    );
    await q.query(`ALTER TABLE "workloads" DROP COLUMN "request_digest"`);
  }
}
