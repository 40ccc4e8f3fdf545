import { createHash } from 'node:crypto';
import { decodeWorkload, Workload } from '@app/wire';
import { keyPairFromSeed, nodeIdFromPublicKey } from '../ed25519';
import { hashChallenge, workloadChallenge } from './challenge';
import { farmerMessage, provisionMessage, refuseMessage, resultMessages } from './messages';
import {
  signCapacity,
  signEd25519Hex,
  signFarmer,
  signRefuse,
  verifyCapacitySignature,
  verifyFarmerSignature,
  verifyRefuseSignature,
  verifyResultSignature,
} from './verify';

const keys = keyPairFromSeed(createHash('sha256').update('edge-case-seed').digest());
const NODE = '2fHDHzRyx3REoJGL8rkzakQnF37PSX1BwjHBmydEqfVR';
const base = {
  workload_id: 1,
  node_id: NODE,
  pool_id: 7,
  customer_tid: 12,
  epoch: 1600000000,
  description: 'demo',
};
const PREFIX = `1${NODE}712`;

const decode = (fields: Record<string, unknown>): Workload =>
  decodeWorkload(JSON.stringify({ ...base, ...fields }));
const container = (fields: Record<string, unknown>): string =>
  workloadChallenge(
    decode({ workload_type: 1, capacity: { cpu: 1, memory: 1, disk_size: 0, disk_type: 0 }, ...fields }),
  );

describe('challenge edge rules (go-compat.md)', () => {
  it('sorts environment entries by the UTF-8 bytes of the key, each map separately', () => {
    const text = container({
      environment: { '😀': 'b', ｚ: 'a', a: '1', '': 'empty' },
      secret_environment: { b: '2', A: '1' },
    });
    expect(text).toContain('false=emptya=1ｚ=a😀=bA=1b=2');
  });

  it('treats null, empty and absent arrays and maps alike', () => {
    const absent = container({});
    expect(container({ environment: null, volumes: null, network_connection: null })).toBe(absent);
    expect(container({ environment: {}, secret_environment: {}, volumes: [], network_connection: [] })).toBe(
      absent,
    );
  });

  it.each([
    ['', '<nil>'],
    ['::ffff:10.1.2.3', '10.1.2.3'],
    ['::ffff:a01:203', '10.1.2.3'],
    ['::10.1.2.3', '::a01:203'],
    ['64:ff9b::1.2.3.4', '64:ff9b::102:304'],
    ['2001:DB8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
  ])('renders IP %j as %s', (ip, text) => {
    expect(container({ network_connection: [{ network_id: 'n', ipaddress: ip }] })).toContain(
      `n${text}false`,
    );
  });

  it('renders null IPs and "" master IPs as <nil>', () => {
    const w = decode({ workload_type: 4, ipaddress: null, master_ips: ['', '::ffff:1.2.3.4'] });
    expect(workloadChallenge(w)).toBe(`${PREFIX}KUBERNETES1600000000demo0<nil><nil>1.2.3.4`);
  });

  it('renders IP ranges as stored: host bits kept, /08 → /8, mapped → IPv4 with prefix - 96', () => {
    const w = decode({
      workload_type: 10,
      network_iprange: '10.1.2.3/016',
      iprange: '::ffff:10.1.4.0/120',
      peers: [{ iprange: '', allowed_iprange: ['::ffff:10.0.0.0/90', '2001:db8::/32'] }],
    });
    expect(workloadChallenge(w)).toBe(
      `${PREFIX}NETWORK_RESOURCE1600000000demo10.1.2.3/16010.1.4.0/24<nil>10.0.0.0/02001:db8::/32`,
    );
  });

  it('renders subdomain ips verbatim', () => {
    const w = decode({ workload_type: 7, domain: 'd', ips: ['010.1.2.3', 'not-an-ip', ''] });
    expect(workloadChallenge(w)).toBe(`${PREFIX}SUBDOMAIN1600000000demod010.1.2.3not-an-ip`);
  });

  it.each([
    [undefined, '-62135596800'],
    ['', '-62135596800'],
    [0, '0'],
    [1600000000.9, '1600000000'],
    [-1.5, '-1'],
    [1.6e9, '1600000000'],
    ['01/02/2020 10:30', '1580553000'],
  ])('renders epoch %j as %s', (epoch, text) => {
    const w = decode({ workload_type: 8, domain: 'd', epoch });
    expect(workloadChallenge(w)).toBe(`${PREFIX}DOMAIN_DELEGATE${text}demod`);
  });

  it('renders epochs beyond 2^53 as exact int64 digits', () => {
    expect(workloadChallenge(decodeWorkload('{"workload_type":8,"epoch":9007199254740993}'))).toContain(
      'DOMAIN_DELEGATE9007199254740992',
    );
    const w = decodeWorkload(`{"workload_type":8,"epoch":1e18}`);
    expect(workloadChallenge(w)).toContain('DOMAIN_DELEGATE1000000000000000000');
  });

  it('uses VolumeType HDD/SSD but DiskType hdd/ssd and zdb modes', () => {
    expect(workloadChallenge(decode({ workload_type: 2, size: 1, type: 0 }))).toMatch(/1HDD$/);
    expect(workloadChallenge(decode({ workload_type: 0, size: 1, mode: 1, disk_type: 0 }))).toMatch(
      /1userhddfalse$/,
    );
  });

  it('hashes the UTF-8 bytes (lone surrogates become U+FFFD, control characters stay raw)', () => {
    const w = decodeWorkload('{"workload_type":8,"domain":"\\ud800\\u0000\\t\\u2028é"}');
    const expected = Buffer.concat([
      Buffer.from(workloadChallenge(w).slice(0, -5), 'utf8'),
      Buffer.from('efbfbd0009e280a8c3a9', 'hex'),
    ]);
    expect(hashChallenge(w)).toEqual(createHash('sha256').update(expected).digest());
  });
});

describe('farmer signatures (decisions.md §3)', () => {
  const w = decode({ workload_type: 2, size: 10, type: 1 });

  it('signs sha256(challenge + "farmer"|"refuse" + tid)', () => {
    const challenge = workloadChallenge(w);
    const digest = (s: string) => createHash('sha256').update(s).digest();
    expect(farmerMessage(w, 7)).toEqual(digest(`${challenge}farmer7`));
    expect(refuseMessage(w, 7)).toEqual(digest(`${challenge}refuse7`));
    expect(provisionMessage(w, 7)).toEqual(digest(`${challenge}provision7`));
  });

  it('verifies each purpose only as itself', async () => {
    const approve = signFarmer(w, 7, keys.secretKey);
    const refuse = signRefuse(w, 7, keys.secretKey);
    expect(await verifyFarmerSignature(w, 7, keys.publicKey, approve)).toBe(true);
    expect(await verifyRefuseSignature(w, 7, keys.publicKey, refuse)).toBe(true);
    expect(await verifyRefuseSignature(w, 7, keys.publicKey, approve)).toBe(false);
    expect(await verifyFarmerSignature(w, 8, keys.publicKey, approve)).toBe(false);
  });
});

describe('capacity reservation signature', () => {
  it('is over the raw json text', async () => {
    const json = '{"pool_id":0,"cus":100,"sus":200,"node_ids":["a"],"currencies":null}';
    const sig = signCapacity(json, keys.secretKey);
    expect(await verifyCapacitySignature(json, keys.publicKey, sig)).toBe(true);
    expect(await verifyCapacitySignature(json.replace('100', '101'), keys.publicKey, sig)).toBe(false);
  });
});

describe('node result with data_json null or absent', () => {
  const nodeId = nodeIdFromPublicKey(keys.publicKey);

  it('offers both the "null" and the empty form', () => {
    expect(resultMessages({ state: 2, message: '', data_json: null }).map((b) => b.toString('hex'))).toEqual([
      '026e756c6c',
      '02',
    ]);
  });

  it('accepts a signature over either form', async () => {
    const overNull = signEd25519Hex(keys.secretKey, Buffer.from('\x00boomnull', 'latin1'));
    const overNothing = signEd25519Hex(keys.secretKey, Buffer.from('\x00boom', 'latin1'));
    for (const signature of [overNull, overNothing]) {
      expect(
        await verifyResultSignature({ state: 0, message: 'boom', data_json: null, signature }, nodeId),
      ).toBe(true);
    }
    expect(
      await verifyResultSignature(
        { state: 0, message: 'boom', data_json: '{}', signature: overNull },
        nodeId,
      ),
    ).toBe(false);
  });
});
