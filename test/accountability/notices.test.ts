import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { articlePath, createSite, createStaff, type TestApp, waitFor } from '../support/harness.js';
import { type MailApp, startMailApp } from '../support/mail-app.js';
import type { SmtpSink } from '../support/smtp-sink.js';

const SITE = 'meldeavisa';

describe('notices of illegal content (DSA Art. 16)', () => {
  let app: TestApp;
  let smtp: SmtpSink;
  let mail: MailApp;
  let mod: { token: string; id: string };

  before(async () => {
    mail = await startMailApp();
    ({ app, smtp } = mail);
    await createSite(app, SITE, {});
    mod = await createStaff(app, 'moderator', [SITE]);
  });
  after(async () => {
    await mail?.stop();
  });

  let n = 0;
  const comment = async (body = 'En kommentar som noen mener er ulovlig') => {
    const res = await app.request('POST', articlePath(SITE, 'sak'), {
      body: { body, authorName: `Leser ${++n}` },
    });
    assert.equal(res.body.comment.status, 'approved');
    return { id: res.body.comment.id as string, token: res.body.statusToken as string };
  };
  const notify = (commentId: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    app.request('POST', `${articlePath(SITE, 'sak')}/${commentId}/notices`, { body, headers });
  const valid = {
    category: 'hate',
    explanation: 'Kommentaren forhåner en folkegruppe på grunn av religion.',
    notifierName: 'Kari Melder',
    notifierEmail: 'kari.melder@example.no',
    goodFaith: true,
  };
  const receipt = (id: string, token: string) =>
    app.request('GET', `/api/v1/sites/${SITE}/notices/${id}?token=${token}`);

  it('refuses a notice without the good-faith statement, a short explanation or an unknown category (422)', async () => {
    const c = await comment();
    for (const goodFaith of [false, 'true', undefined]) {
      const res = await notify(c.id, { ...valid, goodFaith });
      assert.equal(res.status, 422, `goodFaith ${goodFaith}`);
      assert.ok(res.body.error.details.some((d: { path: string }) => d.path === 'body.goodFaith'));
    }
    assert.equal((await notify(c.id, { ...valid, explanation: 'for kort' })).status, 422);
    assert.equal((await notify(c.id, { ...valid, category: 'rude' })).status, 422);
    assert.equal((await notify(c.id, { ...valid, explanation: 'x'.repeat(4001) })).status, 422);
    assert.equal((await notify('0'.repeat(24), valid)).status, 404, 'no such comment');
  });

  it('answers with a receipt; the receipt shows the status; any mismatch is a 404; the notifier gets a receipt by e-mail', async () => {
    const c = await comment();
    const res = await notify(c.id, valid, { 'Idempotency-Key': 'melding-1' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.deepEqual(Object.keys(res.body).sort(), ['notice', 'receiptToken']);
    assert.deepEqual(Object.keys(res.body.notice).sort(), ['id', 'receivedAt', 'status']);
    assert.equal(res.body.notice.status, 'received');
    const again = await notify(c.id, valid, { 'Idempotency-Key': 'melding-1' });
    assert.deepEqual(again.body, res.body, 'a retry returns the first notice');
    const { id } = res.body.notice;
    const read = await receipt(id, res.body.receiptToken);
    assert.equal(read.status, 200);
    assert.deepEqual(read.body, { notice: { id, status: 'received', automated: false } });
    assert.equal((await receipt(id, 'wrong-token')).status, 404);
    assert.equal(
      (await app.request('GET', `/api/v1/sites/demo/notices/${id}?token=${res.body.receiptToken}`)).status,
      404,
    );
    await waitFor(
      () => smtp.to(valid.notifierEmail).some((m) => /mottatt meldingen/.test(m.subject)),
      5000,
      'the receipt mail',
    );
    assert.equal(
      await app.service.db.connection.collection('notices').countDocuments({ commentId: c.id }),
      1,
    );
  });

  it('forms its own queue, oldest first, with the time waited; a removal decides every open notice on the comment', async () => {
    const target = await comment('En kommentar flere melder');
    const a = await notify(target.id, valid);
    const b = await notify(target.id, { ...valid, category: 'threat', notifierEmail: 'ola@example.no' });
    const queue = await app.request(
      'GET',
      `/api/v1/moderation/sites/${SITE}/queue?status=notices&limit=100`,
      {
        token: mod.token,
      },
    );
    assert.equal(queue.status, 200);
    const received = queue.body.items.map((i: { notice: { receivedAt: string } }) =>
      Date.parse(i.notice.receivedAt),
    );
    assert.deepEqual(
      received,
      [...received].sort((x, y) => x - y),
      'oldest first',
    );
    const item = queue.body.items.find((i: { notice: { id: string } }) => i.notice.id === a.body.notice.id);
    assert.equal(item.id, target.id);
    assert.equal(item.notice.category, 'hate');
    assert.equal(typeof item.notice.waitingSeconds, 'number');
    assert.equal(item.notice.notifierEmail, undefined, 'moderators do not see the notifier’s address');
    assert.equal(queue.body.openCases.notices, queue.body.items.length);

    const stale = await app.request('POST', `/api/v1/moderation/notices/${a.body.notice.id}/actions`, {
      token: mod.token,
      body: { action: 'remove', version: 99 },
    });
    assert.equal(stale.status, 409);
    const removed = await app.request('POST', `/api/v1/moderation/notices/${a.body.notice.id}/actions`, {
      token: mod.token,
      body: { action: 'remove', version: item.notice.version },
    });
    assert.equal(removed.status, 200, JSON.stringify(removed.body));
    assert.equal(removed.body.notice.decision, 'removed');
    for (const r of [a, b]) {
      const read = await receipt(r.body.notice.id, r.body.receiptToken);
      assert.equal(read.body.notice.status, 'decided');
      assert.equal(read.body.notice.decision, 'removed');
      assert.equal(read.body.notice.automated, false);
      assert.ok(read.body.notice.decidedAt);
    }
    const status = await app.request(
      'GET',
      `${articlePath(SITE, 'sak')}/${target.id}/status?token=${target.token}`,
    );
    assert.equal(status.body.comment.status, 'rejected');
    assert.equal(status.body.statement.decision, 'removed');
    assert.equal(status.body.statement.ground.type, 'law');
    assert.equal(status.body.statement.ground.reference, 'straffeloven § 185');
    assert.match(status.body.statement.facts, /melding om at den er ulovlig \(hatefulle ytringer\)/);
    assert.deepEqual(status.body.statement.automated, { detection: false, decision: false });
    await waitFor(
      () => smtp.to('ola@example.no').some((m) => /behandlet/.test(m.subject)),
      5000,
      'the decision mail',
    );
    const decision = smtp.to('ola@example.no').find((m) => /behandlet/.test(m.subject))!;
    assert.match(decision.text, /fjernet kommentaren/);
    const list = await app.request('GET', articlePath(SITE, 'sak'));
    assert.ok(!list.body.items.some((i: { id: string }) => i.id === target.id), 'gone for readers');
  });

  it('keep decides the notice as kept and tells the notifier; the comment stays', async () => {
    const c = await comment('En skarp, men lovlig kommentar');
    const res = await notify(c.id, { ...valid, category: 'defamation', notifierEmail: 'per@example.no' });
    const kept = await app.request('POST', `/api/v1/moderation/notices/${res.body.notice.id}/actions`, {
      token: mod.token,
      body: { action: 'keep', version: 1 },
    });
    assert.equal(kept.status, 200);
    const read = await receipt(res.body.notice.id, res.body.receiptToken);
    assert.equal(read.body.notice.decision, 'kept');
    const list = await app.request('GET', articlePath(SITE, 'sak'));
    assert.ok(list.body.items.some((i: { id: string }) => i.id === c.id));
    await waitFor(
      () => smtp.to('per@example.no').some((m) => /fant ikke grunnlag/.test(m.text)),
      5000,
      'the kept mail',
    );
    const twice = await app.request('POST', `/api/v1/moderation/notices/${res.body.notice.id}/actions`, {
      token: mod.token,
      body: { action: 'remove', version: kept.body.notice.version },
    });
    assert.equal(twice.status, 409, 'a decided notice is not decided again');
  });

  it('a moderator’s own reject of a noticed comment decides its notices, on the legal ground of the notice', async () => {
    const c = await comment('Enda en meldt kommentar');
    const res = await notify(c.id, { ...valid, category: 'privacy' });
    const reject = await app.request('POST', `/api/v1/moderation/comments/${c.id}/actions`, {
      token: mod.token,
      body: { action: 'reject', version: 1 },
    });
    assert.equal(reject.status, 200);
    const read = await receipt(res.body.notice.id, res.body.receiptToken);
    assert.equal(read.body.notice.decision, 'removed');
    const status = await app.request('GET', `${articlePath(SITE, 'sak')}/${c.id}/status?token=${c.token}`);
    assert.equal(status.body.statement.ground.reference, 'straffeloven §§ 267 og 267 a');
  });

  it('only what readers can see can be notified; other sites’ moderators cannot decide', async () => {
    const c = await comment('Snart borte');
    await app.request('POST', `/api/v1/moderation/comments/${c.id}/actions`, {
      token: mod.token,
      body: { action: 'reject', version: 1 },
    });
    assert.equal((await notify(c.id, valid)).status, 404);
    const open = await comment('Fortsatt synlig');
    const res = await notify(open.id, valid);
    const stranger = await createStaff(app, 'moderator', ['demo']);
    const denied = await app.request('POST', `/api/v1/moderation/notices/${res.body.notice.id}/actions`, {
      token: stranger.token,
      body: { action: 'keep', version: 1 },
    });
    assert.equal(denied.status, 403);
    const queue = await app.request('GET', `/api/v1/moderation/sites/${SITE}/queue?status=notices`, {
      token: stranger.token,
    });
    assert.equal(queue.status, 403);
  });
});
