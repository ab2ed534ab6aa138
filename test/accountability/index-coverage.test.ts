import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../../src/platform/db/database.js';
import { type RunningService, startService } from '../../src/service.js';
import {
  declaredIndexes,
  describeShape,
  indexAnswers,
  type QueryShape,
  shapesFromDebug,
} from '../platform/query-shapes.js';
import { TestDatabase, testConfig, testLogger, uniqueDbName } from '../support/harness.js';

/** The accountability endpoints' queries (statements, notices, appeals, stats, report) are answered by indexes. */
describe('index coverage of the accountability features', () => {
  let db: TestDatabase;
  let service: RunningService;
  let close: () => Promise<void>;
  const captured: QueryShape[] = [];

  before(async () => {
    db = await TestDatabase.start();
    const config = testConfig(db.uri);
    const database = await openDatabase(config, testLogger, { dbName: uniqueDbName() });
    database.connection.set('debug', (collection: string, method: string, ...args: unknown[]) => {
      if (method === 'estimatedDocumentCount') return;
      captured.push(...(shapesFromDebug(collection, method, args) ?? []));
    });
    service = await startService(config, testLogger, { db: database });
    close = async () => {
      await service.close();
      await database.close();
    };
  });
  after(async () => {
    await close?.();
    await db?.stop();
  });

  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(service.url + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: responses are read loosely in a scenario
    return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
  };

  it('a scenario through every accountability endpoint issues only index-answered queries', async () => {
    const admin = (
      await call('POST', '/api/v1/auth/login', { email: 'admin@test.local', password: 'test-admin-password' })
    ).body.token;
    assert.equal(
      (
        await call(
          'POST',
          '/api/v1/admin/sites',
          { id: 'avisa', name: 'Avisa', policy: { suspectTerms: ['tulling'] } },
          admin,
        )
      ).status,
      201,
    );
    const mod = await call(
      'POST',
      '/api/v1/admin/users',
      { email: 'm@test.local', password: 'moderator-pass-1', role: 'moderator', sites: ['avisa'] },
      admin,
    );
    const modToken = (
      await call('POST', '/api/v1/auth/login', { email: 'm@test.local', password: 'moderator-pass-1' })
    ).body.token;
    assert.equal(mod.status, 201);
    const article = '/api/v1/sites/avisa/articles/a1/comments';
    const post = async (body: string, name = 'Leser') =>
      (await call('POST', article, { body, authorName: name })).body;
    const engine = await post('Du er en jævla idiot');
    const held = await post('Du er en tulling', 'Holdt');
    const visible = await post('En grei kommentar', 'Synlig');
    const other = await post('En annen grei kommentar', 'Annen');
    await call(
      'POST',
      `/api/v1/moderation/comments/${held.comment.id}/actions`,
      { action: 'reject', version: 1, reasonCode: 'personal_attack' },
      modToken,
    );
    await call('GET', `${article}/${engine.comment.id}/status?token=${engine.statusToken}`);
    await call('GET', `${article}/${held.comment.id}/status?token=${held.statusToken}`);
    const notice = await call('POST', `${article}/${visible.comment.id}/notices`, {
      category: 'hate',
      explanation: 'Dette er hatefullt.',
      goodFaith: true,
    });
    await call('POST', `${article}/${other.comment.id}/notices`, {
      category: 'threat',
      explanation: 'Dette er en trussel.',
      goodFaith: true,
    });
    await call(
      'GET',
      `/api/v1/sites/avisa/notices/${notice.body.notice.id}?token=${notice.body.receiptToken}`,
    );
    const notices = await call(
      'GET',
      '/api/v1/moderation/sites/avisa/queue?status=notices&limit=1',
      undefined,
      modToken,
    );
    await call(
      'GET',
      `/api/v1/moderation/sites/avisa/queue?status=notices&limit=1&cursor=${notices.body.nextCursor}`,
      undefined,
      modToken,
    );
    await call(
      'POST',
      `/api/v1/moderation/notices/${notice.body.notice.id}/actions`,
      { action: 'remove', version: 1 },
      modToken,
    );
    const appeal = await call('POST', `${article}/${held.comment.id}/appeals`, {
      token: held.statusToken,
      explanation: 'Urettferdig avgjørelse.',
    });
    await call('POST', `${article}/${engine.comment.id}/appeals`, {
      token: engine.statusToken,
      explanation: 'Urettferdig avgjørelse.',
    });
    const appeals = await call(
      'GET',
      '/api/v1/moderation/sites/avisa/queue?status=appeals&limit=1',
      undefined,
      modToken,
    );
    await call(
      'GET',
      `/api/v1/moderation/sites/avisa/queue?status=appeals&limit=1&cursor=${appeals.body.nextCursor}`,
      undefined,
      modToken,
    );
    assert.equal(
      (
        await call(
          'POST',
          `/api/v1/moderation/appeals/${appeal.body.appeal.id}/actions`,
          { action: 'reverse', version: 1, reason: 'Ok' },
          admin,
        )
      ).status,
      200,
    );
    const authorKey = encodeURIComponent(
      (await call('GET', `/api/v1/moderation/comments/${other.comment.id}`, undefined, modToken)).body.comment
        .authorKey,
    );
    await call(
      'POST',
      `/api/v1/moderation/sites/avisa/authors/${authorKey}`,
      { action: 'ban', applyToExisting: true, reasonCode: 'spam' },
      modToken,
    );
    await call(
      'POST',
      `/api/v1/moderation/sites/avisa/authors/${authorKey}`,
      { action: 'shadow_ban' },
      modToken,
    );
    await call('GET', '/api/v1/moderation/sites/avisa/reject-reasons', undefined, modToken);
    assert.equal(
      (await call('GET', '/api/v1/moderation/sites/avisa/stats?bucket=hour', undefined, modToken)).status,
      200,
    );
    assert.equal((await call('GET', '/api/v1/admin/sites/avisa/transparency', undefined, admin)).status, 200);

    const indexes = declaredIndexes(service.db.connection);
    const problems = new Set<string>();
    for (const shape of captured) {
      const declared = indexes.get(shape.collection);
      if (!declared) problems.add(`${describeShape(shape)}: no schema declares ${shape.collection}`);
      else if (shape.unindexable.length > 0 || !declared.some((index) => indexAnswers(index, shape))) {
        problems.add(`${describeShape(shape)}: no declared index answers it`);
      }
    }
    const mine = new Set(captured.map((s) => s.collection));
    for (const collection of ['statements', 'notices', 'appeals', 'audit', 'reports'])
      assert.ok(mine.has(collection), collection);
    assert.deepEqual([...problems], []);
  });
});
