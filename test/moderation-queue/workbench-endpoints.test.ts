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

describe("the workbench's endpoints: undo, context", () => {
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
});
