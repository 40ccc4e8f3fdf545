import { randomBytes } from 'node:crypto';
import { Identity, volume } from '@app/client';
import { CommittedCeiling } from '../../apps/explorer/src/node-work/committed-ceiling.service';
import { PoolSweeper } from '../../apps/explorer/src/pools/pool-sweeper';
import { startTestApp, TestApp } from '../setup/app';
import { SimCustomer } from '../sim/customer';
import { SimulatedNode } from '../sim/node-simulator';
import { makeNode, seeded } from '../fixtures/identities';

/** Value of one sample line of the Prometheus text (`name{labels}`), undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics after a scripted scenario', () => {
  let t: TestApp;
  let text: string;

  beforeAll(async () => {
    t = await startTestApp();
    const keys = seeded();
    const node = makeNode(keys);
    const customer = await SimCustomer.start(t, [node]);
    const ids = [await customer.create(node.nodeId), await customer.create(node.nodeId)];
    await t.app.get(CommittedCeiling, { strict: false }).reach(Math.max(...ids));
    const sim = new SimulatedNode(keys, (r) => t.request(r));
    expect(await sim.pollOnce()).toBe(2); // work: both deployed, results "ok" sent
    expect(await sim.pollOnce()).toBe(0); // idle
    expect(await sim.pollOnce(1)).toBe(0); // long poll, idle after 1 s
    await customer.delete(ids[0]); // queued for the node
    // Refused signatures: an unsigned result, and a create whose customer signature is not the customer's.
    const url = '/api/v1/reservations/workloads';
    const w = volume({ node_id: node.nodeId, pool_id: customer.poolId, customer_tid: customer.tid }, 1);
    const impostor = new Identity(customer.tid, randomBytes(32));
    const res = await t.request({
      method: 'POST',
      url,
      body: impostor.workloadBody(w),
      headers: customer.customer.id.httpHeaders('POST', url),
    });
    expect(res.status).toBe(400);
    const bad = await t.request({
      method: 'PUT',
      url: `/api/v1/reservations/nodes/${node.nodeId}/workloads/${ids[1]}-1`,
      body: {},
    });
    expect(bad.status).toBe(401);
    await t.app.get(PoolSweeper, { strict: false }).sweepOnce();
    text = (await t.request({ method: 'GET', url: '/metrics' })).text;
  }, 60_000);
  afterAll(() => t.close());

  it('database pool and hot-path statement latency', () => {
    expect(sample(text, 'explorer_db_pool_connections{role="primary",state="total"}')).toBeGreaterThan(0);
    expect(sample(text, 'explorer_db_pool_connections{role="primary",state="idle"}')).toBeGreaterThanOrEqual(
      0,
    );
    expect(sample(text, 'explorer_db_pool_connections{role="primary",state="waiting"}')).toBe(0);
    expect(
      sample(text, 'explorer_db_query_duration_seconds_count{statement="workload_insert_created"}'),
    ).toBe(2);
    expect(
      sample(text, 'explorer_db_query_duration_seconds_count{statement="node_work_poll"}'),
    ).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'explorer_db_pool_connections{role="poll",state="total"}')).toBeGreaterThan(0);
  });

  it('domain counts: workloads by type and state, queue depth, pools near empty', () => {
    expect(sample(text, 'explorer_workloads{type="volume",state="deploy"}')).toBe(1);
    expect(sample(text, 'explorer_workloads{type="volume",state="delete"}')).toBe(1);
    expect(sample(text, 'explorer_work_queue_depth')).toBe(1);
    expect(sample(text, 'explorer_pools_near_empty')).toBe(0);
  });

  it('node polls, long polls held, results, signature failures, sweeps', () => {
    expect(sample(text, 'explorer_node_polls_total{answer="work",wait="short"}')).toBe(1);
    expect(sample(text, 'explorer_node_polls_total{answer="idle",wait="short"}')).toBe(1);
    expect(sample(text, 'explorer_node_polls_total{answer="idle",wait="long"}')).toBe(1);
    expect(sample(text, 'explorer_node_long_polls_held')).toBe(0);
    expect(sample(text, 'explorer_node_results_total{state="ok"}')).toBe(2);
    expect(sample(text, 'explorer_signature_failures_total{kind="customer"}')).toBe(1);
    expect(sample(text, 'explorer_signature_failures_total{kind="http"}')).toBe(1);
    expect(sample(text, 'explorer_pool_sweeps_total{outcome="swept"}')).toBeGreaterThanOrEqual(1);
  });

  it('labels stay bounded: no node id, workload id or raw URL in any label', () => {
    const labels = text.split('\n').filter((l) => !l.startsWith('#') && l.includes('{'));
    expect(labels.length).toBeGreaterThan(0);
    for (const line of labels) expect(line).not.toMatch(/[1-9A-HJ-NP-Za-km-z]{40,}|\/workloads\/\d/);
  });
});
