import { randomBytes } from 'node:crypto';
import { decodeWorkload, Workload } from '@app/wire';
import type { DataSource } from 'typeorm';
import { WorkloadsRepository } from '@app/persistence';
import {
  tidActor,
  WorkloadTransitions,
} from '../../apps/explorer/src/workloads/workload-transitions.service';
import type { TestApp } from '../setup/app';

/** A pool with capacity for years, usable on `nodeIds` (inserted directly: the pools API is not what is tested here). */
export async function insertFundedPool(
  db: DataSource,
  customerTid: number,
  nodeIds: string[],
): Promise<number> {
  const [{ id }]: { id: string }[] = await db.query(`SELECT nextval('capacity_reservation_id_seq') AS id`);
  const now = Math.floor(Date.now() / 1000);
  await db.query(
    `INSERT INTO pools (id, cus, sus, active_cu, active_su, node_ids, last_updated, empty_at, customer_tid, active_workload_ids)
     VALUES ($1, 1e12, 1e12, 0, 0, $2, $3, $4, $5, '{}')`,
    [id, nodeIds, now, now + 10 * 365 * 86400, customerTid],
  );
  return Number(id);
}

/** A new-style volume as a customer posts it; deletable by the customer (delete quorum 1). */
export function volume(nodeId: string, poolId: number, customerTid: number): Workload {
  return decodeWorkload(
    JSON.stringify({
      workload_id: 1,
      node_id: nodeId,
      pool_id: poolId,
      signing_request_provision: { signers: [], quorum_min: 0 },
      signing_request_delete: { signers: [customerTid], quorum_min: 1 },
      customer_tid: customerTid,
      customer_signature: randomBytes(64).toString('hex'),
      workload_type: 2,
      size: 1,
      type: 1,
    }),
  );
}

/**
 * A customer acting through the workloads module's transition service (the real create and delete
 * paths: history, work queue, notification), for as long as the workloads HTTP endpoints are not there.
 */
export class Customer {
  private readonly transitions: WorkloadTransitions;
  private readonly workloads: WorkloadsRepository;

  constructor(
    private readonly t: TestApp,
    readonly tid: number,
    readonly poolId: number,
  ) {
    this.transitions = t.app.get(WorkloadTransitions, { strict: false });
    this.workloads = t.app.get(WorkloadsRepository, { strict: false });
  }

  async create(nodeId: string): Promise<number> {
    const now = Math.floor(Date.now() / 1000);
    return this.t.db.transaction(async (em) => {
      const created = await this.transitions.create(
        em,
        volume(nodeId, this.poolId, this.tid),
        null,
        tidActor(this.tid),
        now,
      );
      return created.id;
    });
  }

  async delete(id: number): Promise<void> {
    await this.t.db.transaction(async (em) => {
      const row = await this.workloads.lockById(em, id);
      if (!row) throw new Error(`no workload ${id}`);
      await this.transitions.apply(
        em,
        row,
        { kind: 'delete_signed', tid: this.tid },
        tidActor(this.tid),
        Math.floor(Date.now() / 1000),
      );
    });
  }
}
