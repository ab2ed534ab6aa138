import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type EventStream, SiteEventLog } from '../../src/events/site-event-log.js';
import { startTestApp, type TestApp, TestDatabase } from '../support/harness.js';

/**
 * Per-site event seqs are unique and gap-free however many instances append
 * at once. Within one process the event log claims a stream's seqs one batch
 * after the other, which would hide a claim that is not exclusive; several
 * instances do not share that queue. So here several event logs (one per
 * simulated instance) append concurrently over the service's own database
 * client: the lane's one connection on jongodb (where only the unique index
 * the claiming insert meets keeps seqs unique), a normal pool on MongoDB
 * (MONGODB_URI). A guarantee test: CI runs it against a claim that takes a
 * seq another instance stored as its own (scripts/broken-variants.mjs) and it
 * must fail.
 */
const INSTANCES = 4;
const APPENDS_PER_INSTANCE = 25;
const SITES = ['seq-a', 'seq-b'];
const STREAMS: EventStream[] = ['comments', 'submissions'];

describe('event seqs allocated by several instances at once', () => {
  let db: TestDatabase;
  let app: TestApp;
  let logs: SiteEventLog[];

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
    // One event log per instance, each on its own mongoose connection object over the service's client.
    const { connection } = app.service.db;
    logs = Array.from(
      { length: INSTANCES },
      () => new SiteEventLog(connection.useDb(app.dbName, { useCache: false }), 7),
    );
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  it(`${INSTANCES} instances × ${APPENDS_PER_INSTANCE} appends per stream at once: seqs 1..N, each once, all stored`, async () => {
    const total = INSTANCES * APPENDS_PER_INSTANCE;
    const events = app.service.db.connection.collection('site_events');
    for (const siteId of SITES) {
      for (const stream of STREAMS) {
        const appended = await Promise.all(
          logs.flatMap((log, instance) =>
            Array.from({ length: APPENDS_PER_INSTANCE }, (_, n) =>
              log.append(siteId, stream, 'comment.updated', { instance, n }),
            ),
          ),
        );
        const seqs = appended.map((e) => e!.seq).sort((a, b) => a - b);
        const repeated = seqs.filter((s, i) => seqs[i - 1] === s);
        assert.deepEqual(
          repeated,
          [],
          `${siteId}/${stream}: ${repeated.length} seqs were handed out twice (first: ${repeated.slice(0, 5).join(', ')})`,
        );
        assert.deepEqual(
          seqs,
          Array.from({ length: total }, (_, i) => i + 1),
          `${siteId}/${stream}: seqs run 1..${total} without a gap`,
        );
        assert.equal(await logs[0]!.lastSeq(siteId, stream), total);
        const stored = await events.countDocuments({ siteId, stream });
        assert.equal(stored, total, `${siteId}/${stream}: every appended event is stored under its own seq`);
        const replay = await logs[1]!.since(siteId, stream, 0, total);
        assert.deepEqual(
          replay?.map((e) => e.seq),
          seqs,
          `${siteId}/${stream}: a client resuming from 0 gets every event once, in order`,
        );
      }
    }
  });
});
