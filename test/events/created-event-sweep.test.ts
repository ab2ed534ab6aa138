import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CommentRepository } from '../../src/comments/comment.repository.js';
import { CreatedEventSweep } from '../../src/comments/created-event-sweep.js';
import { SiteEventLog } from '../../src/events/site-event-log.js';
import { EventPublisher } from '../../src/realtime/publisher.js';
import {
  articlePath,
  createSite,
  startTestApp,
  type TestApp,
  TestDatabase,
  testLogger,
} from '../support/harness.js';

/**
 * A new comment's `comment.created` event is logged after the post is answered (it lingers to
 * share an insert with the next posts' events). A guarantee test: a comment acknowledged to its
 * writer whose event a process that stopped in between never logged gets it from the sweep
 * (CreatedEventSweep), and no comment's event is ever logged twice, by two instances' sweeps or
 * by a sweep and the post's own late event, without a hole in the seqs. CI runs it against a
 * sweep that logs nothing and a log without the one-per-comment index
 * (scripts/broken-variants.mjs): each must fail here.
 */
describe('comment.created events a stopped process did not log', () => {
  let db: TestDatabase;
  let app: TestApp;
  const SITE = 'sveip-avis';
  const append = SiteEventLog.prototype.append;

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db, { createdEventLingerMs: 5000 });
    await createSite(app, SITE, { mode: 'post' });
  });
  after(async () => {
    SiteEventLog.prototype.append = append;
    await app?.close();
    await db?.stop();
  });

  /** Another instance's parts on the same database: its own event log (its own head) and publisher. */
  const instance = () => {
    // Its own mongoose connection object over the service's client (the lane's one connection on
    // jongodb, where only the unique indexes keep events unique; a pool on MongoDB).
    const connection = app.service.db.connection.useDb(app.dbName, { useCache: false });
    const eventLog = new SiteEventLog(connection, 7);
    const comments = new CommentRepository(connection);
    const publisher = new EventPublisher(eventLog, testLogger);
    // Graceless: comments made up to now are swept.
    const sweep = new CreatedEventSweep(
      { comments, eventLog, publisher },
      { lookbackMs: 60_000, graceMs: 0 },
    );
    return { eventLog, sweep, publisher };
  };
  const createdEvents = async (ids: string[]) =>
    app.service.db.connection
      .collection('site_events')
      .find({ siteId: SITE, type: 'comment.created', 'payload.id': { $in: ids } })
      .toArray();
  const waitForEvents = async (ids: string[]) => {
    const until = Date.now() + 8000;
    while ((await createdEvents(ids)).length < ids.length && Date.now() < until)
      await new Promise((ok) => setTimeout(ok, 100));
  };
  const post = async (body: string) => {
    const res = await app.request('POST', articlePath(SITE, 'sak-1'), { body: { body, authorName: 'Kari' } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return (res.body as { comment: { id: string } }).comment.id;
  };

  it('comments whose events their posts logged: the sweep logs nothing', async () => {
    const ids = [await post('Ein vanleg kommentar.'), await post('Og ein til.')];
    const { sweep } = instance();
    // The posts' own events linger (5 s here), then are stored.
    await waitForEvents(ids);
    assert.equal(await sweep.logMissing(new Date(Date.now() - 60_000), new Date(Date.now() + 1000)), 0);
    assert.equal((await createdEvents(ids)).length, 2);
  });

  it('the sweeps of two instances log each lost event once, in order, with no hole in the seqs', async () => {
    // The process "stops" after the answers: their created events are never stored.
    SiteEventLog.prototype.append = async function (this: SiteEventLog, ...args) {
      if (args[2] === 'comment.created') return null;
      return append.apply(this, args);
    };
    const ids: string[] = [];
    try {
      for (const text of ['Den første som mista hendinga si.', 'Den andre.', 'Og den tredje.'])
        ids.push(await post(text));
    } finally {
      SiteEventLog.prototype.append = append;
    }
    assert.equal((await createdEvents(ids)).length, 0, 'no event stored before the sweep');

    const [a, b] = [instance(), instance()];
    await new Promise((ok) => setTimeout(ok, 1100)); // the sweep reads ids by whole seconds
    await Promise.all([a.sweep.run(), b.sweep.run()]);
    const events = await createdEvents(ids);
    assert.deepEqual(
      events.map((e) => e.payload.id).sort(),
      [...ids].sort(),
      'every acknowledged comment has its comment.created event, once',
    );
    const seqs = events.map((e) => e.seq as number).sort((x, y) => x - y);
    const last = await a.eventLog.lastSeq(SITE, 'comments');
    const replay = await a.eventLog.since(SITE, 'comments', seqs[0]! - 1, 100);
    assert.ok(replay, 'catch-up from before the swept events is complete (no hole)');
    assert.equal(replay.at(-1)?.seq, last);
    assert.deepEqual(
      replay.filter((e) => e.type === 'comment.created').map((e) => (e.payload as { id: string }).id),
      ids,
      'in the order the comments were made',
    );
    // A sweep again finds nothing to do.
    assert.equal(await a.sweep.logMissing(new Date(Date.now() - 60_000), new Date()), 0);
  });

  it("a post's own late event after another instance's sweep logged it: dropped, and the next seq follows", async () => {
    const { eventLog } = instance();
    const late = new SiteEventLog(app.service.db.connection.useDb(app.dbName, { useCache: false }), 7);
    const id = await post('Hendinga mi kjem seint.');
    // This instance's event lingers (5 s); the other instance's sweep logs it first.
    await instance().sweep.logMissing(new Date(Date.now() - 60_000), new Date(Date.now() + 1000));
    assert.equal((await createdEvents([id])).length, 1);
    const head = await eventLog.lastSeq(SITE, 'comments');
    // The post's event (an instance that knows the head) and one more, in one batch.
    const [again, next] = await Promise.all(
      [
        late.append(SITE, 'comments', 'comment.created', { id }),
        late.append(SITE, 'comments', 'comment.updated', { id }),
      ].map((appended) => appended.catch((err: Error) => err)),
    );
    assert.ok(
      !(again instanceof Error),
      `a comment's logged created event is dropped, not claimed again: ${again}`,
    );
    assert.ok(!(next instanceof Error), String(next));
    assert.equal(again, null, 'the second created event of a comment is not logged');
    assert.equal(next?.seq, head + 1, 'the event after it takes the next seq: none was lost');
    assert.equal((await createdEvents([id])).length, 1, 'one comment.created for the comment');
  });

  it('events still lingering when the service closes are logged before it stops', async () => {
    const other = await startTestApp(db, { createdEventLingerMs: 5000 }, app.dbName);
    const res = await other.request('POST', articlePath(SITE, 'sak-1'), {
      body: { body: 'Skriven rett før nedstenginga.', authorName: 'Kari' },
    });
    assert.equal(res.status, 201);
    const id = (res.body as { comment: { id: string } }).comment.id;
    const started = Date.now();
    await other.close();
    assert.ok(Date.now() - started < 4000, 'the close did not wait out the linger');
    assert.equal((await createdEvents([id])).length, 1);
  });
});
