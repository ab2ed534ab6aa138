import assert from 'node:assert/strict';
import { after, before, describe, it, mock } from 'node:test';
import { RetentionJob } from '../../src/privacy/retention.js';
import { storedComment } from '../support/factories.js';
import { createSite, startTestApp, type TestApp, TestDatabase, waitFor } from '../support/harness.js';

const DAY = 24 * 3600 * 1000;
const MINUTE = 60 * 1000;

/**
 * The promise that retention runs by itself: the service sweeps once at start
 * and then every hour, with no admin and no call from outside. The hour is
 * played with node's mock timers (setInterval only; everything else runs on
 * real time), and each sweep is counted where the schedule calls it.
 */
describe('the retention job runs on its schedule inside the service', () => {
  let db: TestDatabase;
  let app: TestApp;
  let sweeps: ReturnType<typeof mock.method<RetentionJob, 'runOnce'>>;

  before(async () => {
    db = await TestDatabase.start();
    sweeps = mock.method(RetentionJob.prototype, 'runOnce');
    mock.timers.enable({ apis: ['setInterval'] });
    app = await startTestApp(db);
    await createSite(app, 'arkiv', { retentionDays: 30 });
  });
  after(async () => {
    // The service's shutdown polls its idle connections on a real interval.
    mock.timers.reset();
    mock.restoreAll();
    await app?.close();
    await db?.stop();
  });

  /** Waits for the n-th sweep (1-based) to have been called and to have finished. */
  async function sweep(n: number): Promise<void> {
    await waitFor(() => sweeps.mock.callCount() >= n, 10_000, `sweep ${n}`);
    await sweeps.mock.calls[n - 1]?.result;
  }

  const stored = (id: unknown) =>
    app.service.db.connection.collection('comments').findOne({ _id: id as never });

  it('sweeps at start, then once an hour: an old comment keeps its address until the hour is up', async () => {
    await sweep(1);
    const old = storedComment({
      siteId: 'arkiv',
      articleId: 'gammel',
      authorEmail: 'gammel@example.no',
      ipHash: 'a-keyed-hash',
      createdAt: new Date(Date.now() - 40 * DAY),
    });
    await app.service.db.connection.collection('comments').insertOne(old);

    mock.timers.tick(59 * MINUTE);
    assert.equal(sweeps.mock.callCount(), 1, 'no sweep before the hour');
    const waiting = await stored(old._id);
    assert.deepEqual([waiting?.ipHash, waiting?.authorEmail], ['a-keyed-hash', 'gammel@example.no']);

    mock.timers.tick(MINUTE);
    assert.equal(sweeps.mock.callCount(), 2, 'the hourly sweep');
    await sweep(2);
    const swept = await stored(old._id);
    assert.deepEqual([swept?.ipHash, swept?.authorEmail], [null, null]);
    assert.equal(swept?.body, old.body, 'the text stays');

    // And it keeps going.
    mock.timers.tick(60 * MINUTE);
    assert.equal(sweeps.mock.callCount(), 3);
    await sweep(3);
  });
});
