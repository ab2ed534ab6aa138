import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Types } from 'mongoose';
import { RetentionJob } from '../../src/privacy/retention.js';
import { ReportRepository } from '../../src/reports/report.repository.js';
import { SiteRepository } from '../../src/sites/site.repository.js';
import {
  articlePath,
  collect,
  connect,
  connected,
  createSite,
  emitAck,
  startTestApp,
  type TestApp,
  TestDatabase,
  testLogger,
  waitFor,
} from '../support/harness.js';
import { storedComment } from '../support/factories.js';

const DAY = 24 * 3600 * 1000;

describe('privacy: no raw addresses, retention, export and erasure', () => {
  let db: TestDatabase;
  let app: TestApp;

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db, { trustProxy: 1 });
    await createSite(app, 'anonym-avis');
    await createSite(app, 'slette-avis', { erasure: 'delete', retentionDays: 30 });
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  const collection = (name: string) => app.service.db.connection.collection(name);
  const post = (siteId: string, articleId: string, body: Record<string, unknown>, ip = '198.51.100.7') =>
    app.request('POST', articlePath(siteId, articleId), {
      body,
      // With a key, as the widget posts: it is stored with the comment.
      headers: { 'x-forwarded-for': ip, 'user-agent': 'privacy-test', 'idempotency-key': randomUUID() },
    });
  const admin = async (path: string, body: unknown) =>
    app.request('POST', path, { token: await app.adminToken(), body });

  /** Nothing a reader can fetch names the author, their e-mail, address or any hash. */
  const assertClean = (payload: unknown, ...secrets: string[]) => {
    const text = JSON.stringify(payload);
    for (const secret of secrets) assert.equal(text.includes(secret), false, `found ${secret}`);
    for (const field of ['authorEmail', 'ipHash', 'authorKey', 'emailHash', 'reporterKey'])
      assert.equal(text.includes(field), false, `found ${field}`);
  };

  it('stores only keyed hashes of addresses, and readers never see e-mails, addresses or hashes', async () => {
    const ip = '203.0.113.99';
    const res = await post(
      'anonym-avis',
      'p-1',
      { body: 'Hei fra meg.', authorName: 'Åse', authorEmail: 'ase@example.no' },
      ip,
    );
    assert.equal(res.status, 201);
    const reader = connect(app.url, '/live');
    await connected(reader);
    await emitAck(reader, 'subscribe', { siteId: 'anonym-avis', articleId: 'p-1' });
    const published = collect(reader, 'comment.published');
    const second = await post(
      'anonym-avis',
      'p-1',
      { body: 'Og en til.', authorName: 'Åse', authorEmail: 'ase@example.no' },
      ip,
    );
    await app.request('POST', `${articlePath('anonym-avis', 'p-1')}/${res.body.comment.id}/reports`, {
      body: { reason: 'spam' },
      headers: { 'x-forwarded-for': '203.0.113.100' },
    });
    await waitFor(() => published.length === 1, 5000, 'comment.published');
    assertClean(res.body, ip, 'ase@example.no');
    assertClean(second.body, ip, 'ase@example.no');
    assertClean(published, ip, 'ase@example.no');
    assertClean((await app.request('GET', articlePath('anonym-avis', 'p-1'))).body, ip, 'ase@example.no');
    for (const name of ['comments', 'reports', 'authors', 'articles', 'site_events', 'audit']) {
      const docs = await collection(name).find({}).toArray();
      assert.equal(JSON.stringify(docs).includes(ip), false, `raw address in ${name}`);
      assert.equal(JSON.stringify(docs).includes('203.0.113.100'), false, `raw address in ${name}`);
    }
    reader.close();
  });

  it('retention removes hashed addresses and e-mails from comments older than the site keeps them', async () => {
    const comments = collection('comments');
    const now = new Date();
    const make = (siteId: string, ageDays: number) =>
      storedComment({
        siteId,
        articleId: 'old',
        body: `Gammel kommentar ${ageDays}`,
        authorName: 'Eldre',
        authorEmail: 'eldre@example.no',
        authorKey: 'email:x',
        ipHash: 'some-keyed-hash',
        fingerprint: `f${ageDays}`,
        createdAt: new Date(now.getTime() - ageDays * DAY),
      });
    // slette-avis keeps 30 days, anonym-avis the default 90.
    const docs = [
      make('slette-avis', 31),
      make('slette-avis', 29),
      make('anonym-avis', 91),
      make('anonym-avis', 89),
    ];
    await comments.insertMany(docs);
    await collection('reports').insertOne({
      siteId: 'slette-avis',
      articleId: 'old',
      commentId: docs[0]!._id.toHexString(),
      reporterKey: 'anon:old-reporter',
      reason: 'spam',
      note: null,
      createdAt: new Date(now.getTime() - 40 * DAY),
    });
    const connection = app.service.db.connection;
    const job = new RetentionJob({
      connection,
      sites: new SiteRepository(connection),
      reports: new ReportRepository(connection),
      logger: testLogger,
    });
    const results = await job.runOnce(now);
    const bySite = Object.fromEntries(results.map((r) => [r.siteId, r]));
    assert.equal(bySite['slette-avis']?.comments, 1);
    assert.equal(bySite['slette-avis']?.reports, 1);
    assert.equal(bySite['anonym-avis']?.comments, 1);
    const after = await comments.find({ _id: { $in: docs.map((d) => d._id) } }).toArray();
    const state = Object.fromEntries(after.map((d) => [d.body, [d.ipHash, d.authorEmail]]));
    assert.deepEqual(state, {
      'Gammel kommentar 31': [null, null],
      'Gammel kommentar 29': ['some-keyed-hash', 'eldre@example.no'],
      'Gammel kommentar 91': [null, null],
      'Gammel kommentar 89': ['some-keyed-hash', 'eldre@example.no'],
    });
    assert.equal(
      after.every((d) => d.body.startsWith('Gammel')),
      true,
      'text and name stay',
    );
    // Running it again changes nothing.
    const again = await job.runOnce(now);
    assert.equal(
      again.reduce((n, r) => n + r.comments + r.reports, 0),
      0,
    );
  });

  it('exports everything about an author by e-mail, including reader submissions, audited', async () => {
    const email = 'Ola.Nordmann@Example.no';
    await post('anonym-avis', 'e-1', { body: 'Mitt syn på saken.', authorName: 'Ola N', authorEmail: email });
    await post('anonym-avis', 'e-2', { body: 'Et annet syn.', authorName: 'Ola N', authorEmail: email });
    await post('anonym-avis', 'e-1', {
      body: 'Noen andres syn.',
      authorName: 'Kari',
      authorEmail: 'kari@example.no',
    });
    await collection('submissions').insertOne({
      siteId: 'anonym-avis',
      status: 'published',
      version: 3,
      title: 'Leserinnlegg om bompenger',
      body: 'Lang tekst om bompenger.',
      authorName: 'Ola Nordmann',
      authorEmail: 'ola.nordmann@example.no',
      authorPhone: '+4741234567',
      authorLocation: 'Bø',
      ipHash: 'hash',
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    const res = await admin('/api/v1/admin/sites/anonym-avis/privacy/export', { email });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.comments.length, 2);
    assert.ok(
      res.body.comments.every((c: { authorEmail: string }) => c.authorEmail === 'ola.nordmann@example.no'),
    );
    assert.equal(res.body.authors.length, 1);
    assert.equal(res.body.submissions.length, 1);
    assert.equal(res.body.submissions[0].title, 'Leserinnlegg om bompenger');
    const audit = await collection('audit').findOne({ entity: 'author', action: 'export' });
    assert.ok(audit);
    assert.equal(
      JSON.stringify(audit).toLowerCase().includes('ola.nordmann'),
      false,
      'no e-mail in the audit log',
    );

    const byKey = await admin('/api/v1/admin/sites/anonym-avis/privacy/export', {
      authorKey: res.body.authors[0].authorKey,
    });
    assert.equal(byKey.body.comments.length, 2);
    assert.equal(byKey.body.submissions.length, 1, 'the e-mail on their comments leads to submissions');

    const moderator = await app.request('POST', '/api/v1/admin/sites/anonym-avis/privacy/export', {
      token: (await (await import('../support/harness.js')).createStaff(app, 'moderator', ['anonym-avis']))
        .token,
      body: { email },
    });
    assert.equal(moderator.status, 403);
    const both = await admin('/api/v1/admin/sites/anonym-avis/privacy/export', { email, authorKey: 'sso:x' });
    assert.equal(both.status, 422);
  });

  it('erases by e-mail (anonymise): nothing of the author left in public responses or copies', async () => {
    const email = 'ola.nordmann@example.no';
    const res = await admin('/api/v1/admin/sites/anonym-avis/privacy/erase', { email, reason: 'request 17' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.erased, {
      mode: 'anonymise',
      comments: 2,
      submissions: 1,
      reportsMade: 0,
      authorRecords: 1,
    });
    for (const articleId of ['e-1', 'e-2']) {
      const list = await app.request('GET', articlePath('anonym-avis', articleId));
      assertClean(list.body, 'Ola N', email);
      assert.ok(list.body.items.some((c: { authorName: string }) => c.authorName === 'Anonym'));
    }
    assert.equal(
      (await app.request('GET', articlePath('anonym-avis', 'e-1'))).body.items.some(
        (c: { authorName: string }) => c.authorName === 'Kari',
      ),
      true,
      'other authors untouched',
    );
    for (const name of ['comments', 'authors', 'submissions', 'audit', 'site_events']) {
      const text = JSON.stringify(await collection(name).find({}).toArray());
      assert.equal(text.includes('Ola N'), false, `name left in ${name}`);
      assert.equal(text.includes(email), false, `e-mail left in ${name}`);
    }
    // The post's key and the (keyed) hash of its request, which covered the name and e-mail, go too.
    const anonymised = await collection('comments').find({ authorName: 'Anonym' }).toArray();
    assert.equal(anonymised.length, 2);
    for (const comment of anonymised) {
      assert.equal(comment.requestHash, undefined, 'request hash left on an anonymised comment');
      assert.equal(comment.idempotencyKey, undefined);
    }
    const submission = await collection('submissions').findOne({ title: 'Leserinnlegg om bompenger' });
    assert.equal(submission?.authorName, 'Anonym');
    assert.equal(submission?.authorPhone, null);
    const erased = await collection('audit').findOne({ entity: 'author', action: 'erase' });
    assert.equal(erased?.reason, 'request 17');
    const again = await admin('/api/v1/admin/sites/anonym-avis/privacy/export', { email });
    assert.equal(again.body.comments.length, 0);
  });

  it('erases by author key (delete): comments gone, removed live, counts updated', async () => {
    const first = await post('slette-avis', 'd-1', {
      body: 'Slett meg.',
      authorName: 'Glemt',
      authorEmail: 'glemt@example.no',
    });
    await post('slette-avis', 'd-1', {
      body: 'Bli her.',
      authorName: 'Blir',
      authorEmail: 'blir@example.no',
    });
    const reader = connect(app.url, '/live');
    await connected(reader);
    await emitAck(reader, 'subscribe', { siteId: 'slette-avis', articleId: 'd-1' });
    const removed = collect<{ id: string }>(reader, 'comment.removed');
    const stored = await collection('comments').findOne({ _id: new Types.ObjectId(first.body.comment.id) });
    const res = await admin('/api/v1/admin/sites/slette-avis/privacy/erase', {
      authorKey: stored?.authorKey,
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.erased.mode, 'delete');
    assert.equal(res.body.erased.comments, 1);
    await waitFor(() => removed.some((r) => r.id === first.body.comment.id), 5000, 'comment.removed');
    const list = await app.request('GET', articlePath('slette-avis', 'd-1'));
    assertClean(list.body, 'Glemt', 'glemt@example.no');
    assert.equal(list.body.items.length, 1);
    assert.equal(list.body.article.commentCount, 1);
    assert.equal(await collection('comments').countDocuments({ authorKey: stored?.authorKey }), 0);
    assert.equal(await collection('authors').countDocuments({ authorKey: stored?.authorKey }), 0);
    reader.close();
  });
});
