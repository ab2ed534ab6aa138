import { type Deadline, within } from '../platform/http/request-deadline.js';
import { type Connection, type mongo, Schema, Types } from 'mongoose';
import { isDuplicateKey } from '../platform/db/database.js';

/**
 * The counter document is a high-water mark, written when a claim passes a multiple of this:
 * it outlives the events (TTL), so a stream whose events have all expired does not start
 * again at 1. A stream that starts again from it skips two steps (seqs a crash may have used).
 */
const COUNTER_STEP = 100;
/** A batch that keeps losing its seqs to other instances gives up (and its posts' events are not logged). */
const CLAIM_ATTEMPTS = 20;
/** After losing a claim to another instance, read the head before each claim for this long. */
const CONTENDED_MS = 10_000;
/**
 * How long this instance trusts its own last claim as the stream's head. The events other
 * instances stored after that claim are younger than it, so none of them can have expired
 * (retention is at least a day) while it is trusted; trusted for longer, a claim after an
 * expired stretch would land below the head, where no client ever looks.
 */
const HEAD_TRUST_MS = 60 * 60 * 1000;

/** Comments and submissions are separate streams: moderators see one, editors the other. */
export type EventStream = 'comments' | 'submissions';

export interface SiteEvent {
  siteId: string;
  stream: EventStream;
  seq: number;
  type: string;
  payload: unknown;
  createdAt: Date;
}

interface CounterDoc {
  _id: string;
  seq: number;
}

/**
 * Events of one stream logged while the claim before them was in flight (or while the batch
 * lingered): one insert for all. An entry answered null was a comment's `comment.created`
 * already logged under another seq (by another instance's sweep): not logged twice.
 */
interface Batch {
  entries: { type: string; payload: unknown }[];
  stored: Promise<(SiteEvent | null)[]>;
  /** Ends the batch's linger now (an event that may not wait joined it, or the log is flushed). */
  release: () => void;
}

export interface AppendOptions {
  /**
   * How long the event may wait for others of its stream before its insert is sent (one insert
   * for all of them): for events logged after their request was answered, so that lone
   * sequential posts share inserts. An event logged without it ends the wait of the batch it joins.
   */
  lingerMs?: number;
}

/** The event of a comment's creation: one per comment, by a unique partial index on the comment's id. */
const CREATED = 'comment.created';

interface Lane {
  tail: Promise<unknown>;
  open: Batch | null;
  users: number;
}

const noop = () => undefined;

/**
 * Every change to a site's moderation queue, in order: a per-site monotonic,
 * gap-free `seq` and the event as sent. Clients that reconnect ask for
 * everything after the last seq they saw. Old events are removed by a TTL index.
 *
 * A seq is claimed by inserting the event under it: the unique index on
 * (site, stream, seq) lets exactly one event have it, across instances. An
 * instance numbers from the last seq it knows is stored (its own last claim,
 * or the stream's highest stored seq, read when it does not know or lately
 * lost a claim), so a lone event costs one insert; one that meets another
 * instance's event under its seq reads the head and numbers again. Because an
 * event is only numbered after one whose seq is stored, the stored seqs never
 * have a hole except where old events were deleted.
 */
export class SiteEventLog {
  readonly model;
  readonly counters;
  /** The last seq this instance knows is stored, per stream, and when (unset or stale: read it). */
  readonly #heads = new Map<string, { seq: number; at: number }>();
  /** When this instance last lost a claim on a stream to another instance. */
  readonly #contended = new Map<string, number>();
  readonly #lanes = new Map<string, Lane>();

  /** `now`: the clock the head's trust is measured by (tests move it). */
  constructor(
    connection: Connection,
    retentionDays: number,
    private readonly now: () => number = Date.now,
  ) {
    const eventSchema = new Schema<SiteEvent>(
      {
        siteId: { type: String, required: true },
        stream: { type: String, required: true },
        seq: { type: Number, required: true },
        type: { type: String, required: true },
        payload: { type: Schema.Types.Mixed },
        createdAt: { type: Date, required: true },
      },
      { collection: 'site_events', versionKey: false, minimize: false },
    );
    eventSchema.index({ siteId: 1, stream: 1, seq: 1 }, { unique: true });
    eventSchema.index({ createdAt: 1 }, { expireAfterSeconds: retentionDays * 24 * 3600 });
    // One `comment.created` per comment, across instances: the answer and the sweep that logs
    // the events a crash lost after the answer (CommentService.logMissedCreatedEvents) may
    // both try. Partial: other events, and created events without a comment id, are not in it.
    eventSchema.index(
      { type: 1, 'payload.id': 1 },
      { unique: true, partialFilterExpression: { type: CREATED, 'payload.id': { $type: 'string' } } },
    );
    this.model = connection.model<SiteEvent>('SiteEvent', eventSchema);
    this.counters = connection.model<CounterDoc>(
      'Counter',
      new Schema<CounterDoc>({ _id: String, seq: Number }, { collection: 'counters', versionKey: false }),
    );
  }

  /**
   * Logs an event under the stream's next seq, stored before this resolves. Within this
   * process a stream's events are claimed one batch after the other, in the order they were
   * logged; those logged while a claim is in flight wait for it and then go together in one
   * insert (group commit): under load a post pays for a share of one command.
   */
  append(
    siteId: string,
    stream: EventStream,
    type: string,
    payload: unknown,
    options: AppendOptions = {},
  ): Promise<SiteEvent | null> {
    const key = `${siteId}:${stream}`;
    let lane = this.#lanes.get(key);
    if (!lane) {
      lane = { tail: Promise.resolve(), open: null, users: 0 };
      this.#lanes.set(key, lane);
    }
    const open = lane;
    open.users++;
    const lingerMs = options.lingerMs ?? 0;
    const batch = open.open ?? this.#openBatch(open, siteId, stream, lingerMs);
    if (lingerMs <= 0) batch.release();
    const index = batch.entries.push({ type, payload }) - 1;
    return batch.stored
      .then((events) => events[index] ?? null)
      .finally(() => {
        if (--open.users === 0 && this.#lanes.get(key) === open) this.#lanes.delete(key);
      });
  }

  #openBatch(lane: Lane, siteId: string, stream: EventStream, lingerMs: number): Batch {
    const entries: Batch['entries'] = [];
    let release = noop;
    const lingered =
      lingerMs > 0
        ? new Promise<void>((ok) => {
            const timer = setTimeout(ok, lingerMs);
            timer.unref?.();
            release = () => {
              clearTimeout(timer);
              ok();
            };
          })
        : undefined;
    const stored = Promise.all([lane.tail, lingered]).then(() => {
      lane.open = null;
      return this.#claim(siteId, stream, entries);
    });
    lane.tail = stored.then(noop, noop);
    const batch = { entries, stored, release: () => release() };
    lane.open = batch;
    return batch;
  }

  /** Sends every lingering batch now and waits until every batch of this instance is stored (or failed). */
  async flush(): Promise<void> {
    const tails = [...this.#lanes.values()].map((lane) => {
      lane.open?.release();
      return lane.tail;
    });
    await Promise.all(tails);
  }

  /** Stores the entries under the stream's next seqs, in order; answers them as stored. */
  async #claim(
    siteId: string,
    stream: EventStream,
    entries: Batch['entries'],
  ): Promise<(SiteEvent | null)[]> {
    const key = `${siteId}:${stream}`;
    const collection = this.model.collection as unknown as mongo.Collection<
      SiteEvent & { _id: Types.ObjectId }
    >;
    const createdAt = new Date();
    const result: (SiteEvent | null)[] = [];
    // Each entry's own _id tells, after a conflict, which of them were stored.
    let pending = entries.map((entry, index) => ({ ...entry, index, _id: new Types.ObjectId() }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= CLAIM_ATTEMPTS) throw new Error(`no free seq for ${key} after ${attempt} claims`);
      const head = await this.#head(siteId, stream);
      const events = pending.map(({ _id, type, payload }, i) => ({
        _id,
        siteId,
        stream,
        seq: head + 1 + i,
        type,
        payload,
        createdAt,
      }));
      let landed: Set<string>;
      let dropped = new Set<string>();
      try {
        if (events.length === 1) await collection.insertOne(events[0]!);
        else await collection.insertMany(events, { ordered: true });
        landed = new Set(events.map((event) => String(event._id)));
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
        // Another instance stored an event under one of these seqs first: those before it are
        // stored (the insert is ordered), the rest are numbered again after the stream's head.
        landed = await this.#landed(events.map((event) => event._id));
        // Or the first event not stored is a comment's creation that is logged already (under
        // another seq, by the sweep of another instance): that one is dropped, not numbered again,
        // and its seq was not lost to anyone, so the head is still this instance's to trust.
        const logged = await this.#createdLogged(events.filter((event) => !landed.has(String(event._id))));
        const culprit = events.find((event) => !landed.has(String(event._id)));
        if (culprit && logged.has(String(culprit._id))) {
          const stored = events.filter((event) => landed.has(String(event._id)));
          this.#heads.set(key, { seq: head + stored.length, at: this.now() });
        } else {
          this.#contended.set(key, this.now());
          this.#heads.delete(key);
        }
        dropped = logged;
      }
      for (const [i, event] of events.entries()) {
        if (dropped.has(String(event._id))) result[pending[i]!.index] = null;
        if (!landed.has(String(event._id))) continue;
        const { _id, ...stored } = event;
        result[pending[i]!.index] = stored;
      }
      pending = pending.filter(({ _id }) => !landed.has(String(_id)) && !dropped.has(String(_id)));
      if (pending.length === 0) await this.#advance(key, head, head + landed.size);
    }
    return result;
  }

  /** Which of these events are stored. */
  async #landed(ids: Types.ObjectId[]): Promise<Set<string>> {
    const stored = await this.model.collection
      .find({ _id: { $in: ids } }, { projection: { _id: 1 } })
      .toArray();
    return new Set(stored.map((doc) => String(doc._id)));
  }

  /**
   * Which of these (unstored) events are a comment's creation already logged under another event:
   * one read, and only after a conflict that had such an event among those not stored.
   */
  async #createdLogged(
    events: { _id: Types.ObjectId; type: string; payload: unknown }[],
  ): Promise<Set<string>> {
    const byComment = new Map<string, string>();
    for (const event of events) {
      const id = event.type === CREATED ? (event.payload as { id?: unknown } | null)?.id : undefined;
      if (typeof id === 'string') byComment.set(id, String(event._id));
    }
    if (byComment.size === 0) return new Set();
    const found = await this.model.collection
      .find(
        { type: CREATED, 'payload.id': { $in: [...byComment.keys()] } },
        { projection: { _id: 0, 'payload.id': 1 } },
      )
      .toArray();
    return new Set(found.map((doc) => byComment.get(doc.payload.id as string) as string));
  }

  /** Of these comments, the ids of those whose `comment.created` is logged. */
  async createdEventsOf(commentIds: string[]): Promise<Set<string>> {
    if (commentIds.length === 0) return new Set();
    const found = await this.model.collection
      .find({ type: CREATED, 'payload.id': { $in: commentIds } }, { projection: { _id: 0, 'payload.id': 1 } })
      .toArray();
    return new Set(found.map((doc) => doc.payload.id as string));
  }

  /** The batch is stored up to `last`: the next claim follows it; the counter follows every step. */
  async #advance(key: string, head: number, last: number): Promise<void> {
    this.#heads.set(key, { seq: last, at: this.now() });
    if (Math.floor(last / COUNTER_STEP) === Math.floor(head / COUNTER_STEP)) return;
    const counters = this.counters.collection as unknown as mongo.Collection<CounterDoc>;
    try {
      // `$max` as a conditional write (jongodb has no `$max`): a higher mark already there is kept.
      await counters.updateOne(
        { _id: `site-events:${key}`, seq: { $lt: last } },
        { $set: { seq: last } },
        { upsert: true },
      );
    } catch {
      // A higher mark is there already (the upsert met the _id), or the write failed: the
      // events are stored either way, and the next step writes the mark again.
    }
  }

  /**
   * The seq the next claim follows: this instance's last claim, unless unknown, older than
   * HEAD_TRUST_MS or lately contended.
   */
  async #head(siteId: string, stream: EventStream): Promise<number> {
    const key = `${siteId}:${stream}`;
    const now = this.now();
    const known = this.#heads.get(key);
    const contended = this.#contended.get(key);
    if (contended !== undefined && now - contended > CONTENDED_MS) this.#contended.delete(key);
    else if (contended !== undefined) return this.lastSeq(siteId, stream);
    if (known && now - known.at <= HEAD_TRUST_MS) return known.seq;
    return this.lastSeq(siteId, stream);
  }

  /**
   * The stream's last seq: its highest stored event's, or, when every event has expired, the
   * counter's high-water mark and the two steps a crash may have used after it.
   */
  async lastSeq(siteId: string, stream: EventStream): Promise<number> {
    const [last] = await this.model.collection
      .find({ siteId, stream }, { projection: { _id: 0, seq: 1 } })
      .sort({ seq: -1 })
      .limit(1)
      .toArray();
    if (last) return last.seq as number;
    const counters = this.counters.collection as unknown as mongo.Collection<CounterDoc>;
    const counter = await counters.findOne({ _id: `site-events:${siteId}:${stream}` });
    return counter ? counter.seq + 2 * COUNTER_STEP : 0;
  }

  /**
   * Events after `seq`, oldest first, or null when the log no longer reaches
   * back that far (the client must refetch): a hole (expired or pruned events,
   * or the skip after an emptied stream) never fills, since a seq is only ever
   * claimed after the one before it is stored.
   */
  async since(
    siteId: string,
    stream: EventStream,
    seq: number,
    max: number,
    d?: Deadline | null,
  ): Promise<SiteEvent[] | null> {
    // The head first: events stored after it arrive live (the client drops repeats by seq).
    const last = await this.lastSeq(siteId, stream);
    // Ahead of the log (it was reset, e.g. an in-memory database restarted): the client must refetch.
    if (seq > last || last - seq > max) return null;
    const events = await within(this.model, d)
      .find({ siteId, stream, seq: { $gt: seq } })
      .sort({ seq: 1 })
      .limit(max + 1)
      .lean<SiteEvent[]>();
    if (events.length > max) return null;
    const contiguous = events.every((event, i) => event.seq === seq + 1 + i);
    const complete = contiguous && (events.at(-1)?.seq ?? seq) >= last;
    return complete ? events : null;
  }

  /** Deletes a stream's events up to and including `seq` (what the TTL index does by age). */
  async prune(siteId: string, stream: EventStream, throughSeq: number, d?: Deadline | null): Promise<number> {
    const result = await within(this.model, d).deleteMany({ siteId, stream, seq: { $lte: throughSeq } });
    return result.deletedCount;
  }
}
