import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../../src/platform/db/database.js';
import { type RunningService, startService } from '../../src/service.js';
import {
  connect,
  connected,
  emitAck,
  TestDatabase,
  testConfig,
  testLogger,
  uniqueDbName,
} from '../support/harness.js';
import {
  type DeclaredIndex,
  declaredIndexes,
  describeShape,
  indexAnswers,
  type QueryShape,
  shapesFromDebug,
  shapesOf,
} from './query-shapes.js';

/**
 * Reviewed exceptions: commands that are answered without an index by design.
 * Key: `collection.method`, `*.method`, or a whole shape as printed in the
 * failure message. Keep this short and say why.
 */
const ALLOWED: Record<string, string> = {
  '*.estimatedDocumentCount': 'answered from collection metadata, never scans',
  'audit.updateMany eq{entity,entityId,siteId} sort{} range{after.authorKey}':
    "erasure (rare, by an admin): the audit index's (entity, entityId) prefix finds one comment's few records",
  'site_events.updateMany eq{payload.id,siteId,stream} sort{} range{payload.authorKey}':
    'erasure (rare, by an admin) scans one site stream of the event log, which keeps only its retention days; ' +
    'an index on payload ids would cost every event written',
};

describe('index coverage: every query the repositories issue is answered by a declared index', () => {
  let db: TestDatabase;
  let service: RunningService;
  let close: () => Promise<void>;
  const captured: QueryShape[] = [];
  const allowedSeen = new Set<string>();

  before(async () => {
    db = await TestDatabase.start();
    const config = testConfig(db.uri);
    const database = await openDatabase(config, testLogger, { dbName: uniqueDbName() });
    database.connection.set('debug', (collection: string, method: string, ...args: unknown[]) => {
      const reason = ALLOWED[`${collection}.${method}`] ?? ALLOWED[`*.${method}`];
      if (reason) {
        allowedSeen.add(`${collection}.${method}`);
        return;
      }
      const shapes = shapesFromDebug(collection, method, args);
      for (const shape of shapes ?? []) {
        if (ALLOWED[describeShape(shape)]) allowedSeen.add(describeShape(shape));
        else captured.push(shape);
      }
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
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    // biome-ignore lint/suspicious/noExplicitAny: responses are read loosely in a scenario
    return { status: res.status, body: parsed as any };
  };

  it('the shape checker accepts the ESR order and refuses what an index cannot answer', () => {
    const index: DeclaredIndex = {
      keys: [
        ['siteId', 1],
        ['status', 1],
        ['createdAt', 1],
        ['_id', 1],
      ],
      unique: false,
    };
    const ok = (filter: Record<string, unknown>, sort?: Record<string, unknown>) =>
      shapesOf('c', 'find', filter, sort).every((s) => indexAnswers(index, s));
    assert.ok(ok({ siteId: 'a', status: 'pending' }, { createdAt: 1, _id: 1 }));
    assert.ok(ok({ status: 'pending', siteId: 'a' }, { createdAt: -1, _id: -1 }), 'reversed sort');
    assert.ok(ok({ siteId: 'a', status: { $in: ['x', 'y'] } }));
    assert.ok(
      ok(
        { siteId: 'a', status: 'p', $or: [{ createdAt: { $gt: 1 } }, { createdAt: 1, _id: { $gt: 2 } }] },
        { createdAt: 1, _id: 1 },
      ),
      'cursor pagination',
    );
    assert.ok(!ok({ siteId: 'a' }, { createdAt: 1 }), 'skips an index field between equality and sort');
    assert.ok(!ok({ siteId: 'a', status: 'p' }, { createdAt: 1, _id: -1 }), 'mixed directions');
    assert.ok(!ok({ siteId: 'a', status: 'p', authorKey: 'k' }), 'equality on a field not in the index');
    assert.ok(!ok({ status: 'p' }), 'not a prefix');
    assert.ok(!ok({}), 'collection scan');
    assert.ok(!ok({ siteId: 'a', $where: 'true' }));
    assert.ok(
      indexAnswers(
        { keys: [['_id', 1]], unique: true },
        shapesOf('c', 'f', { _id: 'x', version: 3 }, {})[0]!,
      ),
      'point lookup by a unique key',
    );
    const union = shapesFromDebug('c', 'aggregate', [
      [
        { $match: { siteId: 'a', status: 'p' } },
        { $unionWith: { coll: 'c', pipeline: [{ $match: { status: 'p' } }, { $count: 'n' }] } },
      ],
    ])!;
    assert.equal(union.length, 2, 'a $unionWith sub-pipeline is a query of its own');
    assert.ok(indexAnswers(index, union[0]!));
    assert.ok(!indexAnswers(index, union[1]!), 'an unindexed $unionWith sub-pipeline is refused');
  });

  it('a broad scenario through the real app issues only index-answered queries', async () => {
    const login = await call('POST', '/api/v1/auth/login', {
      email: 'admin@test.local',
      password: 'test-admin-password',
    });
    assert.equal(login.status, 200);
    const admin = login.body.token as string;
    assert.equal(
      (await call('POST', '/api/v1/admin/sites', { id: 'avisa', name: 'Avisa' }, admin)).status,
      201,
    );
    const mod = await call(
      'POST',
      '/api/v1/admin/users',
      {
        email: 'mod@test.local',
        password: 'moderator-pass-1',
        role: 'moderator',
        sites: ['avisa'],
        name: 'M',
      },
      admin,
    );
    assert.equal(mod.status, 201);
    await call(
      'POST',
      '/api/v1/admin/users',
      { email: 'ed@test.local', password: 'editor-pass-12', role: 'editor', sites: ['avisa'], name: 'E' },
      admin,
    );
    const modToken = (
      await call('POST', '/api/v1/auth/login', { email: 'mod@test.local', password: 'moderator-pass-1' })
    ).body.token as string;
    const edToken = (
      await call('POST', '/api/v1/auth/login', { email: 'ed@test.local', password: 'editor-pass-12' })
    ).body.token as string;

    const moderator = connect(service.url, '/moderation', { auth: { token: modToken } });
    const reader = connect(service.url, '/live');
    await Promise.all([connected(moderator), connected(reader)]);
    await emitAck(moderator, 'join', { siteId: 'avisa' });
    await emitAck(reader, 'subscribe', { siteId: 'avisa', articleId: 'a1' });

    const article = '/api/v1/sites/avisa/articles/a1/comments';
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await call('POST', article, {
        body: `Kommentar nummer ${i} om saken`,
        authorName: `Leser ${i % 4}`,
      });
      assert.equal(res.status, 201);
      ids.push(res.body.comment.id);
    }
    const held = await call('POST', article, {
      body: 'Se https://a.example og https://b.example og https://c.example',
      authorName: 'Lenke',
    });
    const reply = await call('POST', article, { body: 'Et svar', authorName: 'Svar', parentId: ids[0] });
    assert.equal(reply.status, 201);
    const keyed = { body: 'Med nøkkel', authorName: 'N' };
    await fetch(service.url + article, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k-1' },
      body: JSON.stringify(keyed),
    });
    await fetch(service.url + article, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k-1' },
      body: JSON.stringify(keyed),
    });

    // The reader's side: reactions (anonymous reader key), every sort with a cursor, permalinks,
    // their own view, a preview, an edit and a delete.
    const readerKey = (await call('POST', '/api/v1/sites/avisa/readers/anonymous')).body.readerKey as string;
    const asReader = async (method: string, path: string) =>
      (await fetch(service.url + path, { method, headers: { 'ordskifte-reader': readerKey } })).status;
    assert.equal(await asReader('PUT', `${article}/${ids[4]}/reactions/respect`), 200);
    assert.equal(await asReader('DELETE', `${article}/${ids[4]}/reactions/respect`), 200);
    assert.equal(await asReader('PUT', `${article}/${ids[5]}/reactions/respect`), 200);
    assert.equal(await asReader('GET', '/api/v1/sites/avisa/articles/a1/readers/me'), 200);
    for (const sort of ['newest', 'oldest', 'respect', 'replies']) {
      const first = await call('GET', `${article}?limit=10&sort=${sort}`);
      assert.equal(first.status, 200);
      const second = await call('GET', `${article}?limit=10&sort=${sort}&cursor=${first.body.nextCursor}`);
      assert.equal(second.status, 200);
      assert.equal(
        (await call('GET', `${article}?limit=10&sort=${sort}&around=${reply.body.comment.id}`)).status,
        200,
      );
    }
    assert.equal(
      (await call('POST', `${article}/preview`, { body: 'Ring 412 34 567', authorName: 'Leser 1' })).status,
      200,
    );
    const own = await call('POST', article, { body: 'Denne skal endres og slettes.', authorName: 'Angrer' });
    const ownPath = `${article}/${own.body.comment.id}`;
    assert.equal(
      (await call('PATCH', ownPath, { token: own.body.statusToken, body: 'Endret tekst, snart borte.' }))
        .status,
      200,
    );
    const notes = await call(
      'GET',
      `/api/v1/sites/avisa/readers/me/notifications?limit=1&tokens=${ids[0]}.x,${own.body.comment.id}.${own.body.statusToken}`,
    );
    assert.equal(notes.status, 200);
    assert.equal((await call('DELETE', `${ownPath}?token=${own.body.statusToken}`)).status, 204);
    assert.equal((await call('DELETE', `${article}/${ids[0]}?token=wrong`)).status, 404);

    for (const reason of ['spam', 'abuse', 'other']) {
      await fetch(`${service.url}${article}/${ids[1]}/reports`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.0.0.${reason.length}` },
        body: JSON.stringify({ reason }),
      });
    }

    for (const status of ['pending', 'reported', 'rejected', 'approved']) {
      const page = await call(
        'GET',
        `/api/v1/moderation/sites/avisa/queue?status=${status}&limit=5`,
        undefined,
        modToken,
      );
      assert.equal(page.status, 200);
      if (page.body.nextCursor) {
        await call(
          'GET',
          `/api/v1/moderation/sites/avisa/queue?status=${status}&limit=5&cursor=${page.body.nextCursor}`,
          undefined,
          modToken,
        );
      }
    }
    // The workbench's narrowing, search and overview, in both queue kinds (status and reported).
    const someone = (
      await call('GET', '/api/v1/moderation/sites/avisa/queue?status=approved&limit=1', undefined, modToken)
    ).body.items[0].authorKey as string;
    for (const status of ['pending', 'reported', 'approved']) {
      for (const extra of [
        '&articleId=a1',
        `&authorKey=${encodeURIComponent(someone)}`,
        '&rule=too_many_links',
        '&from=2020-01-01&to=2099-01-01',
        '&articleId=a1&from=2020-01-01',
        '&q=kommentar',
        '&q=kommentar&articleId=a1&to=2099-01-01',
      ]) {
        const res = await call(
          'GET',
          `/api/v1/moderation/sites/avisa/queue?status=${status}&limit=3${extra}`,
          undefined,
          modToken,
        );
        assert.equal(res.status, 200, `${status}${extra}: ${JSON.stringify(res.body)}`);
        if (res.body.nextCursor) {
          await call(
            'GET',
            `/api/v1/moderation/sites/avisa/queue?status=${status}&limit=3${extra}&cursor=${res.body.nextCursor}`,
            undefined,
            modToken,
          );
        }
      }
    }
    assert.equal(
      (await call('GET', '/api/v1/moderation/sites/avisa/articles', undefined, modToken)).status,
      200,
    );
    const authorPath = `/api/v1/moderation/sites/avisa/authors/${encodeURIComponent(someone)}`;
    assert.equal((await call('GET', authorPath, undefined, modToken)).status, 200);
    await call('POST', authorPath, { action: 'premoderate', reason: 'test' }, modToken);
    const undoable = await call(
      'POST',
      `/api/v1/moderation/comments/${ids[4]}/actions`,
      { action: 'reject', version: 1 },
      modToken,
    );
    await call(
      'POST',
      `/api/v1/moderation/comments/${ids[4]}/actions`,
      { action: 'undo', version: undoable.body.comment.version },
      modToken,
    );
    await call('GET', `/api/v1/moderation/comments/${reply.body.comment.id}`, undefined, modToken);

    const heldId = held.body.comment.id as string;
    await emitAck(moderator, 'claim', { commentId: heldId }).catch(() => undefined);
    await call('GET', `/api/v1/moderation/comments/${heldId}`, undefined, modToken);
    await call('GET', `/api/v1/moderation/comments/${own.body.comment.id}/revisions`, undefined, modToken);
    assert.equal(
      (
        await call(
          'POST',
          `/api/v1/moderation/comments/${heldId}/actions`,
          { action: 'approve', version: 1 },
          modToken,
        )
      ).status,
      200,
    );
    await call(
      'POST',
      `/api/v1/moderation/comments/${heldId}/actions`,
      { action: 'reject', version: 1 },
      modToken,
    );
    await call(
      'POST',
      `/api/v1/moderation/comments/${ids[2]}/actions`,
      { action: 'feature', version: 1 },
      modToken,
    );
    await call(
      'POST',
      `/api/v1/moderation/comments/${ids[3]}/actions`,
      { action: 'reject', version: 1 },
      modToken,
    );
    await call('PATCH', '/api/v1/moderation/sites/avisa/articles/a1', { mode: 'pre' }, modToken);
    await emitAck(moderator, 'release', { commentId: heldId }).catch(() => undefined);

    const submission = await call('POST', '/api/v1/sites/avisa/submissions', {
      title: 'Skulen må få meir pengar',
      body: 'Eg meiner kommunen må prioritere skulen. '.repeat(20),
      authorName: 'Ola Nordmann',
      authorEmail: 'ola@example.no',
      authorLocation: 'Ørsta',
    });
    assert.equal(submission.status, 201, JSON.stringify(submission.body));
    {
      const id = submission.body.submission.id as string;
      await call('GET', `/api/v1/sites/avisa/submissions/${id}?token=${submission.body.receipt?.token}`);
      await call('GET', '/api/v1/moderation/sites/avisa/submissions?limit=5', undefined, edToken);
      await call('GET', `/api/v1/moderation/submissions/${id}`, undefined, edToken);
      let version = 1;
      for (const action of ['start_review', 'accept', 'publish']) {
        const res = await call(
          'POST',
          `/api/v1/moderation/submissions/${id}/actions`,
          { action, version },
          edToken,
        );
        version = res.body?.submission?.version ?? version + 1;
      }
      await call('POST', `/api/v1/moderation/submissions/${id}/notes`, { text: 'Takk' }, edToken);
      await call('GET', '/api/v1/sites/avisa/submissions?status=published');
    }

    // The moderators' side of readers: the report list (the author panel is driven above).
    assert.equal(
      (await call('GET', `/api/v1/moderation/comments/${ids[1]}/reports`, undefined, modToken)).status,
      200,
    );
    const authorKey = (await call('GET', `/api/v1/moderation/comments/${ids[5]}`, undefined, modToken)).body
      .comment.authorKey as string;
    // Privacy: a data-subject export and an erasure, by e-mail and by author key.
    const exported = await call(
      'POST',
      '/api/v1/admin/sites/avisa/privacy/export',
      { email: 'ola@example.no' },
      admin,
    );
    assert.equal(exported.status, 200, JSON.stringify(exported.body));
    const erased = await call('POST', '/api/v1/admin/sites/avisa/privacy/erase', { authorKey }, admin);
    assert.equal(erased.status, 200, JSON.stringify(erased.body));

    await call('GET', '/api/v1/admin/sites', undefined, admin);
    await call('GET', '/api/v1/admin/sites/avisa', undefined, admin);
    await call('PATCH', '/api/v1/admin/sites/avisa', { name: 'Avisa Nord' }, admin);
    await call('GET', '/api/v1/admin/sites/avisa/webhook-deliveries?limit=5', undefined, admin);
    const users = await call('GET', '/api/v1/admin/users?limit=1', undefined, admin);
    if (users.body?.nextCursor)
      await call('GET', `/api/v1/admin/users?limit=1&cursor=${users.body.nextCursor}`, undefined, admin);
    await call('PATCH', `/api/v1/admin/users/${mod.body.user.id}`, { disabled: true }, admin);
    await call('GET', '/api/v1/auth/session', undefined, admin);
    await call('POST', '/api/v1/auth/logout', undefined, edToken);
    await call('GET', '/readyz');

    moderator.close();
    const again = connect(service.url, '/moderation', { auth: { token: admin } });
    await connected(again);
    await emitAck(again, 'join', { siteId: 'avisa', lastSeq: 1 });
    again.close();
    reader.close();
    await new Promise((r) => setTimeout(r, 300)); // debounced queue counts

    const indexes = declaredIndexes(service.db.connection);
    const problems = new Set<string>();
    const checked = new Set<string>();
    for (const shape of captured) {
      const described = describeShape(shape);
      checked.add(described);
      const declared = indexes.get(shape.collection);
      if (!declared) problems.add(`${described}: no schema declares collection ${shape.collection}`);
      else if (shape.unindexable.length > 0 || !declared.some((index) => indexAnswers(index, shape))) {
        problems.add(`${described}: no declared index answers it`);
      }
    }
    assert.ok(
      checked.size >= 15,
      `only ${checked.size} distinct query shapes seen; is the debug hook working?`,
    );
    // The raw updateMany/deleteMany filters of retention (its first sweep runs at start), privacy
    // and author standing were checked too, not just the everyday reads.
    const seen = new Set(captured.map((shape) => `${shape.collection}.${shape.method}`));
    for (const expected of [
      'comments.updateMany',
      'audit.updateMany',
      'reports.deleteMany',
      'reports.find',
      'authors.findOneAndUpdate',
      'submissions.find',
    ]) {
      assert.ok(seen.has(expected), `the scenario never issued ${expected}: ${[...seen].sort().join(', ')}`);
    }
    assert.deepEqual(
      [...problems],
      [],
      `queries without an index (declare one in the schema, equality fields first, then sort, then range; ` +
        `or add a reviewed entry with a reason to ALLOWED in this file):\n${[...problems].join('\n')}`,
    );
  });
});
