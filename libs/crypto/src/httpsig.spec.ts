import nacl from 'tweetnacl';
import { keyPairFromSeed, nodeIdFromPublicKey, publicKeyFromNodeId } from './ed25519';
import {
  HttpSignatureError,
  parseSignatureHeader,
  signRequestHeaders,
  SignedRequestView,
  verifyHttpSignature,
} from './httpsig';

// Vectors of directory.md §3.2.
const DATE = 'Sun, 13 Sep 2020 12:26:40 GMT';
const CREATED = 1600000000;
const user = keyPairFromSeed(new Uint8Array(32).fill(1));
const node = keyPairFromSeed(new Uint8Array(32).fill(2));
const NODE_ID = '9hSR6S7WPtxmTojgo6GG3k4yDPecgJY292j7xrsUGWBu';
const at = new Date(CREATED * 1000);
const strict = { freshnessSeconds: 900, now: at };

function request(headers: Record<string, string>, extra: Partial<SignedRequestView> = {}): SignedRequestView {
  return { method: 'GET', url: '/api/v1/users/7', headers, ...extra };
}

describe('HTTP signature vectors (directory.md §3.2)', () => {
  it('derives the vector keys and node id', () => {
    expect(Buffer.from(user.publicKey).toString('hex')).toBe(
      '8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c',
    );
    expect(Buffer.from(node.publicKey).toString('hex')).toBe(
      '8139770ea87d175f56a35466c34c7ecccb8d8a91b4ee37a25df60f5b8fc9b394',
    );
    expect(nodeIdFromPublicKey(node.publicKey)).toBe(NODE_ID);
    expect(Buffer.from(publicKeyFromNodeId(NODE_ID)!)).toEqual(Buffer.from(node.publicKey));
  });

  it('signs the user vector byte for byte', () => {
    const headers = signRequestHeaders({
      keyId: '7',
      secretKey: user.secretKey,
      method: 'GET',
      url: '/',
      created: CREATED,
      date: DATE,
    });
    expect(headers.authorization).toBe(
      'Signature keyId="7",algorithm="ed25519",created="1600000000",headers="(created) date threebot-id",' +
        'signature="Yd27hLzZhHbBOW29n1w8H+j493md4MhgqWk2bT0TearoEs2DvGD9pY5ygeGzVGWe03NsVis/GMX3Ub7qguUuCA=="',
    );
    expect(headers['threebot-id']).toBe('7');
    expect(headers.date).toBe(DATE);
  });

  it('signs the node vector byte for byte', () => {
    const headers = signRequestHeaders({
      keyId: NODE_ID,
      secretKey: node.secretKey,
      method: 'POST',
      url: '/',
      created: CREATED,
      date: DATE,
    });
    expect(headers.authorization).toContain(
      'signature="UZ0XrwSaDh8HjoRgecRTt8jas434SStDxrD2a/nZgICBixXdJLyLDe3n0eFoojG/VTwNocSAqR7LJHc2qAMACg=="',
    );
  });

  it('verifies the Go client header with a garbage non-ASCII expires', async () => {
    const auth =
      'Signature keyId="7",algorithm="ed25519",created="1600000000",expires="\u00ef\u00bf\u00bd",headers="(created) date threebot-id",' +
      'signature="Yd27hLzZhHbBOW29n1w8H+j493md4MhgqWk2bT0TearoEs2DvGD9pY5ygeGzVGWe03NsVis/GMX3Ub7qguUuCA=="';
    const result = await verifyHttpSignature(
      request({ authorization: auth, date: DATE, 'threebot-id': '7' }),
      () => user.publicKey,
      strict,
    );
    expect(result.keyId).toBe('7');
  });
});

describe('HTTP signature rejections', () => {
  const signed = (over: Partial<Parameters<typeof signRequestHeaders>[0]> = {}) =>
    signRequestHeaders({
      keyId: '7',
      secretKey: user.secretKey,
      method: 'GET',
      url: '/api/v1/users/7',
      created: CREATED,
      date: DATE,
      ...over,
    });
  const reject = async (view: SignedRequestView, reason: string, options = strict) => {
    await expect(verifyHttpSignature(view, () => user.publicKey, options)).rejects.toThrow(
      new HttpSignatureError(reason),
    );
  };

  it('missing header', () => reject(request({}), 'no params present'));
  it('other scheme', () => reject(request({ authorization: 'Bearer abc' }), 'no params present'));
  it('missing keyId', () =>
    reject(request({ authorization: 'Signature algorithm="ed25519"' }), 'keyId is required'));
  it('missing algorithm', () =>
    reject(request({ authorization: 'Signature keyId="7"' }), 'algorithm is required'));
  it('missing signature', () =>
    reject(request({ authorization: 'Signature keyId="7",algorithm="ed25519"' }), 'signature is required'));
  it('wrong algorithm', () => {
    const h = signed();
    return reject(
      request({ ...h, authorization: h.authorization.replace('ed25519', 'hmac-sha256') }),
      'signature verification failed',
    );
  });
  it('unknown algorithm', () => {
    const h = signed();
    return reject(
      request({ ...h, authorization: h.authorization.replace('ed25519', 'rsa-md5') }),
      'unsupported algorithm "rsa-md5"',
    );
  });
  it('required header not signed', () => {
    const h = signed();
    return reject(
      request({
        ...h,
        authorization: h.authorization.replace('(created) date threebot-id', 'date threebot-id'),
      }),
      'missing required header in signature "(created)"',
    );
  });
  it('entries the caller also requires (strict mode) must be signed; the error names the full list', async () => {
    const bound = { ...strict, alsoRequired: ['(request-target)', 'digest'] };
    const error = await verifyHttpSignature(request(signed()), () => user.publicKey, bound).catch((e) => e);
    expect(error).toEqual(new HttpSignatureError('missing required header in signature "(request-target)"'));
    expect(error.requiredHeaders).toEqual(['(created)', 'date', 'threebot-id', '(request-target)', 'digest']);
    const body = '{"a":1}';
    const headers = signed({ method: 'PUT', extraHeaders: ['(request-target)', 'digest'], body });
    const view = request(headers, { method: 'PUT', body });
    await expect(verifyHttpSignature(view, () => user.publicKey, bound)).resolves.toEqual({ keyId: '7' });
  });
  it('threebot-id differs from keyId', () =>
    reject(request({ ...signed(), 'threebot-id': '8' }), 'threebot-id header does not match keyId'));
  it('threebot-id header missing', () => {
    const h = signed();
    const { ['threebot-id']: _drop, ...rest } = h;
    return reject(request(rest), 'expected threebot-id to exists');
  });
  it('wrong key', async () => {
    const other = nacl.sign.keyPair();
    await expect(verifyHttpSignature(request(signed()), () => other.publicKey, strict)).rejects.toThrow(
      'signature verification failed',
    );
  });
  it('stale created outside the window', () =>
    reject(request(signed()), 'signature created outside the accepted time window', {
      freshnessSeconds: 900,
      now: new Date((CREATED + 901) * 1000),
    }));
  it('stale created accepted when the window is off', async () => {
    await expect(
      verifyHttpSignature(request(signed()), () => user.publicKey, {
        freshnessSeconds: null,
        now: new Date(0),
      }),
    ).resolves.toEqual({ keyId: '7' });
  });
  it('tampered (request-target) when it was signed', async () => {
    const h = signed({ extraHeaders: ['(request-target)'] });
    await expect(verifyHttpSignature(request(h), () => user.publicKey, strict)).resolves.toEqual({
      keyId: '7',
    });
    await reject(request(h, { url: '/api/v1/users/8' }), 'signature verification failed');
    await reject(request(h, { method: 'DELETE' }), 'signature verification failed');
  });
  it('digest checked when signed', async () => {
    const h = signed({ extraHeaders: ['digest'], body: '{"a":1}', method: 'POST' });
    const view = (body: string) => request(h, { method: 'POST', body });
    await expect(verifyHttpSignature(view('{"a":1}'), () => user.publicKey, strict)).resolves.toEqual({
      keyId: '7',
    });
    await reject(view('{"a":2}'), 'digest does not match the body');
  });
  it('a signature over a different date fails', () =>
    reject(request({ ...signed(), date: 'Mon, 14 Sep 2020 12:26:40 GMT' }), 'signature verification failed'));
});

describe('parseSignatureHeader', () => {
  it('takes the last Signature header that has parameters and ignores unknown ones', () => {
    const p = parseSignatureHeader([
      'Signature keyId="1",algorithm="ed25519"',
      'Signature keyId="2",foo="bar",headers="(Created) Date"',
      'Signature nothing',
    ]);
    expect(p).toEqual({ keyId: '2', headers: ['(created)', 'date'] });
  });
});
