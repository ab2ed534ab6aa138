import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { articlePath, createSite, startTestApp, type TestApp, TestDatabase } from '../support/harness.js';

/**
 * The name a reader types is shown above their comment as surely as the text is, so it
 * is moderated with it (the site's lexicon) and shown without invisible characters.
 * Before: "Fitte Faen" as a name was published at once, and names of zero-width spaces,
 * NUL or a right-to-left override were stored and shown as typed.
 */
describe("an anonymous reader's name", () => {
  let db: TestDatabase;
  let app: TestApp;

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
    await createSite(app, 'navn', { mode: 'post', newAuthorHold: 0 });
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  const post = (authorName: string, path = articlePath('navn', 'sak')) =>
    app.request('POST', path, {
      body: { body: `Et saklig innlegg om saken ${Math.random()}.`, authorName },
    });

  it('is moderated with the text: a name the lexicon holds or rejects is not published', async () => {
    const plain = await post('Kari Nordmann');
    assert.equal(plain.status, 201);
    assert.equal(plain.body.comment.status, 'approved', 'an ordinary name changes nothing');
    assert.deepEqual(plain.body.moderation.reasons, []);

    const held = await post('Kari Faen');
    assert.equal(held.status, 201);
    assert.equal(held.body.comment.status, 'pending', JSON.stringify(held.body.moderation));
    const reason = held.body.moderation.reasons.find(
      (r: { params?: { field?: string } }) => r.params?.field === 'authorName',
    );
    assert.ok(reason, 'the reason says it is the name');
    assert.equal(reason.rule, 'suspect_term');
    assert.equal(reason.span, undefined, 'a span points into the body, never into the name');
    assert.doesNotMatch(JSON.stringify(held.body), /"term"/, 'the reader is not told the lexicon entry');

    const slur = await post('Neger Jim');
    assert.equal(slur.body.comment.status, 'rejected');

    const list = await app.request('GET', articlePath('navn', 'sak'));
    const names = list.body.items.map((c: { authorName: string }) => c.authorName);
    assert.deepEqual(names, ['Kari Nordmann']);

    const preview = await app.request('POST', `${articlePath('navn', 'sak')}/preview`, {
      body: { body: 'Et saklig innlegg om saken.', authorName: 'Kari Faen' },
    });
    assert.equal(preview.status, 200);
    assert.equal(preview.body.decision, 'hold', 'the preview says what the post would meet');
    assert.deepEqual(
      preview.body.reasons.map((r: { spans: unknown[] }) => r.spans),
      [[]],
      'and highlights nothing in the body',
    );
  });

  it('is stored and shown without control or invisible characters', async () => {
    const cases: [string, string][] = [
      ['Kari\u0000Nordmann', 'KariNordmann'],
      ['\u202eKari', 'Kari'],
      ['Ola\u200b \u200b Nordmann', 'Ola Nordmann'],
      ['\u001b[31mOla', '[31mOla'],
      ['Ole\ud800', 'Ole'],
      ['A\u030a\u0073e', '\u00c5se'],
    ];
    for (const [typed, shown] of cases) {
      const res = await post(typed);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.comment.authorName, shown, JSON.stringify(typed));
    }
    for (const invisible of ['\u200b\u200b', '\u202e\u202c', '\u0000', '\ufeff\u2060', '\u00ad']) {
      const res = await post(invisible);
      assert.equal(res.status, 422, JSON.stringify(invisible));
      assert.equal(res.body.error.code, 'validation_failed');
      assert.equal(res.body.error.details[0].path, 'body.authorName');
    }
  });

  it('is one author however it is spelt invisibly: a ban holds through a zero-width space', async () => {
    const first = await post('Per Hansen');
    const admin = await app.adminToken();
    const mod = await app.request('GET', `/api/v1/moderation/comments/${first.body.comment.id}`, {
      token: admin,
    });
    const key = mod.body.comment.authorKey as string;
    const ban = await app.request(
      'POST',
      `/api/v1/moderation/sites/navn/authors/${encodeURIComponent(key)}`,
      {
        token: admin,
        body: { action: 'ban' },
      },
    );
    assert.equal(ban.status, 200, JSON.stringify(ban.body));
    const again = await post('Per\u200b Hansen');
    assert.equal(again.body.comment.status, 'rejected', 'the banned author, with an invisible character');
  });
});
