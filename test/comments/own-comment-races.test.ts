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

/**
 * A writer's edits and deletes against each other and against moderators (second attack,
 * docs/RELIABILITY.md rows 22 and 23). Every text a comment ever showed stays with the
 * moderators: before, of two edits sent at once the loser deleted the text the winner had
 * kept, so the original (say, the abuse edited away) was gone. And a comment its writer
 * deleted stays deleted: before, a moderator's approve or undo published it again.
 */
describe("a writer's edits and deletes racing each other and moderators", () => {
  let db: TestDatabase;
  let app: TestApp;
  let moderator: string;

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
    await createSite(app, 'kappl', { mode: 'post', newAuthorHold: 0 });
    moderator = (await createStaff(app, 'moderator', ['kappl'])).token;
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  const post = async (article: string, body: string) => {
    const res = await app.request('POST', articlePath('kappl', article), {
      body: { body, authorName: 'Skribent' },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return { id: res.body.comment.id as string, token: res.body.statusToken as string };
  };
  const edit = (article: string, id: string, token: string, body: string) =>
    app.request('PATCH', `${articlePath('kappl', article)}/${id}`, { body: { token, body } });
  const act = (id: string, body: Record<string, unknown>) =>
    app.request('POST', `/api/v1/moderation/comments/${id}/actions`, { token: moderator, body });
  const detail = async (id: string) =>
    (await app.request('GET', `/api/v1/moderation/comments/${id}`, { token: moderator })).body.comment;
  const revisions = async (id: string): Promise<{ version: number; body: string }[]> => {
    const res = await app.request('GET', `/api/v1/moderation/comments/${id}/revisions`, { token: moderator });
    assert.equal(res.status, 200);
    return res.body.items;
  };

  it('of edits sent at once one applies, and the text it replaced is kept (every text, every time)', async () => {
    const ROUNDS = 10;
    const EDITS = 4;
    await Promise.all(
      Array.from({ length: ROUNDS }, async (_, round) => {
        const original = `Den første teksten i runde ${round}, som skribenten vil ha bort.`;
        const mine = await post('samtidig', original);
        const answers = await Promise.all(
          Array.from({ length: EDITS }, (_, k) =>
            edit('samtidig', mine.id, mine.token, `Endret tekst ${k} i runde ${round}.`),
          ),
        );
        const won = answers.filter((a) => a.status === 200);
        for (const a of answers) assert.ok(a.status === 200 || a.status === 409, JSON.stringify(a.body));
        assert.equal(won.length, 1, `round ${round}: exactly one edit applies`);
        const current = await detail(mine.id);
        assert.equal(current.body, won[0]!.body.comment.body, `round ${round}: the winner's text is shown`);
        const kept = await revisions(mine.id);
        assert.deepEqual(
          kept.map((r) => [r.version, r.body]),
          [[1, original]],
          `round ${round}: the text the edit replaced is kept for moderators`,
        );
      }),
    );
  });

  it('an edit that loses to a moderator keeps no text (nothing was replaced)', async () => {
    await Promise.all(
      Array.from({ length: 8 }, async (_, round) => {
        const original = `Teksten moderatoren leser i runde ${round}.`;
        const mine = await post('moderator', original);
        const [edited, acted] = await Promise.all([
          edit('moderator', mine.id, mine.token, `Skribentens nye tekst i runde ${round}.`),
          act(mine.id, { action: 'reject', version: 1 }),
        ]);
        assert.equal([edited.status, acted.status].sort().join(), '200,409', 'one of them applies');
        const kept = await revisions(mine.id);
        if (edited.status === 200)
          assert.deepEqual(
            kept.map((r) => r.body),
            [original],
          );
        else assert.deepEqual(kept, [], `round ${round}: no text was replaced, none is kept`);
      }),
    );
  });

  it('a deleted comment cannot be approved, featured or undone back; a reject keeps it hidden', async () => {
    const mine = await post('slettet', 'En kommentar skribenten angrer på.');
    const approved = await act(mine.id, { action: 'approve', version: 1 });
    assert.equal(approved.status, 200);
    const del = await app.request(
      'DELETE',
      `${articlePath('kappl', 'slettet')}/${mine.id}?token=${mine.token}`,
    );
    assert.equal(del.status, 204);
    const { version } = await detail(mine.id);
    for (const action of ['approve', 'feature', 'undo']) {
      const res = await act(mine.id, { action, version });
      assert.equal(res.status, 409, `${action}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, 'conflict');
    }
    const thread = await app.request('GET', articlePath('kappl', 'slettet'));
    assert.deepEqual(thread.body.items, [], 'readers never see it again');
    assert.equal((await detail(mine.id)).status, 'deleted');

    const rejected = await act(mine.id, { action: 'reject', version, reason: 'ulovlig innhold' });
    assert.equal(rejected.status, 200, 'a moderator may still turn it down (a notice, a statement)');
    const undone = await act(mine.id, { action: 'undo', version: version + 1 });
    assert.equal(undone.status, 200);
    assert.equal(undone.body.comment.status, 'deleted', 'undoing that reject leaves it deleted');
  });

  it("an edit of an editor's pick is no longer a pick: the newsroom picked the text it read", async () => {
    const mine = await post('plukk', 'En gjennomtenkt kommentar redaksjonen vil løfte fram.');
    const picked = await act(mine.id, { action: 'feature', version: 1 });
    assert.equal(picked.status, 200);
    const before = await app.request('GET', articlePath('kappl', 'plukk'));
    assert.deepEqual(
      before.body.featured.map((c: { id: string }) => c.id),
      [mine.id],
    );
    const edited = await edit('plukk', mine.id, mine.token, 'Kjøp billige klokker i nettbutikken min i dag.');
    assert.equal(edited.status, 200);
    assert.equal((await detail(mine.id)).featured, false, 'the pick is taken off with the old text');
    const after = await app.request('GET', articlePath('kappl', 'plukk'));
    assert.deepEqual(after.body.featured, [], 'readers no longer see the new text as an editor pick');
  });
});
