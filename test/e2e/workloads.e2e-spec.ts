import { volume } from '@app/client';
import { startTestApp, TestApp } from '../setup/app';
import { Customer, getWorkload, newCustomer, newFarm, newPool, postWorkload } from './workloads-fixtures';

describe('workloads smoke', () => {
  let t: TestApp;
  let customer: Customer;
  let nodeId: string;
  let poolId: number;
  beforeAll(async () => {
    t = await startTestApp();
    customer = await newCustomer(t);
    const farmer = await newCustomer(t);
    nodeId = (await newFarm(t, farmer)).node.nodeId;
    poolId = await newPool(t, customer, [nodeId]);
  });
  afterAll(() => t.close());

  it('creates a volume', async () => {
    const res = await postWorkload(
      t,
      customer,
      volume({ node_id: nodeId, pool_id: poolId, customer_tid: customer.user.id }, 10),
    );
    expect(res.status).toBe(201);
    const id = res.json<{ reservation_id: number }>().reservation_id;
    expect(await getWorkload(t, id)).toMatchObject({ next_action: 3 });
  });
});
