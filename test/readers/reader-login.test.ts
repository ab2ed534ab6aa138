import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { articlePath, createSite, startTestApp, type TestApp, TestDatabase } from '../support/harness.js';
import { loginToken, readerToken, secondsFromNow } from './reader-tokens.js';

const SECRET_1 = 'site-secret-one-0123456789abcdefghijkl';
const SECRET_2 = 'site-secret-two-0123456789abcdefghijkl';
const SECRET_3 = 'site-secret-three-0123456789abcdefghij';

describe('site login (SSO) for reader comments', () => {
  let db: TestDatabase;
  let app: TestApp;
  const site = 'sso-avis';

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
    await createSite(app, site, { requireLogin: true, ssoSecret: SECRET_1 });
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  const post = (articleId: string, token: string | undefined, body: Record<string, unknown> = {}) =>
    app.request('POST', articlePath(site, articleId), {
      body: { body: 'En saklig kommentar om saken.', ...body },
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  const stored = (articleId: string) =>
    app.service.db.connection.collection('comments').find({ siteId: site, articleId }).toArray();

  it('takes identity and name from a valid HS256 token, not from the body', async () => {
    const token = loginToken(SECRET_1, 'user-42', 'Kari Nordmann', { email: 'Kari@Example.NO' });
    const res = await post('a-valid', token, { authorName: 'Someone Else', authorEmail: 'x@y.no' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.comment.authorName, 'Kari Nordmann');
    const [doc] = await stored('a-valid');
    assert.equal(doc?.authorKey, 'sso:user-42');
    assert.equal(doc?.authorName, 'Kari Nordmann');
    assert.equal(doc?.authorEmail, 'kari@example.no');
    const author = await app.service.db.connection
      .collection('authors')
      .findOne({ siteId: site, authorKey: 'sso:user-42' });
    assert.equal(author?.name, 'Kari Nordmann');
  });

  it('refuses forged, expired, future-dated and incomplete tokens with 401, storing nothing', async () => {
    const claims = { sub: 'mallory', name: 'Mallory', iat: secondsFromNow(0), exp: secondsFromNow(600) };
    const cases: Record<string, string | undefined> = {
      'no token': undefined,
      garbage: 'not-a-jwt',
      'wrong secret': readerToken(claims, 'another-secret-0123456789abcdefghijk'),
      'alg none': readerToken(claims, SECRET_1, { header: { alg: 'none', typ: 'JWT' }, hmac: 'none' }),
      'alg none with a signature': readerToken(claims, SECRET_1, { header: { alg: 'none' } }),
      'HS512 with the right secret': readerToken(claims, SECRET_1, {
        header: { alg: 'HS512', typ: 'JWT' },
        hmac: 'sha512',
      }),
      'RS256 header, HMAC-signed with the secret (key confusion)': readerToken(claims, SECRET_1, {
        header: { alg: 'RS256', typ: 'JWT' },
      }),
      'lower-case alg': readerToken(claims, SECRET_1, { header: { alg: 'hs256' } }),
      expired: readerToken({ ...claims, exp: secondsFromNow(-3600) }, SECRET_1),
      'issued in the future': readerToken({ ...claims, iat: secondsFromNow(3600) }, SECRET_1),
      'not valid before later': readerToken({ ...claims, nbf: secondsFromNow(3600) }, SECRET_1),
      'without sub': readerToken({ name: 'M', exp: secondsFromNow(600) }, SECRET_1),
      'without name': readerToken({ sub: 'm', exp: secondsFromNow(600) }, SECRET_1),
      'without exp': readerToken({ sub: 'm', name: 'M' }, SECRET_1),
      'exp as a string': readerToken({ ...claims, exp: String(secondsFromNow(600)) }, SECRET_1),
      'crit header': readerToken(claims, SECRET_1, { header: { alg: 'HS256', crit: ['exp'] } }),
    };
    const valid = loginToken(SECRET_1, 'mallory', 'Mallory');
    const [head, , signature] = valid.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, sub: 'admin' })).toString('base64url');
    cases['payload changed after signing'] = `${head}.${forgedPayload}.${signature}`;

    for (const [label, token] of Object.entries(cases)) {
      const res = await post('a-forged', token);
      assert.equal(res.status, 401, `${label}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, 'unauthorized', label);
    }
    assert.equal((await stored('a-forged')).length, 0);
  });

  it('refuses control characters in sub or name, and drops a malformed e-mail claim', async () => {
    assert.equal((await post('a-claims', loginToken(SECRET_1, 'bad\u0000sub', 'Navn'))).status, 401);
    assert.equal((await post('a-claims', loginToken(SECRET_1, 'ok-sub', 'Navn\u0007'))).status, 401);
    const res = await post('a-claims', loginToken(SECRET_1, 'ok-sub', 'Navn', { email: 'not-an-email' }));
    assert.equal(res.status, 201);
    const [doc] = await stored('a-claims');
    assert.equal(doc?.authorEmail, null);
  });

  it('tolerates a small clock skew on iat and exp', async () => {
    const token = readerToken(
      { sub: 'skewed', name: 'Skew', iat: secondsFromNow(30), exp: secondsFromNow(-20) },
      SECRET_1,
    );
    assert.equal((await post('a-skew', token)).status, 201);
  });

  it('rotates the secret with two valid at once, never echoing a secret back', async () => {
    const token = await app.adminToken();
    const rotate = (ssoSecret: string) =>
      app.request('PATCH', `/api/v1/admin/sites/${site}`, { token, body: { policy: { ssoSecret } } });
    const first = await rotate(SECRET_2);
    assert.equal(first.status, 200);
    assert.equal(first.body.site.policy.ssoConfigured, true);
    assert.equal(first.body.site.policy.requireLogin, true, 'a PATCH of one field keeps the others');
    const text = JSON.stringify(first.body);
    for (const secret of [SECRET_1, SECRET_2]) assert.equal(text.includes(secret), false);

    const withOld = await post('a-rot', loginToken(SECRET_1, 'old', 'Old Key'));
    assert.equal(withOld.status, 201, JSON.stringify(withOld.body));
    assert.equal((await post('a-rot', loginToken(SECRET_2, 'new', 'New Key'))).status, 201);

    assert.equal((await rotate(SECRET_3)).status, 200);
    assert.equal((await post('a-rot', loginToken(SECRET_1, 'old', 'Old Key'))).status, 401);
    const again = await post('a-rot', loginToken(SECRET_2, 'new', 'New Key'), { body: 'Fortsatt gyldig.' });
    assert.equal(again.status, 201, JSON.stringify(again.body));
    assert.equal((await post('a-rot', loginToken(SECRET_3, 'newest', 'Newest'))).status, 201);
    const audit = await app.service.db.connection
      .collection('audit')
      .find({ entity: 'site', entityId: site })
      .toArray();
    assert.equal(JSON.stringify(audit).includes(SECRET_3), false, 'secrets stay out of the audit log');
  });

  it('refuses a reader token on GET that the site did not sign', async () => {
    const res = await app.request('GET', articlePath(site, 'a-valid'), {
      headers: {
        authorization: `Bearer ${readerToken({ sub: 'x', name: 'X', exp: secondsFromNow(60) }, 'nope-nope-nope-nope-nope-nope-nope-x')}`,
      },
    });
    assert.equal(res.status, 401);
    const anonymous = await app.request('GET', articlePath(site, 'a-valid'));
    assert.equal(anonymous.status, 200);
    assert.equal(anonymous.body.items.length, 1);
  });
});
