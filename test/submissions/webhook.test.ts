import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../../src/platform/db/database.js';
import { SiteRepository } from '../../src/sites/site.repository.js';
import { WebhookDeliveryRepository, WebhookWorker } from '../../src/submissions/webhook-delivery.js';
import {
  createSite,
  createStaff,
  RELAXED_LIMITS,
  startTestApp,
  type TestApp,
  TestDatabase,
  testConfig,
  testLogger,
  waitFor,
} from '../support/harness.js';

const SECRET = 'cms-webhook-secret-0123456789';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A CMS stand-in: records every request and answers with the next queued status (200 when none). */
class Receiver {
  readonly requests: Received[] = [];
  answers: number[] = [];
  #server: Server;
  url = '';

  constructor() {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.statusCode = this.answers.shift() ?? 200;
        res.end();
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((ok) => this.#server.listen(0, '127.0.0.1', () => ok()));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/ordskifte-hook`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((ok) => this.#server.close(() => ok()));
  }
}

/** What a receiver does: recompute the HMAC over "<t>.<body>" and compare in constant time. */
function verify(secret: string, header: string | string[] | undefined, body: string): boolean {
  const match = typeof header === 'string' ? /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header) : null;
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2]!, 'hex'));
}

const piece = (n: number) => ({
  title: `Kulturhuset fortjener bedre (${n})`,
  body: `Kulturhuset er byens stue, men vedlikeholdet har stått stille i årevis. Innlegg ${n}: politikerne må prioritere det i neste budsjett.`,
  authorName: 'Ingrid Bakken',
  authorEmail: `ingrid${n}@example.no`,
  authorPhone: '+47 412 34 567',
  authorLocation: 'Bodø',
});

// One database server for the file; each app gets its own database in it.
let db: TestDatabase;
before(async () => {
  db = await TestDatabase.start();
});
after(async () => {
  await db?.stop();
});

describe('publishing pieces to the CMS through a signed webhook with persisted retries', () => {
  let app: TestApp;
  let receiver: Receiver;
  let n = 0;

  before(async () => {
    receiver = await new Receiver().start();
    app = await startTestApp(db);
  });
  after(async () => {
    await app?.close();
    await receiver?.close();
  });

  async function publishOne(siteId: string, target = app): Promise<string> {
    n += 1;
    const res = await target.request('POST', `/api/v1/sites/${siteId}/submissions`, { body: piece(n) });
    assert.equal(res.status, 201);
    const id = res.body.submission.id as string;
    let version = 1;
    for (const action of ['start_review', 'accept', 'publish']) {
      const step = await target.request('POST', `/api/v1/moderation/submissions/${id}/actions`, {
        token: await target.adminToken(),
        body: { action, version },
      });
      assert.equal(step.status, 200, JSON.stringify(step.body));
      version = step.body.submission.version;
    }
    return id;
  }

  const deliveries = async (siteId: string, target = app) => {
    const res = await target.request('GET', `/api/v1/admin/sites/${siteId}/webhook-deliveries`, {
      token: await target.adminToken(),
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.items as {
      id: string;
      submissionId: string;
      status: string;
      attempts: number;
      lastStatusCode: number | null;
      history: { attempt: number; statusCode: number | null; url: string | null }[];
    }[];
  };

  it('stores the webhook secret write-only', async () => {
    const site = await createSite(app, 'cms-a', {
      webhookUrl: receiver.url,
      webhookSecret: SECRET,
      webhookAllowPrivateTargets: true,
    });
    assert.equal(site.policy.webhookUrl, receiver.url);
    assert.equal(site.policy.webhookSecret, undefined);
    assert.equal(site.policy.webhookSecretConfigured, true);
    const read = await app.request('GET', '/api/v1/admin/sites/cms-a', { token: await app.adminToken() });
    assert.equal(JSON.stringify(read.body).includes(SECRET), false);
    const bad = await app.request('PATCH', '/api/v1/admin/sites/cms-a', {
      token: await app.adminToken(),
      body: { policy: { webhookUrl: 'ftp://cms.example/hook', webhookSecret: 'short' } },
    });
    assert.equal(bad.status, 422);
    const paths = bad.body.error.details.map((d: { path: string }) => d.path).sort();
    assert.deepEqual(paths, ['body.policy.webhookSecret', 'body.policy.webhookUrl']);
  });

  it('delivers a published piece signed with HMAC-SHA256, retrying after a 500', async () => {
    receiver.answers = [500];
    const before = receiver.requests.length;
    const id = await publishOne('cms-a');
    await waitFor(() => receiver.requests.length >= before + 2, 15_000, 'the retried delivery');
    const [first, second] = receiver.requests.slice(before);
    assert.ok(first && second);
    assert.equal(first.body, second.body, 'every attempt sends the same bytes');
    for (const request of [first, second]) {
      assert.equal(request.headers['content-type'], 'application/json');
      assert.equal(request.headers['x-ordskifte-event'], 'submission.published');
      assert.ok(verify(SECRET, request.headers['x-ordskifte-signature'], request.body));
      assert.equal(
        verify('another-secret-0123456789', request.headers['x-ordskifte-signature'], request.body),
        false,
      );
    }
    assert.equal(first.headers['x-ordskifte-delivery'], second.headers['x-ordskifte-delivery']);
    const payload = JSON.parse(first.body);
    assert.equal(payload.event, 'submission.published');
    assert.equal(payload.siteId, 'cms-a');
    assert.equal(payload.submission.id, id);
    assert.equal(payload.submission.authorName, 'Ingrid Bakken');
    assert.equal(payload.submission.authorLocation, 'Bodø');
    assert.ok(payload.submission.publishedAt);
    assert.equal(first.body.includes('example.no'), false, 'no contact details go to the CMS');
    assert.equal(first.body.includes('412 34 567'), false);

    await waitFor(async () => (await deliveries('cms-a'))[0]?.status === 'delivered', 5000, 'delivered');
    const [log] = await deliveries('cms-a');
    assert.equal(log?.submissionId, id);
    assert.equal(log?.attempts, 2);
    assert.equal(log?.lastStatusCode, 200);
    assert.deepEqual(
      log?.history.map((h) => [h.attempt, h.statusCode]),
      [
        [1, 500],
        [2, 200],
      ],
    );
    assert.equal(log?.history[0]?.url, receiver.url);
    assert.equal(JSON.stringify(log).includes(SECRET), false);
  });

  it('publishing without a configured webhook queues nothing', async () => {
    await createSite(app, 'cms-none');
    await publishOne('cms-none');
    assert.deepEqual(await deliveries('cms-none'), []);
  });

  it('only admins read the delivery log', async () => {
    const editor = await createStaff(app, 'editor', ['cms-a']);
    const res = await app.request('GET', '/api/v1/admin/sites/cms-a/webhook-deliveries', {
      token: editor.token,
    });
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'forbidden');
    assert.equal((await app.request('GET', '/api/v1/admin/sites/cms-a/webhook-deliveries')).status, 401);
  });

  it('a delivery due when the service stops is sent by the next start', async () => {
    await createSite(app, 'cms-b', {
      webhookUrl: receiver.url,
      webhookSecret: SECRET,
      webhookAllowPrivateTargets: true,
    });
    receiver.answers = [503];
    const before = receiver.requests.length;
    const id = await publishOne('cms-b');
    await waitFor(async () => (await deliveries('cms-b'))[0]?.attempts === 1, 10_000, 'first attempt');
    const dbName = app.dbName;
    await app.close();
    const requestsWhileDown = receiver.requests.length;

    app = await startTestApp(db, {}, dbName);
    await waitFor(async () => (await deliveries('cms-b'))[0]?.status === 'delivered', 15_000, 'redelivery');
    const [log] = await deliveries('cms-b');
    assert.equal(log?.submissionId, id);
    assert.equal(log?.attempts, 2);
    assert.equal(receiver.requests.length, requestsWhileDown + 1);
    assert.equal(receiver.requests.length - before, 2, 'one failed attempt, one delivery; nothing twice');
  });

  it('the worker gives up after its last attempt: the delivery is failed, with one history row per attempt', async () => {
    await createSite(app, 'cms-c', {
      webhookUrl: receiver.url,
      webhookSecret: SECRET,
      webhookAllowPrivateTargets: true,
    });
    // The receiver refuses everything this test sends it.
    receiver.answers = Array.from({ length: 20 }, () => 500);
    const before = receiver.requests.length;
    const id = await publishOne('cms-c');
    await waitFor(async () => (await deliveries('cms-c'))[0]?.attempts === 1, 10_000, 'first attempt');
    // The service's worker allows 10 attempts over hours; the same worker class with a budget of
    // three and millisecond back-off takes over the database while the service is stopped.
    const dbName = app.dbName;
    await app.close();
    const database = await openDatabase(testConfig(db.uri), testLogger, { dbName });
    const worker = new WebhookWorker(
      new WebhookDeliveryRepository(database.connection),
      new SiteRepository(database.connection),
      testLogger,
      { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20, pollMs: 20 },
    );
    try {
      worker.start();
      await waitFor(() => receiver.requests.length - before === 3, 15_000, 'the second and third attempts');
      const stored = database.connection.collection('webhook_deliveries');
      await waitFor(
        async () => (await stored.findOne({ submissionId: id }))?.status === 'failed',
        10_000,
        'the delivery marked failed by the worker',
      );
    } finally {
      await worker.close();
      await database.close();
      app = await startTestApp(db, {}, dbName);
    }
    assert.equal(receiver.requests.length - before, 3, 'three attempts, no fourth');
    const [log] = await deliveries('cms-c');
    assert.equal(log?.submissionId, id);
    assert.equal(log?.status, 'failed');
    assert.equal(log?.attempts, 3);
    assert.equal(log?.lastStatusCode, 500);
    assert.deepEqual(log?.history.map((h) => [h.attempt, h.statusCode]).sort(), [
      [1, 500],
      [2, 500],
      [3, 500],
    ]);
    receiver.answers = [];
  });

  it('refuses webhook URLs to loopback, private and link-local addresses unless the admin allows private targets', async () => {
    const token = await app.adminToken();
    const refused = [
      'http://127.0.0.1:8080/hook',
      'http://localhost/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://10.1.2.3/hook',
      'http://192.168.1.10/hook',
      'http://172.16.5.4/hook',
      'http://0.0.0.0/hook',
      'http://[::1]/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://[fd00::1]/hook',
      'http://[fe80::1]/hook',
    ];
    for (const [i, url] of refused.entries()) {
      const res = await app.request('POST', '/api/v1/admin/sites', {
        token,
        body: {
          id: `ssrf-${i}`,
          name: 'SSRF',
          origins: [],
          policy: { webhookUrl: url, webhookSecret: SECRET },
        },
      });
      assert.equal(res.status, 422, `${url}: ${res.status}`);
      assert.deepEqual(
        res.body.error.details.map((d: { path: string }) => d.path),
        ['body.policy.webhookUrl'],
      );
    }
    await createSite(app, 'cms-public', {
      webhookUrl: 'https://cms.example.com/hook',
      webhookSecret: SECRET,
    });
    const patched = await app.request('PATCH', '/api/v1/admin/sites/cms-public', {
      token,
      body: { policy: { webhookUrl: 'http://127.0.0.1:9/hook' } },
    });
    assert.equal(patched.status, 422);
    // An on-premise CMS: the admin says so, explicitly.
    const allowed = await app.request('PATCH', '/api/v1/admin/sites/cms-public', {
      token,
      body: { policy: { webhookUrl: 'http://127.0.0.1:9/hook', webhookAllowPrivateTargets: true } },
    });
    assert.equal(allowed.status, 200, JSON.stringify(allowed.body));
    const withdrawn = await app.request('PATCH', '/api/v1/admin/sites/cms-public', {
      token,
      body: { policy: { webhookAllowPrivateTargets: false } },
    });
    assert.equal(withdrawn.status, 422, 'taking the permission back while the URL is private is refused');
  });

  it('checks the address again when it sends: a stored URL whose name resolves to loopback gets nothing', async () => {
    await createSite(app, 'cms-rebound', {
      webhookUrl: 'https://cms.example.com/hook',
      webhookSecret: SECRET,
    });
    // As if the name had pointed elsewhere when the admin configured it (or the URL was stored
    // before this check existed): `localhost` resolves to the receiver's loopback address.
    const port = new URL(receiver.url).port;
    await app.service.db.connection
      .collection('sites')
      .updateOne(
        { _id: 'cms-rebound' as never },
        { $set: { 'policy.webhookUrl': `http://localhost:${port}/hook` } },
      );
    const before = receiver.requests.length;
    await publishOne('cms-rebound');
    await waitFor(async () => (await deliveries('cms-rebound'))[0]?.attempts === 1, 10_000, 'first attempt');
    const [log] = await deliveries('cms-rebound');
    assert.equal(log?.status, 'pending', 'refused, to be retried');
    assert.equal(log?.lastStatusCode, null);
    assert.match(String((log as { lastError?: string })?.lastError), /non-public address/);
    assert.equal(receiver.requests.length, before, 'the receiver on loopback got nothing');
  });

  it('an admin can send a delivery that gave up once more', async () => {
    const [delivered] = await deliveries('cms-b');
    const notFailed = await app.request(
      'POST',
      `/api/v1/admin/sites/cms-b/webhook-deliveries/${delivered?.id}/retry`,
      { token: await app.adminToken() },
    );
    assert.equal(notFailed.status, 404, 'only failed deliveries are retried');
    // The delivery the worker gave up on in the test before.
    const [failed] = await deliveries('cms-c');
    assert.equal(failed?.status, 'failed');
    const before = receiver.requests.length;
    const retry = await app.request(
      'POST',
      `/api/v1/admin/sites/cms-c/webhook-deliveries/${failed?.id}/retry`,
      {
        token: await app.adminToken(),
      },
    );
    assert.equal(retry.status, 202);
    assert.equal(retry.body.delivery.status, 'pending');
    await waitFor(() => receiver.requests.length === before + 1, 10_000, 'manual retry');
    await waitFor(async () => (await deliveries('cms-c'))[0]?.status === 'delivered', 5000, 'delivered');
    assert.equal(receiver.requests.length, before + 1, 'the retry is one request');
  });
});

describe('submission rate limits per e-mail and per IP', () => {
  let app: TestApp;

  before(async () => {
    app = await startTestApp(db, {
      rateLimits: { ...RELAXED_LIMITS, submissionsPerDayPerEmail: 2, submissionsPerHourPerIp: 4 },
    });
  });
  after(async () => {
    await app?.close();
  });

  const submit = (n: number, email: string, headers: Record<string, string> = {}) =>
    app.request('POST', '/api/v1/sites/demo/submissions', {
      body: { ...piece(n), authorEmail: email },
      headers,
    });

  it('limits one e-mail (any case) per day and one address per hour, with Retry-After', async () => {
    assert.equal((await submit(1, 'skribent@example.no')).status, 201);
    assert.equal((await submit(2, 'Skribent@Example.no', { 'Idempotency-Key': 'k-1' })).status, 201);
    const retried = await submit(2, 'Skribent@Example.no', { 'Idempotency-Key': 'k-1' });
    assert.equal(retried.status, 201, 'a retry with its key is not a new submission');
    const third = await submit(3, 'SKRIBENT@example.no');
    assert.equal(third.status, 429);
    assert.equal(third.body.error.code, 'rate_limited');
    assert.ok(Number(third.headers.get('retry-after')) > 3600, 'the e-mail window is a day');

    // The e-mail limit refused the third after the IP limit counted it: 3 of 4 used.
    assert.equal((await submit(4, 'annen@example.no')).status, 201);
    const fifth = await submit(5, 'tredje@example.no');
    assert.equal(fifth.status, 429);
    assert.ok(Number(fifth.headers.get('retry-after')) <= 3600);
    assert.equal(await app.service.db.connection.collection('submissions').countDocuments(), 3);
  });
});
