import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Socket } from 'socket.io-client';
import { SiteEventLog } from '../../src/events/site-event-log.js';
import type { LiveBatch } from '../../src/realtime/live-batches.js';
import {
  articlePath,
  collect,
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

/**
 * A reader's comment reaches the readers once it is stored, not after the moderators' event
 * is logged too: under load that insert was one more round trip in post→publish. The event
 * log is the real one; its append is held (not replaced) until the readers hold the comment,
 * so a publish that waited for the log would never come and the test fails at its bound.
 */
describe('readers get a stored comment before the moderators event is logged', () => {
  let db: TestDatabase;
  let app: TestApp;
  const sockets: Socket[] = [];
  const SITE = 'foerst-lesarane';
  const append = SiteEventLog.prototype.append;
  let release: () => void = () => undefined;
  let held: Promise<void> = Promise.resolve();

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db, { liveBatchIntervalMs: 200 });
    await createSite(app, SITE, { mode: 'post' });
    SiteEventLog.prototype.append = async function (this: SiteEventLog, ...args) {
      await held;
      return append.apply(this, args);
    };
  });
  after(async () => {
    SiteEventLog.prototype.append = append;
    release();
    for (const s of sockets) s.close();
    await app?.close();
    await db?.stop();
  });

  it('v1 and coalesced readers hold it while the event is still waiting; moderators get it with its seq after', async () => {
    const moderatorToken = (await createStaff(app, 'moderator', [SITE])).token;
    const moderator = connect(app.url, '/moderation', { auth: { token: moderatorToken } });
    const v1 = connect(app.url, '/live');
    const batched = connect(app.url, '/live');
    sockets.push(moderator, v1, batched);
    await Promise.all([connected(moderator), connected(v1), connected(batched)]);
    assert.equal((await emitAck<{ ok: boolean }>(moderator, 'join', { siteId: SITE })).ok, true);
    const sub = { siteId: SITE, articleId: 'sak-1' };
    assert.deepEqual(await emitAck(v1, 'subscribe', { ...sub, coalesce: false }), { ok: true });
    assert.deepEqual(await emitAck(batched, 'subscribe', { ...sub, coalesce: true }), { ok: true });
    const published = collect<{ id: string }>(v1, 'comment.published');
    const batches = collect<LiveBatch>(batched, 'comments.changed');
    const created = collect<{ id: string; seq: number }>(moderator, 'comment.created');

    held = new Promise((ok) => {
      release = ok;
    });
    const answer = app.request('POST', articlePath(SITE, 'sak-1'), {
      body: { body: 'Takk for ei grundig sak om ferjetilbodet.', authorName: 'Kari' },
    });
    await waitFor(
      () => published.length === 1 && batches.some((b) => b.comments.length === 1),
      10_000,
      'the comment at both readers while its event waits',
    );
    assert.equal(created.length, 0, 'the moderators event is not sent before it is logged');
    release();
    const res = await answer;
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.comment.status, 'approved');
    assert.equal(published[0]!.id, res.body.comment.id);
    assert.equal(batches.flatMap((b) => b.comments)[0]!.id, res.body.comment.id);
    await waitFor(() => created.length === 1, 10_000, 'the moderators event');
    assert.equal(created[0]!.id, res.body.comment.id);
    assert.equal(typeof created[0]!.seq, 'number');
  });
});
