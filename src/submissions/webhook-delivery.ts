import { type Deadline, within } from '../platform/http/request-deadline.js';
import { createHmac } from 'node:crypto';
import { type Connection, Schema, Types } from 'mongoose';
import { isDuplicateKey } from '../platform/db/database.js';
import { keysetAfter, type Position } from '../platform/db/keyset.js';
import type { Logger } from '../platform/logger.js';
import { drainDue, type PollRun, Poller } from '../platform/schedule.js';
import type { SiteRepository } from '../sites/site.repository.js';
import { postToWebhook } from './webhook-target.js';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDelivery {
  id: string;
  siteId: string;
  event: string;
  submissionId: string;
  /** The exact bytes sent on every attempt, so a receiver sees one payload however often it is retried. */
  body: string;
  status: DeliveryStatus;
  attempts: number;
  /**
   * When the next attempt is due. A worker taking a delivery moves it past its
   * request timeout (a lease): no other instance sends it meanwhile, and if
   * the worker dies, it is simply due again.
   */
  nextAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface DeliveryAttempt {
  id: string;
  deliveryId: string;
  siteId: string;
  attempt: number;
  url: string | null;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  at: Date;
}

interface DeliveryDoc extends Omit<WebhookDelivery, 'id'> {
  _id: Types.ObjectId;
}
interface AttemptDoc extends Omit<DeliveryAttempt, 'id'> {
  _id: Types.ObjectId;
}

const deliverySchema = new Schema<DeliveryDoc>(
  {
    siteId: { type: String, required: true },
    event: { type: String, required: true },
    submissionId: { type: String, required: true },
    body: { type: String, required: true },
    status: { type: String, required: true },
    attempts: { type: Number, required: true, default: 0 },
    nextAttemptAt: { type: Date, default: null },
    lastStatusCode: { type: Number, default: null },
    lastError: { type: String, default: null },
    deliveredAt: { type: Date, default: null },
  },
  {
    collection: 'webhook_deliveries',
    timestamps: true,
    versionKey: false,
    minimize: false,
    writeConcern: { w: 'majority' },
  },
);
deliverySchema.index({ status: 1, nextAttemptAt: 1 });
deliverySchema.index({ siteId: 1, createdAt: -1, _id: -1 });

const attemptSchema = new Schema<AttemptDoc>(
  {
    deliveryId: { type: String, required: true },
    siteId: { type: String, required: true },
    attempt: { type: Number, required: true },
    url: { type: String, default: null },
    statusCode: { type: Number, default: null },
    error: { type: String, default: null },
    durationMs: { type: Number, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'webhook_delivery_attempts', versionKey: false, minimize: false },
);
attemptSchema.index({ deliveryId: 1, attempt: 1 });

const toDelivery = (doc: DeliveryDoc): WebhookDelivery => ({
  id: doc._id.toHexString(),
  siteId: doc.siteId,
  event: doc.event,
  submissionId: doc.submissionId,
  body: doc.body,
  status: doc.status,
  attempts: doc.attempts,
  nextAttemptAt: doc.nextAttemptAt ?? null,
  lastStatusCode: doc.lastStatusCode ?? null,
  lastError: doc.lastError ?? null,
  deliveredAt: doc.deliveredAt ?? null,
  createdAt: doc.createdAt,
  updatedAt: doc.updatedAt,
});

const toAttempt = (doc: AttemptDoc): DeliveryAttempt => ({
  id: doc._id.toHexString(),
  deliveryId: doc.deliveryId,
  siteId: doc.siteId,
  attempt: doc.attempt,
  url: doc.url ?? null,
  statusCode: doc.statusCode ?? null,
  error: doc.error ?? null,
  durationMs: doc.durationMs,
  at: doc.at,
});

/** Persisted webhook deliveries and their attempts: a restart resumes where the last process stopped. */
export class WebhookDeliveryRepository {
  readonly model;
  readonly attemptModel;

  constructor(connection: Connection) {
    this.model = connection.model<DeliveryDoc>('WebhookDelivery', deliverySchema);
    this.attemptModel = connection.model<AttemptDoc>('WebhookDeliveryAttempt', attemptSchema);
  }

  /** Queues a delivery under a chosen id; queuing the same id twice keeps the first (safe to retry). */
  async enqueue(
    delivery: {
      id: string;
      siteId: string;
      event: string;
      submissionId: string;
      body: string;
    },
    d?: Deadline | null,
  ): Promise<void> {
    try {
      await within(this.model, d).create({
        ...delivery,
        _id: new Types.ObjectId(delivery.id),
        status: 'pending',
        attempts: 0,
        nextAttemptAt: new Date(),
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }

  /** Takes one due delivery for `leaseMs`, so no other worker sends it meanwhile. */
  async leaseDue(now: Date, leaseMs: number, d?: Deadline | null): Promise<WebhookDelivery | null> {
    const doc = await within(this.model, d)
      .findOneAndUpdate(
        { status: 'pending', nextAttemptAt: { $lte: now } },
        { $set: { nextAttemptAt: new Date(now.getTime() + leaseMs) } },
        { sort: { nextAttemptAt: 1 }, returnDocument: 'after', timestamps: false },
      )
      .lean<DeliveryDoc>();
    return doc ? toDelivery(doc) : null;
  }

  /** Records an attempt and its outcome on the delivery. */
  async recordAttempt(
    delivery: WebhookDelivery,
    attempt: Omit<DeliveryAttempt, 'id' | 'deliveryId' | 'siteId' | 'attempt'>,
    outcome: { status: DeliveryStatus; nextAttemptAt: Date | null },
    d?: Deadline | null,
  ): Promise<void> {
    const number = delivery.attempts + 1;
    await within(this.attemptModel, d).create({
      ...attempt,
      deliveryId: delivery.id,
      siteId: delivery.siteId,
      attempt: number,
    });
    await within(this.model, d).updateOne(
      { _id: new Types.ObjectId(delivery.id), attempts: delivery.attempts },
      {
        $set: {
          status: outcome.status,
          attempts: number,
          nextAttemptAt: outcome.nextAttemptAt,
          lastStatusCode: attempt.statusCode,
          lastError: attempt.error,
          deliveredAt: outcome.status === 'delivered' ? attempt.at : null,
          updatedAt: new Date(),
        },
      },
      { timestamps: false },
    );
  }

  /** Puts a failed delivery back in the queue (an admin's retry). */
  async requeue(siteId: string, id: string, d?: Deadline | null): Promise<WebhookDelivery | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const doc = await within(this.model, d)
      .findOneAndUpdate(
        { _id: new Types.ObjectId(id), siteId, status: 'failed' },
        { $set: { status: 'pending', nextAttemptAt: new Date() } },
        { returnDocument: 'after' },
      )
      .lean<DeliveryDoc>();
    return doc ? toDelivery(doc) : null;
  }

  async findById(id: string, d?: Deadline | null): Promise<WebhookDelivery | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const doc = await within(this.model, d).findById(new Types.ObjectId(id)).lean<DeliveryDoc>();
    return doc ? toDelivery(doc) : null;
  }

  /** A site's deliveries, newest first, with every attempt of each. */
  async listForSite(
    siteId: string,
    options: { limit: number; after?: Position },
    d?: Deadline | null,
  ): Promise<{ deliveries: WebhookDelivery[]; attempts: Map<string, DeliveryAttempt[]> }> {
    const docs = await within(this.model, d)
      .find({ siteId, ...keysetAfter('createdAt', options.after, -1) })
      .sort({ createdAt: -1, _id: -1 })
      .limit(options.limit + 1)
      .lean<DeliveryDoc[]>();
    const deliveries = docs.map(toDelivery);
    const attempts = new Map<string, DeliveryAttempt[]>();
    if (deliveries.length > 0) {
      const rows = await within(this.attemptModel, d)
        .find({ deliveryId: { $in: deliveries.map((d) => d.id) } })
        .sort({ attempt: 1 })
        .lean<AttemptDoc[]>();
      for (const row of rows) {
        const list = attempts.get(row.deliveryId) ?? [];
        list.push(toAttempt(row));
        attempts.set(row.deliveryId, list);
      }
    }
    return { deliveries, attempts };
  }
}

export const SIGNATURE_HEADER = 'X-Ordskifte-Signature';

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the timestamp is
 * signed with the body, so a receiver can refuse replays of old deliveries.
 */
export function signWebhook(secret: string, body: string, timestamp: number): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

export interface WebhookWorkerOptions {
  /** How often the worker looks for due deliveries while it finds some. */
  pollMs?: number;
  /** The longest wait between looks when it finds none (the back-off's cap; OUTBOX_IDLE_MAX_MS). */
  idleMaxMs?: number;
  /** First retry delay; each later one is four times longer, up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxAttempts?: number;
  timeoutMs?: number;
}

/** The retry delay after `attempts` failed attempts: 1 s, 4 s, 16 s, … capped at an hour, ±10 % jitter. */
export function retryDelay(attempts: number, base: number, max: number, random = Math.random): number {
  const raw = Math.min(max, base * 4 ** Math.max(0, attempts - 1));
  return Math.round(raw * (0.9 + random() * 0.2));
}

/**
 * A small in-process worker that sends due deliveries. Every state lives in
 * `webhook_deliveries`, so a restart (or another instance) picks up whatever
 * is due; a lease keeps two instances from sending the same one at once.
 */
export class WebhookWorker {
  readonly #options: Required<WebhookWorkerOptions>;
  readonly #poller: Poller;
  #stopped = false;
  /** Aborts an in-flight request on close; the attempt is recorded and retried by the next start. */
  #shutdown = new AbortController();

  constructor(
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly sites: SiteRepository,
    private readonly logger: Logger,
    options: WebhookWorkerOptions = {},
  ) {
    this.#options = {
      pollMs: options.pollMs ?? 500,
      idleMaxMs: options.idleMaxMs ?? 5000,
      baseDelayMs: options.baseDelayMs ?? 1000,
      maxDelayMs: options.maxDelayMs ?? 3600_000,
      maxAttempts: options.maxAttempts ?? 10,
      timeoutMs: options.timeoutMs ?? 10_000,
    };
    this.#poller = new Poller(
      () => this.#runDue(),
      { intervalMs: this.#options.pollMs, idleMaxMs: this.#options.idleMaxMs },
      (err) => this.logger.warn({ err }, 'webhook worker run failed'),
    );
  }

  start(): void {
    this.#stopped = false;
    if (this.#shutdown.signal.aborted) this.#shutdown = new AbortController();
    this.#poller.start();
  }

  /** Something was queued (or put back) here: look at once, instead of after the idle back-off. */
  poke(): void {
    this.#poller.wake();
  }

  async close(): Promise<void> {
    this.#stopped = true;
    this.#shutdown.abort();
    await this.#poller.stop();
  }

  /** Sends every delivery that is due now (up to 100 a run). */
  async #runDue(d?: Deadline | null): Promise<PollRun> {
    const leaseMs = this.#options.timeoutMs + 5000;
    return drainDue(
      () => this.deliveries.leaseDue(new Date(), leaseMs, d),
      (delivery) => this.#attempt(delivery, d),
      () => !this.#stopped,
      100,
    );
  }

  /** One attempt, recorded; when it is to be retried, the time (epoch ms), else null. */
  async #attempt(delivery: WebhookDelivery, d?: Deadline | null): Promise<number | null> {
    const site = await this.sites.findById(delivery.siteId, { fresh: true }, d);
    const url = site?.policy.webhookUrl ?? null;
    const secret = site?.policy.webhookSecret ?? null;
    const started = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    if (!url || !secret) {
      error = !url ? 'the site has no webhook URL' : 'the site has no webhook secret';
    } else {
      try {
        const timestamp = Math.floor(Date.now() / 1000);
        const timeout = AbortSignal.timeout(this.#options.timeoutMs);
        statusCode = await postToWebhook(url, {
          signal: AbortSignal.any([timeout, this.#shutdown.signal]),
          allowPrivate: site?.policy.webhookAllowPrivateTargets === true,
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Ordskifte-Webhook/1',
            [SIGNATURE_HEADER]: signWebhook(secret, delivery.body, timestamp),
            'X-Ordskifte-Event': delivery.event,
            'X-Ordskifte-Delivery': delivery.id,
          },
          body: delivery.body,
        });
        if (statusCode < 200 || statusCode >= 300) error = `receiver answered ${statusCode}`;
      } catch (err) {
        error = this.#shutdown.signal.aborted
          ? 'stopped by a shutdown'
          : (err as Error).name === 'AbortError'
            ? 'timed out'
            : `request failed: ${(err as Error).message}`;
      }
    }
    const attemptsAfter = delivery.attempts + 1;
    const delivered = error === null;
    const giveUp = !delivered && attemptsAfter >= this.#options.maxAttempts;
    const nextAttemptAt =
      delivered || giveUp
        ? null
        : new Date(
            Date.now() + retryDelay(attemptsAfter, this.#options.baseDelayMs, this.#options.maxDelayMs),
          );
    await this.deliveries.recordAttempt(
      delivery,
      { url, statusCode, error, durationMs: Date.now() - started, at: new Date() },
      { status: delivered ? 'delivered' : giveUp ? 'failed' : 'pending', nextAttemptAt },
      d,
    );
    if (!delivered)
      this.logger.info(
        { deliveryId: delivery.id, siteId: delivery.siteId, attempt: attemptsAfter, error },
        giveUp ? 'webhook delivery failed for good' : 'webhook delivery failed; will retry',
      );
    return nextAttemptAt?.getTime() ?? null;
  }
}

export const deliveryView = (d: WebhookDelivery, attempts: DeliveryAttempt[]) => ({
  id: d.id,
  siteId: d.siteId,
  event: d.event,
  submissionId: d.submissionId,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.nextAttemptAt ? d.nextAttemptAt.toISOString() : null,
  lastStatusCode: d.lastStatusCode,
  lastError: d.lastError,
  deliveredAt: d.deliveredAt ? d.deliveredAt.toISOString() : null,
  createdAt: d.createdAt.toISOString(),
  history: attempts.map((a) => ({
    attempt: a.attempt,
    at: a.at.toISOString(),
    url: a.url,
    statusCode: a.statusCode,
    error: a.error,
    durationMs: a.durationMs,
  })),
});
