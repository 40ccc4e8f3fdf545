import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `pg_notify('workload_changed', id)` on every update of a workload row, delivered at commit: the
 * customer's long poll (`GET .../workloads/{id}?wait=`) wakes on it in every explorer process, whichever
 * code path (signature, result, pool sweeper, top-up) changed the workload.
 */
export class WorkloadChanges1763806000000 implements MigrationInterface {
  name = 'WorkloadChanges1763806000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION "notify_workload_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('workload_changed', NEW.id::text);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER "workloads_changed" AFTER UPDATE ON "workloads"
      FOR EACH ROW EXECUTE FUNCTION "notify_workload_changed"()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER "workloads_changed" ON "workloads"`);
    await q.query(`DROP FUNCTION "notify_workload_changed"()`);
  }
}
