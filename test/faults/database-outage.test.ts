import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mongoose from 'mongoose';
import { type RunningService, startService } from '../../src/service.js';
import { TestDatabase, testConfig, testLogger, uniqueDbName, waitFor } from '../support/harness.js';
import { type CutMode, TcpProxy } from '../support/tcp-proxy.js';
import { type Outcome, postComment, sleep, startLoad } from './load.js';

/**
 * The database goes away mid-load, through a TCP proxy the test cuts (the
 * database itself keeps running, as a partitioned primary would): once the
 * service knows (/readyz 503), posts are answered 503 with Retry-After while
 * the line is still down (not held until it returns), never 2xx for a comment that was
 * not stored; /readyz says 503; the service recovers by itself when the line
 * comes back; every acknowledged comment is stored, and retries of refused
 * ones (same Idempotency-Key) store each exactly once.
 */

describe('database outage under load', {
  skip: TcpProxy.skipUnlessSingleHost(),
  timeout: 120_000,
}, () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let service: RunningService;
  let direct: mongoose.Connection;
  const dbName = uniqueDbName();

  before(async () => {
    db = await TestDatabase.start();
    let uri: string;
    ({ proxy, uri } = await TcpProxy.forDatabase(db.uri));
    service = await startService(testConfig(uri), testLogger, { dbName });
    direct = await mongoose.createConnection(db.uri, { dbName, autoCreate: false }).asPromise();
  });
  after(async () => {
    await service?.close();
    await proxy?.close();
    await direct?.close();
    await db?.stop();
  });

  const target = { url: () => service.url, siteId: 'demo', articleId: 'outage' };

  /** Outcomes of requests sent once the outage was known and refused with 503. */
  const refusedAfter = (outcomes: Outcome[], knownAt: number) =>
    outcomes.filter((o) => o.status === 503 && o.at >= knownAt);

  /**
   * Every step waits on a signal, not a clock: comments acknowledged before the cut, /readyz
   * reporting the outage, refusals of requests sent after that while the line is still down,
   * recovery after it comes back, and the load acknowledged again.
   */
  async function outage(mode: CutMode) {
    const load = startLoad({ ...target, clients: 6 });
    try {
      await waitFor(
        () => load.outcomes.filter((o) => o.status === 201).length >= 10,
        30_000,
        'comments acknowledged before the cut',
      );
      const cutAt = Date.now();
      proxy.cut(mode);
      let readyDown: Response | undefined;
      await waitFor(
        async () => {
          readyDown = await fetch(`${service.url}/readyz`);
          if (readyDown.status === 503) return true;
          await readyDown.body?.cancel();
          return false;
        },
        30_000,
        '/readyz to report the outage',
      );
      const downBody = await readyDown!.json();
      const knownAt = Date.now();
      // The line stays cut until the service has refused requests sent after it knew: answers
      // that came while the database was still unreachable, so nothing waited for it to return.
      await waitFor(
        () => refusedAfter(load.outcomes, knownAt).length >= 5,
        30_000,
        'five requests sent during the known outage to be refused while the line is down',
      );
      const refusedWhileDown = refusedAfter(load.outcomes, knownAt).length;
      await proxy.restore();
      const restoredAt = Date.now();
      // Recovery without a restart: the same process answers 201 again (within 30 s).
      let recoveredAt = 0;
      for (let i = 0; !recoveredAt && Date.now() - restoredAt < 30_000; i++) {
        const probe = await postComment(target, `probe-${mode}-${i}`, `Prøve ${mode} ${i}`);
        if (probe.status === 201) recoveredAt = Date.now();
        else await sleep(100); // the pace of the probes, not a wait for something
      }
      if (recoveredAt > 0) {
        await waitFor(
          () => load.outcomes.some((o) => o.status === 201 && o.at >= recoveredAt),
          30_000,
          'the load acknowledged again after recovery',
        );
      }
      await load.stop();
      const readyUp = await fetch(`${service.url}/readyz`);
      return {
        outcomes: load.outcomes,
        cutAt,
        knownAt,
        restoredAt,
        recoveredAt,
        refusedWhileDown,
        readyDown: readyDown!,
        downBody,
        readyUp,
      };
    } finally {
      // A failed run must not leave the load running (it would spin against a closed service).
      await load.stop();
    }
  }

  async function assertStored(acknowledged: Outcome[]) {
    const comments = direct.collection('comments');
    for (const o of acknowledged) {
      const stored = await comments.findOne({ _id: new mongoose.Types.ObjectId(o.id) });
      assert.ok(stored, `acknowledged comment ${o.id} (${o.body}) is not stored`);
      assert.equal(stored.body, o.body);
    }
  }

  for (const [mode, what] of [
    ['reset', 'connections reset (a crashed or restarted database)'],
    ['blackhole', 'packets silently dropped (a dead network path)'],
  ] as const) {
    it(`${what}: 503 + Retry-After while the database is away, /readyz 503, recovery, nothing acknowledged is lost`, async (t) => {
      const run = await outage(mode);
      assert.equal(run.readyDown.status, 503, 'readyz during the outage');
      assert.equal(run.readyDown.headers.get('retry-after') !== null, true);
      assert.equal(run.downBody.error.code, 'unavailable');
      assert.ok(run.refusedWhileDown >= 5, 'refused while the line was down');
      assert.ok(run.recoveredAt > 0, 'the service did not recover after the line came back');
      assert.equal(run.readyUp.status, 200, 'readyz after recovery');

      const statuses = new Map<string, number>();
      for (const o of run.outcomes) statuses.set(String(o.status), (statuses.get(String(o.status)) ?? 0) + 1);
      for (const o of run.outcomes) {
        assert.ok(o.status === 201 || o.status === 503, `unexpected answer ${o.status} (${o.body})`);
        if (o.status === 503) assert.ok(Number(o.retryAfter) >= 1, '503 without Retry-After');
      }
      const acknowledged = run.outcomes.filter((o) => o.status === 201);
      const refused = run.outcomes.filter((o) => o.status === 503);
      assert.ok(acknowledged.length > 0 && refused.length > 0, `answers: ${JSON.stringify([...statuses])}`);
      const during = acknowledged.filter((o) => o.at > run.cutAt && o.at < run.restoredAt).length;
      // How fast the refusals came is reported, not asserted: a time limit on this shared
      // machine would pass or fail by its load. The promise checked above is structural.
      const slowest503 = Math.max(...refusedAfter(run.outcomes, run.knownAt).map((o) => o.ms));
      t.diagnostic(
        `${mode}: ${JSON.stringify(Object.fromEntries(statuses))}; 201 during the outage ${during}; ` +
          `slowest 503 once the outage was known ${slowest503} ms; recovered ${run.recoveredAt - run.restoredAt} ms after the line came back`,
      );
      await assertStored(acknowledged);

      // Clients retry what was refused, with the same key and body: each is stored exactly once.
      for (const o of refused) {
        const retry = await postComment(target, o.key, o.body);
        assert.equal(retry.status, 201, `retry of ${o.key}`);
      }
      const comments = direct.collection('comments');
      for (const o of [...acknowledged, ...refused]) {
        assert.equal(await comments.countDocuments({ body: o.body }), 1, `copies of ${o.body}`);
      }
    });
  }
});
