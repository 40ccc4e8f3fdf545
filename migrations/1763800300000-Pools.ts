import { MigrationInterface, QueryRunner } from 'typeorm';

export class Pools1763800300000 implements MigrationInterface {
  name = 'Pools1763800300000';

  async up(q: QueryRunner): Promise<void> {
    // Pool id == id of the capacity reservation that created it (directory.md §9.3), own counter.
    await q.query(`CREATE SEQUENCE "capacity_reservation_id_seq" AS bigint START 1`);
    await q.query(`CREATE TABLE "capacity_reservations" (
      "id" bigint NOT NULL DEFAULT nextval('capacity_reservation_id_seq'),
      "pool_id" bigint NOT NULL,
      "json" text NOT NULL,
      "customer_tid" bigint NOT NULL,
      "customer_signature" text NOT NULL,
      "cus" bigint NOT NULL,
      "sus" bigint NOT NULL,
      "node_ids" text array NOT NULL,
      "created" bigint NOT NULL,
      CONSTRAINT "PK_capacity_reservations" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "capacity_reservations_pool" ON "capacity_reservations" ("pool_id", "id")`);
    await q.query(`CREATE TABLE "pools" (
      "id" bigint NOT NULL,
      "cus" double precision NOT NULL,
      "sus" double precision NOT NULL,
      "active_cu" double precision NOT NULL,
      "active_su" double precision NOT NULL,
      "node_ids" text array NOT NULL,
      "last_updated" bigint NOT NULL,
      "empty_at" bigint NOT NULL,
      "customer_tid" bigint NOT NULL,
      "active_workload_ids" bigint array NOT NULL,
      CONSTRAINT "PK_pools" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "pools_customer" ON "pools" ("customer_tid", "id")`);
    await q.query(`CREATE INDEX "pools_empty_at" ON "pools" ("empty_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "pools"`);
    await q.query(`DROP TABLE "capacity_reservations"`);
    await q.query(`DROP SEQUENCE "capacity_reservation_id_seq"`);
  }
}
