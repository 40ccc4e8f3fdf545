import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A capacity reservation is accepted once: `request_key` = sha256 hex of `<customer_tid>\n<json>` (what the
 * customer signed). Rows stored before this migration get the key on their first occurrence; replays that
 * were credited again keep NULL (they stay as history, and NULLs do not collide).
 */
export class CapacityReservationKey1763803000000 implements MigrationInterface {
  name = 'CapacityReservationKey1763803000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "capacity_reservations" ADD "request_key" text`);
    await q.query(`UPDATE "capacity_reservations" r SET "request_key" = k.key
      FROM (SELECT DISTINCT ON (key) id, key FROM (
              SELECT id, encode(sha256(convert_to(customer_tid::text || E'\\n' || json, 'UTF8')), 'hex') AS key
              FROM "capacity_reservations") keyed
            ORDER BY key, id) k
      WHERE r.id = k.id`);
    await q.query(
      `CREATE UNIQUE INDEX "capacity_reservations_request_key" ON "capacity_reservations" ("request_key")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "capacity_reservations_request_key"`);
    await q.query(`ALTER TABLE "capacity_reservations" DROP COLUMN "request_key"`);
  }
}
