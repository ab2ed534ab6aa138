/**
 * A moderator can undo a rejection for 10 seconds (the workbench's `u`). The
 * writer must not be sent a statement of reasons for a decision that no
 * longer stands, nor a notifier told that a comment was removed when it is
 * back: that mail waits until the undo window has passed and goes only if the
 * rejection stands. The undone statement is withdrawn (not shown, not
 * appealable, not counted in the transparency report), and the notices the
 * reject decided are open again. Through the real app and a real SMTP server.
 */
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
  type TestApp,
  type TestDatabase,
  waitFor,
} from '../support/harness.js';
import { startMain } from '../support/main-process.js';
import { type MailApp, startMailApp } from '../support/mail-app.js';
import type { SmtpSink } from '../support/smtp-sink.js';

const SECRET = 'sso-secret-for-undo-mail-0123456789abcdef';
const SITE = 'angre';
/** Shortened for the test; in production longer than the 10-second undo window. */
const DELAY_MS = 1500;

describe('undoing a rejection within its undo window sends no statement and no notice decision', () => {
  let db: TestDatabase;
  let app: TestApp;
  let smtp: SmtpSink;
  let mail: MailApp;
  let mod: { token: string; id: string };

  before(async () => {
    mail = await startMailApp({ statementMailDelayMs: DELAY_MS });
    ({ db, app, smtp } = mail);
    await createSite(app, SITE, { language: 'nb', requireLogin: true, ssoSecret: SECRET });
    mod = await createStaff(app, 'moderator', [SITE]);
  });
  after(async () => {
    await mail?.stop();
  });

  let n = 0;
  const post = async (body: string) => {
    const sub = `angrer-${++n}`;
    const email = `${sub}@example.no`;
    const res = await app.request('POST', articlePath(SITE, 'sak'), {
      body: { body },
      token: loginToken(SECRET, sub, `Leser ${n}`, { email }),
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.comment.status, 'approved');
    return { id: res.body.comment.id as string, token: res.body.statusToken as string, email };
  };
  const act = async (id: string, body: Record<string, unknown>) => {
    const res = await app.request('POST', `/api/v1/moderation/comments/${id}/actions`, {
      token: mod.token,
      body,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.comment as { version: number; status: string };
  };
  const status = async (c: { id: string; token: string }) =>
    (await app.request('GET', `${articlePath(SITE, 'sak')}/${c.id}/status?token=${c.token}`)).body;
  const removalMails = (to: string) => smtp.to(to).filter((m) => /er fjernet/.test(m.subject));
  const report = async () => {
    const res = await app.request('GET', `/api/v1/admin/sites/${SITE}/transparency?format=json`, {
      token: await app.adminToken(),
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };

  it('the writer of an undone rejection gets no statement; one that stands is mailed after the window', async () => {
    const undone = await post('En kommentar moderatoren angrer å ha fjernet');
    const stands = await post('En kommentar som blir fjernet for godt');
    const rejected = await act(undone.id, { action: 'reject', version: 1, reasonCode: 'personal_attack' });
    assert.ok((await status(undone)).statement, 'the statement is there at once, on the status endpoint');
    await act(undone.id, { action: 'undo', version: rejected.version });
    await act(stands.id, { action: 'reject', version: 1, reasonCode: 'personal_attack' });
    assert.equal(removalMails(stands.email).length, 0, 'not mailed while the rejection can be undone');

    // Both were held for the same time: once the standing one has arrived, the other's turn has passed.
    await waitFor(() => removalMails(stands.email).length === 1, DELAY_MS + 8000, 'the statement mail');
    await new Promise((ok) => setTimeout(ok, 300));
    assert.equal(removalMails(undone.email).length, 0, 'no statement mail for the undone rejection');
    assert.equal(smtp.to(undone.email).length, 0, 'no mail at all to the writer of the undone comment');

    const after = await status(undone);
    assert.equal(after.comment.status, 'approved');
    assert.equal(after.statement, undefined, 'the writer no longer sees the withdrawn statement');
    const appeal = await app.request('POST', `${articlePath(SITE, 'sak')}/${undone.id}/appeals`, {
      body: { token: undone.token, explanation: 'Jeg vil klage på fjerningen.' },
    });
    assert.equal(appeal.status, 409, 'nothing to appeal');

    const own = (await report()).ownInitiative as { total: number };
    assert.equal(
      own.total,
      1,
      'the transparency report counts the rejection that stands, not the undone one',
    );

    // Rejected again later, for good: that decision gets its statement and its mail.
    await act(undone.id, { action: 'reject', version: 3, reasonCode: 'personal_attack' });
    await waitFor(
      () => removalMails(undone.email).length === 1,
      DELAY_MS + 8000,
      'the second decision’s mail',
    );
    assert.equal((await status(undone)).statement.decision, 'removed');
    assert.equal(((await report()).ownInitiative as { total: number }).total, 2);
  });

  it('a held e-mail outlives the instance that took the rejection: killed hard, another sends it once', async () => {
    // Another instance of the service, a real process on the same database, killed with SIGKILL
    // (no shutdown hook runs) right after it accepted the rejection.
    const run = startMain({
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      MONGODB_URI: db.uri,
      MONGODB_DB_NAME: app.dbName,
      PORT: '0',
      HOST: '127.0.0.1',
      REDIS_URL: '',
      TOKEN_SECRET: 'test-secret-0123456789abcdef',
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Avisa <debatt@avisa.test>',
      STATEMENT_MAIL_DELAY_MS: String(DELAY_MS),
    });
    try {
      await waitFor(() => /"url":"http/.test(run.output()), 60_000, 'the second instance');
      const other = /"url":"(http:\/\/[^"]+)"/.exec(run.output())![1]!;
      const call = async (method: string, path: string, body: unknown, token?: string) => {
        const res = await fetch(other + path, {
          method,
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(body),
        });
        return { status: res.status, body: await res.json() };
      };
      const posted = await call(
        'POST',
        articlePath(SITE, 'sak'),
        { body: 'En kommentar som blir fjernet rett før tjenesten krasjer' },
        loginToken(SECRET, 'krasj', 'Leser krasj', { email: 'krasj@example.no' }),
      );
      assert.equal(posted.status, 201, JSON.stringify(posted.body));
      const id = posted.body.comment.id as string;
      const noticed = await call('POST', `${articlePath(SITE, 'sak')}/${id}/notices`, {
        category: 'hate',
        explanation: 'Kommentaren forhåner en folkegruppe.',
        notifierEmail: 'krasj-melder@example.no',
        goodFaith: true,
      });
      assert.equal(noticed.status, 201, JSON.stringify(noticed.body));
      const rejected = await call(
        'POST',
        `/api/v1/moderation/comments/${id}/actions`,
        { action: 'reject', version: 1, reasonCode: 'personal_attack' },
        mod.token,
      );
      assert.equal(rejected.status, 200, JSON.stringify(rejected.body));
      run.child.kill('SIGKILL');
      await run.exited;
      assert.equal(removalMails('krasj@example.no').length, 0, 'held when the instance died');

      // `app` (the instance still running) takes over the held e-mail once it is due.
      const decisionMails = () =>
        smtp.to('krasj-melder@example.no').filter((m) => /er behandlet/.test(m.subject));
      await waitFor(
        () => removalMails('krasj@example.no').length === 1 && decisionMails().length === 1,
        DELAY_MS + 10_000,
        'the statement and the notice decision, sent by the surviving instance',
      );
      await new Promise((ok) => setTimeout(ok, DELAY_MS));
      assert.equal(removalMails('krasj@example.no').length, 1, 'the statement mailed exactly once');
      assert.equal(decisionMails().length, 1, 'the notice decision mailed exactly once');
    } finally {
      if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
    }
  });

  it('notices decided by an undone reject are open again, their notifiers told nothing; moderators see it live', async () => {
    const notice = async (commentId: string, email: string) => {
      const res = await app.request('POST', `${articlePath(SITE, 'sak')}/${commentId}/notices`, {
        body: {
          category: 'hate',
          explanation: 'Kommentaren forhåner en folkegruppe.',
          notifierEmail: email,
          goodFaith: true,
        },
      });
      assert.equal(res.status, 201, JSON.stringify(res.body));
      return { id: res.body.notice.id as string, token: res.body.receiptToken as string };
    };
    const receipt = async (x: { id: string; token: string }) =>
      (await app.request('GET', `/api/v1/sites/${SITE}/notices/${x.id}?token=${x.token}`)).body.notice;
    const decisionMails = (to: string) => smtp.to(to).filter((m) => /er behandlet/.test(m.subject));

    const socket = connect(app.url, '/moderation', { auth: { token: mod.token } });
    const events: { type: string; payload: { id: string; notice: { id: string; status: string } } }[] = [];
    for (const type of ['notice.received', 'notice.decided']) {
      socket.on(type, (payload) => events.push({ type, payload }));
    }
    await connected(socket);
    assert.equal((await emitAck<{ ok: boolean }>(socket, 'join', { siteId: SITE })).ok, true);

    const undone = await post('En kommentar noen har meldt som ulovlig');
    const stands = await post('En annen kommentar noen har meldt som ulovlig');
    const n1 = await notice(undone.id, 'melder-1@example.no');
    const n2 = await notice(stands.id, 'melder-2@example.no');
    const rejected = await act(undone.id, { action: 'reject', version: 1 });
    assert.equal((await receipt(n1)).decision, 'removed', 'the reject decided the notice');
    await act(undone.id, { action: 'undo', version: rejected.version });
    await act(stands.id, { action: 'reject', version: 1 });

    assert.equal((await receipt(n2)).decision, 'removed');
    const open = await receipt(n1);
    assert.equal(open.status, 'received', 'the undo opened the notice again');
    assert.equal(open.decision, undefined);
    const queue = await app.request('GET', `/api/v1/moderation/sites/${SITE}/queue?status=notices`, {
      token: mod.token,
    });
    assert.deepEqual(
      queue.body.items.map((i: { notice: { id: string } }) => i.notice.id),
      [n1.id],
      'back in the notices queue; the other is decided',
    );

    await waitFor(
      () => decisionMails('melder-2@example.no').length === 1,
      DELAY_MS + 8000,
      'the decision mail',
    );
    await new Promise((ok) => setTimeout(ok, 300));
    assert.equal(decisionMails('melder-1@example.no').length, 0, 'no decision mail for the undone reject');
    assert.equal(smtp.to('melder-1@example.no').length, 1, 'only the receipt');

    // Live, in order: both received, n1 decided, n1 received again (reopened), n2 decided.
    await waitFor(() => events.length >= 5, 5000, 'the live notice events');
    assert.deepEqual(
      events.map((e) => `${e.type} ${e.payload.notice.id === n1.id ? 'n1' : 'n2'}`),
      [
        'notice.received n1',
        'notice.received n2',
        'notice.decided n1',
        'notice.received n1',
        'notice.decided n2',
      ],
    );
    assert.equal(events[0]!.payload.id, undone.id, 'a received notice carries its comment, as in the queue');
    socket.close();
  });
});
