import { decodeLegacyReservation } from './decode';
import { encodeWorkload } from './encode';
import {
  conflictingWorkloadId,
  deriveWorkloads,
  gwidOf,
  isLegacyReservationBody,
  repeatedNetworkNode,
} from './legacy';

// As a Go client sends it: items carry their own fields and a zero ReservationInfo.
const BODY = JSON.stringify({
  id: 42,
  json: '',
  customer_tid: 12,
  epoch: 1600000000,
  metadata: 'm',
  data_reservation: {
    description: 'demo',
    signing_request_delete: { signers: [12], quorum_min: 1 },
    volumes: [{ workload_id: 1, node_id: 'A', size: 10, type: 1 }],
    containers: [
      {
        workload_id: 2,
        node_id: 'A',
        flist: 'f',
        volumes: [{ volume_id: '-1', mountpoint: '/data' }],
        capacity: { cpu: 1, memory: 512, disk_size: 1024, disk_type: 1 },
      },
    ],
    networks: [
      {
        name: 'net1',
        workload_id: 3,
        iprange: '10.1.0.0/16',
        network_resources: [
          { node_id: 'A', iprange: '10.1.1.0/24', wireguard_listen_port: 7000, wireguard_public_key: 'pa' },
          { node_id: 'B', iprange: '10.1.2.0/24', wireguard_listen_port: 7001, wireguard_public_key: 'pb' },
        ],
      },
    ],
    proxies: [
      { workload_id: 4, node_id: 'G', domain: 'x.example.com', addr: '1.2.3.4', port: 80, port_tls: 443 },
    ],
    expiration_provisioning: 1600003600,
    expiration_reservation: 1600086400,
  },
});

describe('deriveWorkloads', () => {
  const r = decodeLegacyReservation(BODY);
  const derived = deriveWorkloads(r, 3);

  it('gives one workload per item and one network_resource per node of a network, typed by their array', () => {
    expect(derived.map((w) => [gwidOf(w.id, w.workload_id), w.node_id, w.workload_type])).toEqual([
      ['42-2', 'A', 1],
      ['42-1', 'A', 2],
      ['42-4', 'G', 5],
      ['42-3', 'A', 10],
      ['42-3', 'B', 10],
    ]);
  });

  it('copies the reservation part into every workload', () => {
    for (const w of derived) {
      expect(w).toMatchObject({
        id: 42,
        customer_tid: 12,
        next_action: 3,
        description: 'demo',
        epoch: 1600000000,
        metadata: 'm',
        signing_request_delete: { signers: [12], quorum_min: 1 },
      });
    }
  });

  it("splits a network into each node's own part under the network's name and range", () => {
    const b = derived.find((w) => w.node_id === 'B');
    expect(b).toMatchObject({
      name: 'net1',
      network_iprange: '10.1.0.0/16',
      iprange: '10.1.2.0/24',
      wireguard_listen_port: 7001,
      wireguard_public_key: 'pb',
      peers: null,
    });
    // Renders as a flat node workload, with the Go zero values of what the network does not say.
    expect(encodeWorkload(b!)).toContain(
      '"workload_type":10,"name":"net1","network_iprange":"10.1.0.0/16","wireguard_private_key_encrypted":""',
    );
  });

  it('carries the state it is given', () => {
    expect(new Set(deriveWorkloads(r, 4).map((w) => w.next_action))).toEqual(new Set([4]));
  });
});

describe('reservation shape rules', () => {
  const data = decodeLegacyReservation(BODY).data_reservation;

  it('finds a workload_id used twice, a network counting once whatever its node count', () => {
    expect(conflictingWorkloadId(data)).toBeNull();
    expect(conflictingWorkloadId({ ...data, proxies: [{ ...data.proxies![0], workload_id: 3 }] })).toBe(3);
    expect(conflictingWorkloadId({ ...data, volumes: [...data.volumes!, ...data.volumes!] })).toBe(1);
  });

  it('finds a network that lists one node twice', () => {
    expect(repeatedNetworkNode(data)).toBeNull();
    const net = data.networks![0];
    const twice = { ...net, network_resources: [...net.network_resources!, net.network_resources![1]] };
    expect(repeatedNetworkNode({ ...data, networks: [twice] })).toEqual({ network: 'net1', nodeId: 'B' });
  });

  it('tells a legacy reservation body by a non-null data_reservation member, matched as Go matches keys', () => {
    expect(isLegacyReservationBody(BODY)).toBe(true);
    expect(isLegacyReservationBody('{"Data_Reservation":{}}')).toBe(true);
    expect(isLegacyReservationBody('{"data_reservation":null,"workload_type":2}')).toBe(false);
    expect(isLegacyReservationBody('{"workload_type":2}')).toBe(false);
    expect(isLegacyReservationBody('{"data_reservation":')).toBe(false);
    expect(isLegacyReservationBody('[{"data_reservation":{}}]')).toBe(false);
  });
});
