import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inNightlyWindow, localMinutes } from '../../src/readers/comment-window.js';
import { articlePath, createSite, startTestApp, type TestApp, TestDatabase } from '../support/harness.js';

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

describe('closing comments: closeAfterDays, nightly window, moderation statement', () => {
  let db: TestDatabase;
  let app: TestApp;

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
    await createSite(app, 'lukker', {
      closeAfterDays: 2,
      mode: 'pre',
      moderationStatement: 'Alle kommentarer leses av en moderator før de publiseres.',
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
  const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

  it('closes an article closeAfterDays after the publish date the widget passes; first date wins', async () => {
    const closed = await post('lukker', 'gammel', { publishedAt: daysAgo(3) });
    assert.equal(closed.status, 403);
    assert.equal(closed.body.error.code, 'comments_closed');
    const article = await app.service.db.connection
      .collection('articles')
      .findOne({ siteId: 'lukker', articleId: 'gammel' });
    assert.ok(article?.publishedAt instanceof Date, 'the publish date is recorded on the article');
    // A later, fresher date cannot reopen it.
    assert.equal((await post('lukker', 'gammel', { publishedAt: daysAgo(0.5) })).status, 403);
    assert.equal((await post('lukker', 'fersk', { publishedAt: daysAgo(1) })).status, 201);
    const future = await post('lukker', 'fremtid', {
      publishedAt: new Date(Date.now() + 3 * DAY).toISOString(),
    });
    assert.equal(future.status, 422);
    assert.equal(future.body.error.details[0].path, 'body.publishedAt');
  });

  it('takes publishedAt on GET too, and shows open, mode and the statement to readers', async () => {
    const old = await app.request(
      'GET',
      `${articlePath('lukker', 'lest')}?publishedAt=${encodeURIComponent(daysAgo(5))}`,
    );
    assert.equal(old.status, 200);
    const { id, open, mode, commentCount, moderationStatement } = old.body.article;
    assert.deepEqual(
      { id, open, mode, commentCount, moderationStatement },
      {
        id: 'lest',
        open: false,
        mode: 'pre',
        commentCount: 0,
        moderationStatement: 'Alle kommentarer leses av en moderator før de publiseres.',
      },
    );
    assert.equal((await post('lukker', 'lest')).status, 403);
    const bad = await app.request('GET', `${articlePath('lukker', 'lest')}?publishedAt=yesterday`);
    assert.equal(bad.status, 422);
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
