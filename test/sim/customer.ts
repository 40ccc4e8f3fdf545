import { randomBytes } from 'node:crypto';
import { volume } from '@app/client';
import type { TestApp } from '../setup/app';
import type { TestNode } from '../fixtures/identities';
import {
  Customer,
  getWorkload,
  newCustomer,
  newPool,
  postWorkload,
  registerFarm,
  registerNode,
} from '../fixtures/workloads';

/**
 * A customer acting through the HTTP API only: registers a farm with the given nodes, funds a pool on
 * them, creates volumes (signed) and signs their deletion.
 */
export class SimCustomer {
  private constructor(
    private readonly t: TestApp,
    readonly customer: Customer,
    readonly poolId: number,
  ) {}

  get tid(): number {
    return this.customer.user.id;
  }

  static async start(t: TestApp, nodes: TestNode[]): Promise<SimCustomer> {
    const customer = await newCustomer(t);
    const farmer = await newCustomer(t);
    const farmId = await registerFarm(t, farmer.user, `simfarm${randomBytes(4).toString('hex')}`);
    for (const node of nodes) await registerNode(t, farmId, node, 'sim');
    const poolId = await newPool(
      t,
      customer,
      nodes.map((n) => n.nodeId),
    );
    return new SimCustomer(t, customer, poolId);
  }

  /** Another customer with its own pool on nodes already registered. */
  static async join(t: TestApp, nodeIds: string[]): Promise<SimCustomer> {
    const customer = await newCustomer(t);
    return new SimCustomer(t, customer, await newPool(t, customer, nodeIds));
  }

  /** A volume on `nodeId`; returns its id. */
  async create(nodeId: string): Promise<number> {
    // A random description keeps every customer signature distinct (same-second creates would repeat it).
    const w = volume(
      {
        node_id: nodeId,
        pool_id: this.poolId,
        customer_tid: this.tid,
        description: randomBytes(8).toString('hex'),
      },
      1,
    );
    const res = await postWorkload(this.t, this.customer, w);
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${res.text}`);
    return res.json<{ reservation_id: number }>().reservation_id;
  }

  /** Signs the deletion (delete quorum 1: the workload moves to `delete`). */
  async delete(id: number): Promise<void> {
    const stored = await getWorkload(this.t, id);
    const url = `/api/v1/reservations/workloads/${id}/sign/delete`;
    const res = await this.t.request({ method: 'POST', url, body: this.customer.id.delete(stored) });
    if (res.status !== 201) throw new Error(`delete failed: ${res.status} ${res.text}`);
  }
}
