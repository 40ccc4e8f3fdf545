import { createHash } from 'node:crypto';
import { decodeWorkload, encodeWorkload, Workload } from '@app/wire';
import { keyPairFromSeed, nodeIdFromPublicKey } from '../ed25519';
import { hashChallenge, workloadChallenge } from './challenge';
import { resultMessages } from './messages';
import {
  signDelete,
  signLegacyCustomer,
  signLegacySigner,
  signProvision,
  signResult,
  signWorkload,
  verifyCustomerSignature,
  verifyDeleteSignature,
  verifyLegacyCustomerSignature,
  verifyLegacySignerSignature,
  verifyProvisionSignature,
  verifyResultSignature,
} from './verify';

// workloads.md Appendix A.
const seed = createHash('sha256').update('tfexplorer-conformance-seed').digest();
const keys = keyPairFromSeed(seed);
const NODE = '2fHDHzRyx3REoJGL8rkzakQnF37PSX1BwjHBmydEqfVR';
const common = {
  workload_id: 1,
  node_id: NODE,
  pool_id: 7,
  reference: '',
  customer_tid: 12,
  epoch: 1600000000,
  description: 'demo',
  metadata: '',
};
const PREFIX = `1${NODE}712`;

interface Vector {
  name: string;
  fields: Record<string, unknown>;
  challenge: string;
  sha256: string;
  signature: string;
  /** A change of one signed field: the signature must no longer verify. */
  flip: Record<string, unknown>;
}

const vectors: Vector[] = [
  {
    name: 'A.1 volume',
    fields: { workload_type: 2, size: 10, type: 1 },
    challenge: `${PREFIX}VOLUME1600000000demo10SSD`,
    sha256: 'a58d5b5104332f65bdec458310e616437a879747234bba9667192748156e883b',
    signature:
      'e384c8e80e15f1d4f0931a93c4f2c85d558f086a074b89383112a5f814b9b96f69bf6c96b0cfac0dbd8d0ad33926dbdb8c1767f5de97cf9244079c43314c8105',
    flip: { type: 0 },
  },
  {
    name: 'A.2 container',
    fields: {
      workload_type: 1,
      flist: 'https://hub.grid.tf/x/y.flist',
      hub_url: '',
      entrypoint: '/sbin/init',
      interactive: false,
      environment: { B: '2', A: '1' },
      secret_environment: { S: 'secret' },
      volumes: [{ volume_id: '12-1', mountpoint: '/data' }],
      network_connection: [
        { network_id: 'net1', ipaddress: '10.1.2.3', public_ip6: true, yggdrasil_ip: false },
      ],
      capacity: { cpu: 1, memory: 1024, disk_size: 2048, disk_type: 1 },
      logs: [{ type: 'redis', data: { stdout: 'redis://x' } }],
      stats: [{ type: 'redis', data: { endpoint: 'redis://y' } }],
    },
    challenge: `${PREFIX}CONTAINER1600000000demohttps://hub.grid.tf/x/y.flist/sbin/initfalseA=1B=2S=secret12-1/datanet110.1.2.3true110242048ssd`,
    sha256: '6a422a2aa1e2811a3c4c23a40e46645fe0539ccf589a6e18c61b51197655c6d1',
    signature:
      '6562b22c6ad9448922ffba2292209a7cd553e192144a97071a5178d7cab1b45f2708996e6529712a732bd3b1f002df7c750e605cbfa0804a3b86bacdbbced50f',
    flip: { environment: { B: '2', A: '2' } },
  },
  {
    name: 'A.3 container_nil_ip',
    fields: {
      workload_type: 1,
      flist: 'f',
      hub_url: '',
      entrypoint: '',
      interactive: true,
      network_connection: [{ network_id: 'net1', ipaddress: '', public_ip6: false }],
      capacity: { cpu: 1, memory: 512, disk_size: 0, disk_type: 0 },
    },
    challenge: `${PREFIX}CONTAINER1600000000demoftruenet1<nil>false15120hdd`,
    sha256: '6b5f59002c439159abd0cd89f3aead1957886481b90a4d0a1366a5ad0ff2f04d',
    signature:
      'c6e787ebbb8d59b5c87b90d990ed30fbf714356abc20a681b994d145ad62d4a491014bdd6107d6a0659e3ed745f98d236ab777d38e80162874e2cd03948d360d',
    flip: { capacity: { cpu: 2, memory: 512, disk_size: 0, disk_type: 0 } },
  },
  {
    name: 'A.4 zdb',
    fields: { workload_type: 0, size: 5, mode: 0, password: 'pw', disk_type: 1, public: true },
    challenge: `${PREFIX}ZDB1600000000demo5seqpwssdtrue`,
    sha256: '3a6a3ca3c30b42aa289b1fe44eebee692ae02beb89f7df57a753f07728f548c2',
    signature:
      'a5a0e31ed94e4750b6cb5bfdcc34858647c556f994a74356630a3ae91096cb7159dbe36f5d33987c6fce8fbeea1d0012d031254999187f17158deee25653e60d',
    flip: { public: false },
  },
  {
    name: 'A.5 k8s',
    fields: {
      workload_type: 4,
      size: 1,
      cluster_secret: 'clustersecret',
      network_id: 'net1',
      ipaddress: '10.1.2.4',
      master_ips: ['10.1.2.3'],
      ssh_keys: ['ssh-ed25519 AAAA'],
    },
    challenge: `${PREFIX}KUBERNETES1600000000demo1clustersecretnet110.1.2.410.1.2.3ssh-ed25519 AAAA`,
    sha256: 'fe5eaf316ed18e33de4c356ce24edf9c34cdd7b94bf901e537e0271a1c8cb168',
    signature:
      '07e67f491a99b5c06de1dff0f8ada98cb60ed455112907840a005b958bd0abdbceff6a4d14419c39cde3dc8aa2a23d60d06ac60da2433cb51ea113748203c708',
    flip: { master_ips: ['10.1.2.5'] },
  },
  {
    name: 'A.6 network_resource',
    fields: {
      workload_type: 10,
      name: 'net1',
      network_iprange: '10.1.0.0/16',
      wireguard_private_key_encrypted: 'encpriv',
      wireguard_public_key: 'wgpub',
      wireguard_listen_port: 3000,
      iprange: '10.1.2.0/24',
      peers: [
        {
          public_key: 'peerpub',
          endpoint: '1.2.3.4:3000',
          iprange: '10.1.3.0/24',
          allowed_iprange: ['10.1.3.0/24', '100.64.1.3/32'],
        },
      ],
    },
    challenge: `${PREFIX}NETWORK_RESOURCE1600000000demonet110.1.0.0/16encprivwgpub300010.1.2.0/24peerpub1.2.3.4:300010.1.3.0/2410.1.3.0/24100.64.1.3/32`,
    sha256: 'fe9313b66eac9825a7316a0c0757eef764c20df1a687b61016f756f45521114b',
    signature:
      '2cbaf302dcbca4bab1782708dcbbe588c186e9b3d351708e6dfab694f42b19af47441c867f10802ec29fbdbae5fb09c99f47c84000679f040c02abf4dc7a1307',
    flip: { wireguard_listen_port: 3001 },
  },
  {
    name: 'A.7 proxy',
    fields: { workload_type: 5, domain: 'a.example.com', addr: '10.0.0.1', port: 80, port_tls: 443 },
    challenge: `${PREFIX}PROXY1600000000demoa.example.com10.0.0.180443`,
    sha256: '787d72bc690dc21b3d08a79a4ec7da4612f1d4ec28e8fa17c01334d8b7fcee9d',
    signature:
      '7a88dbcdac3953ee5b4e161a0ca9bdb4ac08a3ac816ef8c022882c602a4a3ff1988d88f5dc30c437074023a736b426d5fabce2996c0ec0af3bb18418a0256d09',
    flip: { port_tls: 8443 },
  },
  {
    name: 'A.8 reverse_proxy',
    fields: { workload_type: 6, domain: 'b.example.com', secret: 'tid:secret' },
    challenge: `${PREFIX}REVERSE_PROXY1600000000demob.example.comtid:secret`,
    sha256: '34ff333a245bb8d18b3b81646540121fe5877447929a2dd9f0850e79baf8eb7f',
    signature:
      '806eba91ea09ed4df9b1bab1c830a08d55221ec6ad963322950636e88601b25ffe9b1da6c1d2005ec2abe9591d401d722165947e94f1ac2a33d31956397c4d08',
    flip: { secret: 'tid:other' },
  },
  {
    name: 'A.9 subdomain',
    fields: { workload_type: 7, domain: 'c.example.com', ips: ['1.2.3.4', '2001:db8::1'] },
    challenge: `${PREFIX}SUBDOMAIN1600000000democ.example.com1.2.3.42001:db8::1`,
    sha256: '305b0ce2902531bcdf473b78ff9dac3c2aef48126b5c562c673d58c79624aeff',
    signature:
      'aae5bde185c31f07e009b6b8e655ce2d4c7768a8425cde431abf32d7c450d8233e73cee43bb0766a27baf5be8fce77d22e5d2511ab61b7db0b7d67d627e97c00',
    flip: { ips: ['1.2.3.4'] },
  },
  {
    name: 'A.10 domain_delegate',
    fields: { workload_type: 8, domain: 'example.org' },
    challenge: `${PREFIX}DOMAIN_DELEGATE1600000000demoexample.org`,
    sha256: 'cc4970f2cc4814510410f9814e72ec304ff0fd9024c1c13f7e8a740b6f368f73',
    signature:
      'c3e154cee22ea122876d70ca96e7d369153e09d09ed4f2dcd9b83dda0b8689c61af87f805cebfe6bb3d4db4eb066aae8e5054c0f3d37dd75f1b8c5ceb3b4260e',
    flip: { domain: 'example.com' },
  },
  {
    name: 'A.11 gateway4to6',
    fields: { workload_type: 9, public_key: 'wgpubkey' },
    challenge: `${PREFIX}GATEWAY4TO61600000000demowgpubkey`,
    sha256: '963c12dbe78cdad60bd28afbec75ac4b26fc9be4910f0a9dbf1117d78963236e',
    signature:
      '2722502a65464bc909277aa1a220517ee1b3045ff8fbd0eea008e54209499efaddddcafb47be656138ca371c79e055cdbde37e39d9c775004ee663174af39c02',
    flip: { public_key: 'wgpubkey2' },
  },
];

const decode = (fields: Record<string, unknown>): Workload =>
  decodeWorkload(JSON.stringify({ ...common, ...fields }));

describe('Appendix A customer signature vectors', () => {
  it('uses the published key pair', () => {
    expect(seed.toString('hex')).toBe('b53dd02bea4b50723921efa960d0dd9eb8faf51519af2a82fc847dce190c4421');
    expect(Buffer.from(keys.publicKey).toString('hex')).toBe(
      '2fe251bc1920d40ef49d595936f805acf4b7e811e92bb22c465046838bb74d89',
    );
  });

  describe.each(vectors)('$name', (v) => {
    const w = decode(v.fields);

    it('renders the challenge and its sha256', () => {
      expect(workloadChallenge(w)).toBe(v.challenge);
      expect(hashChallenge(w).toString('hex')).toBe(v.sha256);
    });

    it('signs to the published signature, which verifies', async () => {
      expect(signWorkload(w, keys.secretKey)).toBe(v.signature);
      expect(await verifyCustomerSignature(w, keys.publicKey, v.signature)).toBe(true);
      expect(await verifyCustomerSignature(w, keys.publicKey, v.signature.toUpperCase())).toBe(true);
    });

    it('fails after a signed field is changed', async () => {
      const flipped = decode({ ...v.fields, ...v.flip });
      expect(workloadChallenge(flipped)).not.toBe(v.challenge);
      expect(await verifyCustomerSignature(flipped, keys.publicKey, v.signature)).toBe(false);
    });

    it('keeps the challenge through encode and decode', () => {
      const again = decodeWorkload(encodeWorkload(w));
      expect(again).toEqual(w);
      expect(workloadChallenge(again)).toBe(v.challenge);
    });
  });

  it('does not sign fields outside the challenge (logs, stats, signing requests, yggdrasil_ip)', async () => {
    const base = vectors[1];
    const w = decode({
      ...base.fields,
      logs: null,
      stats: [{ type: 'x', data: [1, 2] }],
      signing_request_delete: { signers: [99], quorum_min: 1 },
      network_connection: [
        { network_id: 'net1', ipaddress: '10.1.2.3', public_ip6: true, yggdrasil_ip: true },
      ],
    });
    expect(await verifyCustomerSignature(w, keys.publicKey, base.signature)).toBe(true);
  });

  it('rejects malformed signatures and keys', async () => {
    const w = decode(vectors[0].fields);
    expect(await verifyCustomerSignature(w, keys.publicKey, 'zz')).toBe(false);
    expect(await verifyCustomerSignature(w, keys.publicKey, vectors[0].signature.slice(2))).toBe(false);
    expect(await verifyCustomerSignature(w, keys.publicKey.slice(1), vectors[0].signature)).toBe(false);
  });
});

describe('A.12 provision / delete signatures (volume, signer tid 12)', () => {
  const w = decode(vectors[0].fields);
  const provision =
    '010b5b5957be12205421c5b7cb87a0e141a808d05a3bd5ce3e143a1f0dfe75da4d563cb01437fd9616b2fc08008f02e26ee1ab416d7b9146e6fb80a7599d0605';
  const del =
    'a585a95e70a28adf1e015c27f75d2b62e21535995439c76e48ab3057d9029857eae8578395da74decd20e36e0e64cf8c4cbb3af3a4c997be142c2474530ca70b';

  it('matches the vectors', async () => {
    expect(signProvision(w, 12, keys.secretKey)).toBe(provision);
    expect(signDelete(w, 12, keys.secretKey)).toBe(del);
    expect(await verifyProvisionSignature(w, 12, keys.publicKey, provision)).toBe(true);
    expect(await verifyDeleteSignature(w, 12, keys.publicKey, del)).toBe(true);
  });

  it('binds purpose, tid and workload', async () => {
    expect(await verifyDeleteSignature(w, 12, keys.publicKey, provision)).toBe(false);
    expect(await verifyProvisionSignature(w, 13, keys.publicKey, provision)).toBe(false);
    const other = decode({ ...vectors[0].fields, size: 11 });
    expect(await verifyProvisionSignature(other, 12, keys.publicKey, provision)).toBe(false);
  });
});

describe('A.13 legacy reservation', () => {
  const json = '{"description":"x","expiration_provisioning":1600003600,"expiration_reservation":1600086400}';
  const customer =
    '68cb9614c5e6a013f17ef9f5375e85a8366d4ca20f0a9b07c46c787c9a74d4504243153fc08e09c8ef105c4df37d4fe56210bf436ab4e58296941ab39758700b';
  const del =
    'a7fee188f2c63a8cded8cfab9875bd7c9ee9ebc7ea6614dba0970da202fa9c7920a0fc2b6d062968319832149d6ae7a3e9fef413771b69c1e4e76f02d7ec2205';

  it('matches the vectors', async () => {
    expect(signLegacyCustomer(json, keys.secretKey)).toBe(customer);
    expect(signLegacySigner(42, json, keys.secretKey)).toBe(del);
    expect(await verifyLegacyCustomerSignature(json, keys.publicKey, customer)).toBe(true);
    expect(await verifyLegacySignerSignature(42, json, keys.publicKey, del)).toBe(true);
  });

  it('fails for another id or json', async () => {
    expect(await verifyLegacySignerSignature(43, json, keys.publicKey, del)).toBe(false);
    expect(await verifyLegacyCustomerSignature(json.replace('"x"', '"y"'), keys.publicKey, customer)).toBe(
      false,
    );
  });
});

describe('A.14 node result signature', () => {
  const nodeId = nodeIdFromPublicKey(keys.publicKey);
  const signature =
    'a1d77b0c05279d1f91128f57856454d5a2722939fc2130c9df8d5f05e6734960f31b47598906f39032527c1d0177674039bbeebde78987b6a12d4069e65e4608';
  const result = { state: 1 as const, message: '', data_json: '{"ipv6":"2a02::1"}', signature };

  it('matches the vector', async () => {
    expect(resultMessages(result)[0].toString('hex')).toBe('017b2269707636223a22326130323a3a31227d');
    expect(signResult(result, keys.secretKey)).toBe(signature);
    expect(await verifyResultSignature(result, nodeId)).toBe(true);
  });

  it('fails for another state, message or data', async () => {
    expect(await verifyResultSignature({ ...result, state: 0 }, nodeId)).toBe(false);
    expect(await verifyResultSignature({ ...result, message: 'x' }, nodeId)).toBe(false);
    expect(await verifyResultSignature({ ...result, data_json: '{"ipv6": "2a02::1"}' }, nodeId)).toBe(false);
    expect(await verifyResultSignature(result, 'not-base58-0OIl')).toBe(false);
  });
});
