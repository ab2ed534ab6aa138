import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  articlePath,
  createSite,
  createStaff,
  RELAXED_LIMITS,
  startTestApp,
  type TestApp,
  TestDatabase,
} from '../support/harness.js';

/**
 * Issue 12, item 8: limits and report counts key on the client, not on the
 * text of its address. One trusted proxy hop; the proxy passes what it saw.
 */
describe('rate limits and reports count clients, not address spellings', () => {
  let db: TestDatabase;
  let app: TestApp;
  let moderator: string;

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db, {
      trustProxy: 1,
      rateLimits: { ...RELAXED_LIMITS, commentsPerMinutePerIp: 2 },
    });
    for (const id of ['klient-a', 'klient-b', 'klient-c']) await createSite(app, id, { reportThreshold: 3 });
    moderator = (await createStaff(app, 'moderator', ['klient-a'])).token;
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  let n = 0;
  const post = (from: string, siteId = 'klient-a', headers: Record<string, string> = {}) =>
    app.request('POST', articlePath(siteId, 'sak'), {
      // A new name every time: the per-author limit is not what is tested.
      body: { body: `Kommentar nummer ${++n} om saken.`, authorName: `Leser ${n}` },
      headers: { 'x-forwarded-for': from, ...headers },
    });

  it('one IPv4 address in any spelling is one client', async () => {
    assert.equal((await post('192.0.2.10')).status, 201);
    assert.equal((await post('::ffff:192.0.2.10')).status, 201);
    const third = await post('::FFFF:192.0.2.10');
    assert.equal(third.status, 429);
    assert.ok(Number(third.headers.get('retry-after')) >= 1);
  });

  it('every address of one IPv6 /64 is one client; the next /64 is another', async () => {
    assert.equal((await post('2001:db8:aa:1::1')).status, 201);
    assert.equal((await post('2001:db8:aa:1:dead:beef:0:2')).status, 201);
    assert.equal((await post('2001:DB8:AA:1::3')).status, 429);
    assert.equal((await post('2001:db8:aa:2::1')).status, 201);
  });

  it('counts comments from one client across sites', async () => {
    assert.equal((await post('192.0.2.20', 'klient-a')).status, 201);
    assert.equal((await post('192.0.2.20', 'klient-b')).status, 201);
    assert.equal((await post('192.0.2.20', 'klient-c')).status, 429, 'a third site is no fresh budget');
  });

  it('reports count distinct readers: one client with many User-Agents is one report', async () => {
    const posted = await post('192.0.2.30');
    assert.equal(posted.status, 201);
    const id = posted.body.comment.id as string;
    const report = (from: string, userAgent: string) =>
      app.request('POST', `${articlePath('klient-a', 'sak')}/${id}/reports`, {
        body: { reason: 'abuse' },
        headers: { 'x-forwarded-for': from, 'user-agent': userAgent },
      });
    for (const ua of ['Firefox/1', 'Chrome/2', 'Safari/3', 'curl/4']) {
      assert.equal((await report('192.0.2.31', ua)).status, 202);
    }
    // The same client from other addresses of its /64 is still one reader.
    assert.equal((await report('2001:db8:bb:1::1', 'x')).status, 202);
    assert.equal((await report('2001:db8:bb:1::2', 'y')).status, 202);
    const reported = async () =>
      (
        await app.request('GET', '/api/v1/moderation/sites/klient-a/queue?status=reported', {
          token: moderator,
        })
      ).body.items.map((c: { id: string }) => c.id);
    assert.ok(!(await reported()).includes(id), 'two readers are below the threshold of three');
    assert.equal((await report('192.0.2.32', 'Firefox/1')).status, 202);
    assert.ok((await reported()).includes(id), 'a third reader reaches it');
  });
});
