import { capacityDataEqual, reservationDataEqual } from './compare';
import {
  decodeCapacityReservation,
  decodeCapacityReservationData,
  decodeLegacyReservation,
  decodeReservationData,
  decodeResult,
  decodeWorkload,
} from './decode';
import { encodeCapacityReservation, encodeLegacyReservation, encodeResult } from './encode';
import { WireError } from './errors';
import { GO_ZERO_TIME, metadataWithinLimit } from './model';

const body = (fields: Record<string, unknown>): string => JSON.stringify({ workload_type: 2, ...fields });
const decodeVolume = (fields: Record<string, unknown>) => {
  const w = decodeWorkload(body(fields));
  if (w.workload_type !== 2) throw new Error('not a volume');
  return w;
};
const fails = (text: string, message?: RegExp | string) => {
  expect(() => decodeWorkload(text)).toThrow(WireError);
  if (message) expect(() => decodeWorkload(text)).toThrow(message);
};

describe('decodeWorkload: type selection', () => {
  it('requires workload_type', () => {
    fails('{"size":1}', 'workload_type is required');
    fails('{"workload_type":null}', 'workload_type is required');
  });

  it.each([3, 11, 255])('refuses workload_type %d as unrecognized', (t) => {
    fails(`{"workload_type":${t}}`, 'unrecognized workload type');
  });

  it.each(['256', '-1', '"2"', '2.0', 'true'])('refuses workload_type %s as a decode error', (t) => {
    fails(`{"workload_type":${t}}`, /workload_type/);
  });

  it.each([
    [0, 'size'],
    [1, 'flist'],
    [2, 'type'],
    [4, 'cluster_secret'],
    [5, 'port'],
    [6, 'secret'],
    [7, 'ips'],
    [8, 'domain'],
    [9, 'public_key'],
    [10, 'peers'],
  ])('decodes type %d with its own fields', (t, field) => {
    expect(decodeWorkload(`{"workload_type":${t}}`)).toHaveProperty(field);
  });
});

describe('decodeWorkload: Go encoding/json semantics', () => {
  it('matches keys case-insensitively, last duplicate wins, unknown keys ignored', () => {
    const w = decodeVolume({ Size: 5, SIZE: 6, version: 1, Pool_ID: 3, ſize: 7 });
    expect(w.size).toBe(7);
    expect(w.pool_id).toBe(3);
    expect(w).not.toHaveProperty('version');
    expect(decodeWorkload('{"size":1,"workload_type":2,"size":9}')).toMatchObject({ size: 9 });
  });

  it('leaves scalars and structs untouched on null, clears arrays and maps', () => {
    const w = decodeWorkload(
      '{"workload_type":1,"flist":"f","flist":null,"capacity":{"cpu":2},"capacity":null,"environment":{"a":"1"},"environment":null,"volumes":null}',
    );
    expect(w).toMatchObject({ flist: 'f', capacity: { cpu: 2 }, environment: null, volumes: null });
  });

  it('merges a repeated object into the previous one (struct and map)', () => {
    const w = decodeWorkload(
      '{"workload_type":1,"capacity":{"cpu":2},"capacity":{"memory":3},"environment":{"a":"1"},"environment":{"b":"2","a":null}}',
    );
    if (w.workload_type !== 1) throw new Error();
    expect(w.capacity).toEqual({ cpu: 2, memory: 3, disk_size: 0, disk_type: 0 });
    expect({ ...w.environment }).toEqual({ a: '', b: '2' });
  });

  it('keeps any map key as data', () => {
    const w = decodeWorkload('{"workload_type":1,"environment":{"__proto__":"x","constructor":"y"}}');
    if (w.workload_type !== 1) throw new Error();
    expect(Object.keys(w.environment!)).toEqual(['__proto__', 'constructor']);
    expect(w.environment!['__proto__']).toBe('x');
  });

  it.each([
    ['\ufeff{"workload_type":2}', 'BOM'],
    ['{"workload_type":2} {}', 'trailing bytes'],
    ['{"workload_type":2}x', 'trailing garbage'],
    ['[{"workload_type":2}]', 'top-level array'],
    ['', 'empty body'],
    ['null', 'null body'],
    ['"x"', 'string body'],
  ])('refuses %j (%s)', (text) => {
    fails(text);
  });

  it('accepts surrounding whitespace', () => {
    expect(decodeWorkload(' \n\t{"workload_type":2}\r\n ')).toMatchObject({ workload_type: 2 });
  });
});

describe('decodeWorkload: numbers', () => {
  it.each(['9007199254740991', '-9007199254740991', '0', '-0'])('accepts int64 %s', (n) => {
    expect(Object.is(decodeVolume({}).size, 0)).toBe(true);
    const w = decodeWorkload(`{"workload_type":2,"size":${n}}`);
    expect(w).toMatchObject({ size: Number(n) === 0 ? 0 : Number(n) });
    expect(Object.is((w as { size: number }).size, -0)).toBe(false);
  });

  it.each(['9007199254740993', '9223372036854775808', '1e3', '10.0', '1.5', '"1"', 'true', '[]', '{}'])(
    'refuses int64 %s naming the field',
    (n) => {
      fails(`{"workload_type":2,"size":${n}}`, /"size"/);
    },
  );

  it('refuses ids beyond 2^53 in every int64 field', () => {
    for (const f of ['id', 'pool_id', 'customer_tid', 'workload_id']) fails(body({ [f]: 2 ** 60 }), `"${f}"`);
    fails(
      '{"workload_type":2,"signing_request_delete":{"signers":[9007199254740993]}}',
      'signing_request_delete.signers[0]',
    );
  });

  it('enforces uint32 ports and uint64 disk_size', () => {
    expect(decodeWorkload('{"workload_type":5,"port":0,"port_tls":4294967295}')).toMatchObject({
      port: 0,
      port_tls: 4294967295,
    });
    fails('{"workload_type":5,"port":4294967296}', '"port"');
    fails('{"workload_type":5,"port_tls":-1}', '"port_tls"');
    fails('{"workload_type":1,"capacity":{"disk_size":-1}}', '"capacity.disk_size"');
  });

  it('refuses negative cpu and memory', () => {
    fails('{"workload_type":1,"capacity":{"cpu":-1}}', 'capacity.cpu');
    fails('{"workload_type":1,"capacity":{"memory":-1}}', 'capacity.memory');
  });

  it.each([
    ['{"workload_type":2,"type":2}', 'type'],
    ['{"workload_type":0,"mode":2}', 'mode'],
    ['{"workload_type":0,"disk_type":2}', 'disk_type'],
    ['{"workload_type":1,"capacity":{"disk_type":5}}', 'capacity.disk_type'],
    ['{"workload_type":2,"next_action":8}', 'next_action'],
    ['{"workload_type":2,"result":{"state":3}}', 'result.state'],
    ['{"workload_type":2,"result":{"category":11}}', 'result.category'],
    ['{"workload_type":2,"next_action":256}', 'next_action'],
  ])('refuses enum values outside the named set: %s', (text, field) => {
    fails(text, `"${field}"`);
  });

  it('accepts next_action 7 (migrated)', () => {
    expect(decodeVolume({ next_action: 7 }).next_action).toBe(7);
  });
});

describe('decodeWorkload: epoch, strings, IPs', () => {
  it('uses Go zero time for a missing or "" epoch', () => {
    expect(decodeVolume({}).epoch).toBe(GO_ZERO_TIME);
    expect(decodeVolume({ epoch: '' }).epoch).toBe(GO_ZERO_TIME);
    expect(decodeVolume({ epoch: 0 }).epoch).toBe(0);
    expect(decodeVolume({ epoch: '01/02/2020 10:30' }).epoch).toBe(1580553000);
  });

  it.each(['null', 'true', '"1600000000"', '"2020-02-01T10:30:00Z"'])('refuses epoch %s', (e) => {
    fails(`{"workload_type":2,"epoch":${e}}`, 'epoch');
  });

  it('refuses wrong JSON types naming the nested field', () => {
    fails(
      '{"workload_type":1,"network_connection":[{"public_ip6":"yes"}]}',
      'network_connection[0].public_ip6',
    );
    fails('{"workload_type":2,"description":5}', '"description"');
    fails('{"workload_type":2,"signature_farmer":[]}', 'signature_farmer');
  });

  it('normalises IPs and ranges, refusing invalid text', () => {
    const k = decodeWorkload(
      '{"workload_type":4,"ipaddress":"::ffff:10.1.2.3","master_ips":["", null, "2001:DB8::1"]}',
    );
    expect(k).toMatchObject({ ipaddress: '10.1.2.3', master_ips: ['', '', '2001:db8::1'] });
    const n = decodeWorkload(
      '{"workload_type":10,"iprange":"::ffff:10.1.4.0/120","network_iprange":"10.1.0.0/08"}',
    );
    expect(n).toMatchObject({ iprange: '10.1.4.0/24', network_iprange: '10.1.0.0/8' });
    fails('{"workload_type":4,"ipaddress":"fe80::1%eth0"}', 'ipaddress');
    fails('{"workload_type":4,"master_ips":["010.001.002.003"]}', 'master_ips[0]');
    fails('{"workload_type":10,"iprange":"10.1.2.3"}', 'iprange');
    fails('{"workload_type":10,"peers":[{"allowed_iprange":["x/8"]}]}', 'peers[0].allowed_iprange[0]');
  });

  it('keeps subdomain ips verbatim', () => {
    expect(decodeWorkload('{"workload_type":7,"ips":["010.1.2.3","x"]}')).toMatchObject({
      ips: ['010.1.2.3', 'x'],
    });
  });

  it('reads stats_aggregator entries as empty objects and refuses non-objects', () => {
    expect(decodeWorkload('{"workload_type":0,"stats_aggregator":[{"type":"redis"},null]}')).toMatchObject({
      stats_aggregator: [{}, {}],
    });
    fails('{"workload_type":0,"stats_aggregator":[1]}', 'stats_aggregator[0]');
  });

  it('keeps raw JSON of container stats', () => {
    const w = decodeWorkload(
      '{"workload_type":1,"stats":[{"type":"redis","data":{ "endpoint" : "x" }},{"type":"t"}]}',
    );
    expect(w).toMatchObject({ stats: [{ data: '{ "endpoint" : "x" }' }, { data: null }] });
  });
});

describe('metadataWithinLimit', () => {
  it('counts UTF-8 bytes', () => {
    expect(metadataWithinLimit('é'.repeat(512))).toBe(true);
    expect(metadataWithinLimit('é'.repeat(513))).toBe(false);
    expect(metadataWithinLimit('a'.repeat(1024))).toBe(true);
  });
});

describe('decodeResult', () => {
  it('keeps data_json text exactly as sent', () => {
    const r = decodeResult(
      '{"category":10,"workload_id":"1-1","data_json": {"ipv6" : "2a02::1"} ,"state":1,"epoch":5}',
    );
    expect(r).toMatchObject({ category: 10, data_json: '{"ipv6" : "2a02::1"}', state: 1, epoch: 5 });
    expect(decodeResult('{"data_json":null}').data_json).toBeNull();
    expect(decodeResult('{}').data_json).toBeNull();
    expect(decodeResult('{"data_json":"text"}').data_json).toBe('"text"');
    expect(decodeResult('{}').epoch).toBe(0);
  });

  it('round-trips through the encoder', () => {
    const r = decodeResult(
      '{"category":1,"workload_id":"2-1","data_json":[1,{"a":null}],"signature":"ab","state":2,"message":"m","epoch":7,"node_id":"n"}',
    );
    expect(decodeResult(encodeResult(r))).toEqual(r);
  });
});

describe('legacy reservation', () => {
  const json = '{"description":"x","expiration_provisioning":1600003600,"expiration_reservation":1600086400}';
  const text = JSON.stringify({
    id: 42,
    json,
    data_reservation: {
      description: 'x',
      currencies: ['TFT'],
      signing_request_delete: { signers: [12], quorum_min: 1 },
      containers: [{ workload_id: 1, node_id: 'n1', flist: 'f', capacity: { cpu: 1, disk_type: 1 } }],
      volumes: [{ workload_id: 2, node_id: 'n1', size: 1, type: 1 }],
      zdbs: [],
      networks: [
        {
          name: 'net',
          workload_id: 3,
          iprange: '10.1.0.0/16',
          network_resources: [
            { node_id: 'n1', iprange: '10.1.1.0/24', peers: [{ allowed_iprange: ['10.1.2.0/24'] }] },
          ],
          farmer_tid: 5,
        },
      ],
      network_resource: null,
      kubernetes: [{ workload_id: 4, ipaddress: '10.1.1.5', master_ips: [] }],
      proxies: [{ domain: 'p', port: 80 }],
      reverse_proxies: [{ domain: 'r' }],
      subdomains: [{ domain: 's', ips: ['1.2.3.4'] }],
      domain_delegates: [{ domain: 'd' }],
      gateway4to6: [{ public_key: 'k' }],
      expiration_provisioning: 1600003600,
      expiration_reservation: 1600086400,
    },
    customer_tid: 12,
    customer_signature: 'aa',
    next_action: 1,
    signatures_provision: [],
    signatures_farmer: [],
    signatures_delete: [{ tid: 12, signature: 'bb', epoch: 1600000001 }],
    epoch: 1600000000,
    metadata: '',
    results: [
      {
        category: 1,
        workload_id: '42-1',
        data_json: { id: 'x' },
        state: 1,
        epoch: 1600000002,
        node_id: 'n1',
      },
    ],
  });

  it('decodes every array with the item types and round-trips', () => {
    const r = decodeLegacyReservation(text);
    expect(r.data_reservation.containers![0]).toMatchObject({
      workload_id: 1,
      flist: 'f',
      workload_type: 0,
      epoch: 0,
    });
    expect(r.data_reservation.networks![0].network_resources![0].peers![0].allowed_iprange).toEqual([
      '10.1.2.0/24',
    ]);
    expect(r.data_reservation.zdbs).toEqual([]);
    expect(r.data_reservation.network_resource).toBeNull();
    expect(r.results![0].data_json).toBe('{"id":"x"}');
    const again = decodeLegacyReservation(encodeLegacyReservation(r));
    expect(again).toEqual(r);
    expect(encodeLegacyReservation(again)).toBe(encodeLegacyReservation(r));
  });

  it('compares json with data_reservation like Go DeepEqual (null differs from [])', () => {
    const data = decodeReservationData(json);
    expect(
      reservationDataEqual(data, decodeReservationData(json.replace('"x"', '"x","currencies":null'))),
    ).toBe(true);
    expect(
      reservationDataEqual(data, decodeReservationData(json.replace('"x"', '"x","currencies":[]'))),
    ).toBe(false);
    expect(reservationDataEqual(data, decodeReservationData(json.replace('1600003600', '1600003601')))).toBe(
      false,
    );
  });
});

describe('capacity reservation', () => {
  const json = '{"pool_id":0,"cus":100,"sus":200,"node_ids":["n1"],"currencies":null}';

  it('decodes, round-trips and compares json with a missing list equal to []', () => {
    const r = decodeCapacityReservation(
      JSON.stringify({
        json,
        data_reservation: JSON.parse(json),
        customer_tid: 12,
        customer_signature: 'aa',
      }),
    );
    expect(r).toMatchObject({
      customer_tid: 12,
      sponsor_tid: 0,
      data_reservation: { cus: 100, node_ids: ['n1'] },
    });
    expect(decodeCapacityReservation(encodeCapacityReservation(r))).toEqual(r);
    const withSponsor = { ...r, sponsor_tid: 3, sponsor_signature: 'cc' };
    expect(decodeCapacityReservation(encodeCapacityReservation(withSponsor))).toEqual(withSponsor);
    const fromJson = decodeCapacityReservationData(json.replace(',"currencies":null', ''));
    expect(capacityDataEqual(fromJson, { ...r.data_reservation, currencies: [] })).toBe(true);
    expect(capacityDataEqual(fromJson, { ...r.data_reservation, cus: 101 })).toBe(false);
  });

  it('refuses negative or fractional units', () => {
    expect(() => decodeCapacityReservationData('{"cus":-1}')).toThrow('"cus"');
    expect(() => decodeCapacityReservationData('{"sus":1.5}')).toThrow('"sus"');
  });
});
