/**
 * Moderators on /moderation see the notices and appeals queues change live:
 * `notice.received` / `appeal.received` carry the queue item as the queue lists
 * it, `notice.decided` / `appeal.decided` the decision; on the comments stream,
 * so they have a seq and are replayed to a moderator who joins with lastSeq.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loginToken } from '../readers/reader-tokens.js';
import {
  articlePath,
  connect,
  connected,
  createSite,
  createStaff,
  emitAck,
  startTestApp,
  type TestApp,
  TestDatabase,
  waitFor,
} from '../support/harness.js';

const SECRET = 'sso-secret-for-live-cases-0123456789abcdef';
const SITE = 'saker';

type Item = {
  id: string;
  seq: number;
  siteId: string;
  notice?: Record<string, unknown>;
  appeal?: Record<string, unknown>;
};

describe('notices and appeals reach moderators live on /moderation', () => {
  let db: TestDatabase;
  let app: TestApp;
  let first: { token: string; id: string };
  let second: { token: string; id: string };

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
    await createSite(app, SITE, { requireLogin: true, ssoSecret: SECRET });
    first = await createStaff(app, 'moderator', [SITE]);
    second = await createStaff(app, 'moderator', [SITE]);
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  const listen = async (token: string, lastSeq?: number) => {
    const socket = connect(app.url, '/moderation', { auth: { token } });
    const events: { type: string; item: Item }[] = [];
    for (const type of ['notice.received', 'notice.decided', 'appeal.received', 'appeal.decided']) {
      socket.on(type, (item: Item) => events.push({ type, item }));
    }
    await connected(socket);
    const ack = await emitAck<{ ok: boolean }>(socket, 'join', {
      siteId: SITE,
      ...(lastSeq === undefined ? {} : { lastSeq }),
    });
    assert.equal(ack.ok, true);
    return { socket, events };
  };

  it('received and decided, with the queue item and the decision; replayed from lastSeq', async () => {
    const live = await listen(second.token);
    const posted = await app.request('POST', articlePath(SITE, 'sak'), {
      body: { body: 'En kommentar som blir meldt og klaget på' },
      token: loginToken(SECRET, 'skriver', 'Skriver', { email: 'skriver@example.no' }),
    });
    const commentId = posted.body.comment.id as string;
    const notice = await app.request('POST', `${articlePath(SITE, 'sak')}/${commentId}/notices`, {
      body: { category: 'threat', explanation: 'Dette er en trussel mot en person.', goodFaith: true },
    });
    assert.equal(notice.status, 201);
    await waitFor(() => live.events.length === 1, 5000, 'notice.received');
    const received = live.events[0]!;
    assert.equal(received.type, 'notice.received');
    assert.equal(received.item.id, commentId, 'the item is the comment, as in the queue');
    assert.equal(received.item.notice?.id, notice.body.notice.id);
    assert.equal(received.item.notice?.category, 'threat');
    assert.equal(typeof received.item.notice?.waitingSeconds, 'number');
    assert.equal(received.item.notice?.notifierGaveEmail, false);

    // The first moderator removes on the notice: the notice is decided, the comment rejected.
    const removed = await app.request('POST', `/api/v1/moderation/notices/${notice.body.notice.id}/actions`, {
      token: first.token,
      body: { action: 'remove', version: 1 },
    });
    assert.equal(removed.status, 200, JSON.stringify(removed.body));
    await waitFor(() => live.events.length === 2, 5000, 'notice.decided');
    assert.equal(live.events[1]!.type, 'notice.decided');
    assert.equal(live.events[1]!.item.notice?.decision, 'removed');

    const appeal = await app.request('POST', `${articlePath(SITE, 'sak')}/${commentId}/appeals`, {
      body: { token: posted.body.statusToken, explanation: 'Det var ingen trussel, bare en spøk.' },
    });
    assert.equal(appeal.status, 201, JSON.stringify(appeal.body));
    await waitFor(() => live.events.length === 3, 5000, 'appeal.received');
    const appealed = live.events[2]!;
    assert.equal(appealed.type, 'appeal.received');
    assert.equal(appealed.item.appeal?.id, appeal.body.appeal.id);
    assert.equal((appealed.item.appeal?.originalDecider as { id: string } | null)?.id, first.id);

    const decided = await app.request('POST', `/api/v1/moderation/appeals/${appeal.body.appeal.id}/actions`, {
      token: second.token,
      body: { action: 'uphold', version: 1, reason: 'Det leses som en trussel.' },
    });
    assert.equal(decided.status, 200, JSON.stringify(decided.body));
    await waitFor(() => live.events.length === 4, 5000, 'appeal.decided');
    assert.equal(live.events[3]!.type, 'appeal.decided');
    assert.equal(live.events[3]!.item.appeal?.outcome, 'upheld');
    const seqs = live.events.map((e) => e.item.seq);
    assert.deepEqual(
      seqs,
      [...seqs].sort((a, b) => a - b),
      'in seq order',
    );
    live.socket.close();

    // A moderator who was away joins with the seq before the notice and gets the four, in order.
    const back = await listen(first.token, received.item.seq - 1);
    await waitFor(() => back.events.length >= 4, 5000, 'the replay');
    assert.deepEqual(
      back.events.map((e) => e.type),
      ['notice.received', 'notice.decided', 'appeal.received', 'appeal.decided'],
    );
    back.socket.close();
  });
});
