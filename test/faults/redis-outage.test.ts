import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { Socket } from 'socket.io-client';
import {
  articlePath,
  connect,
  connected,
  emitAck,
  startTestApp,
  type TestApp,
  TestDatabase,
} from '../support/harness.js';
import { requireCommand } from '../support/prerequisites.js';
import { startRedis, stopRedis } from '../support/redis-server.js';
import { sleep } from './load.js';
import { freePort } from '../../src/platform/db/embedded.js';

/**
 * Redis (REDIS_URL: the socket.io streams adapter and the shared rate limits)
 * goes away: comments are still accepted (rate limits fall back to each
 * instance's memory), and live events resume when Redis returns, without a
 * restart. The test runs its own redis-server on a free port and kills that
 * one, never the shared one on 6379.
 */

describe('Redis outage with REDIS_URL set', { timeout: 120_000 }, () => {
  let db: TestDatabase;
  let app: TestApp;
  let redis: ChildProcess;
  let port: number;
  let reader: Socket;

  before(async () => {
    requireCommand('redis-server', 'Redis');
    port = await freePort();
    redis = await startRedis(port);
    db = await TestDatabase.start();
    app = await startTestApp(db, { redisUrl: `redis://127.0.0.1:${port}` });
    reader = connect(app.url, '/live');
    await connected(reader);
    assert.deepEqual(await emitAck(reader, 'subscribe', { siteId: 'demo', articleId: 'redis' }), {
      ok: true,
    });
  });
  after(async () => {
    reader?.close();
    await app?.close();
    if (redis) await stopRedis(redis);
    await db?.stop();
  });

  const post = (body: string) =>
    app.request('POST', articlePath('demo', 'redis'), { body: { body, authorName: 'Kari' } });

  /** Posts until the reader sees one of its comments live (events may take a moment to flow again). */
  async function liveEventArrives(label: string, timeoutMs: number): Promise<number> {
    const seen = new Set<string>();
    const onPublished = (comment: { body: string }) => seen.add(comment.body);
    reader.on('comment.published', onPublished);
    try {
      const until = Date.now() + timeoutMs;
      for (let i = 0; Date.now() < until; i++) {
        const body = `${label} ${i}`;
        const res = await post(body);
        assert.equal(res.status, 201, JSON.stringify(res.body));
        for (let w = 0; w < 10; w++) {
          if (seen.has(body)) return i + 1;
          await sleep(50);
        }
      }
      throw new Error(`no live event within ${timeoutMs} ms (${label})`);
    } finally {
      reader.off('comment.published', onPublished);
    }
  }

  it('accepts comments while Redis is down, and live events resume when it is back', async (t) => {
    await liveEventArrives('før', 5000);

    await stopRedis(redis);
    const started = Date.now();
    const during: number[] = [];
    for (let i = 0; i < 10; i++) {
      // A reader's widget gives up after a few seconds: the fallback must not wait on Redis reconnects.
      const res = await fetch(app.url + articlePath('demo', 'redis'), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ body: `mens Redis er borte ${i}`, authorName: 'Kari' }),
        signal: AbortSignal.timeout(3000),
      });
      assert.equal(res.status, 201, `comment ${i} while Redis is down: ${await res.text()}`);
      during.push(Date.now() - started);
    }
    const stored = await app.service.db.connection
      .collection('comments')
      .countDocuments({ articleId: 'redis', body: /^mens Redis er borte/ });
    assert.equal(stored, 10);

    redis = await startRedis(port);
    const back = Date.now();
    const attempts = await liveEventArrives('etter', 20_000);
    t.diagnostic(
      `10 comments accepted in ${during.at(-1)} ms with Redis down; live events flowed again ` +
        `${Date.now() - back} ms after Redis returned (${attempts} posts)`,
    );
  });
});
