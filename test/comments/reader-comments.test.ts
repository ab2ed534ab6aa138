import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  articlePath,
  collect,
  connect,
  connected,
  emitAck,
  once,
  RELAXED_LIMITS,
  startTestApp,
  type TestApp,
  TestDatabase,
  waitFor,
} from '../support/harness.js';
import { storedComment } from '../support/factories.js';

describe('reader comments through the real app, database lane and sockets', () => {
  let db: TestDatabase;
  let app: TestApp;

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  const post = (articleId: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    app.request('POST', articlePath('demo', articleId), { body, headers });

  it('approves a clean comment, stores it, publishes it to readers and moderators', async () => {
    const token = await app.adminToken();
    const moderator = connect(app.url, '/moderation', { auth: { token } });
    const reader = connect(app.url, '/live');
    await Promise.all([connected(moderator), connected(reader)]);
    const join = await emitAck<{ ok: boolean; counts: Record<string, number> }>(moderator, 'join', {
      siteId: 'demo',
    });
    assert.equal(join.ok, true);
    assert.deepEqual(await emitAck(reader, 'subscribe', { siteId: 'demo', articleId: 'a-1' }), { ok: true });
    const created = once<Record<string, unknown>>(moderator, 'comment.created');
    const published = once<Record<string, unknown>>(reader, 'comment.published');

    const res = await post('a-1', {
      body: 'Godt skrevet, takk for en viktig sak om skolen.',
      authorName: 'Kari',
      authorEmail: 'kari@example.no',
    });
    assert.equal(res.status, 201);
    assert.equal(res.body.comment.status, 'approved');
    assert.equal(res.body.moderation.decision, 'approve');
    assert.deepEqual(res.body.moderation.reasons, []);
    assert.equal(res.body.comment.authorEmail, undefined);

    const stored = await app.service.db.connection.collection('comments').findOne({ body: /Godt skrevet/ });
    assert.ok(stored);
    assert.equal(stored.status, 'approved');
    assert.equal(stored.version, 1);
    assert.equal(stored.authorEmail, 'kari@example.no');
    assert.equal(typeof stored.ipHash, 'string');
    assert.notEqual(stored.ipHash, '127.0.0.1');

    const modEvent = await created;
    assert.equal(modEvent.id, res.body.comment.id);
    assert.equal(typeof modEvent.seq, 'number');
    assert.equal((modEvent.moderation as { decision: string }).decision, 'approve');
    const liveEvent = await published;
    assert.equal(liveEvent.id, res.body.comment.id);
    assert.equal(liveEvent.authorEmail, undefined);
    assert.equal(liveEvent.moderation, undefined);

    const list = await app.request('GET', articlePath('demo', 'a-1'));
    assert.equal(list.status, 200);
    assert.equal(list.body.items.length, 1);
    assert.equal(list.body.items[0].id, res.body.comment.id);
    assert.equal(list.body.article.commentCount, 1);
    assert.equal(list.body.article.open, true);
    assert.equal(JSON.stringify(list.body).includes('kari@example.no'), false);
    moderator.close();
    reader.close();
  });

  it('rejects a comment with a banned term, keeps it for moderators, never shows it', async () => {
    // A strong insult aimed at a person (swearing alone is held under the default grade policy).
    const res = await post('a-2', { body: 'Du er en jævla drittsekk.', authorName: 'Ola' });
    assert.equal(res.status, 201);
    assert.equal(res.body.comment.status, 'rejected');
    assert.equal(res.body.moderation.decision, 'reject');
    assert.ok(res.body.moderation.reasons.some((r: { rule: string }) => r.rule === 'banned_term'));
    const stored = await app.service.db.connection.collection('comments').findOne({ articleId: 'a-2' });
    assert.equal(stored?.status, 'rejected');
    assert.ok(stored?.moderation.reasons.length > 0);
    const list = await app.request('GET', articlePath('demo', 'a-2'));
    assert.equal(list.body.items.length, 0);
  });

  it('holds a comment with more links than the site allows', async () => {
    const res = await post('a-3', {
      body: 'Se https://example.com/a og https://example.org/b og http://example.net/c for kilder.',
      authorName: 'Per',
    });
    assert.equal(res.status, 201);
    assert.equal(res.body.comment.status, 'pending');
    assert.equal(res.body.moderation.decision, 'hold');
    assert.ok(res.body.moderation.reasons.some((r: { rule: string }) => r.rule === 'too_many_links'));
    assert.equal((await app.request('GET', articlePath('demo', 'a-3'))).body.items.length, 0);
  });

  it('holds every comment of an article under pre-moderation', async () => {
    const token = await app.adminToken();
    const patch = await app.request('PATCH', '/api/v1/moderation/sites/demo/articles/a-pre', {
      token,
      body: { mode: 'pre' },
    });
    assert.equal(patch.status, 200);
    const res = await post('a-pre', { body: 'Helt vanlig kommentar.', authorName: 'Siri' });
    assert.equal(res.body.comment.status, 'pending');
    assert.ok(res.body.moderation.reasons.some((r: { rule: string }) => r.rule === 'premoderation'));
  });

  it("tells a held comment's author, and only them, how moderation went", async () => {
    const token = await app.adminToken();
    await app.request('PATCH', '/api/v1/moderation/sites/demo/articles/a-status', {
      token,
      body: { mode: 'pre' },
    });
    const first = await post('a-status', { body: 'Venter på en moderator.', authorName: 'Siri' });
    const second = await post('a-status', { body: 'Denne blir godkjent.', authorName: 'Siri' });
    const [held, kept] = [first.body, second.body];
    assert.equal(held.comment.status, 'pending');
    assert.equal(typeof held.statusToken, 'string');
    assert.notEqual(held.statusToken, kept.statusToken);
    const status = (id: string, statusToken: string, articleId = 'a-status') =>
      app.request(
        'GET',
        `${articlePath('demo', articleId)}/${id}/status?token=${encodeURIComponent(statusToken)}`,
      );

    const before = await status(held.comment.id, held.statusToken);
    assert.equal(before.status, 200);
    assert.deepEqual(before.body, { comment: { id: held.comment.id, status: 'pending' } });
    assert.equal(before.headers.get('cache-control'), 'no-store');

    const act = (id: string, action: string) =>
      app.request('POST', `/api/v1/moderation/comments/${id}/actions`, {
        token,
        body: { action, version: 1 },
      });
    assert.equal((await act(held.comment.id, 'reject')).status, 200);
    assert.equal((await act(kept.comment.id, 'approve')).status, 200);
    assert.equal((await status(held.comment.id, held.statusToken)).body.comment.status, 'rejected');
    assert.equal((await status(kept.comment.id, kept.statusToken)).body.comment.status, 'approved');

    // Another comment's token, another article, or a made-up id: all the same 404.
    for (const res of [
      await status(held.comment.id, kept.statusToken),
      await status(held.comment.id, held.statusToken, 'a-other'),
      await status('0123456789abcdef01234567', held.statusToken),
    ]) {
      assert.equal(res.status, 404);
      assert.equal(res.body.error.code, 'not_found');
    }
    const malformed = await status('not-an-id', held.statusToken);
    assert.equal(malformed.status, 422);
    const missing = await app.request('GET', `${articlePath('demo', 'a-status')}/${held.comment.id}/status`);
    assert.equal(missing.status, 422);
  });

  it('paginates 250 comments with identical createdAt without skipping or repeating', async () => {
    const comments = app.service.db.connection.collection('comments');
    const at = new Date('2026-01-01T12:00:00Z');
    const docs = Array.from({ length: 250 }, (_, i) =>
      storedComment({
        articleId: 'same-time',
        body: `kommentar ${i}`,
        authorKey: `anon:${i}`,
        createdAt: at,
      }),
    );
    await comments.insertMany(docs);
    for (const sort of ['newest', 'oldest']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `?limit=100&sort=${sort}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const res = await app.request('GET', articlePath('demo', 'same-time') + query);
        assert.equal(res.status, 200);
        seen.push(...res.body.items.map((c: { id: string }) => c.id));
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor);
      assert.equal(pages, 3);
      assert.equal(seen.length, 250);
      assert.equal(new Set(seen).size, 250);
    }
  });

  it('neither skips nor repeats while new comments arrive between pages', async () => {
    for (let i = 0; i < 30; i++)
      await post('moving', { body: `Innlegg nummer ${i} om saken.`, authorName: `Leser ${i}` });
    const first = await app.request('GET', `${articlePath('demo', 'moving')}?limit=10`);
    for (let i = 0; i < 5; i++)
      await post('moving', { body: `Nytt innlegg ${i} underveis.`, authorName: `Ny ${i}` });
    const seen = first.body.items.map((c: { id: string }) => c.id);
    let cursor = first.body.nextCursor;
    while (cursor) {
      const res = await app.request(
        'GET',
        `${articlePath('demo', 'moving')}?limit=10&cursor=${encodeURIComponent(cursor)}`,
      );
      seen.push(...res.body.items.map((c: { id: string }) => c.id));
      cursor = res.body.nextCursor;
    }
    assert.equal(seen.length, 30);
    assert.equal(new Set(seen).size, 30);
  });

  it('shows one level of replies under their parent, oldest first, with replyCount', async () => {
    const parent = await post('thread', { body: 'Hovedinnlegg om kommunebudsjettet.', authorName: 'A' });
    const r1 = await post('thread', {
      body: 'Første svar.',
      authorName: 'B',
      parentId: parent.body.comment.id,
    });
    const r2 = await post('thread', {
      body: 'Andre svar.',
      authorName: 'C',
      parentId: parent.body.comment.id,
    });
    assert.equal(r1.status, 201);
    const nested = await post('thread', {
      body: 'Svar på svar.',
      authorName: 'D',
      parentId: r1.body.comment.id,
    });
    assert.equal(nested.status, 422);
    assert.equal(nested.body.error.details[0].path, 'body.parentId');
    const list = await app.request('GET', articlePath('demo', 'thread'));
    assert.equal(list.body.items.length, 1);
    assert.equal(list.body.items[0].replyCount, 2);
    assert.deepEqual(
      list.body.items[0].replies.map((r: { id: string }) => r.id),
      [r1.body.comment.id, r2.body.comment.id],
    );
  });

  it('creates one comment for 20 concurrent requests with the same Idempotency-Key', async () => {
    const reader = connect(app.url, '/live');
    await connected(reader);
    await emitAck(reader, 'subscribe', { siteId: 'demo', articleId: 'idem' });
    const published = collect(reader, 'comment.published');
    const body = { body: 'Dobbeltklikk skal bare gi én kommentar.', authorName: 'Rask' };
    const results = await Promise.all(
      Array.from({ length: 20 }, () => post('idem', body, { 'Idempotency-Key': 'click-1' })),
    );
    assert.deepEqual(
      results.map((r) => r.status),
      Array(20).fill(201),
    );
    assert.equal(
      new Set(results.map((r) => r.body.comment.id)).size,
      1,
      'one comment per Idempotency-Key: every duplicate answers with the same id',
    );
    assert.equal(
      await app.service.db.connection.collection('comments').countDocuments({ articleId: 'idem' }),
      1,
      'one comment per Idempotency-Key is stored',
    );
    const retry = await post('idem', body, { 'Idempotency-Key': 'click-1' });
    assert.equal(retry.body.comment.id, results[0]!.body.comment.id, 'a retry answers as the first time');
    const other = await post('idem', { ...body, body: 'Noe helt annet.' }, { 'Idempotency-Key': 'click-1' });
    assert.equal(other.status, 422);
    // A barrier instead of a pause: events reach one socket in order, so once a later comment's
    // event is in, a second event for the first comment would have come before it.
    const marker = await post('idem', { body: 'Et senere innlegg i samme tråd.', authorName: 'Senere' });
    await waitFor(() => published.length >= 2, 5000, 'the later comment’s event');
    assert.deepEqual(
      published.map((c) => (c as { id: string }).id),
      [results[0]!.body.comment.id, marker.body.comment.id],
    );
    reader.close();
  });

  it('a retry the rate limit would refuse still gets its stored comment', async () => {
    const limited = await startTestApp(db, { rateLimits: { ...RELAXED_LIMITS, commentsPerMinutePerIp: 1 } });
    try {
      const send = (key: string | null, text: string) =>
        limited.request('POST', articlePath('demo', 'lost-answer'), {
          body: { body: text, authorName: 'Tapt' },
          headers: key ? { 'Idempotency-Key': key } : {},
        });
      const first = await send('lost-1', 'Svaret på denne kom aldri fram til lesaren.');
      assert.equal(first.status, 201);
      // The answer was lost; the limit is used up by the first post, and the retry must not count.
      const retry = await send('lost-1', 'Svaret på denne kom aldri fram til lesaren.');
      assert.equal(retry.status, 201, 'a retry answers as the first time, past the rate limit');
      assert.equal(retry.body.comment.id, first.body.comment.id);
      assert.equal(retry.body.statusToken, first.body.statusToken);
      // A new post (another key, or none) is limited as before; a reused key with another body is not a retry.
      assert.equal((await send('lost-2', 'Ein heilt ny kommentar.')).status, 429);
      assert.equal((await send(null, 'Ein heilt ny kommentar.')).status, 429);
      assert.equal((await send('lost-1', 'Ein annan tekst med same nøkkel.')).status, 422);
      const comments = limited.service.db.connection.collection('comments');
      assert.equal(await comments.countDocuments({ articleId: 'lost-answer' }), 1);
    } finally {
      await limited.close();
    }
  });

  it('an Idempotency-Key binds for a day; after that it is a new post', async () => {
    const body = { body: 'Ein nøkkel som blir brukt att dagen etter.', authorName: 'Dag' };
    const first = await post('key-day', body, { 'Idempotency-Key': 'day-1' });
    assert.equal(first.status, 201);
    const comments = app.service.db.connection.collection('comments');
    const dayAgo = new Date(Date.now() - 24 * 3600 * 1000 - 60_000);
    const { ObjectId } = await import('mongodb');
    await comments.updateOne({ _id: new ObjectId(first.body.comment.id) }, { $set: { createdAt: dayAgo } });
    const other = { ...body, body: 'Ein annan tekst, same nøkkel, ein dag seinare.' };
    const again = await post('key-day', other, { 'Idempotency-Key': 'day-1' });
    assert.equal(again.status, 201);
    assert.notEqual(again.body.comment.id, first.body.comment.id);
    // The new post holds the key now: its retry gets it, the old one keeps its place in the thread.
    const retry = await post('key-day', other, { 'Idempotency-Key': 'day-1' });
    assert.equal(retry.body.comment.id, again.body.comment.id);
    assert.equal(await comments.countDocuments({ articleId: 'key-day' }), 2);
  });

  it('exposes Prometheus metrics: durations by route and status, comments by decision, sockets', async () => {
    /** A sample's value (never the # HELP or # TYPE line that names the same metric). */
    const sample = async (series: string) => {
      const res = await app.request('GET', '/metrics');
      assert.equal(res.status, 200);
      const line = String(res.body)
        .split('\n')
        .find((l) => l.startsWith(`${series} `));
      return line === undefined ? 0 : Number(line.slice(series.length + 1));
    };
    const approved = 'ordskifte_comments_total{decision="approve"}';
    const rejected = 'ordskifte_comments_total{decision="reject"}';
    const posted =
      'ordskifte_http_request_duration_seconds_count{method="POST",route="/api/v1/sites/:siteId/articles/:articleId/comments",status="201"}';
    const live = 'ordskifte_connected_sockets{namespace="live"}';
    const before = {
      approved: await sample(approved),
      rejected: await sample(rejected),
      posted: await sample(posted),
      live: await sample(live),
    };
    assert.equal(
      (await post('metrikk', { body: 'Ryddig og saklig innlegg.', authorName: 'Kari' })).status,
      201,
    );
    assert.equal((await post('metrikk', { body: 'Din jævla idiot.', authorName: 'Per' })).status, 201);
    const reader = connect(app.url, '/live');
    await connected(reader);
    await waitFor(
      async () => (await sample(live)) === before.live + 1,
      5000,
      'the /live gauge to count the reader',
    );
    assert.equal(await sample(approved), before.approved + 1);
    assert.equal(await sample(rejected), before.rejected + 1);
    assert.equal(await sample(posted), before.posted + 2);
    reader.close();
    await waitFor(
      async () => (await sample(live)) === before.live,
      5000,
      'the /live gauge to let the reader go',
    );
  });

  it('serves the OpenAPI document generated from the validating schemas', async () => {
    const res = await app.request('GET', '/api/v1/openapi.json');
    assert.equal(res.status, 200);
    assert.equal(res.body.openapi, '3.1.0');
    const post = res.body.paths['/api/v1/sites/{siteId}/articles/{articleId}/comments'].post;
    assert.ok(post.requestBody.content['application/json'].schema.properties.body);
    assert.ok(res.body.paths['/api/v1/moderation/comments/{commentId}/actions'].post);
  });
});
