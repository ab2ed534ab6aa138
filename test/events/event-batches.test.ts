import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CommandStartedEvent } from 'mongodb';
import { SiteEventLog } from '../../src/events/site-event-log.js';
import { type Database, openDatabase } from '../../src/platform/db/database.js';
import { EventPublisher } from '../../src/realtime/publisher.js';
import { TestDatabase, testConfig, testLogger, uniqueDbName } from '../support/harness.js';

/**
 * The publisher's group commit: the moderation events of one stream that arrive while an
 * allocation is in flight share the next one (one `$inc` of their number, one insert of them
 * all). A guarantee test: every event keeps a seq of its own, in the order the events were
 * logged, with no gap; CI runs it against a batch that numbers its events off by one
 * (scripts/broken-variants.mjs) and it must fail.
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

  it('a burst shares its allocations and inserts; every event keeps its own seq, in order', async () => {
    const siteId = 'batch-paper';
    await log.append(siteId, 'comments', 'comment.updated', { n: 0 }); // seq 1, logged alone
    sent.length = 0;
    // 30 events at once, then 10 more while the first allocation is (or may be) in flight.
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
    assert.equal(await log.lastSeq(siteId, 'comments'), 41, 'the counter ends at the last seq handed out');
    // Two batches, whatever the timing: the 30, then the 10 (which waited for the 30's allocation
    // or came after it).
    assert.deepEqual(commands, [
      'counters.findAndModify',
      'counters.findAndModify',
      'site_events.insert',
      'site_events.insert',
    ]);
    // A moderator catching up from the first event gets the other 40, in order.
    const since = await log.since(siteId, 'comments', 1, 100);
    assert.deepEqual(
      since?.map((event) => event.seq),
      Array.from({ length: 40 }, (_, i) => i + 2),
    );
  });

  it('a seq stored already keeps its first event; the rest of the batch is stored', async () => {
    const siteId = 'batch-retry';
    const at = new Date();
    const event = (seq: number, n: number) => ({
      siteId,
      stream: 'comments' as const,
      seq,
      type: 'comment.created',
      payload: { n },
      createdAt: at,
    });
    await log.store(event(2, 0));
    await log.storeAll([event(1, 1), event(2, 2), event(3, 3)]);
    const stored = await log.model
      .find({ siteId })
      .sort({ seq: 1 })
      .lean<{ seq: number; payload: { n: number } }[]>();
    assert.deepEqual(
      stored.map((e) => [e.seq, e.payload.n]),
      [
        [1, 1],
        [2, 0],
        [3, 3],
      ],
    );
  });
});
