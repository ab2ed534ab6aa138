import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { startTestApp, TestDatabase, type TestApp } from '../support/harness.js';
import { requireCommand } from '../support/prerequisites.js';
import { startRedis, stopRedis } from '../support/redis-server.js';
import { sleep } from './load.js';
import { freePort } from '../../src/platform/db/embedded.js';

/**
 * The subscriber connections (the socket.io adapter's, the live relay's) lose
 * their connection and ioredis subscribes their channels again by itself. Nobody
 * holds the promise of that SUBSCRIBE: if it fails (here Redis refuses it, after
 * an ACL change took the channels away; at a shutdown, the connection closes
 * before Redis answers), the failure must be heard by the service, not surface as
 * an unhandled rejection, which ends the process (src/main.ts lets only an
 * unreachable Redis through). The test runs its own redis-server on a free port.
 */
describe('a resubscribe Redis refuses', { timeout: 60_000 }, () => {
  let redis: ChildProcess | undefined;
  let db: TestDatabase | undefined;
  let app: TestApp | undefined;
  let admin: Redis | undefined;
  const unhandled: string[] = [];
  const collect = (err: unknown) => unhandled.push(err instanceof Error ? err.message : String(err));

  after(async () => {
    process.off('unhandledRejection', collect);
    await app?.close();
    admin?.disconnect();
    if (redis) await stopRedis(redis);
    await db?.stop();
  });

  it('leaves no rejection unheard', async () => {
    requireCommand('redis-server', 'Redis');
    const port = await freePort();
    redis = await startRedis(port);
    db = await TestDatabase.start();
    app = await startTestApp(db, { redisUrl: `redis://127.0.0.1:${port}` });
    admin = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 1 });
    await admin.connect();
    // Connections with channels (RESP3 ones are not listed under TYPE pubsub).
    const subscribers = async () =>
      String(await admin?.call('CLIENT', 'LIST'))
        .split('\n')
        .filter((line) => / sub=[1-9]/.test(line))
        .map((line) => /^id=(\d+)/.exec(line)?.[1] ?? '');
    let subscribed: string[] = [];
    for (let i = 0; i < 100 && subscribed.length < 2; i++) {
      subscribed = await subscribers();
      if (subscribed.length < 2) await sleep(50);
    }
    assert.equal(subscribed.length, 2, 'the adapter and the live relay subscribe');

    process.on('unhandledRejection', collect);
    await admin.call('ACL', 'SETUSER', 'default', 'resetchannels');
    for (const id of subscribed) await admin.call('CLIENT', 'KILL', 'ID', id);
    // They reconnect (ioredis retries at once) and their SUBSCRIBE is refused with NOPERM.
    await sleep(1500);
    assert.deepEqual(await subscribers(), [], 'no connection holds a channel any more');
    assert.deepEqual(unhandled, [], 'SUBSCRIBE failures nobody waited for');
  });
});
