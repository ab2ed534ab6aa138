import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decodeJwt } from 'jose';
import { ADMIN, createSite, startTestApp, type TestApp, TestDatabase } from '../support/harness.js';

const PASSWORD = 'a-long-enough-password';

/** Splits Set-Cookie headers into name → attributes. */
function cookiesOf(headers: Headers): Map<string, { value: string; attributes: string[] }> {
  const out = new Map<string, { value: string; attributes: string[] }>();
  for (const line of headers.getSetCookie()) {
    const [pair, ...attributes] = line.split(';').map((part) => part.trim());
    const [name, ...value] = pair!.split('=');
    out.set(name!, { value: value.join('='), attributes: attributes.map((a) => a.toLowerCase()) });
  }
  return out;
}

describe('accounts, sessions and the admin endpoints', () => {
  let db: TestDatabase;
  let app: TestApp;
  let admin: string;

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
    admin = await app.adminToken();
    await createSite(app, 'konto-a');
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  const createUser = (body: Record<string, unknown>, token = admin) =>
    app.request('POST', '/api/v1/admin/users', { token, body });

  it('login answers a JWT with expiry and an httpOnly, SameSite=Strict cookie; passwords are stored as scrypt hashes', async () => {
    const created = await createUser({
      email: 'Moderator@Avis.test',
      password: PASSWORD,
      role: 'moderator',
      sites: ['konto-a'],
    });
    assert.equal(created.status, 201);
    assert.deepEqual(
      { email: created.body.user.email, role: created.body.user.role, sites: created.body.user.sites },
      { email: 'moderator@avis.test', role: 'moderator', sites: ['konto-a'] },
    );
    assert.equal(created.body.user.password, undefined);
    assert.equal(created.body.user.passwordHash, undefined);
    const stored = await app.service.db.connection
      .collection('users')
      .findOne({ email: 'moderator@avis.test' });
    assert.match(stored?.passwordHash, /^scrypt\$/);
    assert.equal(JSON.stringify(stored).includes(PASSWORD), false);

    const res = await app.request('POST', '/api/v1/auth/login', {
      body: { email: 'moderator@avis.test', password: PASSWORD },
    });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.user.sites, ['konto-a']);
    const claims = decodeJwt(res.body.token);
    assert.equal(claims.sub, created.body.user.id);
    assert.ok(typeof claims.exp === 'number' && claims.exp * 1000 > Date.now());
    const session = cookiesOf(res.headers).get('ordskifte_session');
    assert.equal(session?.value, res.body.token);
    assert.ok(session?.attributes.includes('httponly'));
    assert.ok(session?.attributes.includes('samesite=strict'));
    assert.ok(session?.attributes.includes('path=/'));

    const wrong = await app.request('POST', '/api/v1/auth/login', {
      body: { email: 'moderator@avis.test', password: 'not-the-password' },
    });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error.code, 'unauthorized');
    assert.equal(cookiesOf(wrong.headers).size, 0);
  });

  it('cookie sessions need the CSRF token to change anything; logout ends token and cookie', async () => {
    const res = await app.request('POST', '/api/v1/auth/login', {
      body: { email: 'moderator@avis.test', password: PASSWORD },
    });
    const cookies = cookiesOf(res.headers);
    const cookie = [...cookies].map(([name, c]) => `${name}=${c.value}`).join('; ');
    const csrf = cookies.get('ordskifte_csrf')!.value;

    const read = await app.request('GET', '/api/v1/moderation/sites/konto-a/queue', { headers: { cookie } });
    assert.equal(read.status, 200);
    const patch = (headers: Record<string, string>) =>
      app.request('PATCH', '/api/v1/moderation/sites/konto-a/articles/sak', {
        body: { open: false },
        headers: { cookie, ...headers },
      });
    const forged = await patch({});
    assert.equal(forged.status, 403);
    assert.equal(forged.body.error.code, 'forbidden');
    assert.equal((await patch({ 'x-csrf-token': 'guess' })).status, 403);
    assert.equal((await patch({ 'x-csrf-token': csrf })).status, 200);

    const out = await app.request('POST', '/api/v1/auth/logout', {
      headers: { cookie, 'x-csrf-token': csrf },
    });
    assert.equal(out.status, 204);
    const cleared = cookiesOf(out.headers).get('ordskifte_session');
    assert.ok(cleared && cleared.value === '');
    const afterCookie = await app.request('GET', '/api/v1/auth/session', { headers: { cookie } });
    assert.equal(afterCookie.status, 401);
    // The dead cookies go with the 401, so the workbench's next load shows the login form without asking.
    const dropped = cookiesOf(afterCookie.headers);
    assert.equal(dropped.get('ordskifte_session')?.value, '');
    assert.equal(dropped.get('ordskifte_csrf')?.value, '');
    const afterToken = await app.request('GET', '/api/v1/auth/session', { token: res.body.token });
    assert.equal(afterToken.status, 401);
  });

  it('admins create, list, update and disable users; a disabled user is logged out and cannot log in', async () => {
    const duplicate = await createUser({
      email: 'moderator@avis.test',
      password: PASSWORD,
      role: 'moderator',
      sites: [],
    });
    assert.equal(duplicate.status, 409);
    const invalid = await createUser({
      email: 'x@avis.test',
      password: 'short',
      role: 'owner',
      sites: ['A'],
    });
    assert.equal(invalid.status, 422);
    assert.deepEqual(invalid.body.error.details.map((d: { path: string }) => d.path).sort(), [
      'body.password',
      'body.role',
      'body.sites.0',
    ]);

    const editor = await createUser({
      email: 'red@avis.test',
      password: PASSWORD,
      role: 'editor',
      sites: ['konto-a'],
    });
    assert.equal(editor.status, 201);
    const id = editor.body.user.id;

    const page1 = await app.request('GET', '/api/v1/admin/users?limit=2', { token: admin });
    assert.equal(page1.status, 200);
    assert.equal(page1.body.items.length, 2);
    const page2 = await app.request('GET', `/api/v1/admin/users?limit=2&cursor=${page1.body.nextCursor}`, {
      token: admin,
    });
    const emails = [...page1.body.items, ...page2.body.items].map((u: { email: string }) => u.email);
    assert.deepEqual(emails.sort(), [ADMIN.email, 'moderator@avis.test', 'red@avis.test'].sort());

    const moved = await app.request('PATCH', `/api/v1/admin/users/${id}`, {
      token: admin,
      body: { role: 'moderator', sites: ['konto-a', 'demo'] },
    });
    assert.equal(moved.status, 200);
    assert.deepEqual([moved.body.user.role, moved.body.user.sites], ['moderator', ['konto-a', 'demo']]);

    const token = await app.login('red@avis.test', PASSWORD);
    assert.equal((await app.request('GET', '/api/v1/auth/session', { token })).status, 200);
    const disabled = await app.request('PATCH', `/api/v1/admin/users/${id}`, {
      token: admin,
      body: { disabled: true },
    });
    assert.equal(disabled.body.user.disabled, true);
    assert.equal((await app.request('GET', '/api/v1/auth/session', { token })).status, 401);
    const refused = await app.request('POST', '/api/v1/auth/login', {
      body: { email: 'red@avis.test', password: PASSWORD },
    });
    assert.equal(refused.status, 401);

    const audit = await app.service.db.connection
      .collection('audit')
      .find({ entity: 'user', entityId: id })
      .toArray();
    assert.deepEqual(audit.map((a) => a.action).sort(), ['create', 'disable', 'update']);
  });

  it('only admins reach the admin endpoints', async () => {
    const token = await app.login('moderator@avis.test', PASSWORD);
    for (const [method, path, body] of [
      ['GET', '/api/v1/admin/users', undefined],
      ['POST', '/api/v1/admin/users', { email: 'y@avis.test', password: PASSWORD, role: 'admin', sites: [] }],
      ['GET', '/api/v1/admin/sites', undefined],
      ['POST', '/api/v1/admin/sites', { id: 'ny-avis', name: 'Ny' }],
    ] as const) {
      const res = await app.request(method, path, { token, body });
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.equal(res.body.error.code, 'forbidden');
      assert.equal((await app.request(method, path, { body })).status, 401);
    }
  });
});
