import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExplorerClient, Identity, LegacyReservation, NextAction, saveIdentity } from '@app/client';
import { startTestApp, TestApp } from '../setup/app';
import { listen } from '../setup/listening';
import { makeNode, TestNode } from '../fixtures/identities';
import { farmWith, storyData } from '../fixtures/reservations';
import { Customer, newCustomer } from '../fixtures/workloads';
import { SimulatedNode, Transport } from '../sim/node-simulator';
import { cli, cliProcess, CliResult } from './cli-harness';

/** The CLI's reservation commands against reservations created through the SDK. */
describe('explorer CLI: multi-workload reservations', () => {
  let t: TestApp;
  let client: ExplorerClient;
  let dir: string;
  let env: (who: Identity) => Record<string, string>;
  let customer: Customer;
  let other: Customer;
  let a: TestNode;
  let b: TestNode;
  let farmId: number;
  let mine: number;
  let theirs: number;
  const transport: Transport = (r) => t.request(r);

  const ok = (r: CliResult): CliResult => {
    if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}${r.stdout}`);
    return r;
  };
  const ids = (items: LegacyReservation[]) => items.map((r) => r.id).sort((x, y) => x - y);

  beforeAll(async () => {
    t = await startTestApp({ RUN_BACKGROUND_JOBS: 'false' });
    const url = await listen(t);
    client = new ExplorerClient(url);
    dir = mkdtempSync(join(tmpdir(), 'cli-reservations-'));
    env = (who) => {
      const file = join(dir, `${who.tid}.json`);
      saveIdentity(file, who, true);
      return { EXPLORER_URL: url, EXPLORER_IDENTITY: file };
    };
    customer = await newCustomer(t);
    other = await newCustomer(t);
    a = makeNode();
    b = makeNode();
    ({ farmId } = await farmWith(t, [a, b]));
    const now = Math.floor(Date.now() / 1000);
    mine = await client.createReservation(customer.id, storyData(customer.user.id, a.nodeId, b.nodeId, now));
    theirs = await client.createReservation(other.id, storyData(other.user.id, a.nodeId, b.nodeId, now));
    // Node a deploys and reports its three workloads of both reservations; node b never polls.
    expect(await new SimulatedNode(a.keys, transport).pollOnce()).toBe(6);
  });
  afterAll(() => t.close());

  it('list --json answers what the API answers, filtered by customer, next action and farm', async () => {
    const byCustomer = ok(
      await cli(
        ['--json', 'reservation', 'list', '--customer-tid', String(customer.user.id)],
        env(customer.id),
      ),
    ).json<LegacyReservation[]>();
    expect(ids(byCustomer)).toEqual([mine]);
    expect(byCustomer).toEqual((await client.listReservations({ customer_tid: customer.user.id })).items);

    const onFarm = ok(
      await cli(
        ['--json', 'reservation', 'list', '--farm-id', String(farmId), '--next-action', 'deploy'],
        env(customer.id),
      ),
    ).json<LegacyReservation[]>();
    expect(ids(onFarm)).toEqual([mine, theirs]);
    const deleting = ok(
      await cli(
        ['--json', 'reservation', 'list', '--farm-id', String(farmId), '--next-action', 'delete'],
        env(customer.id),
      ),
    ).json<LegacyReservation[]>();
    expect(deleting).toEqual([]);

    const paged = ok(
      await cli(
        ['--json', 'reservation', 'list', '--farm-id', String(farmId), '--size', '1', '--page', '2'],
        env(customer.id),
      ),
    ).json<LegacyReservation[]>();
    expect(ids(paged)).toEqual(
      ids((await client.listReservations({ farm_id: farmId }, { size: 1, page: 2 })).items),
    );
    expect(paged).toHaveLength(1);
  });

  it('show --json is the stored reservation; the table lists each derived workload with its per-node result', async () => {
    const shown = ok(await cli(['--json', 'reservation', 'show', String(mine)], env(customer.id)));
    const stored = await client.getReservation(mine);
    expect(shown.json()).toEqual(stored);
    expect(stored.results).toHaveLength(3);

    const human = ok(await cli(['reservation', 'show', String(mine)], env(customer.id))).stdout;
    expect(human).toMatch(/state\s+deploy/);
    expect(human).toContain(
      new Date(stored.data_reservation.expiration_reservation * 1000).toISOString().replace('.000', ''),
    );
    const row = (gwid: string, node: string) =>
      human
        .split('\n')
        .find((line) => line.startsWith(`${gwid} `) && line.includes(node))
        ?.split(/\s+/)
        .pop();
    expect(row(`${mine}-1`, a.nodeId)).toBe('ok');
    expect(row(`${mine}-2`, a.nodeId)).toBe('ok');
    expect(row(`${mine}-3`, a.nodeId)).toBe('ok');
    expect(row(`${mine}-3`, b.nodeId)).toBe('-');
  });

  it('history --json answers the API history', async () => {
    const history = ok(
      await cli(['--json', 'reservation', 'history', String(mine)], env(customer.id)),
    ).json();
    expect(history).toEqual(await client.reservationHistory(mine));
    expect(history).toEqual([expect.objectContaining({ from: null, to: NextAction.Deploy })]);
  });

  it('sign-delete through the bin: refused for someone not asked to sign, then moves the reservation to delete', async () => {
    const refused = await cliProcess(['--json', 'reservation', 'sign-delete', String(mine)], env(other.id));
    expect(refused.code).toBe(3);
    expect((await client.getReservation(mine)).next_action).toBe(NextAction.Deploy);

    const signed = ok(
      await cliProcess(['--json', 'reservation', 'sign-delete', String(mine)], env(customer.id)),
    );
    const after = await client.getReservation(mine);
    expect(after.next_action).toBe(NextAction.Delete);
    expect(signed.json()).toEqual(after);
    expect(after.signatures_delete?.map((s) => s.tid)).toEqual([customer.user.id]);
    expect((await client.getReservation(theirs)).next_action).toBe(NextAction.Deploy);
  });

  it('an unknown reservation exits 4', async () => {
    expect((await cli(['reservation', 'show', '999999'], env(customer.id))).code).toBe(4);
  });
});
