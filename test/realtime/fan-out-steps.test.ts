import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Socket } from 'socket.io-client';
import type { LiveBatch } from '../../src/realtime/live-batches.js';
import {
  articlePath,
  collect,
  connect,
  connected,
  createSite,
  emitAck,
  startTestApp,
  type TestApp,
  TestDatabase,
  waitFor,
} from '../support/harness.js';

const READERS = 24;

/**
 * A coalesced message goes to an article's readers in steps (LIVE_FAN_OUT_STEP sockets per
 * turn of the event loop, here 1), with the loop's I/O between them, so a message to 18,000
 * readers does not hold up the posts behind it; and every reader still gets every message
 * once, in order. The real service and socket.io; the namespace's broadcast is only watched.
 */
describe('coalesced messages go out in steps', () => {
  let db: TestDatabase;
  let app: TestApp;
  const sockets: Socket[] = [];
  const SITE = 'stegvis';

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db, { liveBatchIntervalMs: 200, liveFanOutStep: 1 });
    await createSite(app, SITE, { mode: 'post' });
  });
  after(async () => {
    for (const s of sockets) s.close();
    await app?.close();
    await db?.stop();
  });

  it('the event loop turns between the parts of one message; each reader gets each message once, in order', async () => {
    const received: LiveBatch[][] = [];
    for (let i = 0; i < READERS; i++) {
      const socket = connect(app.url, '/live');
      sockets.push(socket);
      await connected(socket);
      const ack = await emitAck(socket, 'subscribe', { siteId: SITE, articleId: 'sak-1', coalesce: true });
      assert.deepEqual(ack, { ok: true });
      received.push(collect<LiveBatch>(socket, 'comments.changed'));
    }
    // For each emit of a message: had an immediate set at the message's first emit run yet?
    const adapter = app.service.io.of('/live').adapter;
    const broadcast = adapter.broadcast.bind(adapter);
    const emits = new Map<number, { turned: boolean[]; marker: { ran: boolean } }>();
    adapter.broadcast = (packet, opts) => {
      const [event, batch] = packet.data as [string, LiveBatch];
      if (event === 'comments.changed') {
        let seen = emits.get(batch.batch);
        if (!seen) {
          const marker = { ran: false };
          setImmediate(() => {
            marker.ran = true;
          });
          seen = { turned: [], marker };
          emits.set(batch.batch, seen);
        }
        seen.turned.push(seen.marker.ran);
      }
      return broadcast(packet, opts);
    };

    const ids: string[] = [];
    for (let round = 0; round < 3; round++) {
      const res = await app.request('POST', articlePath(SITE, 'sak-1'), {
        body: { body: `Runde ${round}: takk for oppdateringa om stormen.`, authorName: `Leser ${round}` },
        headers: { 'x-forwarded-for': `10.7.${round}.1` },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.comment.status, 'approved');
      ids.push(res.body.comment.id);
    }
    await waitFor(
      () => received.every((batches) => batches.flatMap((b) => b.comments).length === ids.length),
      15_000,
      'every comment at every reader',
    );
    assert.ok(emits.size >= 1);
    for (const [number, { turned }] of emits) {
      assert.ok(
        turned.length >= 2,
        `message ${number} went out in ${turned.length} emit(s): in steps of one socket it takes several`,
      );
      assert.equal(turned[0], false);
      assert.ok(
        turned.slice(1).every(Boolean),
        `message ${number}: the event loop turned before each further part (${turned.join(', ')})`,
      );
    }
    const first = received[0]!.map((b) => b.batch);
    for (const batches of received) {
      assert.deepEqual(
        batches.map((b) => b.batch),
        first,
        'every reader got the same messages',
      );
      assert.deepEqual(
        batches.flatMap((b) => b.comments.map((c) => c.id)),
        ids,
        'each comment once, in order',
      );
    }
    assert.deepEqual(
      first,
      first.map((_, i) => first[0]! + i),
      'numbered without a gap',
    );
  });
});
