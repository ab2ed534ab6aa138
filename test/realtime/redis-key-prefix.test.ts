import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import {
  articlePath,
  collect,
  connect,
  connected,
  emitAck,
  startTestApp,
  type TestApp,
  TestDatabase,
  waitFor,
} from '../support/harness.js';
import { REDIS_URL, requireRedis } from '../support/prerequisites.js';

/**
 * REDIS_KEY_PREFIX keeps two deployments apart on one Redis: two services with
 * their own databases and prefixes each deliver only their own events, and
 * every key they write starts with their prefix.
 */
describe('two deployments sharing one Redis under different REDIS_KEY_PREFIX', () => {
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  const run = randomBytes(4).toString('hex');
  const prefixA = `ordskifte-test-a-${run}`;
  const prefixB = `ordskifte-test-b-${run}`;

  before(async () => {
    await requireRedis();
    db = await TestDatabase.start();
    a = await startTestApp(db, { redisUrl: REDIS_URL, redisKeyPrefix: prefixA });
    b = await startTestApp(db, { redisUrl: REDIS_URL, redisKeyPrefix: prefixB });
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await db?.stop();
    const redis = new Redis(REDIS_URL);
    for (const prefix of [prefixA, prefixB]) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    redis.disconnect();
  });

  const moderatorOn = async (app: TestApp) => {
    const socket = connect(app.url, '/moderation', { auth: { token: await app.adminToken() } });
    const created = collect<{ body: string }>(socket, 'comment.created');
    await connected(socket);
    assert.equal((await emitAck<{ ok: boolean }>(socket, 'join', { siteId: 'demo' })).ok, true);
    return { socket, created };
  };
  const post = (app: TestApp, text: string) =>
    app.request('POST', articlePath('demo', 'prefiks'), { body: { body: text, authorName: 'Kari' } });

  it("each deployment's moderators get only its own events; each writes only under its prefix", async () => {
    const onA = await moderatorOn(a);
    const onB = await moderatorOn(b);
    assert.equal((await post(a, 'Sendt til avis A.')).status, 201);
    assert.equal((await post(b, 'Sendt til avis B.')).status, 201);
    // With one shared stream, A's event would reach B before B's own (the stream keeps order).
    await waitFor(() => onA.created.length >= 1 && onB.created.length >= 1, 10_000, 'both own events');
    assert.deepEqual(
      onB.created.map((e) => e.body),
      ['Sendt til avis B.'],
    );
    assert.deepEqual(
      onA.created.map((e) => e.body),
      ['Sendt til avis A.'],
    );
    const redis = new Redis(REDIS_URL);
    const [keysA, keysB] = [await redis.keys(`${prefixA}*`), await redis.keys(`${prefixB}*`)];
    redis.disconnect();
    assert.ok(keysA.length > 0 && keysB.length > 0, 'both deployments write under their own prefix');
    // The rate limits too (issue 12 item 13): otherwise two deployments share one budget per address.
    for (const [prefix, keys] of [
      [prefixA, keysA],
      [prefixB, keysB],
    ] as const) {
      assert.ok(
        keys.some((key) => key.startsWith(`${prefix}:rl:comments-ip:`)),
        `no rate-limit key under ${prefix}: ${keys.join(', ')}`,
      );
    }
    for (const socket of [onA.socket, onB.socket]) socket.close();
  });
});
