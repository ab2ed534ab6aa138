import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RetentionJob } from '../../src/privacy/retention.js';
import { ReportRepository } from '../../src/reports/report.repository.js';
import { SiteRepository } from '../../src/sites/site.repository.js';
import { loginToken } from '../readers/reader-tokens.js';
import {
  articlePath,
  createSite,
  createStaff,
  startTestApp,
  type TestApp,
  TestDatabase,
  testLogger,
} from '../support/harness.js';

const SITE = 'personvern';
const SECRET = 'sso-secret-for-privacy-0123456789abcdefgh';
const DAY = 24 * 3600 * 1000;

describe('privacy of what the accountability features store', () => {
  let db: TestDatabase;
  let app: TestApp;
  let mod: { token: string };

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
    await createSite(app, SITE, { requireLogin: true, ssoSecret: SECRET, retentionDays: 30 });
    mod = await createStaff(app, 'moderator', [SITE]);
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  it('export includes statements, appeals and notices sent; erasure keeps the record without the person', async () => {
    const token = loginToken(SECRET, 'kari', 'Kari', { email: 'kari@example.no' });
    const c = await app.request('POST', articlePath(SITE, 'sak'), {
      body: { body: 'En kommentar som blir fjernet' },
      token,
    });
    const id = c.body.comment.id as string;
    assert.equal(
      (
        await app.request('POST', `/api/v1/moderation/comments/${id}/actions`, {
          token: mod.token,
          body: { action: 'reject', version: 1 },
        })
      ).status,
      200,
    );
    await app.request('POST', `${articlePath(SITE, 'sak')}/${id}/appeals`, {
      body: { token: c.body.statusToken, explanation: 'Mine egne ord i klagen.' },
    });
    const target = await app.request('POST', articlePath(SITE, 'sak'), {
      body: { body: 'En annens kommentar' },
      token: loginToken(SECRET, 'ola', 'Ola'),
    });
    await app.request('POST', `${articlePath(SITE, 'sak')}/${target.body.comment.id}/notices`, {
      body: {
        category: 'hate',
        explanation: 'Kari melder dette.',
        notifierName: 'Kari',
        notifierEmail: 'kari@example.no',
        goodFaith: true,
      },
    });
    const admin = await app.adminToken();
    const byKey = await app.request('POST', `/api/v1/admin/sites/${SITE}/privacy/export`, {
      token: admin,
      body: { authorKey: 'sso:kari' },
    });
    assert.equal(byKey.status, 200, JSON.stringify(byKey.body));
    assert.equal(byKey.body.statements.length, 1);
    assert.equal(byKey.body.appeals[0].explanation, 'Mine egne ord i klagen.');
    const byEmail = await app.request('POST', `/api/v1/admin/sites/${SITE}/privacy/export`, {
      token: admin,
      body: { email: 'kari@example.no' },
    });
    assert.equal(byEmail.body.noticesSent.length, 1);
    assert.equal(byEmail.body.noticesSent[0].notifierEmail, 'kari@example.no');

    const erased = await app.request('POST', `/api/v1/admin/sites/${SITE}/privacy/erase`, {
      token: admin,
      body: { email: 'kari@example.no' },
    });
    assert.equal(erased.status, 200, JSON.stringify(erased.body));
    const conn = app.service.db.connection;
    const appeal = await conn.collection('appeals').findOne({ commentId: id });
    assert.equal(appeal?.explanation, '');
    assert.match(String(appeal?.authorKey), /^erased:/);
    assert.equal(await conn.collection('statements').countDocuments({ authorKey: 'sso:kari' }), 0);
    assert.equal(
      await conn.collection('statements').countDocuments({ commentId: id }),
      1,
      'the record stays',
    );
    const notice = await conn.collection('notices').findOne({ commentId: target.body.comment.id });
    assert.equal(notice?.notifierEmail, null);
    assert.equal(notice?.notifierName, null);
  });

  it('retention removes a notifier’s name and address from decided notices older than the site keeps them', async () => {
    const conn = app.service.db.connection;
    const now = new Date();
    const base = {
      siteId: SITE,
      articleId: 'sak',
      category: 'threat',
      explanation: 'x',
      automated: false,
      version: 2,
    };
    await conn.collection('notices').insertMany([
      {
        ...base,
        commentId: 'a',
        notifierName: 'Gammel',
        notifierEmail: 'gammel@example.no',
        status: 'decided',
        decision: 'kept',
        receivedAt: new Date(now.getTime() - 40 * DAY),
        decidedAt: new Date(now.getTime() - 39 * DAY),
      },
      {
        ...base,
        commentId: 'b',
        notifierName: 'Ny',
        notifierEmail: 'ny@example.no',
        status: 'decided',
        decision: 'kept',
        receivedAt: new Date(now.getTime() - 2 * DAY),
        decidedAt: new Date(now.getTime() - DAY),
      },
      {
        ...base,
        commentId: 'c',
        notifierName: 'Venter',
        notifierEmail: 'venter@example.no',
        status: 'received',
        decision: null,
        receivedAt: new Date(now.getTime() - 40 * DAY),
        decidedAt: null,
      },
    ]);
    const job = new RetentionJob({
      connection: conn,
      sites: new SiteRepository(conn),
      reports: new ReportRepository(conn),
      logger: testLogger,
    });
    const results = await job.runOnce(now);
    assert.equal(results.find((r) => r.siteId === SITE)?.notices, 1);
    const left = await conn
      .collection('notices')
      .find({ siteId: SITE, commentId: { $in: ['a', 'b', 'c'] } })
      .sort({ commentId: 1 })
      .toArray();
    assert.deepEqual(
      left.map((n) => n.notifierEmail),
      [null, 'ny@example.no', 'venter@example.no'],
      'an open notice keeps its address until it is decided',
    );
  });
});
