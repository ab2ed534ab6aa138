import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { signArticleAttributes } from '../../src/articles/embed-signature.js';
import { inNightlyWindow, localMinutes } from '../../src/readers/comment-window.js';
import {
  articlePath,
  createSite,
  createStaff,
  startTestApp,
  type TestApp,
  TestDatabase,
} from '../support/harness.js';

const DAY = 24 * 3600 * 1000;
const hhmm = (minutes: number) => {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

describe('nightly closed window (pure)', () => {
  const night = { from: '23:00', to: '07:00', timeZone: 'Europe/Oslo' };

  it('spans midnight in Oslo time, winter and summer', () => {
    assert.equal(inNightlyWindow(night, new Date('2026-01-15T22:30:00Z')), true); // 23:30 CET
    assert.equal(inNightlyWindow(night, new Date('2026-01-15T21:59:00Z')), false); // 22:59 CET
    assert.equal(inNightlyWindow(night, new Date('2026-01-16T05:59:00Z')), true); // 06:59 CET
    assert.equal(inNightlyWindow(night, new Date('2026-01-16T06:00:00Z')), false); // 07:00 CET
    assert.equal(inNightlyWindow(night, new Date('2026-07-15T04:30:00Z')), true); // 06:30 CEST
    assert.equal(inNightlyWindow(night, new Date('2026-07-15T05:30:00Z')), false); // 07:30 CEST
    assert.equal(inNightlyWindow(night, new Date('2026-07-15T21:00:00Z')), true); // 23:00 CEST
  });

  it('handles a window inside one day, and no window', () => {
    const lunch = { from: '12:00', to: '13:00', timeZone: 'UTC' };
    assert.equal(inNightlyWindow(lunch, new Date('2026-03-01T12:30:00Z')), true);
    assert.equal(inNightlyWindow(lunch, new Date('2026-03-01T13:00:00Z')), false);
    assert.equal(inNightlyWindow(lunch, new Date('2026-03-01T11:59:00Z')), false);
    assert.equal(inNightlyWindow(null, new Date()), false);
    assert.equal(localMinutes(new Date('2026-03-01T00:05:00Z'), 'UTC'), 5);
  });
});

describe('closing comments: trusted article metadata, closeAfterDays, nightly window, statement', () => {
  let db: TestDatabase;
  let app: TestApp;
  const SECRET = 'embed-secret-of-lukker-0123456789abcdef';

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
    await createSite(app, 'lukker', {
      closeAfterDays: 2,
      mode: 'pre',
      moderationStatement: 'Alle kommentarer leses av en moderator før de publiseres.',
      embedSecret: SECRET,
    });
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  const post = (siteId: string, articleId: string, extra: Record<string, unknown> = {}) =>
    app.request('POST', articlePath(siteId, articleId), {
      body: { body: 'En kommentar.', authorName: 'Leser', ...extra },
    });
  const get = (siteId: string, articleId: string, query: Record<string, string> = {}) =>
    app.request('GET', `${articlePath(siteId, articleId)}?${new URLSearchParams(query)}`);
  const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();
  const articles = () => app.service.db.connection.collection('articles');
  const stored = (siteId: string, articleId: string) => articles().findOne({ siteId, articleId });
  /** The query a CMS puts on the page: attributes, signedAt and the signature over them. */
  const signed = (
    articleId: string,
    attrs: { publishedAt?: string; title?: string; url?: string },
    signedAt = new Date().toISOString(),
    secret = SECRET,
  ) => {
    const signature = signArticleAttributes(secret, 'lukker', articleId, { ...attrs, signedAt });
    const query: Record<string, string> = { signedAt, signature };
    if (attrs.publishedAt) query.publishedAt = attrs.publishedAt;
    if (attrs.title) query.articleTitle = attrs.title;
    if (attrs.url) query.articleUrl = attrs.url;
    return query;
  };

  it('an anonymous publishedAt (GET or POST) closes nothing and stores nothing', async () => {
    const old = '2000-01-01T00:00:00Z';
    const read = await get('lukker', 'anonym', { publishedAt: old });
    assert.equal(read.status, 200);
    assert.equal(read.body.article.open, true, 'an unsigned date does not close the article');
    assert.equal(await stored('lukker', 'anonym'), null, 'a GET creates no article record');
    assert.equal((await post('lukker', 'anonym', { publishedAt: old })).status, 201);
    const article = await stored('lukker', 'anonym');
    assert.equal(article?.publishedAt ?? null, null, 'the POST keeps no reader-given date');
    assert.equal((await get('lukker', 'anonym')).body.article.open, true);
    assert.equal((await post('lukker', 'anonym')).status, 201, 'still open for the next reader');
    // A malformed date is still bad input.
    assert.equal((await get('lukker', 'anonym', { publishedAt: 'yesterday' })).status, 422);
  });

  it('anonymous GETs for random ids create no records, with or without attributes', async () => {
    const before = await articles().countDocuments({});
    for (let i = 0; i < 30; i++) {
      const id = `tilfeldig-${randomBytes(6).toString('hex')}`;
      const query: Record<string, string> =
        i % 3 === 0
          ? {}
          : i % 3 === 1
            ? { publishedAt: '2000-01-01T00:00:00Z', articleTitle: 'Falsk', articleUrl: 'https://x.test/' }
            : // a signature made with the wrong secret
              signed(
                id,
                { publishedAt: '2000-01-01T00:00:00Z' },
                undefined,
                'not-the-secret-0123456789abcdef0',
              );
      const res = await get('lukker', id, query);
      assert.equal(res.status, 200);
      assert.equal(res.body.article.open, true);
    }
    assert.equal(await articles().countDocuments({}), before);
  });

  it('the admin (CMS) API sets publication date, title and URL; closeAfterDays counts from it', async () => {
    const admin = await app.adminToken();
    const path = '/api/v1/admin/sites/lukker/articles/gammel';
    const set = await app.request('PATCH', path, {
      token: admin,
      body: { publishedAt: daysAgo(3), title: 'Ny bru over elva', url: 'https://avisa.test/ny-bru' },
    });
    assert.equal(set.status, 200);
    assert.equal(set.body.article.title, 'Ny bru over elva');
    assert.equal(set.body.article.open, false, 'published three days ago, closed after two');
    const closed = await post('lukker', 'gammel');
    assert.equal(closed.status, 403);
    assert.equal(closed.body.error.code, 'comments_closed');
    const read = await get('lukker', 'gammel', { publishedAt: daysAgo(0) });
    assert.equal(read.body.article.open, false, 'a fresh unsigned date does not reopen it');
    assert.equal(read.body.article.title, 'Ny bru over elva');
    assert.equal(read.body.article.url, 'https://avisa.test/ny-bru');
    // Clearing the date reopens it (the first comment starts the count then).
    assert.equal(
      (await app.request('PATCH', path, { token: admin, body: { publishedAt: null } })).body.article.open,
      true,
    );
    // Moderators may not, anonymous readers even less.
    const mod = await createStaff(app, 'moderator', ['lukker']);
    const body = { publishedAt: daysAgo(9) };
    assert.equal((await app.request('PATCH', path, { token: mod.token, body })).status, 403);
    assert.equal((await app.request('PATCH', path, { body })).status, 401);
    assert.equal(
      (await app.request('PATCH', path, { token: admin, body: { publishedAt: 'i går' } })).status,
      422,
    );
    assert.equal((await app.request('PATCH', path, { token: admin, body: {} })).status, 422);
    assert.equal(
      (await app.request('PATCH', '/api/v1/admin/sites/finnes-ikke/articles/a', { token: admin, body }))
        .status,
      404,
    );
  });

  it('signed embed attributes are trusted: they close, name and link the article; forgeries do not', async () => {
    const attrs = {
      publishedAt: daysAgo(5),
      title: 'Kommunestyret vedtok budsjettet',
      url: 'https://avisa.test/b',
    };
    const forged = { ...signed('signert', attrs), articleTitle: 'Noe annet' };
    assert.equal((await get('lukker', 'signert', forged)).body.article.open, true);
    assert.equal(await stored('lukker', 'signert'), null, 'a forged signature stores nothing');

    const read = await get('lukker', 'signert', signed('signert', attrs));
    assert.equal(read.status, 200);
    const { id, open, mode, commentCount, moderationStatement, title, url } = read.body.article;
    assert.deepEqual(
      { id, open, mode, commentCount, moderationStatement, title, url },
      {
        id: 'signert',
        open: false,
        mode: 'pre',
        commentCount: 0,
        moderationStatement: 'Alle kommentarer leses av en moderator før de publiseres.',
        title: 'Kommunestyret vedtok budsjettet',
        url: 'https://avisa.test/b',
      },
    );
    assert.equal((await post('lukker', 'signert')).status, 403);
    // A signature for another article does not carry over.
    const other = signed('signert', { publishedAt: daysAgo(5) });
    assert.equal((await get('lukker', 'annen', other)).body.article.open, true);

    // Signed on the POST too; a replayed older signature cannot undo a newer one.
    const newer = signed('fersk', { publishedAt: daysAgo(1), title: 'Ny tittel' });
    const older = signed('fersk', { publishedAt: daysAgo(9), title: 'Gammel tittel' }, daysAgo(1));
    assert.equal((await post('lukker', 'fersk', newer)).status, 201);
    assert.equal((await get('lukker', 'fersk', older)).body.article.title, 'Ny tittel');
    assert.equal((await post('lukker', 'fersk', older)).status, 201, 'the replay did not close it');
    assert.equal((await stored('lukker', 'fersk'))?.title, 'Ny tittel');
  });

  it('moderators see the trusted title and URL in the articles overview and the comment detail', async () => {
    const admin = await app.adminToken();
    await createSite(app, 'oversikt', {});
    await app.request('PATCH', '/api/v1/admin/sites/oversikt/articles/a1', {
      token: admin,
      body: { title: 'Flom i sentrum', url: 'https://avisa.test/flom' },
    });
    const posted = await post('oversikt', 'a1');
    assert.equal(posted.status, 201);
    await post('oversikt', 'a2', { articleTitle: 'Uverifisert', articleUrl: 'https://x.test/' });
    const overview = await app.request('GET', '/api/v1/moderation/sites/oversikt/articles', {
      token: admin,
    });
    assert.equal(overview.status, 200);
    const byId = new Map(overview.body.items.map((a: { id: string }) => [a.id, a]));
    assert.deepEqual(
      (({ title, url }) => ({ title, url }))(byId.get('a1') as { title: string; url: string }),
      { title: 'Flom i sentrum', url: 'https://avisa.test/flom' },
    );
    assert.deepEqual(
      (({ title, url }) => ({ title, url }))(byId.get('a2') as { title: string; url: string }),
      { title: null, url: null },
    );
    const detail = await app.request('GET', `/api/v1/moderation/comments/${posted.body.comment.id}`, {
      token: admin,
    });
    assert.equal(detail.body.article.title, 'Flom i sentrum');
    assert.equal(detail.body.article.url, 'https://avisa.test/flom');
  });

  it('the embed secret is write-only', async () => {
    const admin = await app.adminToken();
    const site = await app.request('GET', '/api/v1/admin/sites/lukker', { token: admin });
    assert.equal(site.body.site.policy.embedSecret, undefined);
    assert.equal(site.body.site.policy.embedSecretConfigured, true);
    assert.ok(!JSON.stringify(site.body).includes(SECRET));
  });

  it('closes in the nightly window and opens outside it', async () => {
    const minutes = localMinutes(new Date(), 'Europe/Oslo');
    await createSite(app, 'natt', {
      nightlyClosed: { from: hhmm(minutes - 60), to: hhmm(minutes + 60), timeZone: 'Europe/Oslo' },
    });
    await createSite(app, 'dag', {
      nightlyClosed: { from: hhmm(minutes + 60), to: hhmm(minutes + 120), timeZone: 'Europe/Oslo' },
    });
    const closed = await post('natt', 'a');
    assert.equal(closed.status, 403);
    assert.equal(closed.body.error.code, 'comments_closed');
    assert.equal((await app.request('GET', articlePath('natt', 'a'))).body.article.open, false);
    assert.equal((await post('dag', 'a')).status, 201);
    assert.equal((await app.request('GET', articlePath('dag', 'a'))).body.article.open, true);
    const invalid = await app.request('POST', '/api/v1/admin/sites', {
      token: await app.adminToken(),
      body: {
        id: 'feil-sone',
        name: 'Feil',
        policy: { nightlyClosed: { from: '25:00', to: '07:00', timeZone: 'Mars/Olympus' } },
      },
    });
    assert.equal(invalid.status, 422);
  });
});
