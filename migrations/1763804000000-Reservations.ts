import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Multi-workload reservations. Their derived node workloads are rows of `workloads` (flag `derived`),
 * so the node poll reads them with the same index range scan as new-style workloads; a network
 * yields one row per node under one gwid, hence the key (id, workload_id, node_id). Their
 * request_digest is null: the create idempotency index never sees them.
 */
export class Reservations1763804000000 implements MigrationInterface {
  name = 'Reservations1763804000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "reservations" (
      "id" bigint NOT NULL DEFAULT nextval('reservation_id_seq'),
      "customer_tid" bigint NOT NULL,
      "customer_signature" text NOT NULL,
      "request_sha256" text NOT NULL,
      "next_action" smallint NOT NULL,
      "expiration_provisioning" bigint NOT NULL,
      "expiration_reservation" bigint NOT NULL,
      "farmer_signers" jsonb NOT NULL,
      "document" jsonb NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_reservations" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "reservations_customer" ON "reservations" ("customer_tid", "id")`);
    await q.query(`CREATE INDEX "reservations_next_action" ON "reservations" ("next_action", "id")`);
    await q.query(
      `CREATE INDEX "reservations_expiry" ON "reservations" ("expiration_provisioning") WHERE next_action IN (0, 1, 2, 3)`,
    );
    await q.query(`CREATE UNIQUE INDEX "reservations_request" ON "reservations" ("request_sha256")`);
    await q.query(
      `CREATE UNIQUE INDEX "reservations_customer_signature" ON "reservations" ("customer_tid", "customer_signature")`,
    );
    await q.query(`ALTER TABLE "workloads" ADD "derived" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "workloads" DROP CONSTRAINT "PK_workloads"`);
    await q.query(
      `ALTER TABLE "workloads" ADD CONSTRAINT "PK_workloads" PRIMARY KEY ("id", "workload_id", "node_id")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "workloads" WHERE derived`);
    await q.query(`ALTER TABLE "workloads" DROP CONSTRAINT "PK_workloads"`);
    await q.query(`ALTER TABLE "workloads" ADD CONSTRAINT "PK_workloads" PRIMARY KEY ("id")`);
    await q.query(`ALTER TABLE "workloads" DROP COLUMN "derived"`);
    await q.query(`DROP TABLE "reservations"`);
  }
}
