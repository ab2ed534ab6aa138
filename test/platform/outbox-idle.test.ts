/**
 * The outbox workers (webhook deliveries, held mail) when there is nothing to
 * send: an idle worker looks less and less often, up to its cap, so an idle
 * instance sends a look every few seconds rather than several a second; what
 * this instance queues (or puts back for a retry) is sent when it is due, not
 * after the back-off; what another instance queues is still found by the idle
 * looks. Each entry is sent once. The looks are counted with the driver's
 * command monitoring; no assertion here depends on how fast the machine is
 * (a slower machine only makes fewer looks).
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Types } from 'mongoose';
import type { CommandStartedEvent } from 'mongodb';
import type { Database } from '../../src/platform/db/database.js';
import { SiteRepository } from '../../src/sites/site.repository.js';
import { sitePolicySchema } from '../../src/sites/site.js';
import {
  MailOutbox,
  MailOutboxWorker,
  type OutboxOutcome,
  type OutboxRef,
} from '../../src/statements/mail-outbox.js';
import { WebhookDeliveryRepository, WebhookWorker } from '../../src/submissions/webhook-delivery.js';
import { monitoredDatabase } from '../support/command-log.js';
import { testLogger, waitFor } from '../support/harness.js';

const SECRET = 'cms-webhook-secret-0123456789';
/** Longer than any wait below: a worker on this interval or cap would never be seen to send in time. */
const NEVER = 600_000;
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/** A CMS stand-in: answers with the next queued status (200 when none) and counts requests by delivery. */
class Receiver {
  readonly byDelivery = new Map<string, number>();
  answers: number[] = [];
  url = '';
  #server: Server = createServer((req, res) => {
    const id = String(req.headers['x-ordskifte-delivery']);
    this.byDelivery.set(id, (this.byDelivery.get(id) ?? 0) + 1);
    req.resume();
    req.on('end', () => {
      res.statusCode = this.answers.shift() ?? 200;
      res.end();
    });
  });

  async start(): Promise<this> {
    await new Promise<void>((ok) => this.#server.listen(0, '127.0.0.1', () => ok()));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hook`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((ok) => this.#server.close(() => ok()));
  }
}

describe('outbox workers: idle back-off, woken by what this instance queues', () => {
  /** The claims ("looks") the workers send, by collection. */
  const looks = { webhook_deliveries: 0, mail_outbox: 0 };
  let monitored: Awaited<ReturnType<typeof monitoredDatabase>>;
  let other: Database;
  let receiver: Receiver;
  let deliveries: WebhookDeliveryRepository;
  let sites: SiteRepository;
  let outbox: MailOutbox;
  let otherDeliveries: WebhookDeliveryRepository;
  let otherOutbox: MailOutbox;
  let n = 0;

  before(async () => {
    monitored = await monitoredDatabase((event: CommandStartedEvent) => {
      const target = event.command[event.commandName];
      if (
        event.commandName === 'findAndModify' &&
        (target === 'webhook_deliveries' || target === 'mail_outbox')
      )
        looks[target as keyof typeof looks] += 1;
    });
    other = await monitored.another();
    receiver = await new Receiver().start();
    const connection = monitored.database.connection;
    deliveries = new WebhookDeliveryRepository(connection);
    sites = new SiteRepository(connection);
    outbox = new MailOutbox(connection, 200);
    otherDeliveries = new WebhookDeliveryRepository(other.connection);
    otherOutbox = new MailOutbox(other.connection, 200);
    await sites.create({
      id: 'cms',
      name: 'CMS',
      origins: [],
      policy: sitePolicySchema.parse({
        webhookUrl: receiver.url,
        webhookSecret: SECRET,
        webhookAllowPrivateTargets: true,
      }),
      ssoSecrets: [],
    });
  });
  after(async () => {
    await receiver?.close();
    await other?.close();
    await monitored?.stop();
  });

  const webhookWorker = (options: { pollMs: number; idleMaxMs: number; baseDelayMs?: number }) =>
    new WebhookWorker(deliveries, sites, testLogger, { maxDelayMs: 60_000, ...options });

  /** Mail handlers that record what they were asked to send and answer with the queued outcomes. */
  function mailWorker(
    on: MailOutbox,
    options: { pollMs: number; idleMaxMs: number; retryMs?: number },
    outcomes: OutboxOutcome[] = [],
  ) {
    const asked: string[] = [];
    const handler = async (ref: OutboxRef) => {
      asked.push(ref.statementId ?? '?');
      return outcomes.shift() ?? 'sent';
    };
    const worker = new MailOutboxWorker(
      on,
      { statement: handler, notice_decision: handler },
      testLogger,
      options,
    );
    return { worker, asked };
  }

  const queue = async (repository: WebhookDeliveryRepository) => {
    n += 1;
    const id = new Types.ObjectId().toHexString();
    await repository.enqueue({
      id,
      siteId: 'cms',
      event: 'submission.published',
      submissionId: `s${n}`,
      body: JSON.stringify({ n }),
    });
    return id;
  };
  const statusOf = async (id: string) => (await deliveries.findById(id))?.status;
  const mailStatus = async (key: string) =>
    (await outbox.model.findById(key).lean<{ status: string }>())?.status;

  it('an idle worker looks less and less often (each wait twice the last), not every interval', async () => {
    const webhooks = webhookWorker({ pollMs: 25, idleMaxMs: NEVER });
    const mail = mailWorker(outbox, { pollMs: 25, idleMaxMs: NEVER });
    const before = { ...looks };
    webhooks.start();
    mail.worker.start();
    // Waits of 50, 100, 200, 400, 800, 1600 ms after the first look: at most 6 looks each in 3 s,
    // where looking every 25 ms (or every 4 x the database's answer time) would take dozens.
    await sleep(3000);
    await webhooks.close();
    await mail.worker.stop();
    const webhookLooks = looks.webhook_deliveries - before.webhook_deliveries;
    const mailLooks = looks.mail_outbox - before.mail_outbox;
    assert.ok(webhookLooks >= 2 && webhookLooks <= 8, `webhook worker: ${webhookLooks} looks in 3 s`);
    assert.ok(mailLooks >= 2 && mailLooks <= 8, `mail worker: ${mailLooks} looks in 3 s`);
  });

  it('rows another instance queues are still found at the cap, and sent once', async () => {
    const webhooks = webhookWorker({ pollMs: 25, idleMaxMs: 200 });
    const mail = mailWorker(outbox, { pollMs: 25, idleMaxMs: 200 });
    const before = { ...looks };
    webhooks.start();
    mail.worker.start();
    try {
      // Ten looks: backed off to the cap (a back-off without one would take 25 s to look ten times).
      await waitFor(
        () =>
          looks.webhook_deliveries - before.webhook_deliveries >= 10 &&
          looks.mail_outbox - before.mail_outbox >= 10,
        15_000,
        'ten idle looks of each worker',
      );
      const id = await queue(otherDeliveries);
      await otherOutbox.hold('statement:other', 'statement', { commentId: 'c', statementId: 'other' });
      await waitFor(
        async () => (await statusOf(id)) === 'delivered',
        15_000,
        "the other instance's delivery",
      );
      await waitFor(async () => (await mailStatus('statement:other')) === 'sent', 15_000, "the other's mail");
      assert.equal(receiver.byDelivery.get(id), 1);
      assert.deepEqual(mail.asked, ['other']);
    } finally {
      await webhooks.close();
      await mail.worker.stop();
    }
  });

  it('a delivery queued here is sent at once, and its retry when due, not after the interval or cap', async () => {
    const webhooks = webhookWorker({ pollMs: NEVER, idleMaxMs: NEVER, baseDelayMs: 300 });
    const before = looks.webhook_deliveries;
    webhooks.start();
    try {
      await waitFor(() => looks.webhook_deliveries > before, 10_000, 'the first look');
      receiver.answers = [500];
      const id = await queue(deliveries);
      webhooks.poke(); // what the submission service does after queuing
      await waitFor(async () => (await statusOf(id)) === 'delivered', 15_000, 'the delivery and its retry');
      assert.equal(receiver.byDelivery.get(id), 2, 'one refused attempt, one delivery');
      assert.equal((await deliveries.findById(id))?.attempts, 2);
    } finally {
      await webhooks.close();
    }
  });

  it('mail held here is sent when it comes due, and its retry when due, not after the interval or cap', async () => {
    const mail = mailWorker(outbox, { pollMs: NEVER, idleMaxMs: NEVER, retryMs: 300 }, ['not_sent']);
    const before = looks.mail_outbox;
    mail.worker.start();
    try {
      await waitFor(() => looks.mail_outbox > before, 10_000, 'the first look');
      await outbox.hold('statement:here', 'statement', { commentId: 'c', statementId: 'here' });
      await waitFor(
        async () => (await mailStatus('statement:here')) === 'sent',
        15_000,
        'the mail and its retry',
      );
      assert.deepEqual(mail.asked, ['here', 'here'], 'one failed send, one sent');
    } finally {
      await mail.worker.stop();
    }
  });
});
