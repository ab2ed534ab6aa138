import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  articlePath,
  createSite,
  RELAXED_LIMITS,
  startTestApp,
  type TestApp,
  TestDatabase,
} from '../support/harness.js';
import { loginToken } from './reader-tokens.js';

const SECRET = 'forfattergrense-hemmelighet-0123456789';
const PER_AUTHOR = 3;

/**
 * The per-author comment limit (rateLimits.commentsPerMinutePerAuthor) counts
 * one signed-in reader however many addresses they post from, and only them:
 * another reader on the same addresses is not held back.
 */
describe('comments per author per minute', () => {
  let db: TestDatabase;
  let app: TestApp;

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db, {
      trustProxy: 1,
      rateLimits: { ...RELAXED_LIMITS, commentsPerMinutePerAuthor: PER_AUTHOR },
    });
    await createSite(app, 'grense', { requireLogin: true, ssoSecret: SECRET });
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  let n = 0;
  const post = (sub: string, address: string) => {
    n++;
    return app.request('POST', articlePath('grense', 'sak'), {
      body: { body: `Innlegg nummer ${n} fra ${sub}.` },
      headers: {
        authorization: `Bearer ${loginToken(SECRET, sub, `Leser ${sub}`)}`,
        'x-forwarded-for': address,
      },
    });
  };

  it(`the ${PER_AUTHOR + 1}th comment of one author within a minute is 429, from any address`, async () => {
    for (let i = 0; i < PER_AUTHOR; i++) {
      const res = await post('travel', `10.9.0.${i + 1}`);
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    const over = await post('travel', '10.9.1.1');
    assert.equal(over.status, 429, JSON.stringify(over.body));
    assert.equal(over.body.error.code, 'rate_limited');
    assert.ok(Number(over.headers.get('retry-after')) > 0, 'a Retry-After header');
    // Another reader on the same addresses still gets through: the limit is the author's.
    for (const address of ['10.9.0.1', '10.9.1.1']) {
      assert.equal((await post('rolig', address)).status, 201);
    }
  });
});
