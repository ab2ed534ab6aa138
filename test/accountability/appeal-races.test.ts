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

const SITE = 'klageavisa';

/**
 * Guarantees under concurrency: one appeal per statement however many arrive
 * at once, and one decision per appeal (or notice) however many moderators
 * press at once, with the comment left in the state the winning decision says.
 */
describe('appeals and notices under concurrent requests', () => {
  let db: TestDatabase;
  let app: TestApp;
  let decider: { token: string };
  let first: { token: string };
  let second: { token: string };

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
    await createSite(app, SITE, {});
    decider = await createStaff(app, 'moderator', [SITE]);
    first = await createStaff(app, 'moderator', [SITE]);
    second = await createStaff(app, 'moderator', [SITE]);
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  let n = 0;
  const rejected = async () => {
    const res = await app.request('POST', articlePath(SITE, 'sak'), {
      body: { body: `Kommentar nummer ${++n} som blir avvist`, authorName: `Leser ${n}` },
    });
    const id = res.body.comment.id as string;
    const act = await app.request('POST', `/api/v1/moderation/comments/${id}/actions`, {
      token: decider.token,
      body: { action: 'reject', version: 1, reasonCode: 'off_topic' },
    });
    assert.equal(act.status, 200);
    return { id, token: res.body.statusToken as string };
  };
  const appeal = (c: { id: string; token: string }) =>
    app.request('POST', `${articlePath(SITE, 'sak')}/${c.id}/appeals`, {
      body: { token: c.token, explanation: 'Dette var urettferdig, se på den igjen.' },
    });

  it('20 simultaneous appeals against one statement: exactly one is received, the others are 409', async () => {
    for (let round = 0; round < 5; round++) {
      const c = await rejected();
      const answers = await Promise.all(Array.from({ length: 20 }, () => appeal(c)));
      const statuses = answers.map((a) => a.status).sort();
      assert.deepEqual(
        statuses,
        [201, ...Array(19).fill(409)],
        `round ${round}: ${JSON.stringify(statuses)}`,
      );
      assert.equal(
        await app.service.db.connection.collection('appeals').countDocuments({ commentId: c.id }),
        1,
      );
    }
  });

  it('two moderators decide one appeal at once (uphold against reverse): one wins, the comment follows the winner', async () => {
    const rounds = 8;
    let reversedWins = 0;
    for (let round = 0; round < rounds; round++) {
      const c = await rejected();
      const made = await appeal(c);
      assert.equal(made.status, 201);
      const path = `/api/v1/moderation/appeals/${made.body.appeal.id}/actions`;
      const [a, b] = await Promise.all([
        app.request('POST', path, {
          token: first.token,
          body: { action: 'reverse', version: 1, reason: 'Innenfor reglene.' },
        }),
        app.request('POST', path, {
          token: second.token,
          body: { action: 'uphold', version: 1, reason: 'Utenfor saken.' },
        }),
      ]);
      const statuses = [a.status, b.status].sort();
      assert.deepEqual(statuses, [200, 409], `round ${round}: ${a.status} ${b.status}`);
      const winner = a.status === 200 ? 'reversed' : 'upheld';
      if (winner === 'reversed') reversedWins++;
      const status = await app.request('GET', `${articlePath(SITE, 'sak')}/${c.id}/status?token=${c.token}`);
      assert.equal(status.body.appeal.outcome, winner);
      assert.equal(
        status.body.comment.status,
        winner === 'reversed' ? 'approved' : 'rejected',
        `round ${round}`,
      );
      const audit = await app.service.db.connection
        .collection('audit')
        .countDocuments({ entityId: c.id, action: 'approve' });
      assert.equal(audit, winner === 'reversed' ? 1 : 0, 'a reversal approves exactly once');
    }
    assert.ok(reversedWins >= 0 && reversedWins <= rounds);
  });

  it('two moderators decide one notice at once (remove against keep): one wins, the notifier sees that decision', async () => {
    for (let round = 0; round < 6; round++) {
      const res = await app.request('POST', articlePath(SITE, 'sak'), {
        body: { body: `Meldt kommentar ${round}`, authorName: 'Meldt' },
      });
      const id = res.body.comment.id as string;
      const notice = await app.request('POST', `${articlePath(SITE, 'sak')}/${id}/notices`, {
        body: {
          category: 'threat',
          explanation: 'Dette er en trussel mot en navngitt person.',
          goodFaith: true,
        },
      });
      const path = `/api/v1/moderation/notices/${notice.body.notice.id}/actions`;
      const [a, b] = await Promise.all([
        app.request('POST', path, { token: first.token, body: { action: 'remove', version: 1 } }),
        app.request('POST', path, { token: second.token, body: { action: 'keep', version: 1 } }),
      ]);
      assert.deepEqual([a.status, b.status].sort(), [200, 409], `round ${round}: ${a.status} ${b.status}`);
      const winner = a.status === 200 ? 'removed' : 'kept';
      const receipt = await app.request(
        'GET',
        `/api/v1/sites/${SITE}/notices/${notice.body.notice.id}?token=${notice.body.receiptToken}`,
      );
      assert.equal(receipt.body.notice.decision, winner);
      const comment = await app.request('GET', `/api/v1/moderation/comments/${id}`, { token: first.token });
      assert.equal(
        comment.body.comment.status,
        winner === 'removed' ? 'rejected' : 'approved',
        `round ${round}`,
      );
    }
  });
});
