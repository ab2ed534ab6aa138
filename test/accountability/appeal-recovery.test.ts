import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Types } from 'mongoose';
import {
  articlePath,
  createSite,
  createStaff,
  startTestApp,
  type TestApp,
  TestDatabase,
} from '../support/harness.js';

const SITE = 'gjenoppta';

/**
 * A moderator's decision on an appeal is taken (recorded as pending) before its effect is applied;
 * if the process dies in between, the next touch completes it, exactly once.
 */
describe('an appeal decision interrupted by a crash is completed, once', () => {
  let db: TestDatabase;
  let app: TestApp;
  let mod: { token: string; id: string };

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
    await createSite(app, SITE, {});
    mod = await createStaff(app, 'moderator', [SITE]);
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  const appealed = async () => {
    const c = await app.request('POST', articlePath(SITE, 'sak'), {
      body: { body: 'Blir avvist og klaget på', authorName: 'Kari' },
    });
    const id = c.body.comment.id as string;
    await app.request('POST', `/api/v1/moderation/comments/${id}/actions`, {
      token: mod.token,
      body: { action: 'reject', version: 1 },
    });
    const a = await app.request('POST', `${articlePath(SITE, 'sak')}/${id}/appeals`, {
      body: { token: c.body.statusToken, explanation: 'Dette var feil, se igjen.' },
    });
    assert.equal(a.status, 201);
    return { id, token: c.body.statusToken as string, appealId: a.body.appeal.id as string };
  };
  /** What a crash right after `take` leaves behind. */
  const interrupt = (appealId: string, by: { id: string; name: string }) =>
    app.service.db.connection.collection('appeals').updateOne(
      { _id: new Types.ObjectId(appealId) },
      {
        $set: { pending: { action: 'reverse', by, reason: 'Innenfor reglene', at: new Date() } },
        $inc: { version: 1 },
      },
    );

  for (const [label, by] of [
    ['the moderator still exists', () => ({ id: mod.id, name: 'Moderator' })],
    ['the moderator’s account is gone', () => ({ id: new Types.ObjectId().toHexString(), name: 'Sluttet' })],
  ] as const) {
    it(`the writer's next status read completes a reversal (${label})`, async () => {
      const c = await appealed();
      await interrupt(c.appealId, by());
      const first = await app.request('GET', `${articlePath(SITE, 'sak')}/${c.id}/status?token=${c.token}`);
      assert.equal(first.body.comment.status, 'rejected', 'this read found it pending and completed it');
      const after = await app.request('GET', `${articlePath(SITE, 'sak')}/${c.id}/status?token=${c.token}`);
      assert.equal(after.body.comment.status, 'approved');
      assert.equal(after.body.appeal.outcome, 'reversed');
      await app.request('GET', `${articlePath(SITE, 'sak')}/${c.id}/status?token=${c.token}`);
      const approvals = await app.service.db.connection
        .collection('audit')
        .countDocuments({ entityId: c.id, action: 'approve' });
      assert.equal(approvals, 1, 'applied once');
    });
  }

  it('a moderator acting on an interrupted appeal completes it and gets a 409', async () => {
    const c = await appealed();
    await interrupt(c.appealId, { id: mod.id, name: 'Moderator' });
    const res = await app.request('POST', `/api/v1/moderation/appeals/${c.appealId}/actions`, {
      token: mod.token,
      body: { action: 'uphold', version: 2, reason: 'Står' },
    });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.details[0].current.outcome, 'reversed');
  });
});
