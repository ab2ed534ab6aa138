import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  articlePath,
  createSite,
  createStaff,
  startTestApp,
  type TestApp,
  TestDatabase,
} from '../support/harness.js';
import { dropRedisKeys, REDIS_URL, requireRedis } from '../support/prerequisites.js';

/**
 * An article's record is cached on each instance until it changes (at most 30 s): a write tells
 * the other instances through Redis, which drop their entry. A guarantee test: an article closed
 * through one instance refuses posts on another at once, and opened again, takes them. CI runs
 * it against a service whose article writes are not told to the others
 * (scripts/broken-variants.mjs): the other instance then keeps taking posts, and it must fail.
 */
describe('an article closed on one instance is closed on all of them', () => {
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let moderator: string;
  const run = randomBytes(4).toString('hex');
  const prefix = `postcmd-articles-${run}`;
  const SITE = 'to-instanser-sak';

  before(async () => {
    await requireRedis();
    db = await TestDatabase.start();
    const overrides = { redisUrl: REDIS_URL, redisKeyPrefix: prefix };
    a = await startTestApp(db, overrides);
    b = await startTestApp(db, overrides, a.dbName);
    await createSite(a, SITE, { mode: 'post' });
    moderator = (await createStaff(a, 'moderator', [SITE])).token;
  });
  after(async () => {
    await b?.close();
    await a?.close();
    await db?.stop();
    await dropRedisKeys(prefix);
  });

  const post = (app: TestApp, body: string) =>
    app.request('POST', articlePath(SITE, 'sak-1'), { body: { body, authorName: 'Kari' } });
  const setOpen = async (app: TestApp, open: boolean) => {
    const res = await app.request('PATCH', `/api/v1/moderation/sites/${SITE}/articles/sak-1`, {
      token: moderator,
      body: { open },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  };
  /** Posts through `app` until one is answered `status`, for at most a second; the answers. */
  const until = async (app: TestApp, status: number) => {
    const answers: number[] = [];
    const end = Date.now() + 1000;
    do {
      answers.push((await post(app, `Kommentar ${answers.length} mens saka vert endra.`)).status);
      if (answers.at(-1) === status) break;
      await new Promise((ok) => setTimeout(ok, 50));
    } while (Date.now() < end);
    return answers;
  };

  it('closed through one instance, the other refuses posts within a second; opened again, takes them', async () => {
    // Both instances hold the article's record (open) in their cache.
    assert.equal((await post(a, 'Den første kommentaren, gjennom A.')).status, 201);
    assert.equal((await post(b, 'Og ein gjennom B.')).status, 201);

    await setOpen(a, false);
    const closed = await until(b, 403);
    assert.equal(closed.at(-1), 403, `B took posts on a closed article: ${closed.join(', ')}`);
    assert.equal((await post(a, 'Gjennom A, stengd.')).status, 403);

    await setOpen(b, true);
    const opened = await until(a, 201);
    assert.equal(opened.at(-1), 201, `A refused posts on an open article: ${opened.join(', ')}`);
  });
});
