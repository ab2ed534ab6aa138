import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loginToken } from '../readers/reader-tokens.js';
import {
  articlePath,
  connect,
  connected,
  createSite,
  createStaff,
  emitAck,
  once,
  type TestApp,
  waitFor,
} from '../support/harness.js';
import { type MailApp, startMailApp } from '../support/mail-app.js';
import type { SmtpSink } from '../support/smtp-sink.js';

const SECRET = 'sso-secret-for-statements-0123456789abcdef';
const LEXICON_WORD = 'jævla';

describe('statements of reasons (DSA Art. 17) for every rejection, removal and restriction', () => {
  let app: TestApp;
  let smtp: SmtpSink;
  let mail: MailApp;
  let mod: { token: string; id: string };

  before(async () => {
    mail = await startMailApp();
    ({ app, smtp } = mail);
    for (const [id, language] of [
      ['bokmal', 'nb'],
      ['nynorsk', 'nn'],
      ['english', 'en'],
    ] as const) {
      await createSite(app, id, {
        language,
        requireLogin: true,
        ssoSecret: SECRET,
        suspectTerms: ['tulling'],
      });
    }
    await createSite(app, 'uten-dsa', { dsa: false, requireLogin: true, ssoSecret: SECRET });
    mod = await createStaff(app, 'moderator', ['bokmal', 'nynorsk', 'english', 'uten-dsa']);
  });
  after(async () => {
    await mail?.stop();
  });

  let n = 0;
  const post = async (site: string, body: string, sub = `reader-${++n}`, email = `${sub}@example.no`) => {
    const res = await app.request('POST', articlePath(site, 'sak-1'), {
      body: { body },
      token: loginToken(SECRET, sub, `Leser ${sub}`, { email }),
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return {
      id: res.body.comment.id as string,
      status: res.body.comment.status as string,
      token: res.body.statusToken as string,
      sub,
      email,
    };
  };
  const status = async (site: string, c: { id: string; token: string }) => {
    const res = await app.request('GET', `${articlePath(site, 'sak-1')}/${c.id}/status?token=${c.token}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };
  const act = (id: string, body: Record<string, unknown>) =>
    app.request('POST', `/api/v1/moderation/comments/${id}/actions`, { token: mod.token, body });
  const author = (site: string, sub: string, body: Record<string, unknown>) =>
    app.request('POST', `/api/v1/moderation/sites/${site}/authors/${encodeURIComponent(`sso:${sub}`)}`, {
      token: mod.token,
      body,
    });

  const assertShape = (statement: Record<string, unknown>) => {
    assert.deepEqual(Object.keys(statement).sort(), [
      'automated',
      'decision',
      'facts',
      'ground',
      'id',
      'issuedAt',
      'language',
      'redress',
    ]);
    const redress = statement.redress as { appealUntil: string; outOfCourt: string };
    const issued = new Date(statement.issuedAt as string);
    const until = new Date(redress.appealUntil);
    const months =
      (until.getUTCFullYear() - issued.getUTCFullYear()) * 12 + until.getUTCMonth() - issued.getUTCMonth();
    assert.equal(months, 6, 'the appeal window is six months');
    assert.ok(redress.outOfCourt.length > 50);
  };

  it('an engine rejection: not published, detected and decided automatically, in the site’s language, mailed to the SSO address', async () => {
    const expected = {
      bokmal: {
        lang: 'nb',
        words: /ble ikke publisert.*automatisk.*grovt språk/s,
        subject: /ble ikke publisert/,
      },
      nynorsk: {
        lang: 'nn',
        words: /vart ikkje publisert.*automatisk.*grovt språk/s,
        subject: /vart ikkje publisert/,
      },
      english: {
        lang: 'en',
        words: /was not published.*automatically.*offensive language/s,
        subject: /was not published/,
      },
    } as const;
    for (const [site, want] of Object.entries(expected)) {
      const c = await post(site, `Du er en ${LEXICON_WORD} idiot`);
      assert.equal(c.status, 'rejected');
      const body = await status(site, c);
      assert.equal(body.comment.status, 'rejected');
      const s = body.statement;
      assertShape(s);
      assert.equal(s.decision, 'not_published');
      assert.equal(s.language, want.lang);
      assert.deepEqual(s.automated, { detection: true, decision: true });
      assert.equal(s.ground.type, 'terms');
      assert.match(s.facts, want.words);
      assert.ok(!JSON.stringify(s).includes(LEXICON_WORD), 'the statement never names the lexicon entry');
      assert.ok(!/banned_term|profanity/.test(JSON.stringify(s)), 'nor the rule or category code');
      await waitFor(() => smtp.to(c.email).length === 1, 5000, `the statement mail to ${c.email}`);
      const [mail] = smtp.to(c.email);
      assert.match(mail!.subject, want.subject);
      assert.ok(mail!.text.includes(s.ground.reference));
    }
  });

  it('a typed-in e-mail (no SSO) is never written to: it proves nothing about who wrote', async () => {
    await createSite(app, 'aapen', {});
    const res = await app.request('POST', articlePath('aapen', 'sak-1'), {
      body: { body: `Du er en ${LEXICON_WORD} idiot`, authorName: 'Noen', authorEmail: 'offer@example.no' },
    });
    assert.equal(res.body.comment.status, 'rejected');
    const s = await status('aapen', { id: res.body.comment.id, token: res.body.statusToken });
    assert.equal(s.statement.decision, 'not_published');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(smtp.to('offer@example.no').length, 0);
  });

  it('a moderator’s rejection of a held comment cites the chosen reason; removal of a published one says removed', async () => {
    const held = await post('bokmal', 'Du er en tulling');
    assert.equal(held.status, 'pending');
    assert.equal((await status('bokmal', held)).statement, undefined, 'no statement while pending');
    const rejected = await act(held.id, { action: 'reject', version: 1, reasonCode: 'personal_attack' });
    assert.equal(rejected.status, 200);
    const s1 = (await status('bokmal', held)).statement;
    assertShape(s1);
    assert.equal(s1.decision, 'not_published');
    assert.deepEqual(
      s1.automated,
      { detection: true, decision: false },
      'held by the engine, decided by a person',
    );
    assert.equal(s1.ground.reference, 'Debattreglene: angrip saken, ikke personen');
    assert.match(s1.facts, /holdt den tilbake.*en moderator vurderte den/s);

    const published = await post('bokmal', 'En helt grei kommentar om saken');
    assert.equal(published.status, 'approved');
    assert.equal(
      (await act(published.id, { action: 'reject', version: 1, reasonCode: 'hate_speech' })).status,
      200,
    );
    const s2 = (await status('bokmal', published)).statement;
    assert.equal(s2.decision, 'removed');
    assert.deepEqual(s2.automated, { detection: false, decision: false });
    assert.deepEqual(s2.ground.type, 'law');
    assert.equal(s2.ground.reference, 'straffeloven § 185');
    await waitFor(
      () => smtp.to(published.email).some((m) => /er fjernet/.test(m.subject)),
      5000,
      'the removal mail',
    );
  });

  it('a ban with existing comments: each comment gets its statement, and the author a restriction', async () => {
    const sub = 'utestengt';
    const a = await post('bokmal', 'Første kommentar, publisert', sub);
    const b = await post('bokmal', 'Du er en tulling', sub);
    const res = await author('bokmal', sub, {
      action: 'ban',
      applyToExisting: true,
      reasonCode: 'personal_attack',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.existingCommentsChanged, 2);
    const sa = (await status('bokmal', a)).statement;
    const sb = (await status('bokmal', b)).statement;
    assert.equal(sa.decision, 'removed');
    assert.equal(sb.decision, 'not_published');
    for (const s of [sa, sb]) assert.equal(s.ground.reference, 'Debattreglene: angrip saken, ikke personen');
    const restriction = await app.service.db.connection
      .collection('statements')
      .findOne({ siteId: 'bokmal', authorKey: `sso:${sub}`, restriction: 'ban' });
    assert.ok(restriction);
    assert.equal(restriction.decision, 'restricted');
    assert.match(restriction.facts, /utestengt deg.*2 tidligere kommentarer/s);
    await waitFor(() => smtp.to(a.email).some((m) => /Begrensning/.test(m.subject)), 5000, 'the ban mail');
    // Writing after the ban: the engine turns it down and says why.
    const later = await post('bokmal', 'Jeg prøver igjen', sub);
    assert.equal(later.status, 'rejected');
    const s = (await status('bokmal', later)).statement;
    assert.deepEqual(s.automated, { detection: true, decision: true });
    assert.match(s.ground.explanation, /utestengt/);
  });

  it('under the DSA profile a shadow ban is a restriction the author is told about; without it, it stays silent', async () => {
    const sub = 'skygge';
    const visible = await post('bokmal', 'En kommentar før skyggeforbudet', sub);
    const res = await author('bokmal', sub, { action: 'shadow_ban', applyToExisting: true });
    assert.equal(res.status, 200);
    const s = (await status('bokmal', visible)).statement;
    assertShape(s);
    assert.equal(s.decision, 'restricted');
    assert.match(s.facts, /du ser dem selv, men andre lesere ser dem ikke/);
    const later = await post('bokmal', 'En kommentar etter skyggeforbudet', sub);
    assert.equal(
      (await status('bokmal', later)).statement.id,
      s.id,
      'new comments carry the same restriction',
    );

    const quiet = await post('uten-dsa', 'En kommentar på et nettsted uten DSA-profil', 'stille');
    assert.equal(
      (await author('uten-dsa', 'stille', { action: 'shadow_ban', applyToExisting: true })).status,
      200,
    );
    const body = await status('uten-dsa', quiet);
    assert.equal(body.statement, undefined, 'without the profile the shadow ban stays as it was: unsaid');
  });

  it('pre-moderation imposed by a moderator is a restriction with a statement', async () => {
    const sub = 'forhand';
    const c = await post('nynorsk', 'Ein heilt vanleg kommentar', sub);
    const res = await author('nynorsk', sub, { action: 'premoderate' });
    assert.equal(res.status, 200);
    const restriction = await app.service.db.connection
      .collection('statements')
      .findOne({ siteId: 'nynorsk', authorKey: `sso:${sub}`, restriction: 'premoderation' });
    assert.ok(restriction);
    assert.equal(restriction.language, 'nn');
    assert.match(restriction.facts, /skal godkjennast av ein moderator/);
    await waitFor(
      () => smtp.to(c.email).some((m) => /Avgrensing/.test(m.subject)),
      5000,
      'the restriction mail',
    );
  });

  it('a rejected comment whose statement was lost to a crash gets it when the writer asks', async () => {
    const c = await post('english', 'A perfectly fine comment');
    assert.equal((await act(c.id, { action: 'reject', version: 1, reasonCode: 'off_topic' })).status, 200);
    const statements = app.service.db.connection.collection('statements');
    assert.equal((await statements.deleteMany({ commentId: c.id })).deletedCount, 1);
    const s = (await status('english', c)).statement;
    assert.equal(s.decision, 'removed');
    assert.equal(s.ground.reference, 'Debattreglene: hold deg til saken');
    assert.equal(await statements.countDocuments({ commentId: c.id }), 1, 'issued once, stored');
    await status('english', c);
    assert.equal(await statements.countDocuments({ commentId: c.id }), 1, 'and not again');
  });

  it('appeals: within the window once (409 for a second), a person reverses, and readers see the comment live', async () => {
    const c = await post('english', 'Not offensive at all, just a strong opinion');
    assert.equal(
      (await act(c.id, { action: 'reject', version: 1, reasonCode: 'offensive_language' })).status,
      200,
    );
    const path = `${articlePath('english', 'sak-1')}/${c.id}/appeals`;
    const short = await app.request('POST', path, { body: { token: c.token, explanation: 'no' } });
    assert.equal(short.status, 422);
    const wrong = await app.request('POST', path, {
      body: { token: 'x'.repeat(40), explanation: 'This was unfair to me.' },
    });
    assert.equal(wrong.status, 404);
    const first = await app.request('POST', path, {
      body: { token: c.token, explanation: 'There is nothing offensive in it.' },
    });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.deepEqual(Object.keys(first.body.appeal).sort(), ['id', 'status']);
    const second = await app.request('POST', path, {
      body: { token: c.token, explanation: 'Appealing once more, please.' },
    });
    assert.equal(second.status, 409);
    assert.deepEqual((await status('english', c)).appeal, { status: 'received' });

    const queue = await app.request('GET', '/api/v1/moderation/sites/english/queue?status=appeals', {
      token: mod.token,
    });
    assert.equal(queue.status, 200);
    const item = queue.body.items.find((i: { id: string }) => i.id === c.id);
    assert.ok(item, 'the appeal is in the appeals queue');
    assert.equal(item.appeal.id, first.body.appeal.id);
    assert.ok(item.appeal.waitingSeconds >= 0);
    assert.equal(queue.body.openCases.appeals, 1);

    const other = await createStaff(app, 'moderator', ['english']);
    const reader = connect(app.url, '/live');
    await connected(reader);
    await emitAck(reader, 'subscribe', { siteId: 'english', articleId: 'sak-1' });
    const decide = (token: string, action: string) =>
      app.request('POST', `/api/v1/moderation/appeals/${item.appeal.id}/actions`, {
        token,
        body: { action, version: item.appeal.version, reason: 'Read again: it is within the rules.' },
      });
    const own = await decide(mod.token, 'reverse');
    assert.equal(own.status, 403);
    assert.equal(own.body.error.code, 'conflict_of_interest');
    const published = once<{ id: string }>(reader, 'comment.published');
    const reversed = await decide(other.token, 'reverse');
    assert.equal(reversed.status, 200, JSON.stringify(reversed.body));
    assert.equal((await published).id, c.id, 'published live to readers');
    reader.close();
    assert.equal((await decide(other.token, 'uphold')).status, 409, 'decided once');
    const after = await status('english', c);
    assert.equal(after.comment.status, 'approved');
    assert.equal(after.appeal.status, 'decided');
    assert.equal(after.appeal.outcome, 'reversed');
    assert.ok(after.appeal.decidedAt);
    const list = await app.request('GET', articlePath('english', 'sak-1'));
    assert.ok(list.body.items.some((i: { id: string }) => i.id === c.id));
    await waitFor(
      () => smtp.to(c.email).some((m) => /appeal has been decided/.test(m.subject)),
      5000,
      'the outcome mail',
    );
  });

  it('the appeal window closes six months after the statement (409 appeal_window_closed)', async () => {
    const c = await post('bokmal', `Du er en ${LEXICON_WORD} idiot`);
    const statements = app.service.db.connection.collection('statements');
    const old = new Date(Date.now() - 200 * 24 * 3600 * 1000);
    const until = new Date(old);
    until.setUTCMonth(until.getUTCMonth() + 6);
    await statements.updateOne(
      { commentId: c.id },
      { $set: { issuedAt: old, 'redress.appealUntil': until } },
    );
    const res = await app.request('POST', `${articlePath('bokmal', 'sak-1')}/${c.id}/appeals`, {
      body: { token: c.token, explanation: 'Too late, but I try anyway.' },
    });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'appeal_window_closed');
  });

  it('with nobody else to ask, the one who decided may decide the appeal; an upheld decision stays', async () => {
    await createSite(app, 'enmann', { requireLogin: true, ssoSecret: SECRET });
    const admin = await app.adminToken();
    const c = await app.request('POST', articlePath('enmann', 'sak-1'), {
      body: { body: 'A comment the only moderator will reject' },
      token: loginToken(SECRET, 'solo', 'Solo', { email: 'solo@example.no' }),
    });
    const id = c.body.comment.id as string;
    assert.equal(
      (
        await app.request('POST', `/api/v1/moderation/comments/${id}/actions`, {
          token: admin,
          body: { action: 'reject', version: 1 },
        })
      ).status,
      200,
    );
    const appeal = await app.request('POST', `${articlePath('enmann', 'sak-1')}/${id}/appeals`, {
      body: { token: c.body.statusToken, explanation: 'Please look at it again.' },
    });
    assert.equal(appeal.status, 201);
    const decided = await app.request('POST', `/api/v1/moderation/appeals/${appeal.body.appeal.id}/actions`, {
      token: admin,
      body: { action: 'uphold', version: 1, reason: 'It breaks the rules.' },
    });
    assert.equal(decided.status, 200, JSON.stringify(decided.body));
    const s = await app.request(
      'GET',
      `${articlePath('enmann', 'sak-1')}/${id}/status?token=${c.body.statusToken}`,
    );
    assert.equal(s.body.comment.status, 'rejected');
    assert.equal(s.body.appeal.outcome, 'upheld');
  });
});
