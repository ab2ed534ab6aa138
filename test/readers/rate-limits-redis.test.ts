import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import {
  articlePath,
  createSite,
  createStaff,
  RELAXED_LIMITS,
  startTestApp,
  type TestApp,
  TestDatabase,
  waitFor,
} from '../support/harness.js';
import { dropRedisKeys, REDIS_URL, requireRedis } from '../support/prerequisites.js';

describe('rate limits shared by two instances through Redis', () => {
  let db: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  // Limits live in the shared Redis for a minute or more: fresh names keep runs apart.
  const run = randomBytes(3).toString('hex');
  const site = `rl-${run}`;

  before(async () => {
    await requireRedis();
    db = await TestDatabase.start();
    const overrides = {
      redisUrl: REDIS_URL,
      redisKeyPrefix: `ordskifte-test-${run}`,
      trustProxy: 1,
      rateLimits: { ...RELAXED_LIMITS, commentsPerMinutePerIp: 3, reportsPerMinutePerIp: 2 },
    };
    a = await startTestApp(db, overrides);
    b = await startTestApp(db, overrides, a.dbName);
    await createSite(a, site);
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await db?.stop();
    await dropRedisKeys(`ordskifte-test-${run}`);
  });

  const post = (app: TestApp, ip: string, text: string) =>
    app.request('POST', articlePath(site, 'limits'), {
      body: { body: text, authorName: `Leser ${text}` },
      headers: { 'x-forwarded-for': ip },
    });

  it('counts comment posts per address across both instances', async () => {
    const ip = '192.0.2.10';
    assert.equal((await post(a, ip, 'én')).status, 201);
    assert.equal((await post(b, ip, 'to')).status, 201);
    assert.equal((await post(a, ip, 'tre')).status, 201);
    const limited = await post(b, ip, 'fire');
    assert.equal(limited.status, 429);
    assert.equal(limited.body.error.code, 'rate_limited');
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    assert.equal((await post(a, ip, 'fem')).status, 429);
    assert.equal((await post(b, '192.0.2.11', 'seks')).status, 201, 'another address is not limited');
  });

  it('counts reports per address across both instances', async () => {
    const ids: string[] = [];
    for (const [i, text] of ['sju', 'åtte', 'ni'].entries()) {
      const res = await post(i % 2 ? a : b, `192.0.2.${20 + i}`, text);
      ids.push(res.body.comment.id);
    }
    const report = (app: TestApp, id: string) =>
      app.request('POST', `${articlePath(site, 'limits')}/${id}/reports`, {
        body: { reason: 'spam' },
        headers: { 'x-forwarded-for': '192.0.2.30' },
      });
    assert.equal((await report(a, ids[0]!)).status, 202);
    assert.equal((await report(b, ids[1]!)).status, 202);
    const limited = await report(a, ids[2]!);
    assert.equal(limited.status, 429);
    assert.ok(limited.headers.get('retry-after'));
  });

  it('backs off logins after consecutive failures for growing times, shared, reset by a success', async () => {
    const staff = await createStaff(a, 'moderator', [site], `backoff-${run}@test.local`);
    const login = (app: TestApp, password: string) =>
      app.request('POST', '/api/v1/auth/login', { body: { email: staff.email, password } });
    for (const app of [a, b, a]) assert.equal((await login(app, 'wrong-password')).status, 401);

    // Blocked on both instances, even with the right password.
    const first = await login(b, 'staff-password-123');
    assert.equal(first.status, 429);
    const firstWait = Number(first.headers.get('retry-after'));
    assert.ok(firstWait >= 1);
    assert.equal((await login(a, 'wrong-password')).status, 429, 'attempts while blocked are refused');

    // After the block, one more failure blocks for longer.
    /** Tries until the block ends (attempts while blocked are not counted); the first answer after it. */
    const afterBlock = async (app: TestApp, password: string) => {
      let last = 429;
      await waitFor(
        async () => {
          last = (await login(app, password)).status;
          return last !== 429;
        },
        15_000,
        'the block to end',
      );
      return last;
    };
    const status = await afterBlock(a, 'wrong-password');
    assert.equal(status, 401);
    const second = await login(b, 'staff-password-123');
    assert.equal(second.status, 429);
    assert.ok(Number(second.headers.get('retry-after')) > firstWait, 'the block grows');

    // A success once unblocked resets the streak: the next failure is a plain 401.
    const success = await afterBlock(b, 'staff-password-123');
    assert.equal(success, 200);
    assert.equal((await login(a, 'wrong-password')).status, 401);
    assert.equal((await login(a, 'staff-password-123')).status, 200);
  });
});
