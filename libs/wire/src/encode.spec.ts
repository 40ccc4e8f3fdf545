import { decodeWorkload } from './decode';
import { encodePool, encodeWorkload, encodeWorkloadTemplate, intText, quote, renderTemplate } from './encode';
import { Workload } from './model';
import { MAX_INT64 } from './model';

// workloads.md §3.8, with the server-side fields as stored.
const VOLUME =
  '{"workload_id":1,"node_id":"2fHDHzRyx3REoJGL8rkzakQnF37PSX1BwjHBmydEqfVR","pool_id":7,"reference":"",' +
  '"description":"demo","signing_request_provision":{"signers":[],"quorum_min":0},' +
  '"signing_request_delete":{"signers":[12],"quorum_min":1},"id":4217,"json":"","customer_tid":12,' +
  '"customer_signature":"ab","next_action":3,"signatures_provision":[],' +
  '"signature_farmer":{"tid":0,"signature":"","epoch":0},"signatures_delete":[],"epoch":1600000000,' +
  '"metadata":"","result":{"category":0,"workload_id":"","data_json":null,"signature":"","state":0,"message":"","epoch":0,"node_id":""},' +
  '"workload_type":2,"size":10,"type":1}';

describe('encodeWorkload', () => {
  it('renders the Go field order, empty result and signature_farmer forms', () => {
    expect(encodeWorkload(decodeWorkload(VOLUME))).toBe(VOLUME);
  });

  it('fills every field of a sparse body, nil arrays and maps as null', () => {
    expect(encodeWorkload(decodeWorkload('{"workload_type":1}'))).toBe(
      '{"workload_id":0,"node_id":"","pool_id":0,"reference":"","description":"",' +
        '"signing_request_provision":{"signers":null,"quorum_min":0},"signing_request_delete":{"signers":null,"quorum_min":0},' +
        '"id":0,"json":"","customer_tid":0,"customer_signature":"","next_action":0,"signatures_provision":null,' +
        '"signature_farmer":{"tid":0,"signature":"","epoch":0},"signatures_delete":null,"epoch":0,"metadata":"",' +
        '"result":{"category":0,"workload_id":"","data_json":null,"signature":"","state":0,"message":"","epoch":0,"node_id":""},' +
        '"workload_type":1,"flist":"","hub_url":"","environment":null,"secret_environment":null,"entrypoint":"",' +
        '"interactive":false,"volumes":null,"network_connection":null,"stats":null,"logs":null,' +
        '"capacity":{"cpu":0,"memory":0,"disk_size":0,"disk_type":0}}',
    );
  });

  it.each([
    [0, '"size":0,"mode":0,"password":"","disk_type":0,"public":false,"stats_aggregator":null}'],
    [
      4,
      '"size":0,"cluster_secret":"","network_id":"","ipaddress":"","master_ips":null,"ssh_keys":null,"stats_aggregator":null}',
    ],
    [5, '"domain":"","addr":"","port":0,"port_tls":0}'],
    [6, '"domain":"","secret":""}'],
    [7, '"domain":"","ips":null}'],
    [8, '"domain":""}'],
    [9, '"public_key":""}'],
    [
      10,
      '"name":"","network_iprange":"","wireguard_private_key_encrypted":"","wireguard_public_key":"",' +
        '"wireguard_listen_port":0,"iprange":"","peers":null,"stats_aggregator":null}',
    ],
  ])('renders the type fields of type %d', (t, tail) => {
    expect(encodeWorkload(decodeWorkload(`{"workload_type":${t}}`))).toMatch(
      new RegExp(`"workload_type":${t},${tail.replace(/[[\]{}()*+?.\\^$|]/g, '\\$&')}$`),
    );
  });

  it('round-trips a full container: same value, same text, raw JSON verbatim', () => {
    const text =
      '{"workload_type":1,"id":9,"epoch":1600000000,"environment":{"😀":"1","ｚ":"2","a":"<&>"},' +
      '"volumes":[{"volume_id":"-2","mountpoint":"/m"}],' +
      '"network_connection":[{"network_id":"n","ipaddress":"::ffff:1.2.3.4","public_ip6":true,"yggdrasil_ip":true}],' +
      '"stats":[{"type":"redis","data":{"endpoint" : "e"}}],"logs":[{"type":"redis","data":{"stdout":"o"}}],' +
      '"signatures_provision":[{"tid":1,"signature":"s","epoch":5}],' +
      '"result":{"category":1,"workload_id":"9-1","data_json":{"a" : [1, 2]},"state":1,"epoch":6,"node_id":"n"}}';
    const w = decodeWorkload(text);
    const out = encodeWorkload(w);
    expect(out).toContain('"environment":{"a":"\\u003c\\u0026\\u003e","ｚ":"2","😀":"1"}');
    expect(out).toContain('"ipaddress":"1.2.3.4"');
    expect(out).toContain('"data":{"endpoint" : "e"}');
    expect(out).toContain('"data_json":{"a" : [1, 2]}');
    expect(out).toContain(
      '"logs":[{"type":"redis","data":{"stdout":"o","stderr":"","secret_stdout":"","secret_stderr":""}}]',
    );
    expect(JSON.parse(out)).toBeTruthy();
    const again = decodeWorkload(out);
    expect(again).toEqual(w);
    expect(encodeWorkload(again)).toBe(out);
  });

  it('prints Go zero time as 0 (the one value that does not survive a round trip, as in Go)', () => {
    expect(encodeWorkload(decodeWorkload('{"workload_type":8}'))).toContain('"epoch":0,');
  });
});

describe('quote (Go string escaping)', () => {
  it.each([
    ['plain', '"plain"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['\n\r\t', '"\\n\\r\\t"'],
    ['\u0000\u0008\u000c\u001f', '"\\u0000\\u0008\\u000c\\u001f"'],
    ['<a&b>', '"\\u003ca\\u0026b\\u003e"'],
    ['\u2028\u2029', '"\\u2028\\u2029"'],
    ['é😀/', '"é😀/"'],
    ['\ud800x\udc00', '"\\ufffdx\\ufffd"'],
  ])('%j → %s', (s, out) => {
    expect(quote(s)).toBe(out);
  });
});

describe('numbers beyond 2^53', () => {
  it('prints int64 digits exactly', () => {
    expect(intText(2 ** 60)).toBe('1152921504606846976');
    expect(intText(-5)).toBe('-5');
  });

  it('renders a pool with empty_at = max int64 exactly', () => {
    const pool = {
      pool_id: 3,
      cus: 0.5,
      sus: 1e21,
      node_ids: ['n1'],
      last_updated: 1600000000,
      active_cu: 0,
      active_su: 1e-7,
      empty_at: MAX_INT64,
      customer_tid: 12,
      active_workload_ids: [],
    };
    expect(encodePool(pool)).toBe(
      '{"pool_id":3,"cus":0.5,"sus":1e+21,"node_ids":["n1"],"last_updated":1600000000,"active_cu":0,' +
        '"active_su":1e-7,"empty_at":9223372036854775807,"customer_tid":12,"active_workload_ids":[]}',
    );
    expect(encodePool({ ...pool, empty_at: Number.MAX_VALUE })).toContain('"empty_at":9223372036854775807,');
    expect(encodePool({ ...pool, empty_at: 1600000120, node_ids: null })).toContain(
      '"node_ids":null,"last_updated":1600000000,"active_cu":0,"active_su":1e-7,"empty_at":1600000120',
    );
  });
});

describe('encodeWorkloadTemplate', () => {
  // A small seeded PRNG: the same cases on every run, many shapes per run.
  let seed = 20251201;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  // Pieces that look like the wire's own layout, escapes and Go's HTML escaping.
  const PIECES = [
    ',"id":0,"json":',
    '"id":',
    '0',
    'json',
    '\\',
    '"',
    '{',
    '}',
    '<&>',
    '\u2028',
    'é',
    '😀',
    ' ',
    'x',
  ];
  const text = () => Array.from({ length: Math.floor(random() * 6) }, () => pick(PIECES)).join('');
  const int = () => pick([0, 1, 7, 4217, 2 ** 31, Number.MAX_SAFE_INTEGER]);
  const SHAPES = [
    VOLUME,
    '{"workload_type":0}',
    '{"workload_type":1}',
    '{"workload_type":4}',
    '{"workload_type":10}',
  ];

  it('filled with an id, is exactly the full encoding with that id (property, 500 cases)', () => {
    for (let i = 0; i < 500; i++) {
      const w: Workload = {
        ...decodeWorkload(pick(SHAPES)),
        description: text(),
        json: text(),
        metadata: text(),
        reference: text(),
        customer_signature: text(),
        workload_id: int(),
        pool_id: int(),
      };
      const id = int();
      expect(renderTemplate(encodeWorkloadTemplate(w), { id })).toBe(encodeWorkload({ ...w, id }));
    }
  });

  it('has exactly one slot, id', () => {
    expect(encodeWorkloadTemplate(decodeWorkload(VOLUME)).slots).toEqual(['id']);
  });
});
