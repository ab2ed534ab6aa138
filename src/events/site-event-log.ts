import { type Connection, type mongo, Schema } from 'mongoose';
import { isDuplicateKey } from '../platform/db/database.js';

/** How often and how long `since` waits for a seq that is allocated but not yet stored. */
const HOLE_RETRIES = 10;
const HOLE_WAIT_MS = 100;
/** Older than this, an event's predecessors have long been stored or never will be. */
const SETTLED_MS = 10_000;

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
 * Every change to a site's moderation queue, in order: a per-site monotonic
 * `seq` (from a counter document incremented atomically) and the event as
 * sent. Clients that reconnect ask for everything after the last seq they saw.
 * Old events are removed by a TTL index.
 */
export class SiteEventLog {
  readonly model;
  readonly counters;

  constructor(connection: Connection, retentionDays: number) {
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
    this.model = connection.model<SiteEvent>('SiteEvent', eventSchema);
    this.counters = connection.model<CounterDoc>(
      'Counter',
      new Schema<CounterDoc>({ _id: String, seq: Number }, { collection: 'counters', versionKey: false }),
    );
  }

  async append(siteId: string, stream: EventStream, type: string, payload: unknown): Promise<SiteEvent> {
    const seq = await this.allocate(siteId, stream);
    return this.store({ siteId, stream, seq, type, payload, createdAt: new Date() });
  }

  /**
   * The next `count` seqs of the stream (atomic `$inc` on a counter document, so unique across
   * instances); answers the last of them.
   */
  async allocate(siteId: string, stream: EventStream, count = 1): Promise<number> {
    // The driver's call (nothing to cast): the cost of a mongoose query showed in the POST profile.
    const counters = this.counters.collection as unknown as mongo.Collection<CounterDoc>;
    const counter = await counters.findOneAndUpdate(
      { _id: `site-events:${siteId}:${stream}` },
      { $inc: { seq: count } },
      { upsert: true, returnDocument: 'after' },
    );
    if (!counter) throw new Error('event counter upsert returned nothing');
    return counter.seq;
  }

  /** Stores an event under a seq from `allocate`; storing the same seq twice keeps the first. */
  async store(event: SiteEvent): Promise<SiteEvent> {
    try {
      await this.model.collection.insertOne({ ...event });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    return event;
  }

  /** Stores events under seqs from one `allocate`, in one insert; a seq stored already keeps the first. */
  async storeAll(events: SiteEvent[]): Promise<void> {
    if (events.length === 1) {
      await this.store(events[0] as SiteEvent);
      return;
    }
    try {
      await this.model.collection.insertMany(
        events.map((event) => ({ ...event })),
        { ordered: true },
      );
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // One of them was there: each on its own, so every other one is stored.
      for (const event of events) await this.store(event);
    }
  }

  async lastSeq(siteId: string, stream: EventStream): Promise<number> {
    const counter = await this.counters.findById(`site-events:${siteId}:${stream}`).lean<CounterDoc>();
    return counter?.seq ?? 0;
  }

  /**
   * Events after `seq`, oldest first, or null when the log no longer reaches
   * back that far (the client must refetch). A seq that was allocated but is
   * not stored yet (a concurrent writer, maybe on another instance) is waited
   * for briefly; a hole that stays is treated like an expired log.
   */
  async since(siteId: string, stream: EventStream, seq: number, max: number): Promise<SiteEvent[] | null> {
    for (let attempt = 0; ; attempt++) {
      // The counter first: seqs allocated after it are not waited for (they arrive live).
      const last = await this.lastSeq(siteId, stream);
      const events = await this.model
        .find({ siteId, stream, seq: { $gt: seq } })
        .sort({ seq: 1 })
        .limit(max + 1)
        .lean<SiteEvent[]>();
      // Ahead of the log (it was reset, e.g. an in-memory database restarted): the client must refetch.
      if (seq > last || events.length > max || last - seq > max) return null;
      const holeAt = events.findIndex((event, i) => event.seq !== seq + 1 + i);
      const contiguous = holeAt === -1;
      const complete = contiguous && (events.at(-1)?.seq ?? seq) >= last;
      if (complete) return events;
      // A hole behind an event stored long ago will not fill (pruned, or its store failed).
      const afterHole = events[holeAt];
      if (afterHole && Date.now() - new Date(afterHole.createdAt).getTime() > SETTLED_MS) return null;
      if (attempt >= HOLE_RETRIES) return contiguous && events.length > 0 ? events : null;
      await new Promise((ok) => setTimeout(ok, HOLE_WAIT_MS));
    }
  }

  /** Deletes a stream's events up to and including `seq` (what the TTL index does by age). */
  async prune(siteId: string, stream: EventStream, throughSeq: number): Promise<number> {
    const result = await this.model.deleteMany({ siteId, stream, seq: { $lte: throughSeq } });
    return result.deletedCount;
  }
}
