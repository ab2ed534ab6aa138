/**
 * The reply digest: with an e-mail address and an explicit opt-in, one e-mail
 * of replies and good decisions at most once an hour, sent by the service's
 * own schedule through a real SMTP server, with an unsubscribe link that needs
 * no login. Through the real app.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ArticleRepository } from '../../src/articles/article.repository.js';
import { CommentRepository } from '../../src/comments/comment.repository.js';
import { DigestService } from '../../src/comments/notifications/digest-service.js';
import { DigestRepository } from '../../src/comments/notifications/digest.repository.js';
import { Mailer } from '../../src/platform/mail.js';
import { KeyedHasher } from '../../src/platform/privacy.js';
import { Limiter } from '../../src/platform/rate-limit.js';
import { SiteRepository } from '../../src/sites/site.repository.js';
import { loginToken } from '../readers/reader-tokens.js';
import { articlePath, createSite, type TestApp, testLogger, waitFor } from '../support/harness.js';
import { type MailApp, startMailApp } from '../support/mail-app.js';
import type { SmtpSink } from '../support/smtp-sink.js';

const SSO_SECRET = 'digest-sso-secret-0123456789abcdefghijk';
const HOUR = 3600 * 1000;

describe('reply digests: opt-in e-mail of replies and decisions, at most once an hour', () => {
  let app: TestApp;
  let smtp: SmtpSink;
  let mail: MailApp;
  /** A second sender on the same database, as another instance of the service would be. */
  let other: DigestService;
  let otherMailer: Mailer;

  before(async () => {
    mail = await startMailApp({ mailFrom: 'Avisa debatt <debatt@avisa.test>', digestIntervalMs: 100 });
    ({ app, smtp } = mail);
    await createSite(app, 'avisa', { language: 'nb' });
    await createSite(app, 'login', { requireLogin: true, ssoSecret: SSO_SECRET, language: 'nn' });
    const { connection } = app.service.db;
    otherMailer = new Mailer({ smtpUrl: smtp.url, from: 'debatt@avisa.test', logger: testLogger });
    other = new DigestService({
      sites: new SiteRepository(connection),
      comments: new CommentRepository(connection),
      articles: new ArticleRepository(connection),
      digests: new DigestRepository(connection),
      hasher: new KeyedHasher(app.service.config.tokenSecret),
      mailer: otherMailer,
      logger: testLogger,
      publicUrl: null,
      limits: { readerViewsPerIp: new Limiter({ name: 'x', points: 1000, durationSeconds: 60 }, null) },
    });
  });
  after(async () => {
    await otherMailer?.close();
    await mail?.stop();
  });

  const post = async (site: string, articleId: string, body: Record<string, unknown>, token?: string) => {
    const res = await app.request('POST', articlePath(site, articleId), { body, token });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { comment: { id: string; status: string }; statusToken: string };
  };
  const subscribe = (site: string, body: Record<string, unknown>, token?: string) =>
    app.request('PUT', `/api/v1/sites/${site}/readers/me/digest`, { body, token });
  const linkIn = (text: string, action: string) => {
    const found = text.match(new RegExp(`http://\\S+/api/v1/reply-digests/\\w+/${action}\\?\\S+`));
    assert.ok(found, `a ${action} link in:\n${text}`);
    return found[0];
  };
  const digestsTo = (address: string) =>
    smtp.to(address).filter((m) => /svar/i.test(m.subject) && !/Bekreft|Stadfest/.test(m.subject));
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('an anonymous writer opts in with the address they gave, confirms by the mailed link, and the schedule mails the replies once an hour', async () => {
    const mine = await post('avisa', 'd-1', {
      body: 'Bussene i sentrum går for sjelden om kvelden.',
      authorName: 'Kari',
      authorEmail: 'Kari@Example.no',
    });
    const res = await subscribe('avisa', { tokens: `${mine.comment.id}.${mine.statusToken}` });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, { subscribed: true, confirmed: false, email: 'kari@example.no' });

    // The address is only a claim until its owner confirms: one confirmation mail, nothing else.
    await waitFor(() => smtp.to('kari@example.no').length === 1, 5000, 'the confirmation mail');
    const [confirmation] = smtp.to('kari@example.no');
    assert.match(confirmation!.subject, /Bekreft at du vil ha e-post om svar/);
    assert.match(confirmation!.text, /Var det ikke deg\?/);
    await post('avisa', 'd-1', {
      body: 'Enig, halvtimesruter er for lite.',
      authorName: 'Per',
      parentId: mine.comment.id,
    });
    const again = await subscribe('avisa', { tokens: `${mine.comment.id}.${mine.statusToken}` });
    assert.equal(again.status, 200);
    await sleep(600); // several runs of the schedule
    assert.equal(
      smtp.to('kari@example.no').length,
      1,
      'no digest before confirming, one confirmation an hour',
    );

    // Opening the link changes nothing (mail scanners open links); pressing the button confirms.
    const confirmUrl = linkIn(confirmation!.text, 'confirm');
    const page = await fetch(confirmUrl);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<button type="submit">Ja, send meg e-post om svar<\/button>/);
    const pressed = await fetch(confirmUrl, { method: 'POST' });
    assert.equal(pressed.status, 200);
    assert.match(await pressed.text(), /Takk! Du får e-post når noen svarer deg/);

    // Per's reply came before the confirmation: not news. Siri's comes after, and the
    // service's own schedule (no direct call here) mails it.
    await post('avisa', 'd-1', {
      body: 'Kveldsbussen til Lade er alltid full.',
      authorName: 'Siri',
      parentId: mine.comment.id,
    });
    await waitFor(() => digestsTo('kari@example.no').length === 1, 10_000, 'the digest from the schedule');
    const [digest] = digestsTo('kari@example.no');
    assert.match(digest!.subject, /^1 nytt svar eller varsel fra Site avisa$/);
    assert.match(digest!.text, /Siri svarte på kommentaren din/);
    assert.match(digest!.text, /«Bussene i sentrum går for sjelden om kvelden\.»/);
    assert.match(digest!.text, /Siri: «Kveldsbussen til Lade er alltid full\.»/);
    assert.doesNotMatch(digest!.text, /halvtimesruter/);
    assert.match(digest!.text, /Vi sender høyst én e-post i timen/);

    // Two more replies within the hour: the schedule keeps running (every 100 ms), another
    // instance runs five times at once, and still no second mail this hour.
    await post('avisa', 'd-1', { body: 'Og trikken?', authorName: 'Ola', parentId: mine.comment.id });
    const now = new Date();
    const runs = await Promise.all(Array.from({ length: 5 }, () => other.runOnce(now)));
    assert.deepEqual(runs, [0, 0, 0, 0, 0]);
    await sleep(600);
    assert.equal(digestsTo('kari@example.no').length, 1, 'one digest in the hour');

    // An hour later: five runs at once (two instances' worth) send exactly one digest, with
    // only what is new since the last one.
    const later = new Date(Date.now() + HOUR + 1000);
    const next = await Promise.all(Array.from({ length: 5 }, () => other.runOnce(later)));
    assert.equal(
      next.reduce((a, b) => a + b, 0),
      1,
      `one run sent it: ${next}`,
    );
    await waitFor(() => digestsTo('kari@example.no').length === 2, 5000, 'the next hour’s digest');
    const second = digestsTo('kari@example.no')[1]!;
    assert.match(second.text, /Ola svarte på kommentaren din/);
    assert.doesNotMatch(second.text, /Siri/);
    await sleep(300);
    assert.equal(digestsTo('kari@example.no').length, 2);

    // The unsubscribe link works without login: the page first, then the button.
    const unsubscribeUrl = linkIn(second.text, 'unsubscribe');
    assert.equal((await fetch(unsubscribeUrl)).status, 200);
    const forged = unsubscribeUrl.replace(/sig=[^&]+/, 'sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    assert.equal((await fetch(forged, { method: 'POST' })).status, 404, 'a forged link does nothing');
    const done = await fetch(unsubscribeUrl, { method: 'POST' });
    assert.equal(done.status, 200);
    assert.match(await done.text(), /Du er meldt av/);
    assert.equal(
      (await fetch(unsubscribeUrl, { method: 'POST' })).status,
      404,
      'the second press: already gone',
    );
    await post('avisa', 'd-1', { body: 'Helt enig.', authorName: 'Nils', parentId: mine.comment.id });
    assert.equal(await other.runOnce(new Date(Date.now() + 3 * HOUR)), 0);
    assert.equal(digestsTo('kari@example.no').length, 2);
  });

  it('a logged-in reader subscribes with their login’s e-mail; approvals and picks come too, their own replies do not; in Nynorsk', async () => {
    const token = loginToken(SSO_SECRET, 'lesar-1', 'Marit', { email: 'marit@example.no' });
    const noMail = loginToken(SSO_SECRET, 'lesar-2', 'Utan', {});
    assert.equal((await subscribe('login', {}, noMail)).status, 422, 'a login without an e-mail claim');
    assert.equal((await subscribe('login', { tokens: 'x' })).status, 401, 'a login site wants the login');
    const res = await subscribe('login', {}, token);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body, { subscribed: true, confirmed: true, email: 'marit@example.no' });
    const status = await app.request('GET', '/api/v1/sites/login/readers/me/digest', { token });
    assert.deepEqual(status.body, { subscribed: true, confirmed: true, email: 'marit@example.no' });

    const mine = await post('login', 'd-2', { body: 'Kor mykje kostar den nye brua eigentleg?' }, token);
    const admin = await app.adminToken();
    const featured = await app.request('POST', `/api/v1/moderation/comments/${mine.comment.id}/actions`, {
      token: admin,
      body: { action: 'feature', version: 1 },
    });
    assert.equal(featured.status, 200, JSON.stringify(featured.body));
    await waitFor(() => smtp.to('marit@example.no').length === 1, 10_000, 'the digest from the schedule');
    const [picked] = smtp.to('marit@example.no');
    assert.match(picked!.subject, /^1 nytt svar eller varsel frå Site login$/);
    assert.match(picked!.text, /Redaksjonen har valt ut kommentaren din som tilrådd/);
    assert.match(picked!.text, /Meld deg av her:/);

    const replier = (sub: string, name: string) =>
      loginToken(SSO_SECRET, sub, name, { email: `${sub}@example.no` });
    await post(
      'login',
      'd-2',
      { body: 'Over ein milliard, står det.', parentId: mine.comment.id },
      replier('lesar-3', 'Sindre'),
    );
    await post('login', 'd-2', { body: 'Takk for svaret!', parentId: mine.comment.id }, token);
    await post(
      'login',
      'd-2',
      { body: 'Og bompengar i tillegg.', parentId: mine.comment.id },
      replier('lesar-4', 'Ingrid'),
    );
    assert.equal(await other.runOnce(new Date(Date.now() + HOUR + 1000)), 1);
    await waitFor(() => smtp.to('marit@example.no').length === 2, 5000, 'the next hour’s digest');
    const digest = smtp.to('marit@example.no')[1]!;
    assert.match(digest.subject, /^2 nye svar og varsel frå Site login$/);
    assert.match(digest.text, /Sindre svarte på kommentaren din/);
    assert.match(digest.text, /Ingrid: «Og bompengar i tillegg\.»/);
    assert.doesNotMatch(digest.text, /Takk for svaret/, 'their own reply is not news');
    assert.doesNotMatch(digest.text, /Redaksjonen/, 'the pick was in the last one');

    // A held comment a moderator approves is good news too.
    const held = await post('login', 'd-2', { body: 'Ring meg på 412 34 567, så forklarer eg.' }, token);
    assert.equal(held.comment.status, 'pending');
    const approved = await app.request('POST', `/api/v1/moderation/comments/${held.comment.id}/actions`, {
      token: admin,
      body: { action: 'approve', version: 1 },
    });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(await other.runOnce(new Date(Date.now() + 2 * HOUR + 2000)), 1);
    await waitFor(() => smtp.to('marit@example.no').length === 3, 5000, 'the approval digest');
    const third = smtp.to('marit@example.no')[2]!;
    assert.match(third.text, /Ein moderator har godkjent kommentaren din, og han er no publisert/);
    assert.match(third.text, /«Ring meg på 412 34 567, så forklarer eg\.»/);

    assert.equal(
      (await app.request('DELETE', '/api/v1/sites/login/readers/me/digest', { token })).status,
      204,
    );
    const off = await app.request('GET', '/api/v1/sites/login/readers/me/digest', { token });
    assert.deepEqual(off.body, { subscribed: false, confirmed: false, email: 'marit@example.no' });
  });

  it('bad requests get the contract’s errors, never a 500', async () => {
    const noEmail = await post('avisa', 'd-3', { body: 'Uten e-post her.', authorName: 'Anon' });
    const cases: [Record<string, unknown>, number][] = [
      [{}, 422],
      [{ tokens: `${noEmail.comment.id}.${noEmail.statusToken}` }, 422],
      [{ tokens: `${noEmail.comment.id}.feil` }, 422],
      [{ tokens: 'tull,,..' }, 422],
      [{ lang: 'de' }, 422],
      [{ tokens: 5 }, 422],
    ];
    for (const [body, status] of cases) {
      const res = await subscribe('avisa', body);
      assert.equal(res.status, status, `${JSON.stringify(body)} → ${res.status} ${JSON.stringify(res.body)}`);
    }
    assert.equal((await subscribe('finnesikke', {})).status, 404);
    assert.equal((await app.request('GET', '/api/v1/sites/avisa/readers/me/digest')).status, 401);
    assert.equal((await app.request('DELETE', '/api/v1/sites/avisa/readers/me/digest')).status, 401);
    assert.equal((await fetch(`${app.url}/api/v1/reply-digests/nope/unsubscribe?sig=x`)).status, 404);
    const doc = await app.request('GET', '/api/v1/openapi.json');
    assert.ok(doc.body.paths['/api/v1/sites/{siteId}/readers/me/digest']?.put, 'the PUT is documented');
  });

  it('erasing the writer removes the subscription: no more mail, and the link says so; an English one confirmed first', async () => {
    const mine = await post('avisa', 'd-4', {
      body: 'I would like fewer cars in the city centre.',
      authorName: 'Alex',
      authorEmail: 'alex@example.no',
    });
    const res = await subscribe('avisa', { tokens: `${mine.comment.id}.${mine.statusToken}`, lang: 'en' });
    assert.equal(res.status, 200);
    await waitFor(() => smtp.to('alex@example.no').length === 1, 5000, 'the confirmation');
    const [confirmation] = smtp.to('alex@example.no');
    assert.match(confirmation!.subject, /^Confirm that you want e-mail about replies \(Site avisa\)$/);
    const confirmUrl = linkIn(confirmation!.text, 'confirm');
    assert.equal((await fetch(confirmUrl, { method: 'POST' })).status, 200);

    const exported = await app.request('POST', '/api/v1/admin/sites/avisa/privacy/export', {
      token: await app.adminToken(),
      body: { email: 'alex@example.no' },
    });
    assert.equal(exported.status, 200);
    assert.equal(exported.body.replyDigests.length, 1, 'the export shows the subscription');
    const erased = await app.request('POST', '/api/v1/admin/sites/avisa/privacy/erase', {
      token: await app.adminToken(),
      body: { email: 'alex@example.no' },
    });
    assert.equal(erased.status, 200, JSON.stringify(erased.body));
    assert.equal(
      await app.service.db.connection
        .collection('reply_digests')
        .countDocuments({ email: 'alex@example.no' }),
      0,
    );
    await post('avisa', 'd-4', {
      body: 'Agreed, and more bike lanes.',
      authorName: 'Sam',
      parentId: mine.comment.id,
    });
    await other.runOnce(new Date(Date.now() + 2 * HOUR));
    await sleep(300);
    assert.equal(smtp.to('alex@example.no').length, 1, 'only the confirmation ever');
    const gone = await fetch(confirmUrl);
    assert.equal(gone.status, 404);
    assert.match(await gone.text(), /The link is not valid, or the subscription no longer exists/);
  });
});
