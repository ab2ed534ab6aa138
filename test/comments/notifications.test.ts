import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loginToken } from '../readers/reader-tokens.js';
import { articlePath, createSite, startTestApp, type TestApp, TestDatabase } from '../support/harness.js';

const SSO_SECRET = 'notifications-sso-secret-0123456789abcdefg';

describe('replies that reach you: notifications of replies and decisions, with unread counts', () => {
  let db: TestDatabase;
  let app: TestApp;

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
    await createSite(app, 'avisa');
    await createSite(app, 'login', { requireLogin: true, ssoSecret: SSO_SECRET });
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  const post = async (site: string, articleId: string, body: Record<string, unknown>, token?: string) => {
    const res = await app.request('POST', articlePath(site, articleId), { body, token });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { comment: { id: string; status: string }; statusToken: string };
  };
  const notifications = (site: string, query: string, token?: string) =>
    app.request('GET', `/api/v1/sites/${site}/readers/me/notifications?${query}`, { token });

  it('an anonymous writer, by the tokens their browser kept: replies by others and decisions, newest first', async () => {
    const mine = await post('avisa', 'n-1', { body: 'Hva mener dere om den nye brua?', authorName: 'Kari' });
    const other = await post('avisa', 'n-2', { body: 'En annen sak, samme leser.', authorName: 'Kari' });
    const t0 = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    await post('avisa', 'n-1', { body: 'Den blir fin!', authorName: 'Per', parentId: mine.comment.id });
    await post('avisa', 'n-2', { body: 'Enig med deg.', authorName: 'Siri', parentId: other.comment.id });
    const admin = await app.adminToken();
    const featured = await app.request('POST', `/api/v1/moderation/comments/${mine.comment.id}/actions`, {
      token: admin,
      body: { action: 'feature', version: 1 },
    });
    assert.equal(featured.status, 200);
    const tokens = [mine, other].map((c) => `${c.comment.id}.${c.statusToken}`).join(',');

    const all = await notifications('avisa', `tokens=${encodeURIComponent(tokens)}`);
    assert.equal(all.status, 200, JSON.stringify(all.body));
    assert.match(all.headers.get('cache-control') ?? '', /private/);
    assert.deepEqual(
      all.body.items.map((n: { type: string; commentId: string }) => [n.type, n.commentId]),
      [
        ['featured', mine.comment.id],
        ['reply', other.comment.id],
        ['reply', mine.comment.id],
      ],
    );
    const reply = all.body.items.find(
      (n: { type: string; commentId: string }) => n.commentId === mine.comment.id && n.type === 'reply',
    );
    assert.equal(reply.reply.body, 'Den blir fin!');
    assert.equal(reply.reply.authorName, 'Per');
    assert.equal(reply.excerpt, 'Hva mener dere om den nye brua?');
    assert.equal(reply.articleId, 'n-1');
    assert.deepEqual(all.body.unread, { total: 3, replies: 2, decisions: 1 });
    assert.equal(JSON.stringify(all.body).includes('authorEmail'), false);

    const seenNow = new Date().toISOString();
    const none = await notifications(
      'avisa',
      `tokens=${encodeURIComponent(tokens)}&seen=${encodeURIComponent(seenNow)}`,
    );
    assert.deepEqual(none.body.unread, { total: 0, replies: 0, decisions: 0 });
    assert.ok(none.body.items.every((n: { unread: boolean }) => !n.unread));
    const some = await notifications(
      'avisa',
      `tokens=${encodeURIComponent(tokens)}&seen=${encodeURIComponent(t0)}`,
    );
    assert.equal(some.body.unread.replies, 2);

    // Paged two at a time: the same three, once each.
    const first = await notifications('avisa', `limit=2&tokens=${encodeURIComponent(tokens)}`);
    assert.equal(first.body.items.length, 2);
    const second = await notifications(
      'avisa',
      `limit=2&tokens=${encodeURIComponent(tokens)}&cursor=${encodeURIComponent(first.body.nextCursor)}`,
    );
    assert.deepEqual(
      [...first.body.items, ...second.body.items].map((n: { id: string }) => n.id),
      all.body.items.map((n: { id: string }) => n.id),
    );
    assert.equal(second.body.nextCursor, null);
  });

  it("someone else's token, a forged one or none gives nothing; too many is 422", async () => {
    const mine = await post('avisa', 'n-3', { body: 'Min kommentar her.', authorName: 'Ola' });
    await post('avisa', 'n-3', { body: 'Et svar til Ola.', authorName: 'Per', parentId: mine.comment.id });
    const forged = await notifications('avisa', `tokens=${mine.comment.id}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`);
    assert.equal(forged.status, 200);
    assert.deepEqual(forged.body.items, []);
    const empty = await notifications('avisa', '');
    assert.deepEqual(empty.body, {
      items: [],
      nextCursor: null,
      unread: { total: 0, replies: 0, decisions: 0 },
    });
    const many = Array.from({ length: 51 }, () => `${mine.comment.id}.${mine.statusToken}`).join(',');
    assert.equal((await notifications('avisa', `tokens=${encodeURIComponent(many)}`)).status, 422);
    assert.equal((await notifications('avisa', 'seen=yesterday')).status, 422);
    assert.equal((await notifications('nosite', '')).status, 404);
  });

  it('a logged-in reader, by their login across devices; their own replies are not news; the read marker is kept', async () => {
    const writer = loginToken(SSO_SECRET, 'writer-1', 'Skriver Skrivesen');
    const replier = loginToken(SSO_SECRET, 'replier-1', 'Svar Svarsen');
    const mine = await post('login', 'n-sso', { body: 'Innlogget og nysgjerrig.' }, writer);
    await post('login', 'n-sso', { body: 'Et svar fra en annen.', parentId: mine.comment.id }, replier);
    await post('login', 'n-sso', { body: 'Jeg svarer meg selv.', parentId: mine.comment.id }, writer);
    assert.equal((await notifications('login', '')).status, 401);
    const list = await notifications('login', '', writer);
    assert.deepEqual(
      list.body.items.map((n: { type: string; reply: { body: string } }) => [n.type, n.reply.body]),
      [['reply', 'Et svar fra en annen.']],
    );
    assert.equal(list.body.unread.total, 1);
    const seen = await app.request('POST', '/api/v1/sites/login/readers/me/notifications/seen', {
      token: writer,
      body: {},
    });
    assert.equal(seen.status, 204);
    assert.equal((await notifications('login', '', writer)).body.unread.total, 0);
    // An older marker never moves it back.
    await app.request('POST', '/api/v1/sites/login/readers/me/notifications/seen', {
      token: writer,
      body: { at: '2020-01-01T00:00:00Z' },
    });
    assert.equal((await notifications('login', '', writer)).body.unread.total, 0);
    await post('login', 'n-sso', { body: 'Enda et svar.', parentId: mine.comment.id }, replier);
    assert.equal((await notifications('login', '', writer)).body.unread.total, 1);
    assert.equal(
      (await app.request('POST', '/api/v1/sites/avisa/readers/me/notifications/seen', { body: {} })).status,
      401,
    );
  });
});
