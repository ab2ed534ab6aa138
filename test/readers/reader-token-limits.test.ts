import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { articlePath, createSite, startTestApp, type TestApp, TestDatabase } from '../support/harness.js';
import { readerToken, secondsFromNow } from './reader-tokens.js';

/**
 * Issue 12, item 19: a reader login token lives at most the site's
 * ssoMaxTokenSeconds (exp - iat, 24 h by default; tokens without either are
 * refused), and names the site in `aud` where the site asks for it.
 */
describe('reader login tokens: capped lifetime and audience', () => {
  let db: TestDatabase;
  let app: TestApp;
  const SECRET = 'levetid-sso-secret-0123456789abcdefgh';

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
    await createSite(app, 'levetid', { requireLogin: true, ssoSecret: SECRET });
    await createSite(app, 'kort', { requireLogin: true, ssoSecret: SECRET, ssoMaxTokenSeconds: 600 });
    await createSite(app, 'publikum', { requireLogin: true, ssoSecret: SECRET, ssoRequireAudience: true });
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  const post = (siteId: string, claims: Record<string, unknown>) =>
    app.request('POST', articlePath(siteId, 'sak'), {
      body: { body: 'En saklig kommentar om saken.' },
      headers: { authorization: `Bearer ${readerToken({ sub: 'r-1', name: 'Rita', ...claims }, SECRET)}` },
    });
  const lifetime = (seconds: number) => ({ iat: secondsFromNow(-10), exp: secondsFromNow(seconds - 10) });

  it('refuses a token that lives longer than 24 hours by default, or lacks iat or exp', async () => {
    assert.equal((await post('levetid', lifetime(23 * 3600))).status, 201);
    const long = await post('levetid', lifetime(25 * 3600));
    assert.equal(long.status, 401);
    assert.equal(long.body.error.code, 'unauthorized');
    assert.equal((await post('levetid', lifetime(365 * 24 * 3600))).status, 401, 'a year-long token');
    assert.equal((await post('levetid', { exp: secondsFromNow(600) })).status, 401, 'without iat');
    assert.equal((await post('levetid', { iat: secondsFromNow(0) })).status, 401, 'without exp');
    assert.equal(
      (await post('levetid', { iat: 'nå', exp: secondsFromNow(600) })).status,
      401,
      'iat not a number',
    );
  });

  it("follows the site's ssoMaxTokenSeconds", async () => {
    assert.equal((await post('kort', lifetime(300))).status, 201);
    assert.equal((await post('kort', lifetime(3600))).status, 401);
    const bad = await app.request('PATCH', '/api/v1/admin/sites/kort', {
      token: await app.adminToken(),
      body: { policy: { ssoMaxTokenSeconds: 5 } },
    });
    assert.equal(bad.status, 422);
  });

  it('binds the audience where the site asks: aud must name the site', async () => {
    const ok = lifetime(600);
    assert.equal((await post('publikum', ok)).status, 401, 'no aud');
    assert.equal((await post('publikum', { ...ok, aud: 'levetid' })).status, 401, "another site's token");
    assert.equal((await post('publikum', { ...ok, aud: 'publikum' })).status, 201);
    assert.equal((await post('publikum', { ...ok, aud: ['levetid', 'publikum'] })).status, 201);
    // The same on reads with a token: a foreign token is refused, not silently anonymous.
    const read = await app.request('GET', articlePath('publikum', 'sak'), {
      headers: {
        authorization: `Bearer ${readerToken({ sub: 'r-1', name: 'Rita', ...ok, aud: 'levetid' }, SECRET)}`,
      },
    });
    assert.equal(read.status, 401);
    // A site that does not ask takes tokens with or without aud.
    assert.equal((await post('levetid', { ...ok, aud: 'publikum' })).status, 201);
  });
});
