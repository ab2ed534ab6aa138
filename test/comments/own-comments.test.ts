import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  articlePath,
  connect,
  connected,
  createSite,
  createdEventsLogged,
  createStaff,
  emitAck,
  once,
  startTestApp,
  type TestApp,
  TestDatabase,
} from '../support/harness.js';
import { loginToken } from '../readers/reader-tokens.js';

const SSO_SECRET = 'own-comments-sso-secret-0123456789abcdefgh';

describe("a writer's own words: preview before posting, edit within the window, delete", () => {
  let db: TestDatabase;
  let app: TestApp;

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
    await createSite(app, 'avisa', { bannedTerms: ['rævdill'], editWindowSeconds: 300 });
    await createSite(app, 'login', { requireLogin: true, ssoSecret: SSO_SECRET });
    await createSite(app, 'noedit', { editWindowSeconds: 0 });
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  const post = async (
    articleId: string,
    body: string,
    extra: Record<string, unknown> = {},
    site = 'avisa',
  ) => {
    const res = await app.request('POST', articlePath(site, articleId), {
      body: { body, authorName: 'Kari', ...extra },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { comment: { id: string; status: string }; statusToken: string };
  };
  const edit = (articleId: string, id: string, body: Record<string, unknown>, site = 'avisa') =>
    app.request('PATCH', `${articlePath(site, articleId)}/${id}`, { body });
  const remove = (articleId: string, id: string, token: string, site = 'avisa') =>
    app.request('DELETE', `${articlePath(site, articleId)}/${id}?token=${encodeURIComponent(token)}`);
  const list = async (articleId: string, site = 'avisa') =>
    (await app.request('GET', `${articlePath(site, articleId)}?limit=50`)).body;
  const snapshot = async () => {
    // Every collection the service declares (jongodb has no listCollections).
    const names = Object.values(app.service.db.connection.models)
      .map((model) => model.collection.collectionName)
      .sort();
    // Every document, not just how many: an update would show too.
    const result: Record<string, string> = {};
    for (const name of names) {
      const docs = await app.service.db.connection.collection(name).find({}).sort({ _id: 1 }).toArray();
      result[name] = JSON.stringify(docs);
    }
    return result;
  };

  describe('preview', () => {
    it('says what a post would get and where, in categories, and stores nothing at all', async () => {
      await post('p-1', 'En første kommentar i saken.');
      await createdEventsLogged(app, 'avisa', 1);
      const before = await snapshot();
      const clean = await app.request('POST', `${articlePath('avisa', 'p-1')}/preview`, {
        body: { body: 'Et helt vanlig og saklig innlegg.', authorName: 'Kari' },
      });
      assert.equal(clean.status, 200);
      assert.deepEqual(clean.body, { decision: 'approve', reasons: [] });

      const text = 'Du er en rævdill, ring meg på 412 34 567.';
      const rude = await app.request('POST', `${articlePath('avisa', 'p-1')}/preview`, {
        body: { body: text, authorName: 'Kari' },
      });
      assert.equal(rude.status, 200);
      assert.equal(rude.body.decision, 'reject');
      const categories = rude.body.reasons.map((r: { category: string }) => r.category).sort();
      assert.deepEqual(categories, ['personal_info', 'site']);
      const site = rude.body.reasons.find((r: { category: string }) => r.category === 'site');
      assert.equal(text.slice(site.spans[0].start, site.spans[0].end), 'rævdill');
      // Only categories and offsets into the reader's own text: never the lexicon entry, rule or detail.
      assert.deepEqual(Object.keys(rude.body).sort(), ['decision', 'reasons']);
      for (const reason of rude.body.reasons)
        assert.deepEqual(Object.keys(reason).sort(), ['category', 'spans']);
      assert.equal(JSON.stringify(rude.body).includes('rævdill'), false);

      const duplicate = await app.request('POST', `${articlePath('avisa', 'p-1')}/preview`, {
        body: { body: 'En første kommentar i saken.', authorName: 'Kari' },
      });
      assert.deepEqual(
        duplicate.body.reasons.map((r: { category: string }) => r.category),
        ['duplicate'],
      );
      assert.deepEqual(await snapshot(), before, 'no document was added, changed or removed');
    });

    it('is validated like a post, needs the login where the site requires it, and is rate-limited', async () => {
      const invalid = await app.request('POST', `${articlePath('avisa', 'p-2')}/preview`, {
        body: { body: '' },
      });
      assert.equal(invalid.status, 422);
      const noLogin = await app.request('POST', `${articlePath('login', 'p-2')}/preview`, {
        body: { body: 'Hei.' },
      });
      assert.equal(noLogin.status, 401);
      const withLogin = await app.request('POST', `${articlePath('login', 'p-2')}/preview`, {
        body: { body: 'Hei på deg.' },
        token: loginToken(SSO_SECRET, 'r-1', 'Rita'),
      });
      assert.equal(withLogin.status, 200);
      const limited = await startTestApp(db, {
        rateLimits: { ...app.service.config.rateLimits, previewsPerMinutePerIp: 2 },
      });
      try {
        await createSite(limited, 'avisa');
        const statuses: number[] = [];
        for (let i = 0; i < 4; i++) {
          const res = await limited.request('POST', `${articlePath('avisa', 'p-3')}/preview`, {
            body: { body: `Utkast ${i}.`, authorName: 'Kari' },
          });
          statuses.push(res.status);
          if (res.status === 429) assert.match(res.headers.get('retry-after') ?? '', /^\d+$/);
        }
        assert.deepEqual(statuses, [200, 200, 429, 429]);
      } finally {
        await limited.close();
      }
    });
  });

  describe('edit', () => {
    it('within the window: moderated again, shown edited, the old text kept for moderators', async () => {
      const mine = await post('e-1', 'Kommunen burde bygge flere gang- og sykkelveier.');
      const admin = await app.adminToken();
      const reader = connect(app.url, '/live');
      const moderator = connect(app.url, '/moderation', { auth: { token: admin } });
      await Promise.all([connected(reader), connected(moderator)]);
      await emitAck(reader, 'subscribe', { siteId: 'avisa', articleId: 'e-1' });
      await emitAck(moderator, 'join', { siteId: 'avisa' });

      const livePublished = once<{ id: string; body: string; editedAt: string }>(reader, 'comment.published');
      const modUpdated = once<{ id: string; body: string; version: number }>(moderator, 'comment.updated');
      const edited = await edit('e-1', mine.comment.id, {
        token: mine.statusToken,
        body: 'Kommunen burde bygge flere og tryggere gang- og sykkelveier.',
      });
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      assert.equal(edited.body.comment.status, 'approved');
      assert.equal(edited.body.comment.body, 'Kommunen burde bygge flere og tryggere gang- og sykkelveier.');
      assert.equal(typeof edited.body.comment.editedAt, 'string');
      assert.equal(edited.body.statusToken, mine.statusToken);
      assert.equal((await livePublished).body, edited.body.comment.body);
      assert.equal((await modUpdated).version, 2);
      assert.equal((await list('e-1')).items[0].editedAt, edited.body.comment.editedAt);

      // Edited into something the rules reject: off the page at once, live.
      const liveRemoved = once<{ id: string }>(reader, 'comment.removed');
      const worse = await edit('e-1', mine.comment.id, {
        token: mine.statusToken,
        body: 'Ordføreren er en rævdill.',
      });
      assert.equal(worse.status, 200);
      assert.equal(worse.body.comment.status, 'rejected');
      assert.equal(worse.body.moderation.decision, 'reject');
      assert.equal((await liveRemoved).id, mine.comment.id);
      assert.equal((await list('e-1')).items.length, 0);
      reader.close();
      moderator.close();

      const revisions = await app.request('GET', `/api/v1/moderation/comments/${mine.comment.id}/revisions`, {
        token: admin,
      });
      assert.equal(revisions.status, 200);
      assert.deepEqual(
        revisions.body.items.map((r: { version: number; body: string; status: string }) => [
          r.version,
          r.body,
          r.status,
        ]),
        [
          [1, 'Kommunen burde bygge flere gang- og sykkelveier.', 'approved'],
          [2, 'Kommunen burde bygge flere og tryggere gang- og sykkelveier.', 'approved'],
        ],
      );
      const outsider = await createStaff(app, 'moderator', ['login']);
      const refused = await app.request('GET', `/api/v1/moderation/comments/${mine.comment.id}/revisions`, {
        token: outsider.token,
      });
      assert.equal(refused.status, 403);
      // A rejected comment cannot be edited back into view.
      const again = await edit('e-1', mine.comment.id, { token: mine.statusToken, body: 'Helt greit nå.' });
      assert.equal(again.status, 409);
      assert.equal(again.body.error.code, 'conflict');
    });

    it('a held comment edited into an acceptable one is published', async () => {
      const held = await post('e-2', 'Ring meg på 412 34 567 så tar vi det.');
      assert.equal(held.comment.status, 'pending');
      const edited = await edit('e-2', held.comment.id, {
        token: held.statusToken,
        body: 'Ta kontakt, så tar vi det.',
      });
      assert.equal(edited.body.comment.status, 'approved');
      assert.equal((await list('e-2')).items[0].id, held.comment.id);
    });

    it('after the window: 409 edit_window_closed; a site with no window never allows edits', async () => {
      const mine = await post('e-3', 'Skrevet for lenge siden.');
      await app.service.db.connection
        .collection('comments')
        .updateOne(
          { body: 'Skrevet for lenge siden.' },
          { $set: { createdAt: new Date(Date.now() - 301_000) } },
        );
      const late = await edit('e-3', mine.comment.id, { token: mine.statusToken, body: 'For sent å endre.' });
      assert.equal(late.status, 409);
      assert.equal(late.body.error.code, 'edit_window_closed');
      const never = await post('e-3', 'Her kan ingenting endres.', {}, 'noedit');
      const refused = await edit(
        'e-3',
        never.comment.id,
        { token: never.statusToken, body: 'Likevel?' },
        'noedit',
      );
      assert.equal(refused.body.error.code, 'edit_window_closed');
    });

    it('only with the right token, on the right article; bad bodies are 422', async () => {
      const mine = await post('e-4', 'Min egen kommentar.');
      const theirs = await post('e-4', 'Noen andres kommentar.', { authorName: 'Per' });
      for (const res of [
        await edit('e-4', mine.comment.id, { token: theirs.statusToken, body: 'Kapret!' }),
        await edit('e-other', mine.comment.id, { token: mine.statusToken, body: 'Kapret!' }),
        await edit('e-4', '0123456789abcdef01234567', { token: mine.statusToken, body: 'Kapret!' }),
      ]) {
        assert.equal(res.status, 404);
      }
      assert.equal((await edit('e-4', mine.comment.id, { token: mine.statusToken, body: '' })).status, 422);
      assert.equal((await edit('e-4', mine.comment.id, { body: 'Uten token' })).status, 422);
      assert.equal(
        (await edit('e-4', mine.comment.id, { token: mine.statusToken, body: 'x'.repeat(20_001) })).status,
        422,
      );
    });

    it("a moderator acting on the text they saw loses to the writer's edit (409 with the new text)", async () => {
      const mine = await post('e-5', 'Første versjon av teksten.');
      const edited = await edit('e-5', mine.comment.id, {
        token: mine.statusToken,
        body: 'Andre versjon av teksten.',
      });
      assert.equal(edited.status, 200);
      const admin = await app.adminToken();
      const act = await app.request('POST', `/api/v1/moderation/comments/${mine.comment.id}/actions`, {
        token: admin,
        body: { action: 'feature', version: 1 },
      });
      assert.equal(act.status, 409);
      assert.equal(act.body.error.details[0].current.body, 'Andre versjon av teksten.');
    });
  });

  describe('delete', () => {
    it('a comment without replies disappears; with replies it stays as deleted by its author', async () => {
      const lone = await post('d-1', 'Denne angrer jeg på.');
      const parent = await post('d-1', 'Denne har fått svar.', { authorName: 'Per' });
      await post('d-1', 'Et svar til Per.', { authorName: 'Ola', parentId: parent.comment.id });
      const reader = connect(app.url, '/live');
      await connected(reader);
      await emitAck(reader, 'subscribe', { siteId: 'avisa', articleId: 'd-1' });

      const removed = once<{ id: string }>(reader, 'comment.removed');
      const gone = await remove('d-1', lone.comment.id, lone.statusToken);
      assert.equal(gone.status, 204);
      assert.equal((await removed).id, lone.comment.id);
      assert.equal(
        (await remove('d-1', lone.comment.id, lone.statusToken)).status,
        204,
        'deleting twice is fine',
      );

      const tombstone = once<{ id: string; deleted: boolean; body: string }>(reader, 'comment.published');
      assert.equal((await remove('d-1', parent.comment.id, parent.statusToken)).status, 204);
      assert.deepEqual((({ id, deleted, body }) => ({ id, deleted, body }))(await tombstone), {
        id: parent.comment.id,
        deleted: true,
        body: '',
      });
      reader.close();
      const thread = await list('d-1');
      assert.equal(thread.items.length, 1);
      assert.equal(thread.items[0].deleted, true);
      assert.equal(thread.items[0].body, '');
      assert.equal(thread.items[0].authorName, '');
      assert.equal(thread.items[0].replies.length, 1);
      assert.equal(thread.article.commentCount, 1, 'only the reply counts');
      assert.equal(JSON.stringify(thread).includes('Denne har fått svar'), false);
      // Moderators still see what was written.
      const admin = await app.adminToken();
      const mod = await app.request('GET', `/api/v1/moderation/comments/${parent.comment.id}`, {
        token: admin,
      });
      assert.equal(mod.body.comment.status, 'deleted');
      assert.equal(mod.body.comment.body, 'Denne har fått svar.');
      // Nobody can reply to, react to or report a deleted comment.
      const reply = await app.request('POST', articlePath('avisa', 'd-1'), {
        body: { body: 'Svar til en slettet.', authorName: 'Siv', parentId: parent.comment.id },
      });
      assert.equal(reply.status, 422);
      const report = await app.request(
        'POST',
        `${articlePath('avisa', 'd-1')}/${parent.comment.id}/reports`,
        {
          body: { reason: 'spam' },
        },
      );
      assert.equal(report.status, 404);
    });

    it('a held comment its writer deletes leaves the moderators’ queue', async () => {
      const held = await post('d-2', 'Ring 412 34 567 for mer.');
      const admin = await app.adminToken();
      const before = await app.request('GET', '/api/v1/moderation/sites/avisa/queue?status=pending', {
        token: admin,
      });
      assert.ok(before.body.items.some((c: { id: string }) => c.id === held.comment.id));
      assert.equal((await remove('d-2', held.comment.id, held.statusToken)).status, 204);
      const after = await app.request('GET', '/api/v1/moderation/sites/avisa/queue?status=pending', {
        token: admin,
      });
      assert.ok(!after.body.items.some((c: { id: string }) => c.id === held.comment.id));
      assert.equal(after.body.counts.pending, before.body.counts.pending - 1);
      const status = await app.request(
        'GET',
        `${articlePath('avisa', 'd-2')}/${held.comment.id}/status?token=${encodeURIComponent(held.statusToken)}`,
      );
      assert.equal(status.body.comment.status, 'deleted');
      // A moderator acting on what they saw gets 409.
      const act = await app.request('POST', `/api/v1/moderation/comments/${held.comment.id}/actions`, {
        token: admin,
        body: { action: 'approve', version: 1 },
      });
      assert.equal(act.status, 409);
    });

    it('only with the right token (404 otherwise, so ids cannot be probed)', async () => {
      const mine = await post('d-3', 'Bare jeg kan slette denne.');
      const theirs = await post('d-3', 'Og denne er min.', { authorName: 'Per' });
      assert.equal((await remove('d-3', mine.comment.id, theirs.statusToken)).status, 404);
      assert.equal((await remove('d-x', mine.comment.id, mine.statusToken)).status, 404);
      assert.equal(
        (await app.request('DELETE', `${articlePath('avisa', 'd-3')}/${mine.comment.id}`)).status,
        422,
      );
      assert.equal((await list('d-3')).items.length, 2);
    });
  });
});
