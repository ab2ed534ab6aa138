import { type Deadline, within } from '../platform/http/request-deadline.js';
import { randomUUID } from 'node:crypto';
import { type Connection, Schema } from 'mongoose';
import { isDuplicateKey } from '../platform/db/database.js';
import type { Logger } from '../platform/logger.js';
import { drainDue, type PollRun, Poller } from '../platform/schedule.js';

/**
 * E-mail about a decision its moderator may still undo (the workbench's `u`,
 * within UNDO_WINDOW_MS) waits in the `mail_outbox` collection until the undo
 * window has passed, and goes only if the decision still stands. A writer or
 * notifier is never told about a rejection that was taken back seconds later.
 *
 * The entry is written in the request that applies the rejection, after the
 * decision is stored, and holds only references (statement, notice, comment):
 * the message is built when it is sent, from what the database says then. A
 * worker in every instance takes due entries one at a time with a lease, so a
 * crash or restart of the instance that took the rejection loses nothing:
 * another instance (or the same one, started again) sends it once its lease
 * has run out. Sending is at least once in one case only: an instance that
 * dies between the SMTP server accepting the message and marking it sent.
 */
export type OutboxKind = 'statement' | 'notice_decision';
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'dropped' | 'failed';

export interface OutboxRef {
  commentId: string;
  statementId?: string;
  noticeId?: string;
  /** The moderator action that decided the notice: an undo and a new reject make a different one. */
  actionId?: string;
}

export interface OutboxEntry {
  key: string;
  kind: OutboxKind;
  ref: OutboxRef;
  status: OutboxStatus;
  attempts: number;
  /** When the entry is next due; while it is being sent, when its lease runs out. */
  dueAt: Date;
  /** The worker holding the lease: only it may settle the entry. */
  owner: string | null;
}

interface OutboxDoc extends Omit<OutboxEntry, 'key'> {
  _id: string;
  createdAt: Date;
  doneAt: Date | null;
}

const schema = new Schema<OutboxDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    ref: {
      commentId: { type: String, required: true },
      statementId: { type: String },
      noticeId: { type: String },
      actionId: { type: String },
    },
    status: { type: String, required: true },
    attempts: { type: Number, required: true, default: 0 },
    dueAt: { type: Date, required: true },
    owner: { type: String, default: null },
    createdAt: { type: Date, required: true },
    doneAt: { type: Date, default: null },
  },
  { collection: 'mail_outbox', versionKey: false, minimize: false, writeConcern: { w: 'majority' } },
);
/** The worker's claim: due entries, pending or with a lapsed lease, oldest first. */
schema.index({ status: 1, dueAt: 1 });
/** Settled entries are kept a month (to see what was sent, dropped or failed), then removed. */
schema.index({ doneAt: 1 }, { expireAfterSeconds: 30 * 24 * 3600 });

const toEntry = (doc: OutboxDoc): OutboxEntry => ({
  key: doc._id,
  kind: doc.kind,
  ref: doc.ref,
  status: doc.status,
  attempts: doc.attempts,
  dueAt: doc.dueAt,
  owner: doc.owner ?? null,
});

export class MailOutbox {
  readonly model;
  /** Told of every entry this instance holds, with its due time (the worker here wakes then). */
  readonly #held = new Set<(dueAt: Date) => void>();

  constructor(
    connection: Connection,
    /** How long a held e-mail waits: longer than the undo window. */
    readonly delayMs: number,
  ) {
    this.model = connection.model<OutboxDoc>('MailOutbox', schema);
  }

  /** Holds an e-mail under `key` (names the decision); holding it again (a retried hook) keeps the first. */
  async hold(
    key: string,
    kind: OutboxKind,
    ref: OutboxRef,
    now = new Date(),
    d?: Deadline | null,
  ): Promise<void> {
    try {
      await within(this.model, d).create({
        _id: key,
        kind,
        ref,
        status: 'pending',
        attempts: 0,
        dueAt: new Date(now.getTime() + this.delayMs),
        owner: null,
        createdAt: now,
        doneAt: null,
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      return;
    }
    for (const listener of this.#held) listener(new Date(now.getTime() + this.delayMs));
  }

  /** Calls `listener` with the due time of every entry held through this outbox; returns the unsubscribe. */
  onHeld(listener: (dueAt: Date) => void): () => void {
    this.#held.add(listener);
    return () => this.#held.delete(listener);
  }

  /**
   * Takes one due entry for `leaseMs`: a pending one whose time has come, or
   * one whose sender's lease ran out (it died). One atomic update, so two
   * instances never take the same entry at once.
   */
  async claim(owner: string, now: Date, leaseMs: number, d?: Deadline | null): Promise<OutboxEntry | null> {
    const doc = await within(this.model, d)
      .findOneAndUpdate(
        { status: { $in: ['pending', 'sending'] }, dueAt: { $lte: now } },
        {
          $set: { status: 'sending', owner, dueAt: new Date(now.getTime() + leaseMs) },
          $inc: { attempts: 1 },
        },
        { sort: { dueAt: 1 }, returnDocument: 'after' },
      )
      .lean<OutboxDoc>();
    return doc ? toEntry(doc) : null;
  }

  /** Settles an entry its worker still holds; false if the lease was lost to another worker. */
  async settle(
    entry: OutboxEntry,
    outcome: { status: 'sent' | 'dropped' | 'failed' } | { status: 'pending'; dueAt: Date },
    now = new Date(),
    d?: Deadline | null,
  ): Promise<boolean> {
    const $set =
      outcome.status === 'pending'
        ? { status: 'pending', dueAt: outcome.dueAt, owner: null }
        : { status: outcome.status, owner: null, doneAt: now };
    const res = await within(this.model, d).updateOne(
      { _id: entry.key, status: 'sending', owner: entry.owner },
      { $set },
    );
    return res.modifiedCount === 1;
  }
}

/** What a handler did with an entry: sent it, dropped it (the decision was undone), or could not send it. */
export type OutboxOutcome = 'sent' | 'dropped' | 'not_sent';
export type OutboxHandler = (ref: OutboxRef) => Promise<OutboxOutcome>;

const MAX_ATTEMPTS = 5;

/**
 * Sends due outbox entries, in every instance. Polls the collection; the
 * lease (longer than the mailer's own retries take) keeps other instances off
 * an entry while it is sent, and hands it over when its sender died.
 */
export class MailOutboxWorker {
  readonly #owner = randomUUID();
  readonly #poller: Poller;
  #stopped = true;
  #unsubscribe: (() => void) | null = null;

  constructor(
    private readonly outbox: MailOutbox,
    private readonly handlers: Record<OutboxKind, OutboxHandler>,
    private readonly logger: Logger,
    private readonly options: {
      leaseMs?: number;
      retryMs?: number;
      /** How often it looks while it finds entries (default: a quarter of the hold, 100 ms to 1 s). */
      pollMs?: number;
      /** The longest wait between looks when it finds none (the back-off's cap; OUTBOX_IDLE_MAX_MS). */
      idleMaxMs?: number;
    } = {},
  ) {
    const pollMs = options.pollMs ?? Math.min(1000, Math.max(100, Math.floor(outbox.delayMs / 4)));
    this.#poller = new Poller(
      () => this.#runDue(),
      { intervalMs: pollMs, idleMaxMs: options.idleMaxMs ?? 5000 },
      (err) => this.logger.warn({ err }, 'mail outbox run failed'),
    );
  }

  start(): void {
    this.#stopped = false;
    // An entry held here is sent when it comes due, not after the idle back-off.
    this.#unsubscribe ??= this.outbox.onHeld((dueAt) => this.#poller.wake(dueAt.getTime()));
    this.#poller.start();
  }

  /** Stops taking entries and waits for the one being sent; the rest stay due for the next start. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    await this.#poller.stop();
  }

  /** Sends every entry due now. */
  async #runDue(d?: Deadline | null): Promise<PollRun> {
    const leaseMs = this.options.leaseMs ?? 5 * 60_000;
    return drainDue(
      () => this.outbox.claim(this.#owner, new Date(), leaseMs, d),
      (entry) => this.#deliver(entry, d),
      () => !this.#stopped,
    );
  }

  /** Sends (or drops) one entry and settles it; when it is put back for a retry, its due time (epoch ms). */
  async #deliver(entry: OutboxEntry, d?: Deadline | null): Promise<number | null> {
    let outcome: OutboxOutcome;
    try {
      outcome = await this.handlers[entry.kind](entry.ref);
    } catch (err) {
      this.logger.warn({ err, key: entry.key }, 'held e-mail not sent');
      outcome = 'not_sent';
    }
    if (outcome === 'dropped')
      this.logger.info({ key: entry.key }, 'e-mail not sent: the decision was undone');
    const retryMs = (this.options.retryMs ?? 60_000) * entry.attempts;
    const result =
      outcome !== 'not_sent'
        ? ({ status: outcome } as const)
        : entry.attempts >= MAX_ATTEMPTS
          ? ({ status: 'failed' } as const)
          : ({ status: 'pending', dueAt: new Date(Date.now() + retryMs) } as const);
    const settled = await this.outbox.settle(entry, result, undefined, d);
    if (!settled) this.logger.warn({ key: entry.key }, 'held e-mail: lease lost before it was settled');
    return settled && result.status === 'pending' ? result.dueAt.getTime() : null;
  }
}
