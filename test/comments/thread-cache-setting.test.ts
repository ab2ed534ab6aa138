import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { storedComment } from '../support/factories.js';
import { articlePath, createSite, startTestApp, type TestApp, TestDatabase } from '../support/harness.js';

/**
 * THREAD_CACHE_MS: how long an instance serves a built page of a thread. A
 * comment written by another instance (here: straight into the database, so
 * this instance's publisher never hears of it) shows on the next GET with the
 * cache off, and only after the entry expires with it on.
 */
describe('the thread cache setting (THREAD_CACHE_MS)', () => {
  let db: TestDatabase;
  let cached: TestApp;
  let uncached: TestApp;

  before(async () => {
    db = await TestDatabase.start();
    cached = await startTestApp(db, { threadCacheMs: 60_000 });
    uncached = await startTestApp(db, { threadCacheMs: 0 }, cached.dbName);
    await createSite(cached, 'hurtigavisa');
  });
  after(async () => {
    await uncached?.close();
    await cached?.close();
    await db?.stop();
  });

  const count = async (app: TestApp, article: string) => {
    const res = await app.request('GET', articlePath('hurtigavisa', article));
    assert.equal(res.status, 200);
    return (res.body.items as unknown[]).length;
  };

  it('0 builds every page from the database; a positive value serves the built page until it expires', async () => {
    const insert = (article: string) =>
      cached.service.db.connection
        .collection('comments')
        .insertOne(storedComment({ siteId: 'hurtigavisa', articleId: article }));
    await insert('sak');
    assert.equal(await count(cached, 'sak'), 1);
    assert.equal(await count(uncached, 'sak'), 1);
    await insert('sak');
    assert.equal(await count(uncached, 'sak'), 2, 'no cache: the second comment at once');
    assert.equal(await count(cached, 'sak'), 1, 'cached: the page built before it');
  });
});
