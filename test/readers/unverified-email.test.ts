import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { articlePath, createSite, startTestApp, type TestApp, TestDatabase } from '../support/harness.js';
import { loginToken } from './reader-tokens.js';

/**
 * Issue 12, item 7: an e-mail a reader types is not verified, so it must not
 * carry identity or standing from one request to the next. Readers come from
 * different addresses (X-Forwarded-For through one trusted proxy hop).
 */
describe('an unverified authorEmail carries no identity or standing', () => {
  let db: TestDatabase;
  let app: TestApp;
  const SSO = 'identitet-sso-secret-0123456789abcdef';

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db, { trustProxy: 1 });
    await createSite(app, 'identitet', { newAuthorHold: 1 });
    await createSite(app, 'innlogget', { requireLogin: true, ssoSecret: SSO });
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  const post = (
    siteId: string,
    from: string,
    body: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) =>
    app.request('POST', articlePath(siteId, 'sak'), {
      body: { body: `Et saklig innlegg om saken ${Math.random()}.`, ...body },
      headers: { 'x-forwarded-for': from, ...headers },
    });
  const authorKeyOf = async (commentId: string) => {
    const res = await app.request('GET', `/api/v1/moderation/comments/${commentId}`, {
      token: await app.adminToken(),
    });
    assert.equal(res.status, 200);
    return res.body.comment.authorKey as string;
  };
  const act = async (siteId: string, authorKey: string, action: string) => {
    const res = await app.request(
      'POST',
      `/api/v1/moderation/sites/${siteId}/authors/${encodeURIComponent(authorKey)}`,
      { token: await app.adminToken(), body: { action } },
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
  };

  it("a post with a trusted reader's e-mail does not inherit their trust", async () => {
    const first = await post('identitet', '10.1.0.1', { authorName: 'Kari', authorEmail: 'kari@avisa.test' });
    assert.equal(first.body.comment.status, 'pending', 'the site holds a new author');
    const kari = await authorKeyOf(first.body.comment.id);
    await act('identitet', kari, 'trust');
    const again = await post('identitet', '10.1.0.1', { authorName: 'Kari', authorEmail: 'kari@avisa.test' });
    assert.equal(again.body.comment.status, 'approved', 'Kari herself is trusted');

    const impostor = await post('identitet', '10.66.0.1', {
      authorName: 'Kari',
      authorEmail: 'kari@avisa.test',
    });
    assert.equal(impostor.status, 201);
    assert.equal(impostor.body.comment.status, 'pending', 'the impostor is a new author');
    assert.notEqual(await authorKeyOf(impostor.body.comment.id), kari);
  });

  it("banning someone who used a reader's e-mail does not ban that reader", async () => {
    const troll = await post('identitet', '10.66.0.2', {
      authorName: 'Troll',
      authorEmail: 'ola@avisa.test',
    });
    await act('identitet', await authorKeyOf(troll.body.comment.id), 'ban');
    const trollAgain = await post('identitet', '10.66.0.2', {
      authorName: 'Troll',
      authorEmail: 'ola@avisa.test',
    });
    assert.equal(trollAgain.body.comment.status, 'rejected', 'the ban holds for the one banned');

    const ola = await post('identitet', '10.2.0.1', { authorName: 'Ola', authorEmail: 'ola@avisa.test' });
    assert.equal(ola.status, 201);
    assert.notEqual(ola.body.comment.status, 'rejected', 'Ola is not banned');
    assert.ok(!ola.body.moderation.reasons.some((r: { rule: string }) => r.rule === 'banned_author'));
  });

  it('a site login (SSO) carries standing across addresses', async () => {
    const token = loginToken(SSO, 'reader-7', 'Per');
    const bearer = { authorization: `Bearer ${token}` };
    const first = await post('innlogget', '10.3.0.1', {}, bearer);
    assert.equal(first.status, 201);
    await act('innlogget', await authorKeyOf(first.body.comment.id), 'ban');
    const elsewhere = await post('innlogget', '10.99.0.1', {}, bearer);
    assert.equal(elsewhere.body.comment.status, 'rejected', 'the ban follows the signed identity');
  });
});
