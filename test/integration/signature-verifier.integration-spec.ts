import type { FastifyRequest } from 'fastify';
import { HttpSignatureError, signRequestHeaders } from '@app/crypto';
import { SignatureVerifier } from '../../apps/explorer/src/auth/signature-verifier.service';
import { startTestApp, TestApp } from '../setup/app';
import { createUser, makeNode, seeded, TestUser } from '../fixtures/identities';

/** The HTTP signature guard's verifier against real phonebook rows. */
describe('SignatureVerifier', () => {
  let t: TestApp;
  let verifier: SignatureVerifier;
  let user: TestUser;
  beforeAll(async () => {
    t = await startTestApp();
    verifier = t.app.get(SignatureVerifier);
    user = await createUser(t);
  });
  afterAll(() => t.close());

  const req = (headers: Record<string, string>, url = '/api/v1/farms/1', method = 'PUT') =>
    ({ method, url, headers, rawBody: '' }) as unknown as FastifyRequest;
  const fails = (p: Promise<unknown>, reason: string) =>
    expect(p).rejects.toThrow(new HttpSignatureError(reason));

  it('accepts the user it was signed by and returns the tid', async () => {
    await expect(verifier.verifyUser(req(user.sign('PUT', '/api/v1/farms/1')))).resolves.toBe(user.id);
  });
  it('unknown tid', () =>
    fails(
      verifier.verifyUser(
        req(signRequestHeaders({ keyId: '987654', secretKey: user.keys.secretKey, method: 'PUT', url: '/' })),
      ),
      'no key with id "987654"',
    ));
  it('tid 0 never matches a user', () =>
    fails(
      verifier.verifyUser(
        req(signRequestHeaders({ keyId: '0', secretKey: user.keys.secretKey, method: 'PUT', url: '/' })),
      ),
      'no key with id "0"',
    ));
  it('wrong key for the tid', () =>
    fails(
      verifier.verifyUser(
        req(
          signRequestHeaders({
            keyId: String(user.id),
            secretKey: seeded().secretKey,
            method: 'PUT',
            url: '/',
          }),
        ),
      ),
      'signature verification failed',
    ));
  it('stale created', () =>
    fails(
      verifier.verifyUser(req(user.sign('PUT', '/', { created: Math.floor(Date.now() / 1000) - 3600 }))),
      'signature created outside the accepted time window',
    ));
  it('tampered (request-target)', async () => {
    const headers = user.sign('PUT', '/api/v1/farms/1', { extraHeaders: ['(request-target)'] });
    await expect(verifier.verifyUser(req(headers))).resolves.toBe(user.id);
    await fails(verifier.verifyUser(req(headers, '/api/v1/farms/2')), 'signature verification failed');
  });
  it('missing header', () => fails(verifier.verifyUser(req({})), 'no params present'));
  it('optional read signature: null when absent or invalid', async () => {
    await expect(verifier.optionalUser(req({}))).resolves.toBeNull();
    await expect(verifier.optionalUser(req({ authorization: 'Signature keyId="1"' }))).resolves.toBeNull();
    await expect(verifier.optionalUser(req(user.sign('GET', '/')))).resolves.toBe(user.id);
  });
  it('node signatures: key from the id itself', async () => {
    const node = makeNode();
    await expect(verifier.verifyNode(req(node.sign('POST', '/')))).resolves.toBe(node.nodeId);
    const other = makeNode();
    const forged = signRequestHeaders({
      keyId: node.nodeId,
      secretKey: other.keys.secretKey,
      method: 'POST',
      url: '/',
    });
    await fails(verifier.verifyNode(req(forged)), 'signature verification failed');
    await fails(
      verifier.verifyNode(
        req(
          signRequestHeaders({
            keyId: 'not-base58-0OIl',
            secretKey: other.keys.secretKey,
            method: 'POST',
            url: '/',
          }),
        ),
      ),
      'invalid node id "not-base58-0OIl"',
    );
  });
});
