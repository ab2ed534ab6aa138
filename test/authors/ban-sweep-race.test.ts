import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  articlePath,
  createSite,
  createStaff,
  startTestApp,
  type TestApp,
  TestDatabase,
} from '../support/harness.js';

/**
 * A ban with `applyToExisting` rejects the author's approved and pending comments one by
 * one, each a conditional write at the version the ban's list read. Readers report a troll
 * while a moderator bans them, and a report that queues a comment moves its version: before,
 * each such conflict was taken as "someone else decided" and the comment stayed published
 * (in one probe 34 of 40). Second attack, docs/RELIABILITY.md row 25.
 */
describe('a ban rejects every comment of the author, whatever moves them meanwhile', () => {
  let db: TestDatabase;
  let app: TestApp;
  let moderator: string;
  const SITE = 'utestengt';

  before(async () => {
    db = await TestDatabase.start();
    // The sweep is one write after another: on two loaded cores it may take longer than the default deadline.
    app = await startTestApp(db, { trustProxy: 1, requestDeadlineMs: 120_000 });
    await createSite(app, SITE, { mode: 'post', newAuthorHold: 0, reportThreshold: 1 });
    moderator = (await createStaff(app, 'moderator', [SITE])).token;
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  it('reports arriving during the sweep do not save any comment of a banned author', async () => {
    const COMMENTS = 30;
    const ids: string[] = [];
    for (let i = 0; i < COMMENTS; i++) {
      const res = await app.request('POST', articlePath(SITE, 'sak'), {
        body: { body: `Innlegg nummer ${i} fra en leser som snart blir utestengt.`, authorName: 'Troll' },
        headers: { 'x-forwarded-for': '192.0.2.1' },
      });
      assert.equal(res.status, 201);
      assert.equal(res.body.comment.status, 'approved');
      ids.push(res.body.comment.id);
    }
    const detail = async (id: string) =>
      (await app.request('GET', `/api/v1/moderation/comments/${id}`, { token: moderator })).body.comment;
    const key = (await detail(ids[0]!)).authorKey as string;

    const ban = app.request('POST', `/api/v1/moderation/sites/${SITE}/authors/${encodeURIComponent(key)}`, {
      token: moderator,
      body: { action: 'ban', applyToExisting: true },
    });
    // Readers report in waves while the sweep works through the list (newest first).
    const reports: Promise<unknown>[] = [];
    for (let wave = 0; wave < 6; wave++) {
      await new Promise((done) => setTimeout(done, 15));
      for (const id of ids.slice(wave * 5, wave * 5 + 5)) {
        reports.push(
          app.request('POST', `${articlePath(SITE, 'sak')}/${id}/reports`, {
            body: { reason: 'abuse' },
            headers: { 'x-forwarded-for': `198.51.100.${wave + 1}` },
          }),
        );
      }
    }
    const [banned] = await Promise.all([ban, ...reports]);
    assert.equal(banned.status, 200, JSON.stringify(banned.body));
    const statuses = await Promise.all(ids.map(async (id) => (await detail(id)).status as string));
    const published = statuses.filter((s) => s !== 'rejected').length;
    assert.equal(published, 0, `comments of the banned author left unrejected: ${published} of ${COMMENTS}`);
    assert.equal(banned.body.existingCommentsChanged, COMMENTS, 'the answer counts every one');
    const thread = await app.request('GET', articlePath(SITE, 'sak'));
    assert.deepEqual(thread.body.items, [], 'readers see none of them');
  });
});
