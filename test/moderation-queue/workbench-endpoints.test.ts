import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  articlePath,
  createSite,
  createStaff,
  startTestApp,
  type TestApp,
  TestDatabase,
} from '../support/harness.js';

const SITE = 'benken';

describe("the workbench's endpoints: undo, context, filters, search, articles", () => {
  let db: TestDatabase;
  let app: TestApp;
  let anne: { token: string; id: string };
  let bjorn: { token: string; id: string };

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
    await createSite(app, SITE, { mode: 'pre', reportThreshold: 1 });
    anne = await createStaff(app, 'moderator', [SITE], 'anne@benken.test');
    bjorn = await createStaff(app, 'moderator', [SITE], 'bjorn@benken.test');
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  const post = async (body: string, articleId = 'sak-1', parentId?: string) => {
    const res = await app.request('POST', articlePath(SITE, articleId), {
      body: { body, authorName: 'Leser', ...(parentId ? { parentId } : {}) },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.comment as { id: string; status: string };
  };
  const act = (token: string, id: string, body: Record<string, unknown>) =>
    app.request('POST', `/api/v1/moderation/comments/${id}/actions`, { token, body });
  const detail = (id: string) =>
    app.request('GET', `/api/v1/moderation/comments/${id}`, { token: anne.token });

  it('undo puts the comment back as it was, at the new version, audited as a reverse action', async () => {
    const c = await post('Angre meg');
    const approved = await act(anne.token, c.id, { action: 'approve', version: 1 });
    assert.equal(approved.status, 200);
    assert.equal(approved.body.comment.status, 'approved');
    const stale = await act(anne.token, c.id, { action: 'undo', version: 1 });
    assert.equal(stale.status, 409, 'undo is conditional on the version the decision produced');
    const undone = await act(anne.token, c.id, { action: 'undo', version: 2 });
    assert.equal(undone.status, 200, JSON.stringify(undone.body));
    assert.equal(undone.body.comment.status, 'pending');
    assert.equal(undone.body.comment.version, 3);
    const { body } = await detail(c.id);
    assert.deepEqual(
      body.audit.map((a: { action: string }) => a.action),
      ['approve', 'undo'],
    );
    const record = body.audit[1];
    assert.equal(record.before.status, 'approved');
    assert.equal(record.before.undoes.action, 'approve');
    assert.equal(record.before.undoes.id, body.audit[0].id);
    assert.equal(record.after.status, 'pending');
    const again = await act(anne.token, c.id, { action: 'undo', version: 3 });
    assert.equal(again.status, 409, 'an undo cannot be undone');
    assert.match(again.body.error.message, /undo/);
  });

  it('undo restores the reported flag of an approved comment that readers reported', async () => {
    const c = await post('Rapporter meg');
    await act(anne.token, c.id, { action: 'approve', version: 1 });
    const report = await app.request(
      'POST',
      `/api/v1/sites/${SITE}/articles/sak-1/comments/${c.id}/reports`,
      { body: { reason: 'spam', note: 'reklame for kasino' } },
    );
    assert.equal(report.status, 202);
    const reported = await detail(c.id);
    assert.equal(reported.body.comment.reported, true);
    const rejected = await act(anne.token, c.id, {
      action: 'reject',
      version: reported.body.comment.version,
    });
    assert.equal(rejected.body.comment.reported, false);
    const undone = await act(anne.token, c.id, { action: 'undo', version: rejected.body.comment.version });
    assert.equal(undone.status, 200);
    assert.equal(undone.body.comment.status, 'approved');
    assert.equal(undone.body.comment.reported, true);
  });

  it('only the moderator who decided can undo, and only within 10 seconds', async () => {
    const c = await post('Bare min egen');
    await act(anne.token, c.id, { action: 'reject', version: 1 });
    const other = await act(bjorn.token, c.id, { action: 'undo', version: 2 });
    assert.equal(other.status, 409);
    assert.match(other.body.error.message, /only the moderator who decided/);
    // The decision was taken 11 s ago (set in the database, not slept).
    await app.service.db.connection
      .collection('comments')
      .updateOne(
        { _id: new (await import('mongoose')).Types.ObjectId(c.id) },
        { $set: { 'lastAction.at': new Date(Date.now() - 11_000) } },
      );
    const late = await act(anne.token, c.id, { action: 'undo', version: 2 });
    assert.equal(late.status, 409);
    assert.match(late.body.error.message, /time to undo has passed/);
    const fresh = await post('Ingen avgjørelse');
    const nothing = await act(anne.token, fresh.id, { action: 'undo', version: 1 });
    assert.equal(nothing.status, 409);
  });

  it('a comment comes with the comment it answers and the state of its article', async () => {
    const parent = await post('Hovedinnlegget', 'sak-2');
    await act(anne.token, parent.id, { action: 'approve', version: 1 });
    const reply = await post('Et svar', 'sak-2', parent.id);
    await app.request('PATCH', `/api/v1/moderation/sites/${SITE}/articles/sak-2`, {
      token: anne.token,
      body: { open: false },
    });
    const { status, body } = await detail(reply.id);
    assert.equal(status, 200);
    assert.equal(body.parent.id, parent.id);
    assert.equal(body.parent.body, 'Hovedinnlegget');
    assert.equal(body.article.id, 'sak-2');
    assert.equal(body.article.open, false);
    const top = await detail(parent.id);
    assert.equal(top.body.parent, null);
  });

  const queue = (query: string) =>
    app.request('GET', `/api/v1/moderation/sites/${SITE}/queue?${query}`, { token: anne.token });
  const bodies = (res: { body: { items: { body: string }[] } }) => res.body.items.map((c) => c.body).sort();

  it('filters by article, author, rule and time, each alone, and says so when combined', async () => {
    const email = 'filtrert@example.no';
    const ids: string[] = [];
    // Without a site login an author is address and name; the e-mail joins nothing (issue 12 item 7).
    for (const [body, article, name] of [
      ['Filter én i sak-f1', 'sak-f1', 'Filtrert'],
      ['Filter to i sak-f1', 'sak-f1', 'En annen'],
      ['Filter tre i sak-f2 med https://a.example https://b.example', 'sak-f2', 'Filtrert'],
    ] as const) {
      const res = await app.request('POST', articlePath(SITE, article), {
        body: { body, authorName: name, authorEmail: email },
      });
      assert.equal(res.status, 201);
      ids.push(res.body.comment.id);
    }
    const byArticle = await queue('status=pending&articleId=sak-f1');
    assert.equal(byArticle.status, 200);
    assert.deepEqual(bodies(byArticle), ['Filter to i sak-f1', 'Filter én i sak-f1']);
    const authorKey = (await detail(ids[0]!)).body.comment.authorKey as string;
    const byAuthor = await queue(`status=pending&authorKey=${encodeURIComponent(authorKey)}`);
    assert.deepEqual(bodies(byAuthor), [
      'Filter tre i sak-f2 med https://a.example https://b.example',
      'Filter én i sak-f1',
    ]);
    const byRule = await queue('status=pending&rule=too_many_links');
    assert.deepEqual(bodies(byRule), ['Filter tre i sak-f2 med https://a.example https://b.example']);
    const future = await queue(
      `status=pending&articleId=sak-f1&from=${new Date(Date.now() + 60_000).toISOString()}`,
    );
    assert.deepEqual(future.body.items, []);
    const past = await queue(
      `status=pending&articleId=sak-f1&to=${new Date(Date.now() + 60_000).toISOString()}`,
    );
    assert.equal(past.body.items.length, 2);
    const both = await queue('status=pending&articleId=sak-f1&rule=too_many_links');
    assert.equal(both.status, 422);
    assert.match(JSON.stringify(both.body.error.details), /one of articleId, authorKey and rule/);
    const backwards = await queue('status=pending&from=2026-02-01&to=2026-01-01');
    assert.equal(backwards.status, 422);
    const badRule = await queue('status=pending&rule=DROP%20TABLE');
    assert.equal(badRule.status, 422);
  });

  it('text search reads a bounded window, folds case and accents, and pages on', async () => {
    for (let i = 0; i < 5; i++) {
      const res = await app.request('POST', articlePath(SITE, 'sak-s'), {
        body: { body: `Søkbar ÆRLIG tekst nummer ${i}`, authorName: 'Søker' },
      });
      assert.equal(res.status, 201);
    }
    const found = await queue('status=pending&articleId=sak-s&q=%C3%A6rlig&limit=2');
    assert.equal(found.status, 200);
    assert.equal(found.body.items.length, 2);
    assert.equal(found.body.search.window, 2000);
    assert.equal(found.body.search.complete, false);
    const rest = await queue(
      `status=pending&articleId=sak-s&q=%C3%A6rlig&limit=10&cursor=${found.body.nextCursor}`,
    );
    assert.equal(rest.status, 200);
    assert.equal(rest.body.items.length, 3);
    assert.equal(rest.body.search.complete, true);
    assert.equal(rest.body.nextCursor, null);
    const byName = await queue('status=pending&q=s%C3%B8ker');
    assert.equal(byName.body.items.length, 5, "the author's name is searched too");
    const none = await queue('status=pending&q=finnes-ikke');
    assert.deepEqual(none.body.items, []);
    const reused = await queue(`status=pending&q=noe-annet&cursor=${found.body.nextCursor}`);
    assert.equal(reused.status, 422, 'a cursor belongs to its search');
    assert.equal((await queue('status=pending&q=x')).status, 422);
  });

  it('the articles overview lists articles by latest comment with exact counts and their switches', async () => {
    const first = await post('Eldre sak', 'oversikt-1');
    await post('Nyere sak', 'oversikt-2');
    await act(anne.token, first.id, { action: 'reject', version: 1 });
    await app.request('PATCH', `/api/v1/moderation/sites/${SITE}/articles/oversikt-1`, {
      token: anne.token,
      body: { mode: 'pre' },
    });
    const res = await app.request('GET', `/api/v1/moderation/sites/${SITE}/articles?limit=100`, {
      token: anne.token,
    });
    assert.equal(res.status, 200);
    const ids = res.body.items.map((a: { id: string }) => a.id);
    assert.ok(ids.indexOf('oversikt-2') < ids.indexOf('oversikt-1'), 'most recent activity first');
    const older = res.body.items.find((a: { id: string }) => a.id === 'oversikt-1');
    assert.deepEqual(older.counts, { pending: 0, approved: 0, rejected: 1, reported: 0 });
    assert.equal(older.mode, 'pre');
    assert.equal(older.open, true);
    const forbidden = await app.request('GET', '/api/v1/moderation/sites/annen-avis/articles', {
      token: anne.token,
    });
    assert.equal(forbidden.status, 403);
  });
});
