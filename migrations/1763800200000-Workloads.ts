import { MigrationInterface, QueryRunner } from 'typeorm';

export class Workloads1763800200000 implements MigrationInterface {
  name = 'Workloads1763800200000';

  async up(q: QueryRunner): Promise<void> {
    // Shared by new-style workloads and legacy reservations (workloads.md §2.1).
    await q.query(`CREATE SEQUENCE "reservation_id_seq" AS bigint START 1`);
    await q.query(`CREATE TABLE "workloads" (
      "id" bigint NOT NULL DEFAULT nextval('reservation_id_seq'),
      "workload_id" bigint NOT NULL,
      "workload_type" smallint NOT NULL,
      "node_id" text NOT NULL,
      "farm_id" bigint,
      "pool_id" bigint NOT NULL,
      "customer_tid" bigint NOT NULL,
      "customer_signature" text NOT NULL,
      "next_action" smallint NOT NULL,
      "cu" double precision NOT NULL DEFAULT 0,
      "su" double precision NOT NULL DEFAULT 0,
      "document" jsonb NOT NULL,
      "wire" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_workloads" PRIMARY KEY ("id"))`);
    await q.query(
      `CREATE INDEX "workloads_node_poll" ON "workloads" ("node_id", "id") WHERE next_action IN (3, 4)`,
    );
    await q.query(`CREATE INDEX "workloads_customer" ON "workloads" ("customer_tid", "id")`);
    await q.query(`CREATE INDEX "workloads_pool" ON "workloads" ("pool_id", "id")`);
    await q.query(`CREATE INDEX "workloads_next_action" ON "workloads" ("next_action", "id")`);
    await q.query(`CREATE INDEX "workloads_farm" ON "workloads" ("farm_id", "next_action", "id")`);
    await q.query(`CREATE INDEX "workloads_type" ON "workloads" ("workload_type", "id")`);
    await q.query(
      `CREATE UNIQUE INDEX "workloads_customer_signature" ON "workloads" ("customer_tid", "customer_signature")`,
    );
    await q.query(`CREATE TABLE "workload_history" (
      "id" BIGSERIAL NOT NULL,
      "workload_id" bigint NOT NULL,
      "from_action" smallint,
      "to_action" smallint NOT NULL,
      "cause" text NOT NULL,
      "actor" text NOT NULL,
      "at" bigint NOT NULL,
      CONSTRAINT "PK_workload_history" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "workload_history_by_workload" ON "workload_history" ("workload_id", "id")`);
    await q.query(`CREATE TABLE "work_queue" (
      "node_id" text NOT NULL,
      "id" bigint NOT NULL,
      "workload_id" bigint NOT NULL,
      "queued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_work_queue" PRIMARY KEY ("node_id", "id", "workload_id"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "work_queue"`);
    await q.query(`DROP TABLE "workload_history"`);
    await q.query(`DROP TABLE "workloads"`);
    await q.query(`DROP SEQUENCE "reservation_id_seq"`);
  }
}
