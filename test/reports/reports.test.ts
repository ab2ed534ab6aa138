import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Types } from 'mongoose';
import { loginToken } from '../readers/reader-tokens.js';
import {
  articlePath,
  collect,
  connect,
  connected,
  createSite,
  createStaff,
  emitAck,
  RELAXED_LIMITS,
  startTestApp,
  type TestApp,
  TestDatabase,
  waitFor,
} from '../support/harness.js';

const SECRET = 'report-site-secret-0123456789abcdefgh';

describe('reader reports', () => {
  let db: TestDatabase;
  let app: TestApp;
  const site = 'report-avis';
  let ipCounter = 0;
  /** A fresh client address per reader (the app trusts one proxy hop). */
  const nextIp = () => `10.0.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db, {
      trustProxy: 1,
      rateLimits: { ...RELAXED_LIMITS, reportsPerMinutePerIp: 3 },
    });
    await createSite(app, site, { reportThreshold: 3, ssoSecret: SECRET });
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  const comment = async (articleId: string, body = 'En helt vanlig kommentar.') => {
    const res = await app.request('POST', articlePath(site, articleId), {
      body: { body, authorName: 'Skribent' },
      headers: { 'x-forwarded-for': nextIp() },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.comment.id as string;
  };
  const report = (
    articleId: string,
    commentId: string,
    ip: string,
    body: Record<string, unknown> = { reason: 'abuse' },
    headers: Record<string, string> = {},
  ) =>
    app.request('POST', `${articlePath(site, articleId)}/${commentId}/reports`, {
      body,
      headers: { 'x-forwarded-for': ip, 'user-agent': 'test-browser', ...headers },
    });
  const storedComment = (id: string) =>
    app.service.db.connection.collection('comments').findOne({ body: { $exists: true }, _id: oid(id) });
  const oid = (id: string) => new Types.ObjectId(id);

  it('counts one report per reader and queues the comment at the threshold, live for moderators', async () => {
    const id = await comment('r-1');
    const moderator = await createStaff(app, 'moderator', [site]);
    const socket = connect(app.url, '/moderation', { auth: { token: moderator.token } });
    await connected(socket);
    assert.equal((await emitAck<{ ok: boolean }>(socket, 'join', { siteId: site })).ok, true);
    const updates = collect<Record<string, unknown>>(socket, 'comment.updated');

    const first = nextIp();
    assert.equal((await report('r-1', id, first, { reason: 'abuse', note: 'Hets' })).status, 202);
    assert.equal((await report('r-1', id, nextIp(), { reason: 'spam' })).status, 202);
    // The same reader again: accepted, not counted.
    const repeat = await report('r-1', id, first, { reason: 'spam' });
    assert.equal(repeat.status, 202);
    let doc = await storedComment(id);
    assert.equal(doc?.reportCount, 2);
    assert.equal(doc?.reported, false);
    assert.equal(doc?.version, 1);

    assert.equal((await report('r-1', id, nextIp(), { reason: 'abuse' })).status, 202);
    doc = await storedComment(id);
    assert.equal(doc?.reportCount, 3);
    assert.equal(doc?.reported, true);
    assert.equal(doc?.version, 2);
    assert.deepEqual(doc?.reportReasons, { abuse: 2, spam: 1 });
    assert.equal(await app.service.db.connection.collection('reports').countDocuments({ commentId: id }), 3);

    await waitFor(() => updates.some((u) => u.id === id), 5000, 'comment.updated');
    const event = updates.find((u) => u.id === id)!;
    assert.equal(event.reported, true);
    assert.equal(event.version, 2);
    assert.deepEqual(event.reports, { count: 3, reasons: { abuse: 2, spam: 1 } });

    const queue = await app.request('GET', `/api/v1/moderation/sites/${site}/queue?status=reported`, {
      token: moderator.token,
    });
    assert.equal(queue.status, 200);
    assert.deepEqual(
      queue.body.items.map((c: { id: string }) => c.id),
      [id],
    );
    assert.equal(queue.body.items[0].reports.count, 3);
    assert.equal(queue.body.counts.reported, 1);

    const reports = await app.request('GET', `/api/v1/moderation/comments/${id}/reports`, {
      token: moderator.token,
    });
    assert.equal(reports.status, 200);
    assert.equal(reports.body.items.length, 3);
    assert.equal(reports.body.items[0].note, 'Hets');
    assert.equal(JSON.stringify(reports.body).includes('reporterKey'), false);
    socket.close();

    // A moderator clears it; it comes back only after another full threshold of new reports.
    const approved = await app.request('POST', `/api/v1/moderation/comments/${id}/actions`, {
      token: moderator.token,
      body: { action: 'approve', version: 2 },
    });
    assert.equal(approved.status, 200);
    assert.equal(approved.body.comment.reported, false);
    await report('r-1', id, nextIp());
    await report('r-1', id, nextIp());
    assert.equal((await storedComment(id))?.reported, false);
    await report('r-1', id, nextIp());
    assert.equal((await storedComment(id))?.reported, true);
  });

  it('counts a logged-in reader once whatever address they report from', async () => {
    const id = await comment('r-2');
    const token = loginToken(SECRET, 'reader-7', 'Leser Sju');
    const auth = { authorization: `Bearer ${token}` };
    assert.equal((await report('r-2', id, nextIp(), { reason: 'off_topic' }, auth)).status, 202);
    assert.equal((await report('r-2', id, nextIp(), { reason: 'off_topic' }, auth)).status, 202);
    const doc = await storedComment(id);
    assert.equal(doc?.reportCount, 1);
    const stored = await app.service.db.connection.collection('reports').findOne({ commentId: id });
    assert.equal(stored?.reporterKey, 'sso:reader-7');
    const forged = await report('r-2', id, nextIp(), { reason: 'spam' }, { authorization: 'Bearer x.y.z' });
    assert.equal(forged.status, 401);
  });

  it('keeps no raw address: anonymous reporters are a keyed hash', async () => {
    const id = await comment('r-3');
    const ip = nextIp();
    await report('r-3', id, ip);
    const stored = await app.service.db.connection.collection('reports').findOne({ commentId: id });
    assert.ok(stored?.reporterKey.startsWith('anon:'));
    assert.equal(JSON.stringify(stored).includes(ip), false);
  });

  it('answers 404 for comments readers cannot see, 422 for a bad reason', async () => {
    const held = await app.request('POST', articlePath(site, 'r-4'), {
      body: { body: 'Se https://a.example/1 og https://b.example/2 og https://c.example/3', authorName: 'L' },
      headers: { 'x-forwarded-for': nextIp() },
    });
    assert.equal(held.body.comment.status, 'pending');
    assert.equal((await report('r-4', held.body.comment.id, nextIp())).status, 404);
    const id = await comment('r-4');
    assert.equal((await report('another-article', id, nextIp())).status, 404);
    assert.equal((await report('r-4', '0123456789abcdef01234567', nextIp())).status, 404);
    const bad = await report('r-4', id, nextIp(), { reason: 'boring' });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.error.details[0].path, 'body.reason');
  });

  it('rate-limits reports per address with 429 and Retry-After', async () => {
    const ids = [
      await comment('r-5', 'Første.'),
      await comment('r-5', 'Andre.'),
      await comment('r-5', 'Tredje.'),
    ];
    const ip = nextIp();
    for (const id of ids) assert.equal((await report('r-5', id, ip)).status, 202);
    const limited = await report('r-5', ids[0]!, ip);
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error.code, 'rate_limited');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    assert.equal((await report('r-5', ids[0]!, nextIp())).status, 202, 'other readers are not affected');
  });
});
