import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Socket } from 'socket.io-client';
import { hasMatcher } from '../../src/moderation/engine/index.js';
import { READER_GROUPS, readerGroup } from '../../src/realtime/events.js';
import { BATCH_LIMITS, type LiveBatch } from '../../src/realtime/live-batches.js';
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
import { dropRedisKeys, REDIS_URL, requireRedis } from '../support/prerequisites.js';

const INTERVAL_MS = 250;

async function reader(app: TestApp, siteId: string, articleId: string, coalesce: boolean): Promise<Socket> {
  const socket = connect(app.url, '/live');
  await connected(socket);
  assert.deepEqual(await emitAck(socket, 'subscribe', { siteId, articleId, coalesce }), { ok: true });
  return socket;
}

/** Posts comments all at once; returns the ids of the ones published at once. */
async function postMany(app: TestApp, siteId: string, articleId: string, n: number, tag: string) {
  const answers = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      app.request('POST', articlePath(siteId, articleId), {
        body: {
          body: `Innlegg ${tag} nummer ${i} om ferjetilbudet i kveld.`,
          authorName: `Leser ${tag}${i}`,
        },
        headers: { 'x-forwarded-for': `10.9.${i % 250}.1` },
      }),
    ),
  );
  for (const res of answers) assert.equal(res.status, 201, JSON.stringify(res.body));
  return answers.filter((r) => r.body.comment.status === 'approved').map((r) => r.body.comment.id as string);
}

/** What one coalesced reader learned: every comment id seen, removals, and whether numbering had no gap. */
function summarise(batches: LiveBatch[]) {
  const ids = batches.flatMap((b) => b.comments.map((c) => c.id));
  return {
    ids,
    removed: batches.flatMap((b) => b.removed),
    more: batches.reduce((n, b) => n + b.more, 0),
    numbering: batches.map((b) => b.batch),
  };
}

describe('coalesced reader events on /live', () => {
  let db: TestDatabase;
  let app: TestApp;
  let moderator: string;
  const sockets: Socket[] = [];
  const SITE = 'lesarflaum';

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db, { liveBatchIntervalMs: INTERVAL_MS });
    await createSite(app, SITE, { mode: 'post' });
    moderator = (await createStaff(app, 'moderator', [SITE])).token;
  });
  after(async () => {
    for (const s of sockets) s.close();
    await app?.close();
    await db?.stop();
  });

  it('v1 readers get an event per change, coalesced readers one message per interval with every change in it', async () => {
    const v1 = await reader(app, SITE, 'sak-1', false);
    const batched = await reader(app, SITE, 'sak-1', true);
    const elsewhere = await reader(app, SITE, 'sak-2', true);
    sockets.push(v1, batched, elsewhere);
    const published = collect<{ id: string }>(v1, 'comment.published');
    const v1Removed = collect<{ id: string }>(v1, 'comment.removed');
    const v1Batches = collect<LiveBatch>(v1, 'comments.changed');
    const batches = collect<LiveBatch>(batched, 'comments.changed');
    const batchedSingles = collect(batched, 'comment.published');
    const other = collect<LiveBatch>(elsewhere, 'comments.changed');

    // No more than a message holds (BATCH_LIMITS.comments), so none is only counted in `more`.
    const approved = await postMany(app, SITE, 'sak-1', BATCH_LIMITS.comments, 'a');
    assert.ok(approved.length >= 20, `most comments are published (${approved.length})`);
    const victim = approved[3]!;
    const queue = await app.request(
      'GET',
      `/api/v1/moderation/sites/${SITE}/queue?status=approved&limit=100`,
      {
        token: moderator,
      },
    );
    const version = queue.body.items.find((c: { id: string }) => c.id === victim).version;
    const action = await app.request('POST', `/api/v1/moderation/comments/${victim}/actions`, {
      token: moderator,
      body: { action: 'reject', version },
    });
    assert.equal(action.status, 200);

    await waitFor(() => published.length === approved.length && v1Removed.length === 1, 10_000, 'v1 events');
    await waitFor(() => summarise(batches).removed.includes(victim), 10_000, 'the removal, coalesced');
    const seen = summarise(batches);
    // The removed comment is listed only if its message left before the removal (same interval: only removed).
    const expected = approved.filter((id) => id !== victim || seen.ids.includes(victim));
    assert.deepEqual([...seen.ids].sort(), expected.sort(), 'every published comment, once');
    assert.equal(seen.more, 0);
    assert.deepEqual(
      seen.numbering,
      seen.numbering.map((_, i) => i + 1),
      'numbered without a gap',
    );
    assert.ok(batches.length < approved.length, `${approved.length} changes, ${batches.length} messages`);
    assert.deepEqual(v1Batches, [], 'a v1 reader never gets the coalesced form');
    assert.deepEqual(batchedSingles, [], 'a coalesced reader never gets the per-change form');
    assert.deepEqual(other, [], 'another article hears nothing');
    for (const c of batches.flatMap((b) => b.comments)) {
      for (const field of [
        'authorEmail',
        'authorKey',
        'ipHash',
        'moderation',
        'status',
        'version',
        'reports',
      ])
        assert.ok(!(field in c), `a reader's message never carries ${field}`);
    }
  });

  it('encodes each coalesced message once per group of readers, however many readers receive it', async () => {
    const readers = await Promise.all(Array.from({ length: 25 }, () => reader(app, SITE, 'sak-3', true)));
    sockets.push(...readers);
    const received = readers.map((s) => collect<LiveBatch>(s, 'comments.changed'));
    const encoder = app.service.io.encoder as unknown as {
      encode: (packet: { data?: unknown[] }) => unknown[];
    };
    const encode = encoder.encode;
    let encodings = 0;
    encoder.encode = function (this: unknown, packet) {
      if (packet.data?.[0] === 'comments.changed') encodings++;
      return encode.call(this, packet);
    };
    try {
      await postMany(app, SITE, 'sak-3', 5, 'b');
      await waitFor(() => received.every((r) => summarise(r).ids.length === 5), 10_000, 'all readers');
    } finally {
      encoder.encode = encode;
    }
    // Each group of an article's readers gets its own message (see LiveBatcher); a reader's group is
    // its socket's, and a message is one group's batch number.
    const messages = new Set(
      received.flatMap((r, i) => r.map((b) => `${readerGroup(readers[i]!.id!)}:${b.batch}`)),
    );
    const perReader = Math.max(...received.map((r) => r.length));
    assert.equal(
      encodings,
      messages.size,
      `${messages.size} message(s) to 25 readers in their groups, encoded ${encodings} time(s)`,
    );
    assert.ok(encodings <= READER_GROUPS * perReader, 'at most one encoding per group and round');
  });

  it("a reader's subscribe compiles the site's moderation rules, so its first post does not", async () => {
    // Compiling a site's matcher blocks the event loop for 0.3-0.8 s on the bench machine; when the
    // first post paid for it, every post and frame behind it waited as long (docs/REALTIME.md).
    const site = await createSite(app, 'lesarvarm', { mode: 'post' });
    const policyKey = `${site.id}:${site.policyVersion}`;
    assert.equal(hasMatcher(policyKey), false, 'nothing has used the new site yet');
    sockets.push(await reader(app, site.id, 'sak-varm', true));
    await waitFor(() => hasMatcher(policyKey), 10_000);
  });

  it('refuses a coalesce flag that is not a boolean', async () => {
    const socket = connect(app.url, '/live');
    sockets.push(socket);
    await connected(socket);
    assert.deepEqual(await emitAck(socket, 'subscribe', { siteId: SITE, articleId: 'x', coalesce: 'yes' }), {
      ok: false,
      error: 'validation_failed',
    });
  });
});

describe('coalesced reader events across two instances (Redis)', () => {
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  const sockets: Socket[] = [];
  const SITE = 'to-lesarar';
  const prefix = `ordskifte-test-fanout-${randomBytes(3).toString('hex')}`;

  before(async () => {
    await requireRedis();
    db = await TestDatabase.start();
    const overrides = {
      liveBatchIntervalMs: INTERVAL_MS,
      redisUrl: REDIS_URL,
      redisKeyPrefix: prefix,
    };
    a = await startTestApp(db, overrides);
    b = await startTestApp(db, overrides, a.dbName);
    await createSite(a, SITE, { mode: 'post' });
  });
  after(async () => {
    for (const s of sockets) s.close();
    await a?.close();
    await b?.close();
    await db?.stop();
    await dropRedisKeys(prefix);
  });

  it('each instance sends its own readers every change once, wherever it was made', async () => {
    const onA = await reader(a, SITE, 'sak', true);
    const onB = await reader(b, SITE, 'sak', true);
    const v1OnA = await reader(a, SITE, 'sak', false);
    sockets.push(onA, onB, v1OnA);
    const batchesA = collect<LiveBatch>(onA, 'comments.changed');
    const batchesB = collect<LiveBatch>(onB, 'comments.changed');
    const v1 = collect<{ id: string }>(v1OnA, 'comment.published');

    // Groups of 12 two intervals apart: no message holds more than its bound of 25 (a
    // fast service posts all 36 within one interval, and the rest would only be counted
    // in `more`, which this test cannot check by id).
    const pause = () => new Promise((r) => setTimeout(r, INTERVAL_MS * 2));
    const approved = [
      ...(await postMany(b, SITE, 'sak', 12, 'b')),
      ...(await pause().then(() => postMany(a, SITE, 'sak', 12, 'a'))),
      ...(await pause().then(() => postMany(b, SITE, 'sak', 12, 'c'))),
    ];
    const all = (batches: LiveBatch[]) => summarise(batches).ids.length >= approved.length;
    await waitFor(
      () => all(batchesA) && all(batchesB) && v1.length >= approved.length,
      10_000,
      'both readers',
    );
    // Let anything late or doubled arrive before judging.
    await new Promise((r) => setTimeout(r, INTERVAL_MS * 3));
    for (const [name, batches] of [
      ['A', batchesA],
      ['B', batchesB],
    ] as const) {
      const seen = summarise(batches);
      assert.equal(seen.more, 0, `reader on ${name}: nothing only counted`);
      assert.deepEqual([...seen.ids].sort(), [...approved].sort(), `reader on ${name}: every comment once`);
      assert.deepEqual(
        seen.numbering,
        seen.numbering.map((_, i) => i + 1),
        `reader on ${name}: one numbering, from its own instance only`,
      );
    }
    assert.deepEqual(
      v1.map((e) => e.id).sort(),
      [...approved].sort(),
      'v1 readers still get each event once',
    );
  });
});
