import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loginToken } from '../readers/reader-tokens.js';
import {
  articlePath,
  createSite,
  createStaff,
  startTestApp,
  type TestApp,
  TestDatabase,
} from '../support/harness.js';

const SITE = 'hurtigavisa';
const SECRET = 'a-site-login-secret-of-at-least-32-chars';

describe('public reads a CDN can carry', () => {
  let db: TestDatabase;
  let app: TestApp;

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
    await createSite(app, SITE, { mode: 'post', ssoSecret: SECRET }, ['https://www.hurtigavisa.example']);
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  const list = (headers: Record<string, string> = {}, query = '?limit=20') =>
    app.request('GET', `${articlePath(SITE, 'sak')}${query}`, { headers });
  const vary = (headers: Headers) =>
    (headers.get('vary') ?? '')
      .split(',')
      .map((v) => v.trim().toLowerCase())
      .sort();

  it('answers the anonymous list with Cache-Control, a strong ETag and 304 for a copy still current', async () => {
    await app.request('POST', articlePath(SITE, 'sak'), { body: { body: 'Først ute.', authorName: 'Kari' } });
    const first = await list();
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('cache-control'), 'public, max-age=5, stale-while-revalidate=15');
    const etag = first.headers.get('etag')!;
    assert.match(etag, /^"[A-Za-z0-9_-]{32}"$/, 'a strong tag (no W/)');
    assert.deepEqual(vary(first.headers), ['authorization', 'origin'], 'Vary even without an Origin');

    const again = await list({ 'if-none-match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.body, null, 'no body');
    assert.equal(again.headers.get('etag'), etag);
    assert.equal(again.headers.get('cache-control'), 'public, max-age=5, stale-while-revalidate=15');
    assert.equal(
      (await list({ 'if-none-match': `"other", W/${etag}` })).status,
      304,
      'weak comparison, lists',
    );
    assert.equal((await list({ 'if-none-match': '*' })).status, 304);
    assert.equal((await list({ 'if-none-match': '"something-else"' })).status, 200);

    // From the browser page of the site: the same tag, CORS on top.
    const cors = await list({ origin: 'https://www.hurtigavisa.example', 'if-none-match': etag });
    assert.equal(cors.status, 304);
    assert.equal(cors.headers.get('access-control-allow-origin'), 'https://www.hurtigavisa.example');

    // Another page of the same thread is another answer with its own tag.
    // The site's default order named explicitly: the same answer (it names its sort), the same tag.
    const named = await list({}, '?limit=20&sort=newest');
    assert.equal(named.status, 200);
    assert.equal(named.headers.get('etag'), etag, 'the same comments, the same bytes, the same tag');
    assert.notEqual((await list({}, '?limit=1')).headers.get('etag'), null);
  });

  it('changes the tag when a comment is published or removed', async () => {
    const before = (await list()).headers.get('etag')!;
    const posted = await app.request('POST', articlePath(SITE, 'sak'), {
      body: { body: 'Ein kommentar til.', authorName: 'Ola' },
    });
    assert.equal(posted.body.comment.status, 'approved');
    const after = await list({ 'if-none-match': before });
    assert.equal(after.status, 200, 'the copy held is no longer current');
    assert.ok(after.body.items.some((c: { id: string }) => c.id === posted.body.comment.id));
    const tag = after.headers.get('etag')!;
    assert.notEqual(tag, before);

    const moderator = await createStaff(app, 'moderator', [SITE]);
    const queue = await app.request('GET', `/api/v1/moderation/sites/${SITE}/queue?status=approved`, {
      token: moderator.token,
    });
    const version = queue.body.items.find((c: { id: string }) => c.id === posted.body.comment.id).version;
    await app.request('POST', `/api/v1/moderation/comments/${posted.body.comment.id}/actions`, {
      token: moderator.token,
      body: { action: 'reject', version },
    });
    const removed = await list({ 'if-none-match': tag });
    assert.equal(removed.status, 200);
    assert.equal(removed.headers.get('etag'), before, 'back to the earlier thread, and its tag');
  });

  it("takes max-age and stale-while-revalidate from the site's policy", async () => {
    const patched = await app.request('PATCH', `/api/v1/admin/sites/${SITE}`, {
      token: await app.adminToken(),
      body: { policy: { publicCache: { maxAgeSeconds: 30, staleWhileRevalidateSeconds: 300 } } },
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.equal(
      (await list()).headers.get('cache-control'),
      'public, max-age=30, stale-while-revalidate=300',
    );
    const bad = await app.request('PATCH', `/api/v1/admin/sites/${SITE}`, {
      token: await app.adminToken(),
      body: { policy: { publicCache: { maxAgeSeconds: -1 } } },
    });
    assert.equal(bad.status, 422);
  });

  it("never lets a cache keep a logged-in reader's list", async () => {
    const token = loginToken(SECRET, 'reader-1', 'Kari Nordmann');
    const res = await list({ authorization: `Bearer ${token}` });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('cache-control'), 'private, no-store');
    assert.equal(res.headers.get('etag'), null);
    assert.deepEqual(vary(res.headers), ['authorization', 'origin']);
  });

  it('caches the published opinion pieces the same way, and the writer receipt not at all', async () => {
    const res = await app.request('GET', `/api/v1/sites/${SITE}/submissions?status=published`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('cache-control') ?? '', /^public, max-age=\d+, stale-while-revalidate=\d+$/);
    const etag = res.headers.get('etag')!;
    const again = await app.request('GET', `/api/v1/sites/${SITE}/submissions?status=published`, {
      headers: { 'if-none-match': etag },
    });
    assert.equal(again.status, 304);
    const sent = await app.request('POST', `/api/v1/sites/${SITE}/submissions`, {
      body: {
        title: 'Ferja må gå oftare',
        body: 'Vi som bur på øya treng fleire avgangar, særleg om kvelden. '.repeat(5),
        authorName: 'Ola Nordmann',
        authorEmail: 'ola@example.no',
      },
    });
    assert.equal(sent.status, 201);
    const receipt = await app.request(
      'GET',
      `/api/v1/sites/${SITE}/submissions/${sent.body.submission.id}?token=${sent.body.receipt.token}`,
    );
    assert.equal(receipt.headers.get('cache-control'), 'no-store');
  });

  it('marks errors and comment posts uncacheable', async () => {
    const posted = await app.request('POST', articlePath(SITE, 'sak'), {
      body: { body: 'Hei.', authorName: 'Per' },
    });
    assert.equal(posted.headers.get('etag'), null, 'no tag is computed for a POST answer');
    const missing = await app.request('GET', articlePath('finst-ikkje', 'sak'));
    assert.equal(missing.status, 404);
    assert.doesNotMatch(missing.headers.get('cache-control') ?? '', /public/);
  });
});
