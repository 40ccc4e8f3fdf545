import { volume } from '@app/client';
import { signResult } from '@app/crypto';
import { NextAction } from '@app/domain';
import { startTestApp, TestApp } from '../setup/app';
import { makeNode, TestNode } from '../fixtures/identities';
import { asItem, farmWith, getReservation, postReservation, reservationData } from '../fixtures/reservations';
import { Customer, newCustomer } from '../fixtures/workloads';

const POOL_SIZE = 3;
const ITEMS = 12;
const SIGNERS = 8;

/** Bursts several times the connection pool on one reservation: all answer, the end state is exact. */
describe(`legacy reservations under bursts larger than the pool (${POOL_SIZE} connections)`, () => {
  let t: TestApp;
  let customer: Customer;
  let node: TestNode;

  beforeAll(async () => {
    t = await startTestApp({ DATABASE_POOL_SIZE: String(POOL_SIZE), RUN_BACKGROUND_JOBS: 'false' });
    customer = await newCustomer(t);
    node = makeNode();
    await farmWith(t, [node]);
  });
  afterAll(() => t.close());

  const data = (signers: number[]) => {
    const now = Math.floor(Date.now() / 1000);
    return reservationData({
      signing_request_delete: { signers, quorum_min: signers.length },
      volumes: Array.from({ length: ITEMS }, (_, i) =>
        asItem(volume({ node_id: node.nodeId, pool_id: 0, customer_tid: 0, workload_id: i + 1 }, 1)),
      ),
      expiration_provisioning: now + 600,
      expiration_reservation: now + 7200,
    });
  };

  it('identical creates at once: one reservation, one id', async () => {
    const body = customer.id.reservationBody(data([customer.user.id]));
    const answers = await Promise.all(Array.from({ length: 10 }, () => postReservation(t, customer, body)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    const ids = new Set(answers.map((a) => a.json<{ reservation_id: number }>().reservation_id));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    const rows = await t.db.query('SELECT count(*)::int AS n FROM workloads WHERE id = $1', [id]);
    expect(rows[0].n).toBe(ITEMS);
  });

  it('every derived workload reported at once, then the delete quorum signed at once', async () => {
    const signers: Customer[] = [];
    for (let i = 0; i < SIGNERS; i++) signers.push(await newCustomer(t));
    const body = customer.id.reservationBody(data(signers.map((s) => s.user.id)));
    const res = await postReservation(t, customer, body);
    const id = res.json<{ reservation_id: number }>().reservation_id;

    const ok = { state: 1 as const, message: '', data_json: null };
    const signature = signResult(ok, node.keys.secretKey);
    const reports = await Promise.all(
      Array.from({ length: ITEMS }, (_, i) => {
        const gwid = `${id}-${i + 1}`;
        const url = `/api/v1/reservations/nodes/${node.nodeId}/workloads/${gwid}`;
        return t.request({
          method: 'PUT',
          url,
          body: `{"category":2,"workload_id":"${gwid}","data_json":null,"signature":"${signature}","state":1,"message":"","epoch":1,"node_id":"x"}`,
          headers: node.sign('PUT', url),
        });
      }),
    );
    expect(reports.map((r) => r.status)).toEqual(Array(ITEMS).fill(201));
    const json = (await getReservation(t, id)).json;
    const signed = await Promise.all(
      signers.map((s) =>
        t.request({
          method: 'POST',
          url: `/api/v1/reservations/${id}/sign/delete`,
          body: s.id.reservationSigner(id, json),
        }),
      ),
    );
    expect(signed.map((r) => r.status)).toEqual(Array(SIGNERS).fill(201));

    const final = await getReservation(t, id);
    expect(final.next_action).toBe(NextAction.Delete);
    expect(final.results?.map((r) => r.state)).toEqual(Array(ITEMS).fill(1));
    expect(final.signatures_delete?.map((s) => s.tid).sort((a, b) => a - b)).toEqual(
      signers.map((s) => s.user.id).sort((a, b) => a - b),
    );
    const history = await t.db.query(
      'SELECT cause FROM workload_history WHERE workload_id = $1 ORDER BY id',
      [id],
    );
    expect(history.map((h: { cause: string }) => h.cause)).toEqual(['created', 'delete_signed']);
    const queue = await t.db.query('SELECT count(*)::int AS n FROM work_queue WHERE id = $1', [id]);
    expect(queue[0].n).toBe(ITEMS);
  });
});
