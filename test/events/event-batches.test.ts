import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CommandStartedEvent } from 'mongodb';
import { SiteEventLog } from '../../src/events/site-event-log.js';
import { type Database, openDatabase } from '../../src/platform/db/database.js';
import { EventPublisher } from '../../src/realtime/publisher.js';
import { TestDatabase, testConfig, testLogger, uniqueDbName } from '../support/harness.js';

/**
 * The event log's group commit: the moderation events of one stream that arrive while a claim
 * is in flight share the next one (one insert of them all, each under its own seq). A guarantee
 * test: every event keeps a seq of its own, in the order the events were logged, with no gap,
 * also when another instance took some of the seqs a batch meant to claim; CI runs it against a
 * batch that numbers its events off by one (scripts/broken-variants.mjs) and it must fail.
 */
describe('moderation events logged in batches', () => {
  let db: TestDatabase;
  let database: Database;
  let log: SiteEventLog;
  let publisher: EventPublisher;
  const sent: string[] = [];

  before(async () => {
    db = await TestDatabase.start();
    database = await openDatabase(testConfig(db.uri), testLogger, {
      dbName: uniqueDbName(),
      monitorCommands: true,
    });
    database.connection.getClient().on('commandStarted', (event: CommandStartedEvent) => {
      const target = event.command[event.commandName];
      if (target === 'counters' || target === 'site_events') sent.push(`${target}.${event.commandName}`);
    });
    log = new SiteEventLog(database.connection, 7);
    await log.model.createIndexes();
    publisher = new EventPublisher(log, testLogger);
  });
  after(async () => {
    await database?.close();
    await db?.stop();
  });

  it('a burst shares its inserts; every event keeps its own seq, in order', async () => {
    const siteId = 'batch-paper';
    await log.append(siteId, 'comments', 'comment.updated', { n: 0 }); // seq 1, logged alone
    sent.length = 0;
    // 30 events at once, then 10 more while the first claim is (or may be) in flight.
    const first = Array.from({ length: 30 }, (_, i) =>
      publisher.siteEvent(siteId, 'comment.created', { n: 1 + i }),
    );
    await new Promise((ok) => setImmediate(ok));
    const second = Array.from({ length: 10 }, (_, i) =>
      publisher.siteEvent(siteId, 'comment.created', { n: 31 + i }),
    );
    await Promise.all([...first, ...second]);
    const commands = sent.splice(0).sort();

    const stored = await log.model
      .find({ siteId, stream: 'comments' })
      .sort({ seq: 1 })
      .lean<{ seq: number; payload: { n: number } }[]>();
    assert.deepEqual(
      stored.map((event) => event.seq),
      Array.from({ length: 41 }, (_, i) => i + 1),
      'every event is stored under its own seq, without a gap',
    );
    assert.deepEqual(
      stored.map((event) => event.payload.n),
      Array.from({ length: 41 }, (_, i) => i),
      'seqs follow the order the events were logged in',
    );
    assert.equal(await log.lastSeq(siteId, 'comments'), 41, 'the head is the last seq handed out');
    // Two batches, whatever the timing: the 30, then the 10 (which waited for the 30's claim or
    // came after it); one insert each, the head known from the first event's claim.
    assert.deepEqual(commands, ['site_events.insert', 'site_events.insert']);
    // A moderator catching up from the first event gets the other 40, in order.
    const since = await log.since(siteId, 'comments', 1, 100);
    assert.deepEqual(
      since?.map((event) => event.seq),
      Array.from({ length: 40 }, (_, i) => i + 2),
    );
  });

  it('a claim that meets seqs another instance stored numbers its events again after them', async () => {
    const siteId = 'batch-contended';
    // Another instance: its own log over the same database, which knows only its own claims.
    const other = new SiteEventLog(
      database.connection.useDb(database.connection.name, { useCache: false }),
      7,
    );
    const append = (on: SiteEventLog, n: number | string) =>
      on.append(siteId, 'comments', 'comment.created', { n });
    assert.equal((await append(other, 'o1'))?.seq, 1);
    const mine = await Promise.all([1, 2, 3].map((n) => append(log, n)));
    // The other instance's head is stale (1): its batch meets 2, and is numbered after this log's.
    const theirs = await Promise.all(['o2', 'o3'].map((n) => append(other, n)));
    // And this log's head (4) is stale now: its next event meets 5 and goes after the other's.
    const last = await append(log, 4);
    const stored = await log.model
      .find({ siteId })
      .sort({ seq: 1 })
      .lean<{ seq: number; payload: { n: number | string } }[]>();
    assert.deepEqual(
      stored.map((e) => [e.seq, e.payload.n]),
      [
        [1, 'o1'],
        [2, 1],
        [3, 2],
        [4, 3],
        [5, 'o2'],
        [6, 'o3'],
        [7, 4],
      ],
      'every event is stored under its own seq, without a gap, in the order the events were logged',
    );
    assert.deepEqual(
      [...mine, ...theirs, last].map((e) => e?.seq),
      [2, 3, 4, 5, 6, 7],
    );
    assert.deepEqual(
      (await other.since(siteId, 'comments', 1, 100))?.map((e) => e.seq),
      [2, 3, 4, 5, 6, 7],
    );
  });

  it('an instance that last claimed long ago reads the head: events stored after its claim may have expired since', async () => {
    const siteId = 'batch-quiet-instance';
    let clock = Date.now();
    const quiet = new SiteEventLog(
      database.connection.useDb(database.connection.name, { useCache: false }),
      7,
      () => clock,
    );
    const append = (on: SiteEventLog, n: number | string) =>
      on.append(siteId, 'comments', 'comment.created', { n });
    assert.equal((await append(quiet, 'q1'))?.seq, 1);
    // Another instance serves the site for days; the TTL index removes the older events.
    for (const n of [2, 3, 4, 5]) assert.equal((await append(log, n))?.seq, n);
    await log.model.collection.deleteMany({ siteId, seq: { $lte: 4 } });
    clock += 2 * 24 * 3600 * 1000;
    const late = await append(quiet, 'q2');
    assert.equal(
      late?.seq,
      6,
      'the quiet instance numbers after the stream head, not after its own old claim',
    );
    assert.deepEqual(
      (await log.since(siteId, 'comments', 5, 100))?.map((e) => e.payload),
      [{ n: 'q2' }],
      'a client at the head gets the late event',
    );
  });

  it('a stream whose events all expired goes on after its high-water mark, never from 1 again', async () => {
    const siteId = 'batch-expired';
    const events = await Promise.all(
      Array.from({ length: 120 }, (_, n) => log.append(siteId, 'comments', 'comment.created', { n })),
    );
    assert.equal(events.at(-1)?.seq, 120);
    // The batch that passed seq 100 wrote its last (120) as the mark; then the TTL index removes
    // every event of the stream.
    await log.model.collection.deleteMany({ siteId });
    const restarted = new SiteEventLog(
      database.connection.useDb(database.connection.name, { useCache: false }),
      7,
    );
    // Up to two steps of 100 may have been used after the mark (a crash before the next one).
    assert.equal(await restarted.lastSeq(siteId, 'comments'), 320);
    assert.equal((await restarted.append(siteId, 'comments', 'comment.created', { n: 'again' }))?.seq, 321);
    assert.equal(
      await restarted.since(siteId, 'comments', 120, 100),
      null,
      'a client from before must refetch',
    );
  });
});
