import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  articlePath,
  connect,
  createSite,
  createStaff,
  startTestApp,
  type TestApp,
  TestDatabase,
} from '../support/harness.js';

/** Every error code of the contract, reached through the real app. */
describe('errors in the contract shape, never a 500', () => {
  let db: TestDatabase;
  let app: TestApp;

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  const assertError = (
    res: { status: number; body: { error?: { code: string; message: string; details: unknown[] } } },
    status: number,
    code: string,
  ) => {
    assert.equal(res.status, status, JSON.stringify(res.body));
    assert.equal(res.body.error?.code, code);
    assert.equal(typeof res.body.error?.message, 'string');
    assert.ok(Array.isArray(res.body.error?.details));
    assert.equal(JSON.stringify(res.body).includes('    at '), false, 'no stack trace');
  };

  it('400 invalid_json for a malformed body', async () => {
    const res = await app.request('POST', articlePath('demo', 'x'), {
      rawBody: '{"body": "unterminated',
      headers: { 'content-type': 'application/json' },
    });
    assertError(res, 400, 'invalid_json');
  });

  it('401 unauthorized without a token, and for a garbage token', async () => {
    assertError(await app.request('GET', '/api/v1/moderation/sites/demo/queue'), 401, 'unauthorized');
    assertError(
      await app.request('GET', '/api/v1/moderation/sites/demo/queue', { token: 'nope' }),
      401,
      'unauthorized',
    );
    assertError(
      await app.request('POST', '/api/v1/auth/login', {
        body: { email: 'admin@test.local', password: 'wrong-password' },
      }),
      401,
      'unauthorized',
    );
  });

  it('403 forbidden for a moderator of another site, 403 comments_closed for a closed article', async () => {
    await createSite(app, 'other-paper');
    const moderator = await createStaff(app, 'moderator', ['other-paper']);
    assertError(
      await app.request('GET', '/api/v1/moderation/sites/demo/queue', { token: moderator.token }),
      403,
      'forbidden',
    );
    const token = await app.adminToken();
    await app.request('PATCH', '/api/v1/moderation/sites/demo/articles/closed-1', {
      token,
      body: { open: false },
    });
    const res = await app.request('POST', articlePath('demo', 'closed-1'), {
      body: { body: 'Hei', authorName: 'A' },
    });
    assertError(res, 403, 'comments_closed');
  });

  it('404 not_found for an unknown site, comment and endpoint', async () => {
    assertError(await app.request('GET', articlePath('no-such-site', 'x')), 404, 'not_found');
    assertError(await app.request('GET', '/api/v1/nothing-here'), 404, 'not_found');
    const token = await app.adminToken();
    assertError(
      await app.request('POST', '/api/v1/moderation/comments/0123456789abcdef01234567/actions', {
        token,
        body: { action: 'approve', version: 1 },
      }),
      404,
      'not_found',
    );
  });

  it('409 conflict with the current comment when the version is stale', async () => {
    const token = await app.adminToken();
    const created = await app.request('POST', articlePath('demo', 'conflict'), {
      body: { body: 'Se https://a.example og https://b.example', authorName: 'L' },
    });
    const id = created.body.comment.id;
    const first = await app.request('POST', `/api/v1/moderation/comments/${id}/actions`, {
      token,
      body: { action: 'approve', version: 1 },
    });
    assert.equal(first.status, 200);
    assert.equal(first.body.comment.version, 2);
    const stale = await app.request('POST', `/api/v1/moderation/comments/${id}/actions`, {
      token,
      body: { action: 'reject', version: 1 },
    });
    assertError(stale, 409, 'conflict');
    assert.equal(stale.body.error.details[0].current.status, 'approved');
    assert.equal(stale.body.error.details[0].current.version, 2);
    const stored = await app.service.db.connection.collection('comments').findOne({ articleId: 'conflict' });
    assert.equal(stored?.status, 'approved');
  });

  it('413 payload_too_large above 64 kB', async () => {
    const res = await app.request('POST', articlePath('demo', 'big'), {
      body: { body: 'x'.repeat(70_000), authorName: 'B' },
    });
    assertError(res, 413, 'payload_too_large');
  });

  it('415 unsupported_media_type for a non-JSON body', async () => {
    const res = await app.request('POST', articlePath('demo', 'x'), {
      rawBody: 'body=hei&authorName=A',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assertError(res, 415, 'unsupported_media_type');
  });

  it('422 validation_failed for operator payloads and wrong types, naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ body: { $gt: '' }, authorName: 'A' }, 'body.body'],
      [{ body: 'Hei', authorName: 'A', parentId: { $ne: null } }, 'body.parentId'],
      [{ body: 'Hei', authorName: { $where: 'sleep(1000)' } }, 'body.authorName'],
      [{ body: 'Hei', authorName: 'A', authorEmail: 'not-an-email' }, 'body.authorEmail'],
      [{ body: '   ', authorName: 'A' }, 'body.body'],
      [{ body: 'Hei' }, 'body.authorName'],
    ];
    for (const [body, path] of cases) {
      const res = await app.request('POST', articlePath('demo', 'inj'), { body });
      assertError(res, 422, 'validation_failed');
      assert.ok(
        res.body.error.details.some((d: { path: string }) => d.path === path),
        `${JSON.stringify(body)} → ${JSON.stringify(res.body.error.details)}`,
      );
    }
    assert.equal(
      await app.service.db.connection.collection('comments').countDocuments({ articleId: 'inj' }),
      0,
    );
    assertError(await app.request('GET', `${articlePath('demo', 'x')}?limit=0`), 422, 'validation_failed');
    assertError(await app.request('GET', `${articlePath('demo', 'x')}?limit=101`), 422, 'validation_failed');
    assertError(
      await app.request('GET', `${articlePath('demo', 'x')}?cursor=forged.cursor`),
      422,
      'validation_failed',
    );
    assertError(
      await app.request('GET', '/api/v1/sites/Bad_Site/articles/x/comments'),
      422,
      'validation_failed',
    );
  });

  it('429 rate_limited with Retry-After when a reader posts too fast', async () => {
    const limited = await startTestApp(db, {
      rateLimits: { ...app.service.config.rateLimits, commentsPerMinutePerIp: 2 },
    });
    try {
      const send = () =>
        limited.request('POST', articlePath('demo', 'rl'), { body: { body: 'Hei igjen', authorName: 'R' } });
      assert.equal((await send()).status, 201);
      assert.equal((await send()).status, 201);
      const third = await send();
      assertError(third, 429, 'rate_limited');
      assert.ok(Number(third.headers.get('retry-after')) >= 1);
    } finally {
      await limited.close();
    }
  });

  it('answers CORS only for the site origins', async () => {
    await createSite(app, 'avisa', {}, ['https://www.avisa.no']);
    const allowed = await app.request('OPTIONS', articlePath('avisa', 'x'), {
      headers: { origin: 'https://www.avisa.no', 'access-control-request-method': 'POST' },
    });
    assert.equal(allowed.status, 204);
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://www.avisa.no');
    const get = await app.request('GET', articlePath('avisa', 'x'), {
      headers: { origin: 'https://www.avisa.no' },
    });
    assert.equal(get.headers.get('access-control-allow-origin'), 'https://www.avisa.no');
    const refused = await app.request('OPTIONS', articlePath('avisa', 'x'), {
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(refused.headers.get('access-control-allow-origin'), null);
    assertError(refused, 403, 'forbidden');
    const demo = await app.request('GET', articlePath('demo', 'x'), {
      headers: { origin: 'http://localhost:5173' },
    });
    assert.equal(demo.headers.get('access-control-allow-origin'), 'http://localhost:5173');
  });

  it('refuses a /moderation socket without a valid token', async () => {
    const socket = connect(app.url, '/moderation', { auth: { token: 'forged' } });
    const err = await new Promise<Error>((ok) => socket.once('connect_error', ok));
    assert.equal(err.message, 'unauthorized');
    socket.close();
  });
});

describe('storage outage', {
  skip: process.env.MONGODB_URI ? 'needs the embedded lane to stop it' : false,
}, () => {
  it('answers 503 unavailable with Retry-After and /readyz 503 when the database goes away', async () => {
    const db = await TestDatabase.start();
    const app = await startTestApp(db);
    try {
      assert.equal((await app.request('GET', '/readyz')).status, 200);
      await db.stop();
      const ready = await app.request('GET', '/readyz');
      assert.equal(ready.status, 503);
      const res = await app.request('POST', articlePath('demo', 'down'), {
        body: { body: 'Hei', authorName: 'A' },
      });
      assert.equal(res.status, 503, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'unavailable');
      assert.ok(res.headers.get('retry-after'));
      assert.equal((await app.request('GET', '/healthz')).status, 200);
    } finally {
      await app.close();
    }
  });
});
