import { keyPairFromSeed, signEd25519 } from '@app/crypto';
import { startTestApp, TestApp } from '../setup/app';
import { createUser, seeded } from '../fixtures/identities';

describe('phonebook (directory.md §4)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const count = async () => Number((await t.db.query('SELECT count(*) AS n FROM users'))[0].n);
  const pubkey = () => Buffer.from(seeded().publicKey).toString('hex');

  describe.each(['/api/v1', '/explorer'])('under %s', (prefix) => {
    it('creates a user and reads it back, email hidden unless signed', async () => {
      const name = `bob${prefix.length}.3bot`;
      const key = pubkey();
      const res = await t.request({
        method: 'POST',
        url: `${prefix}/users`,
        body: { name, email: `${name}@x.io`, pubkey: key, id: 999, host: 'ignored', extra: 1 },
      });
      expect(res.status).toBe(201);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      const created = res.json<{ id: number }>();
      expect(created).toEqual({
        id: expect.any(Number),
        name,
        email: `${name}@x.io`,
        pubkey: key,
        host: '',
        description: '',
      });
      expect(created.id).not.toBe(999);

      const anonymous = await t.request({ method: 'GET', url: `${prefix}/users/${created.id}` });
      expect(anonymous.status).toBe(200);
      expect(anonymous.json()).toMatchObject({ id: created.id, email: '' });

      const reader = await createUser(t);
      const url = `${prefix}/users/${created.id}`;
      const signed = await t.request({ method: 'GET', url, headers: reader.sign('GET', url) });
      expect(signed.json()).toMatchObject({ email: `${name}@x.io` });
    });
  });

  it('lists with filters, pagination headers and hidden emails', async () => {
    for (let i = 0; i < 3; i++) await createUser(t, `pager${i}`);
    const all = await t.request({ method: 'GET', url: '/api/v1/users?size=2&page=1' });
    expect(all.status).toBe(200);
    const total = await count();
    expect(all.headers['x-total-count']).toBe(String(total));
    expect(all.headers.pages).toBe(String(Math.ceil(total / 2)));
    expect(all.json<unknown[]>()).toHaveLength(2);
    const byName = await t.request({ method: 'GET', url: '/api/v1/users?name=pager1' });
    expect(byName.json()).toEqual([expect.objectContaining({ name: 'pager1', email: '' })]);
    const garbageSize = await t.request({ method: 'GET', url: '/api/v1/users?size=abc' });
    expect(garbageSize.headers.pages).toBe(String(Math.ceil(total / 100)));
    const none = await t.request({ method: 'GET', url: '/api/v1/users?name=nobody' });
    expect(none.json()).toEqual([]);
    expect(none.headers.pages).toBe('0');
  });

  describe('bad input is a 4xx and stores nothing', () => {
    const cases: [string, unknown, number, string][] = [
      [
        'upper-case name',
        { name: 'Alice', email: 'a@b.c', pubkey: 'PK' },
        400,
        'name should be all lower case',
      ],
      [
        'upper-case email',
        { name: 'alice', email: 'A@b.c', pubkey: 'PK' },
        400,
        'email should be all lower case',
      ],
      [
        'short name',
        { name: 'al', email: 'a@b.c', pubkey: 'PK' },
        400,
        'name should be at least 3 character',
      ],
      ['bad pubkey', { name: 'alice', email: 'a@b.c', pubkey: 'zz' }, 400, 'invalid public key zz'],
      ['short pubkey', { name: 'alice', email: 'a@b.c', pubkey: 'abcd' }, 400, 'invalid public key abcd'],
      ['wrong type', { name: 12, email: 'a@b.c', pubkey: 'PK' }, 400, 'name must be a string'],
      ['malformed json', '{"name":', 400, 'malformed json'],
      ['empty body', '', 400, ''],
    ];
    it.each(cases)('%s', async (_label, body, status, message) => {
      const before = await count();
      const payload =
        typeof body === 'object' && body !== null
          ? {
              ...body,
              pubkey:
                (body as { pubkey: string }).pubkey === 'PK' ? pubkey() : (body as { pubkey: string }).pubkey,
            }
          : body;
      const res = await t.request({ method: 'POST', url: '/api/v1/users', body: payload });
      expect(res.status).toBe(status);
      expect(res.json<{ error: string }>().error).toContain(message);
      expect(await count()).toBe(before);
    });

    it('duplicate name or email is 409', async () => {
      const u = await createUser(t, 'dupe.3bot');
      const before = await count();
      const again = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        body: { name: 'dupe.3bot', email: 'other@x.io', pubkey: pubkey() },
      });
      expect(again.status).toBe(409);
      expect(again.json()).toEqual({ error: 'user with same name or email exists' });
      const sameEmail = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        body: { name: 'other.3bot', email: `${u.name}@example.com`, pubkey: pubkey() },
      });
      expect(sameEmail.status).toBe(409);
      expect(await count()).toBe(before);
    });

    it('huge body is 413 with a JSON error', async () => {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        body: { name: 'x'.repeat(2_000_000), pubkey: pubkey() },
      });
      expect(res.status).toBe(413);
      expect(res.json<{ error: string }>().error).toBeTruthy();
    });

    it('unknown route is a JSON 404', async () => {
      const res = await t.request({ method: 'GET', url: '/api/v1/nothing-here' });
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.json<{ error: string }>().error).toBeTruthy();
    });

    it.each([
      ['/api/v1/users/abc', 400],
      ['/api/v1/users/0', 404],
      ['/api/v1/users/987654', 404],
      ['/api/v1/users/99999999999999999999', 400],
    ])('GET %s → %d', async (url, status) => {
      const res = await t.request({ method: 'GET', url });
      expect(res.status).toBe(status);
      expect(res.json<{ error: string }>().error).toBeTruthy();
    });
  });

  describe('update (body-signed)', () => {
    it('reproduces the directory.md §4.3 vector and applies the change', async () => {
      const seedUser = keyPairFromSeed(new Uint8Array(32).fill(1));
      const message = '7alice@example.comhello';
      expect(Buffer.from(signEd25519(seedUser.secretKey, Buffer.from(message))).toString('hex')).toBe(
        'aa5948388d789c0dbdcb323b3eb34ea30a7e2e4fce4e85b5305c05ec0698828bb13ae678208e80bcb2533f01eda64f0d0a14777fbadbedba91588c851ba9250e',
      );
      const u = await createUser(t);
      const body = { email: 'new@example.com', description: 'hello', host: 'h.example' };
      const sig = u.signBytes(`${u.id}${body.email}${body.host}${body.description}`);
      const res = await t.request({
        method: 'PUT',
        url: `/api/v1/users/${u.id}`,
        body: { ...body, sender_signature_hex: sig },
      });
      expect(res.status).toBe(200);
      expect(res.text).toBe('null');
      const [row] = await t.db.query('SELECT email, host, description FROM users WHERE id = $1', [u.id]);
      expect(row).toEqual({ email: 'new@example.com', host: 'h.example', description: 'hello' });
    });

    it('rejects bad updates and changes nothing', async () => {
      const u = await createUser(t);
      const other = await createUser(t);
      const snapshot = async () => (await t.db.query('SELECT * FROM users WHERE id = $1', [u.id]))[0];
      const before = await snapshot();
      const attempts: [string, Record<string, string>, number, string][] = [
        ['no signature', { description: 'x' }, 400, 'signature is required'],
        ['non-hex signature', { description: 'x', sender_signature_hex: 'zz' }, 400, 'hex'],
        [
          'wrong signer',
          { description: 'x', sender_signature_hex: other.signBytes(`${u.id}x`) },
          400,
          'payload verification failed',
        ],
        [
          'key rotation',
          { pubkey: other.pubkeyHex, sender_signature_hex: u.signBytes(`${u.id}${other.pubkeyHex}`) },
          400,
          'can not update public key',
        ],
        [
          'rename',
          { name: 'renamed', sender_signature_hex: u.signBytes(`${u.id}renamed`) },
          400,
          'can not update name',
        ],
        [
          'email taken',
          {
            email: `${other.name}@example.com`,
            sender_signature_hex: u.signBytes(`${u.id}${other.name}@example.com`),
          },
          409,
          'exists',
        ],
      ];
      for (const [label, body, status, message] of attempts) {
        const res = await t.request({ method: 'PUT', url: `/api/v1/users/${u.id}`, body });
        expect([label, res.status]).toEqual([label, status]);
        expect(res.json<{ error: string }>().error).toContain(message);
      }
      const unknown = await t.request({
        method: 'PUT',
        url: '/api/v1/users/424242',
        body: { description: 'x', sender_signature_hex: u.signBytes('424242x') },
      });
      expect(unknown.status).toBe(404);
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('validate', () => {
    it('answers is_valid for good and bad signatures', async () => {
      const u = await createUser(t);
      const payload = Buffer.from('some data').toString('hex');
      const good = await t.request({
        method: 'POST',
        url: `/api/v1/users/${u.id}/validate`,
        body: { payload, signature: u.signBytes(Buffer.from('some data')) },
      });
      expect(good.status).toBe(200);
      expect(good.json()).toEqual({ is_valid: true });
      const bad = await t.request({
        method: 'POST',
        url: `/explorer/users/${u.id}/validate`,
        body: { payload, signature: u.signBytes('other') },
      });
      expect(bad.json()).toEqual({ is_valid: false });
      const notHex = await t.request({
        method: 'POST',
        url: `/api/v1/users/${u.id}/validate`,
        body: { payload: 'xyz', signature: 'ab' },
      });
      expect(notHex.status).toBe(400);
      expect(notHex.json()).toEqual({ error: 'payload must be hex encoded string of original data' });
      const unknown = await t.request({
        method: 'POST',
        url: '/api/v1/users/55555/validate',
        body: { payload, signature: 'ab' },
      });
      expect(unknown.status).toBe(404);
    });
  });
});
