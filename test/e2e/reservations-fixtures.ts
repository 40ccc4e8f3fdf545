import { randomBytes } from 'node:crypto';
import { container, volume } from '@app/client';
import {
  decodeReservationData,
  LegacyNetwork,
  LegacyReservation,
  ReservationData,
  Workload,
} from '@app/wire';
import type { TestApp, TestResponse } from '../setup/app';
import type { TestNode } from '../setup/identities';
import { Customer, newCustomer, registerFarm, registerNode } from './workloads-fixtures';

/** Go's zero value of a reservation's data with the given members set. */
export function reservationData(fields: Partial<ReservationData>): ReservationData {
  return { ...decodeReservationData('{}'), ...fields };
}

/** A new-style workload as an item of a legacy reservation: no pool, no epoch of its own. */
export function asItem<W extends Workload>(w: W): W {
  return { ...w, pool_id: 0, epoch: 0, signatures_provision: null, signatures_delete: null };
}

/** Volume 1 and a container 2 mounting it on `a`, network 3 on `a` and `b` (the story). */
export function storyData(customerTid: number, a: string, b: string, now: number): ReservationData {
  const base = (node_id: string, workload_id: number) => ({
    node_id,
    workload_id,
    pool_id: 0,
    customer_tid: 0,
  });
  const network: LegacyNetwork = {
    name: 'net1',
    workload_id: 3,
    iprange: '10.1.0.0/16',
    stats_aggregator: null,
    farmer_tid: 0,
    network_resources: [a, b].map((node_id, i) => ({
      node_id,
      wireguard_private_key_encrypted: `key${i}`,
      wireguard_public_key: `pub${i}`,
      wireguard_listen_port: 7000 + i,
      iprange: `10.1.${i + 1}.0/24`,
      peers: null,
    })),
  };
  const vol = asItem(volume(base(a, 1), 10));
  const web = asItem(
    container(base(a, 2), {
      flist: 'https://hub.grid.tf/x/y.flist',
      volumes: [{ volume_id: '-1', mountpoint: '/data' }],
      network_connection: [
        { network_id: 'net1', ipaddress: '10.1.1.2', public_ip6: false, yggdrasil_ip: false },
      ],
      capacity: { cpu: 1, memory: 512, disk_size: 1024, disk_type: 1 },
    }),
  );
  return reservationData({
    description: randomBytes(6).toString('hex'),
    signing_request_delete: { signers: [customerTid], quorum_min: 1 },
    volumes: [vol],
    containers: [web],
    networks: [network],
    expiration_provisioning: now + 600,
    expiration_reservation: now + 7200,
  });
}

/** POSTs a legacy reservation signed by `c` (raw json signature and HTTP signature). */
export function postReservation(
  t: TestApp,
  c: Customer,
  body: string,
  url = '/api/v1/reservations',
): Promise<TestResponse> {
  return t.request({ method: 'POST', url, body, headers: c.id.httpHeaders('POST', url) });
}

export async function getReservation(t: TestApp, id: number, prefix = '/api/v1'): Promise<LegacyReservation> {
  const res = await t.request({ method: 'GET', url: `${prefix}/reservations/${id}` });
  if (res.status !== 200) throw new Error(`get failed: ${res.status} ${res.text}`);
  return res.json<LegacyReservation>();
}

/** A farm owned by a new user, with the given nodes registered; returns the owner and farm id. */
export async function farmWith(t: TestApp, nodes: TestNode[]): Promise<{ owner: Customer; farmId: number }> {
  const owner = await newCustomer(t);
  const farmId = await registerFarm(t, owner.user);
  for (const node of nodes) await registerNode(t, farmId, node, 'res');
  return { owner, farmId };
}

/** Row counts of everything a create or a transition writes. */
export async function storedCounts(t: TestApp): Promise<Record<string, number>> {
  const [row]: Record<string, string>[] = await t.db.query(
    `SELECT (SELECT count(*) FROM reservations) AS reservations, (SELECT count(*) FROM workloads) AS workloads,
            (SELECT count(*) FROM workload_history) AS history, (SELECT count(*) FROM work_queue) AS queue`,
  );
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
}
