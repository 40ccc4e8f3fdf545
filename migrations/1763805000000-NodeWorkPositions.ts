import { MigrationInterface, QueryRunner } from 'typeorm';

export class NodeWorkPositions1763805000000 implements MigrationInterface {
  name = 'NodeWorkPositions1763805000000';

  async up(q: QueryRunner): Promise<void> {
    // Where a queue item sits in the node's poll order: a value of the shared id sequence taken when it
    // was (re)queued, so the committed ceiling covers it and a node's cursor passes it once.
    await q.query(
      `ALTER TABLE "work_queue" ADD "position" bigint NOT NULL DEFAULT nextval('reservation_id_seq')`,
    );
    await q.query(`CREATE INDEX "work_queue_position" ON "work_queue" ("node_id", "position")`);
    // The queue churns (an item lives from a change until the node's result): keep its statistics fresh.
    await q.query(
      `ALTER TABLE "work_queue" SET (autovacuum_analyze_scale_factor = 0, autovacuum_analyze_threshold = 1000)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "work_queue" RESET (autovacuum_analyze_scale_factor, autovacuum_analyze_threshold)`,
    );
    await q.query(`DROP INDEX "work_queue_position"`);
    await q.query(`ALTER TABLE "work_queue" DROP COLUMN "position"`);
  }
}
