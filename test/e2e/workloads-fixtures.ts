import { randomBytes } from 'node:crypto';
import { keyPairFromSeed } from '@app/crypto';
import { Identity } from '@app/client';
import { Workload } from '@app/wire';
import type { TestApp, TestResponse } from '../setup/app';
import { createUser, makeNode, TestNode, TestUser } from '../setup/identities';
import { capacityReservation } from '../integration/pools-fixtures';

/** A phonebook user driven through the client SDK, as a customer's program would. */
export interface Customer {
  user: TestUser;
  id: Identity;
}

export async function newCustomer(t: TestApp): Promise<Customer> {
  const seed = randomBytes(32);
  const user = await createUser(t, undefined, keyPairFromSeed(seed));
  return { user, id: new Identity(user.id, seed) };
}

/** Registers a farm of `owner` through the directory API, signed by the owner as tffarmer does. */
export async function registerFarm(
  t: TestApp,
  owner: TestUser,
  name = `farm${randomBytes(4).toString('hex')}`,
) {
  const url = '/api/v1/farms';
  const farm = await t.request({
    method: 'POST',
    url,
    body: { threebot_id: owner.id, name, wallet_addresses: [{ asset: 'TFT', address: 'GABC' }] },
    headers: owner.sign('POST', url),
  });
  if (farm.status !== 201) throw new Error(`farm creation failed: ${farm.status} ${farm.text}`);
  return farm.json<{ id: number }>().id;
}

/** A farm (owned by `farmer`) with one registered node, created through the directory API. */
export async function newFarm(t: TestApp, farmer: Customer): Promise<{ farmId: number; node: TestNode }> {
  const farmId = await registerFarm(t, farmer.user);
  const node = makeNode();
  await registerNode(t, farmId, node, 'n');
  return { farmId, node };
}

/** Registers `node` on `farmId` through the directory API, signed by the node. */
export async function registerNode(
  t: TestApp,
  farmId: number,
  node: TestNode,
  hostname: string,
): Promise<void> {
  const body = {
    node_id: node.nodeId,
    farm_id: farmId,
    public_key_hex: node.pubkeyHex,
    os_version: 'v2.0.0',
    hostname,
    location: { city: 'Ghent', country: 'Belgium', continent: 'Europe', latitude: 51, longitude: 3.7 },
  };
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/nodes',
    body,
    headers: node.sign('POST', '/api/v1/nodes'),
  });
  if (res.status !== 201) throw new Error(`node registration failed: ${res.status} ${res.text}`);
}

/** A pool of `owner` on `nodeIds` with the given unit-seconds (free escrow credits at once). */
export async function newPool(
  t: TestApp,
  owner: Customer,
  nodeIds: string[],
  cus = 1e9,
  sus = 1e9,
): Promise<number> {
  const res = await t.request({
    method: 'POST',
    url: '/api/v1/reservations/pools',
    body: capacityReservation(owner.user, { node_ids: nodeIds, cus, sus }),
  });
  if (res.status !== 201) throw new Error(`pool creation failed: ${res.status} ${res.text}`);
  return res.json<{ reservation_id: number }>().reservation_id;
}

/** POSTs a workload signed by `c` (customer signature and HTTP signature). */
export function postWorkload(
  t: TestApp,
  c: Customer,
  w: Workload,
  url = '/api/v1/reservations/workloads',
): Promise<TestResponse> {
  return t.request({
    method: 'POST',
    url,
    body: c.id.workloadBody(w),
    headers: c.id.httpHeaders('POST', url),
  });
}

export async function getWorkload(t: TestApp, id: number): Promise<Workload> {
  const res = await t.request({ method: 'GET', url: `/api/v1/reservations/workloads/${id}` });
  if (res.status !== 200) throw new Error(`get failed: ${res.status} ${res.text}`);
  return res.json<Workload>();
}

export async function snapshot(t: TestApp): Promise<string> {
  const rows: unknown[] = await t.db.query(
    `SELECT (SELECT json_agg(w ORDER BY id) FROM (SELECT id, next_action, wire FROM workloads) w) AS w,
            (SELECT count(*) FROM workload_history) AS h, (SELECT count(*) FROM work_queue) AS q`,
  );
  return JSON.stringify(rows);
}
