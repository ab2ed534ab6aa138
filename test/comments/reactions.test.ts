import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  articlePath,
  connect,
  connected,
  createSite,
  emitAck,
  startTestApp,
  type TestApp,
  TestDatabase,
  waitFor,
} from '../support/harness.js';
import { CommentRepository } from '../../src/comments/comment.repository.js';
import { ReactionRepository } from '../../src/comments/reactions/reaction.repository.js';
import { loginToken } from '../readers/reader-tokens.js';

const SSO_SECRET = 'reactions-test-sso-secret-0123456789abcdef';

describe('reactions: one respect per reader, counted exactly, pushed live at most once a second', () => {
  let db: TestDatabase;
  let app: TestApp;

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
    await createSite(app, 'avisa');
    await createSite(app, 'login', { requireLogin: true, ssoSecret: SSO_SECRET });
    await createSite(app, 'optional', { ssoSecret: SSO_SECRET });
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  const comment = async (
    siteId: string,
    articleId: string,
    body = `En kommentar verdt respekt i ${articleId}.`,
    token?: string,
  ) => {
    const res = await app.request('POST', articlePath(siteId, articleId), {
      body: token ? { body } : { body, authorName: 'Kari' },
      token,
    });
    assert.equal(res.status, 201);
    assert.equal(res.body.comment.status, 'approved');
    return res.body.comment.id as string;
  };
  const readerKey = async (siteId = 'avisa') => {
    const res = await app.request('POST', `/api/v1/sites/${siteId}/readers/anonymous`);
    assert.equal(res.status, 201);
    assert.match(res.body.readerKey, /^[\w-]{22}\.[\w-]{22}$/);
    return res.body.readerKey as string;
  };
  const respect = (
    method: 'PUT' | 'DELETE',
    siteId: string,
    articleId: string,
    id: string,
    headers: Record<string, string>,
  ) => app.request(method, `${articlePath(siteId, articleId)}/${id}/reactions/respect`, { headers });

  it('PUT gives respect once, repeating changes nothing, DELETE takes it back; the list carries the count', async () => {
    const id = await comment('avisa', 'r-1');
    const key = await readerKey();
    const as = { 'ordskifte-reader': key };
    const first = await respect('PUT', 'avisa', 'r-1', id, as);
    assert.equal(first.status, 200);
    assert.deepEqual(first.body, { reactions: { respect: 1 }, mine: true });
    assert.deepEqual((await respect('PUT', 'avisa', 'r-1', id, as)).body, {
      reactions: { respect: 1 },
      mine: true,
    });
    const other = await respect('PUT', 'avisa', 'r-1', id, { 'ordskifte-reader': await readerKey() });
    assert.deepEqual(other.body, { reactions: { respect: 2 }, mine: true });

    const list = await app.request('GET', articlePath('avisa', 'r-1'));
    assert.deepEqual(list.body.items[0].reactions, { respect: 2 });
    const mine = await app.request('GET', '/api/v1/sites/avisa/articles/r-1/readers/me', { headers: as });
    assert.equal(mine.status, 200);
    assert.deepEqual(mine.body, { reactions: { respect: [id] }, comments: [] });
    assert.match(mine.headers.get('cache-control') ?? '', /private/);

    assert.deepEqual((await respect('DELETE', 'avisa', 'r-1', id, as)).body, {
      reactions: { respect: 1 },
      mine: false,
    });
    assert.deepEqual((await respect('DELETE', 'avisa', 'r-1', id, as)).body, {
      reactions: { respect: 1 },
      mine: false,
    });
    assert.deepEqual(
      (await app.request('GET', '/api/v1/sites/avisa/articles/r-1/readers/me', { headers: as })).body
        .reactions,
      { respect: [] },
    );
    // Nothing personal in the public list.
    assert.equal(
      JSON.stringify((await app.request('GET', articlePath('avisa', 'r-1'))).body).includes('mine'),
      false,
    );
  });

  it('50 readers at once give exactly 50; one reader clicking 20 times at once gives exactly 1', async () => {
    const id = await comment('avisa', 'r-many');
    const keys = await Promise.all(Array.from({ length: 50 }, () => readerKey()));
    const answers = await Promise.all(
      keys.map((key) => respect('PUT', 'avisa', 'r-many', id, { 'ordskifte-reader': key })),
    );
    assert.deepEqual(
      answers.map((a) => a.status),
      keys.map(() => 200),
    );
    // Each answer counted at its moment: every count from 1 to 50 is possible, none above 50.
    assert.ok(answers.every((a) => a.body.reactions.respect >= 1 && a.body.reactions.respect <= 50));
    const stored = await app.service.db.connection
      .collection('comments')
      .findOne({ body: /verdt respekt/, articleId: 'r-many' });
    assert.equal(stored?.reactions.respect, 50, 'the count stored on the comment');
    assert.equal(
      await app.service.db.connection.collection('reactions').countDocuments({ commentId: id }),
      50,
    );
    assert.equal(
      (await app.request('GET', articlePath('avisa', 'r-many'))).body.items[0].reactions.respect,
      50,
    );

    const clicker = { 'ordskifte-reader': await readerKey() };
    const clicks = await Promise.all(
      Array.from({ length: 20 }, () => respect('PUT', 'avisa', 'r-many', id, clicker)),
    );
    assert.ok(clicks.every((c) => c.status === 200 && c.body.mine === true));
    // (The public list may be answered from its one-second cache; the comment holds the count.)
    const afterClicks = await app.service.db.connection.collection('comments').findOne({ _id: stored?._id });
    assert.equal(afterClicks?.reactions.respect, 51);

    // Half take it back while others give it, all at once: still exact.
    const late = await Promise.all(Array.from({ length: 25 }, () => readerKey()));
    await Promise.all([
      ...keys
        .slice(0, 25)
        .map((key) => respect('DELETE', 'avisa', 'r-many', id, { 'ordskifte-reader': key })),
      ...late.map((key) => respect('PUT', 'avisa', 'r-many', id, { 'ordskifte-reader': key })),
    ]);
    const final = await app.service.db.connection.collection('comments').findOne({ _id: stored?._id });
    assert.equal(final?.reactions.respect, 51);
  });

  it('a count taken earlier but stored later never overwrites a later one (the stored count cannot drift)', async () => {
    const id = await comment('avisa', 'r-race');
    const comments = new CommentRepository(app.service.db.connection);
    const reactions = new ReactionRepository(app.service.db.connection);
    const add = (n: number) =>
      reactions.add({
        siteId: 'avisa',
        articleId: 'r-race',
        commentId: id,
        kind: 'respect',
        readerKey: `reader:t${n}`,
      });
    // Two changes whose recounts interleave: A counts first, B counts after its own change,
    // then B stores, then A stores its older count last.
    await add(1);
    const seqA = await comments.nextReactionSeq(id);
    const countA = await reactions.count(id, 'respect');
    await add(2);
    const seqB = await comments.nextReactionSeq(id);
    const countB = await reactions.count(id, 'respect');
    assert.deepEqual([countA, countB], [1, 2]);
    assert.equal(await comments.storeReactionCounts(id, seqB!, { respect: countB }), true);
    assert.equal(
      await comments.storeReactionCounts(id, seqA!, { respect: countA }),
      false,
      'the older count is refused',
    );
    assert.equal((await comments.findById(id))?.reactions.respect, 2);
  });

  it('anonymous readers need a key the site issued; a forged or foreign key is refused', async () => {
    const id = await comment('avisa', 'r-keys');
    const none = await respect('PUT', 'avisa', 'r-keys', id, {});
    assert.equal(none.status, 401);
    assert.equal(none.body.error.code, 'unauthorized');
    assert.match(none.body.error.message, /readers\/anonymous/);
    const forged = await respect('PUT', 'avisa', 'r-keys', id, {
      'ordskifte-reader': 'AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA',
    });
    assert.equal(forged.status, 401);
    const foreign = await respect('PUT', 'avisa', 'r-keys', id, {
      'ordskifte-reader': await readerKey('optional'),
    });
    assert.equal(foreign.status, 401);
    const garbage = await respect('PUT', 'avisa', 'r-keys', id, { 'ordskifte-reader': '{"$ne":null}' });
    assert.equal(garbage.status, 401);
  });

  it('reader keys are issued at a limited rate per client address', async () => {
    const limited = await startTestApp(db, {
      rateLimits: { ...app.service.config.rateLimits, readerKeysPerHourPerIp: 3 },
    });
    try {
      await createSite(limited, 'avisa');
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await limited.request('POST', '/api/v1/sites/avisa/readers/anonymous')).status);
      }
      assert.deepEqual(statuses, [201, 201, 201, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('on a site with required login only the login counts; on optional login either works, one each', async () => {
    const reader = loginToken(SSO_SECRET, 'reader-7', 'Leser Sju');
    const author = loginToken(SSO_SECRET, 'author-1', 'Skribent');
    const id = await comment('login', 'r-sso', 'Innlogget kommentar.', author);
    const anon = await respect('PUT', 'login', 'r-sso', id, { 'ordskifte-reader': await readerKey('login') });
    assert.equal(anon.status, 401);
    const given = await respect('PUT', 'login', 'r-sso', id, { authorization: `Bearer ${reader}` });
    assert.deepEqual(given.body, { reactions: { respect: 1 }, mine: true });
    const again = await respect('PUT', 'login', 'r-sso', id, {
      authorization: `Bearer ${loginToken(SSO_SECRET, 'reader-7', 'Leser Sju')}`,
    });
    assert.equal(again.body.reactions.respect, 1, 'a new token of the same login is the same reader');
    const own = await respect('PUT', 'login', 'r-sso', id, { authorization: `Bearer ${author}` });
    assert.equal(own.status, 422);

    const optional = await comment('optional', 'r-opt');
    assert.equal(
      (await respect('PUT', 'optional', 'r-opt', optional, { authorization: `Bearer ${reader}` })).body
        .reactions.respect,
      1,
    );
    assert.equal(
      (
        await respect('PUT', 'optional', 'r-opt', optional, {
          'ordskifte-reader': await readerKey('optional'),
        })
      ).body.reactions.respect,
      2,
    );
    const forged = await respect('PUT', 'optional', 'r-opt', optional, {
      authorization: 'Bearer not.a.token',
    });
    assert.equal(forged.status, 401);
  });

  it('erasing a logged-in reader removes their reactions, and the counts follow', async () => {
    const id = await comment('optional', 'r-erase');
    const leaving = loginToken(SSO_SECRET, 'leaving-reader', 'Går Nå');
    await respect('PUT', 'optional', 'r-erase', id, { authorization: `Bearer ${leaving}` });
    await respect('PUT', 'optional', 'r-erase', id, { 'ordskifte-reader': await readerKey('optional') });
    const erased = await app.request('POST', '/api/v1/admin/sites/optional/privacy/erase', {
      token: await app.adminToken(),
      body: { authorKey: 'sso:leaving-reader' },
    });
    assert.equal(erased.status, 200, JSON.stringify(erased.body));
    assert.equal(
      await app.service.db.connection.collection('reactions').countDocuments({ commentId: id }),
      1,
    );
    const stored = await app.service.db.connection.collection('comments').findOne({ articleId: 'r-erase' });
    assert.equal(stored?.reactions.respect, 1);
  });

  it('only what readers see can be respected: held, rejected, other articles and sites are 404', async () => {
    const key = { 'ordskifte-reader': await readerKey() };
    const held = await app.request('POST', articlePath('avisa', 'r-404'), {
      body: { body: 'Ring meg på 412 34 567 i kveld.', authorName: 'Per' },
    });
    assert.equal(held.body.comment.status, 'pending');
    assert.equal((await respect('PUT', 'avisa', 'r-404', held.body.comment.id, key)).status, 404);
    const id = await comment('avisa', 'r-404');
    assert.equal((await respect('PUT', 'avisa', 'r-other', id, key)).status, 404);
    assert.equal((await respect('PUT', 'avisa', 'r-404', '0123456789abcdef01234567', key)).status, 404);
    assert.equal((await respect('PUT', 'avisa', 'r-404', 'nope', key)).status, 422);
    assert.equal((await respect('PUT', 'nosuchsite', 'r-404', id, key)).status, 404);
  });

  it('pushes comment.reactions on /live at most once per second per comment, the last one exact', async () => {
    const id = await comment('avisa', 'r-live');
    const keys = await Promise.all(Array.from({ length: 12 }, () => readerKey()));
    const reader = connect(app.url, '/live');
    await connected(reader);
    assert.deepEqual(await emitAck(reader, 'subscribe', { siteId: 'avisa', articleId: 'r-live' }), {
      ok: true,
    });
    const events: { at: number; payload: { id: string; reactions: { respect: number } } }[] = [];
    reader.on('comment.reactions', (payload) => events.push({ at: Date.now(), payload }));
    const started = Date.now();
    for (const key of keys) {
      await respect('PUT', 'avisa', 'r-live', id, { 'ordskifte-reader': key });
      await new Promise((r) => setTimeout(r, 150));
    }
    const sent = Date.now() - started;
    await waitFor(() => events.at(-1)?.payload.reactions.respect === 12, 3000, 'the final count pushed');
    await new Promise((r) => setTimeout(r, 1200));
    reader.close();
    assert.ok(events.every((e) => e.payload.id === id));
    assert.ok(events.length >= 2, `a burst over ${sent} ms pushes more than once`);
    assert.ok(
      events.length <= Math.ceil(sent / 1000) + 1,
      `${events.length} pushes in ${sent} ms: at most one a second (plus the closing one)`,
    );
    for (let i = 1; i < events.length; i++) {
      assert.ok(
        events[i]!.at - events[i - 1]!.at >= 900,
        `pushes ${i - 1} and ${i} were ${events[i]!.at - events[i - 1]!.at} ms apart`,
      );
    }
    assert.equal(events.at(-1)?.payload.reactions.respect, 12);
  });

  it('the OpenAPI document lists the reaction endpoints with their exact shapes', async () => {
    const doc = (await app.request('GET', '/api/v1/openapi.json')).body;
    const path =
      doc.paths['/api/v1/sites/{siteId}/articles/{articleId}/comments/{commentId}/reactions/respect'];
    assert.ok(path.put && path.delete);
    const schema = path.put.responses['200'].content['application/json'].schema;
    assert.deepEqual(Object.keys(schema.properties).sort(), ['mine', 'reactions']);
    assert.ok(doc.paths['/api/v1/sites/{siteId}/readers/anonymous'].post);
    assert.ok(doc.paths['/api/v1/sites/{siteId}/articles/{articleId}/readers/me'].get);
  });
});
