import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loginToken } from '../readers/reader-tokens.js';
import {
  articlePath,
  collect,
  connect,
  connected,
  createSite,
  createStaff,
  emitAck,
  startTestApp,
  type TestApp,
  TestDatabase,
  waitFor,
} from '../support/harness.js';

const SECRET = 'author-site-secret-0123456789abcdefgh';

describe('author standing: ban, shadow-ban, trust, pre-moderation', () => {
  let db: TestDatabase;
  let app: TestApp;
  let moderator: { token: string };
  const site = 'debatt';

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
    await createSite(app, site, {
      requireLogin: true,
      ssoSecret: SECRET,
      suspectTerms: ['lobbyist'],
      bannedTerms: ['kjeltring'],
    });
    await createSite(app, 'nye-lesere', { newAuthorHold: 1 });
    moderator = await createStaff(app, 'moderator', [site, 'nye-lesere']);
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  const tokenOf = (sub: string) => loginToken(SECRET, sub, `Leser ${sub}`);
  const post = (articleId: string, sub: string, body: string) =>
    app.request('POST', articlePath(site, articleId), {
      body: { body },
      headers: { authorization: `Bearer ${tokenOf(sub)}` },
    });
  const authorPath = (key: string, siteId = site) =>
    `/api/v1/moderation/sites/${siteId}/authors/${encodeURIComponent(key)}`;
  const act = (key: string, body: Record<string, unknown>, siteId = site) =>
    app.request('POST', authorPath(key, siteId), { token: moderator.token, body });
  const list = (articleId: string, sub?: string) =>
    app.request('GET', articlePath(site, articleId), {
      headers: sub ? { authorization: `Bearer ${tokenOf(sub)}` } : {},
    });
  const ids = (res: { body: { items: { id: string }[] } }) => res.body.items.map((c) => c.id);

  it('bans an author: existing comments rejected and removed live, future ones rejected, audited', async () => {
    const reader = connect(app.url, '/live');
    await connected(reader);
    assert.deepEqual(await emitAck(reader, 'subscribe', { siteId: site, articleId: 'ban-1' }), { ok: true });
    const removed = collect<{ id: string }>(reader, 'comment.removed');
    const one = await post('ban-1', 'troll', 'Første innlegg, helt greit.');
    const two = await post('ban-1', 'troll', 'Andre innlegg, også greit.');
    assert.equal(one.body.comment.status, 'approved');
    assert.equal((await list('ban-1')).body.items.length, 2);

    const banned = await act('sso:troll', { action: 'ban', reason: 'hets', applyToExisting: true });
    assert.equal(banned.status, 200, JSON.stringify(banned.body));
    assert.equal(banned.body.author.banned, true);
    assert.equal(banned.body.existingCommentsChanged, 2);
    await waitFor(() => removed.length === 2, 5000, 'comment.removed');
    assert.deepEqual(removed.map((r) => r.id).sort(), [one.body.comment.id, two.body.comment.id].sort());
    assert.equal((await list('ban-1')).body.items.length, 0);

    const later = await post('ban-1', 'troll', 'Et tredje innlegg.');
    assert.equal(later.status, 201);
    assert.equal(later.body.comment.status, 'rejected');
    assert.ok(later.body.moderation.reasons.some((r: { rule: string }) => r.rule === 'banned_author'));

    const standing = await app.request('GET', authorPath('sso:troll'), { token: moderator.token });
    assert.equal(standing.status, 200);
    assert.equal(standing.body.author.banned, true);
    assert.equal(standing.body.author.name, 'Leser troll');
    assert.deepEqual(standing.body.history, { approved: 0, rejected: 3, pending: 0 });
    assert.equal(standing.body.recentComments.length, 3);
    assert.deepEqual(
      standing.body.actions.map((a: { action: string }) => a.action),
      ['ban'],
    );
    assert.equal(standing.body.actions[0].reason, 'hets');
    // Each rejected comment went through the moderators' audited action.
    const commentAudit = await app.service.db.connection
      .collection('audit')
      .countDocuments({ entity: 'comment', entityId: { $in: [one.body.comment.id, two.body.comment.id] } });
    assert.equal(commentAudit, 2);
    reader.close();
  });

  it('shadow-bans: only the author sees their comments, through the API and /live', async () => {
    assert.equal((await post('shadow-1', 'skygge', 'Før skyggeforbudet.')).status, 201);
    const res = await act('sso:skygge', { action: 'shadow_ban' });
    assert.equal(res.status, 200);
    assert.equal(res.body.author.shadowBanned, true);

    const anonymous = connect(app.url, '/live');
    const author = connect(app.url, '/live');
    const other = connect(app.url, '/live');
    await Promise.all([connected(anonymous), connected(author), connected(other)]);
    const sub = (socket: typeof anonymous, readerToken?: string) =>
      emitAck(socket, 'subscribe', {
        siteId: site,
        articleId: 'shadow-1',
        ...(readerToken ? { readerToken } : {}),
      });
    assert.deepEqual(await sub(anonymous), { ok: true });
    assert.deepEqual(await sub(author, tokenOf('skygge')), { ok: true });
    assert.deepEqual(await sub(other, tokenOf('annen')), { ok: true });
    assert.deepEqual(await sub(other, 'forged.token.here'), { ok: false, error: 'unauthorized' });
    const seen = {
      anonymous: collect<{ id: string }>(anonymous, 'comment.published'),
      author: collect<{ id: string }>(author, 'comment.published'),
      other: collect<{ id: string }>(other, 'comment.published'),
    };

    const hidden = await post('shadow-1', 'skygge', 'Skrevet under skyggeforbud.');
    assert.equal(hidden.status, 201);
    assert.equal(hidden.body.comment.status, 'approved', 'the author is told it was published');
    const visible = await post('shadow-1', 'annen', 'Et vanlig innlegg fra en annen.');
    const hiddenId = hidden.body.comment.id;
    const visibleId = visible.body.comment.id;

    // Everyone gets the visible comment; after it, nobody but the author has seen the hidden one.
    await waitFor(
      () => [seen.anonymous, seen.author, seen.other].every((s) => s.some((c) => c.id === visibleId)),
      5000,
      'the visible comment everywhere',
    );
    assert.ok(seen.author.some((c) => c.id === hiddenId));
    assert.equal(
      seen.anonymous.some((c) => c.id === hiddenId),
      false,
    );
    assert.equal(
      seen.other.some((c) => c.id === hiddenId),
      false,
    );

    const publicList = await list('shadow-1');
    assert.equal(ids(publicList).includes(hiddenId), false);
    assert.equal(publicList.body.article.commentCount, 2);
    const ownList = await list('shadow-1', 'skygge');
    assert.ok(ids(ownList).includes(hiddenId));
    assert.equal(ownList.body.article.commentCount, 3);
    assert.equal(publicList.body.article.commentCount, 2);
    assert.equal(ids(await list('shadow-1', 'annen')).includes(hiddenId), false);

    // A held comment of theirs that a moderator approves also reaches only them.
    const held = await post('shadow-1', 'skygge', 'En lobbyist skrev dette.');
    assert.equal(held.body.comment.status, 'pending');
    const approved = await app.request(
      'POST',
      `/api/v1/moderation/comments/${held.body.comment.id}/actions`,
      {
        token: moderator.token,
        body: { action: 'approve', version: 1 },
      },
    );
    assert.equal(approved.status, 200);
    const marker = await post('shadow-1', 'annen', 'Nok et vanlig innlegg.');
    await waitFor(
      () =>
        seen.author.some((c) => c.id === held.body.comment.id) &&
        seen.anonymous.some((c) => c.id === marker.body.comment.id),
      5000,
      'approved hidden comment to its author',
    );
    assert.equal(
      seen.anonymous.some((c) => c.id === held.body.comment.id),
      false,
    );
    assert.equal(
      seen.other.some((c) => c.id === held.body.comment.id),
      false,
    );

    // Reports from others cannot reach it either.
    const reported = await app.request('POST', `${articlePath(site, 'shadow-1')}/${hiddenId}/reports`, {
      body: { reason: 'spam' },
    });
    assert.equal(reported.status, 404);

    // Lifting it (and applying to existing comments) brings the hidden comment to everyone.
    const lifted = await act('sso:skygge', { action: 'unshadow_ban', applyToExisting: true });
    assert.equal(lifted.body.existingCommentsChanged, 2);
    await waitFor(() => seen.anonymous.some((c) => c.id === hiddenId), 5000, 'published after lifting');
    assert.ok(ids(await list('shadow-1')).includes(hiddenId));
    for (const socket of [anonymous, author, other]) socket.close();
  });

  it('trusted authors skip suspect-term holds, but banned terms, slurs and threats still reject', async () => {
    const held = await post('trust-1', 'kjent', 'Han er en lobbyist for bransjen.');
    assert.equal(held.body.comment.status, 'pending');
    const trust = await act('sso:kjent', { action: 'trust', version: 1 });
    assert.equal(trust.status, 200, JSON.stringify(trust.body));
    assert.equal(trust.body.author.trusted, true);
    assert.equal(trust.body.author.version, 2);

    const skipped = await post('trust-1', 'kjent', 'Hun er også en lobbyist, etter min mening.');
    assert.equal(skipped.body.comment.status, 'approved');
    const banned = await post('trust-1', 'kjent', 'For en kjeltring han er.');
    assert.equal(banned.body.comment.status, 'rejected');
    assert.ok(banned.body.moderation.reasons.some((r: { rule: string }) => r.rule === 'banned_term'));
    // The README's promise is "rejected", not merely "not approved": a hold would put it in front of a moderator.
    for (const [text, rule] of [
      ['Jeg skal drepe deg.', 'threat'],
      ['Eg veit kor du bur, pass deg.', 'threat'],
      ['Du er en sandneger.', 'slur'],
      ['What a dyke.', 'slur'],
    ] as const) {
      const res = await post('trust-1', 'kjent', text);
      assert.equal(res.body.comment.status, 'rejected', `${text}: ${JSON.stringify(res.body.moderation)}`);
      assert.ok(
        res.body.moderation.reasons.some((r: { rule: string }) => r.rule === rule),
        `${text}: a ${rule} reason`,
      );
    }
  });

  it('pre-moderates an author, and refuses a stale version with 409', async () => {
    await post('pre-1', 'nykommer', 'Mitt første innlegg.');
    const first = await act('sso:nykommer', { action: 'premoderate', version: 1 });
    assert.equal(first.status, 200);
    const stale = await act('sso:nykommer', { action: 'unpremoderate', version: 1 });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error.code, 'conflict');
    assert.equal(stale.body.error.details[0].current.premoderated, true);
    const held = await post('pre-1', 'nykommer', 'Et innlegg til.');
    assert.equal(held.body.comment.status, 'pending');
    assert.ok(
      held.body.moderation.reasons.some(
        (r: { rule: string; detail: string }) => r.rule === 'premoderation' && /Author/.test(r.detail),
      ),
    );
  });

  it('holds the first comments of a new author where the site asks for it', async () => {
    const res = await app.request('POST', articlePath('nye-lesere', 'x'), {
      body: { body: 'Hei, første gang her.', authorName: 'Ny', authorEmail: 'ny@example.no' },
    });
    assert.equal(res.body.comment.status, 'pending');
    assert.ok(res.body.moderation.reasons.some((r: { rule: string }) => r.rule === 'new_author'));
  });

  it('answers 404 for unknown authors, 403 for other sites, 422 for a malformed key', async () => {
    assert.equal(
      (await app.request('GET', authorPath('sso:nobody'), { token: moderator.token })).status,
      404,
    );
    const outsider = await createStaff(app, 'moderator', ['nye-lesere']);
    const res = await app.request('POST', authorPath('sso:troll'), {
      token: outsider.token,
      body: { action: 'unban' },
    });
    assert.equal(res.status, 403);
    const bad = await app.request('GET', authorPath('not-a-key'), { token: moderator.token });
    assert.equal(bad.status, 422);
    assert.equal((await act('sso:troll', { action: 'explode' })).status, 422);
  });
});
