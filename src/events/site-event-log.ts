import { type Connection, Schema } from 'mongoose';

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
    const counter = await this.counters
      .findOneAndUpdate(
        { _id: `site-events:${siteId}:${stream}` },
        { $inc: { seq: 1 } },
        { upsert: true, returnDocument: 'after' },
      )
      .lean<CounterDoc>();
    const event: SiteEvent = { siteId, stream, seq: counter!.seq, type, payload, createdAt: new Date() };
    await this.model.create(event);
    return event;
  }

  async lastSeq(siteId: string, stream: EventStream): Promise<number> {
    const counter = await this.counters.findById(`site-events:${siteId}:${stream}`).lean<CounterDoc>();
    return counter?.seq ?? 0;
  }

  /**
   * Events after `seq`, oldest first, or null when the log no longer reaches
   * back that far (the client must refetch).
   */
  async since(siteId: string, stream: EventStream, seq: number, max: number): Promise<SiteEvent[] | null> {
    const events = await this.model
      .find({ siteId, stream, seq: { $gt: seq } })
      .sort({ seq: 1 })
      .limit(max + 1)
      .lean<SiteEvent[]>();
    if (events.length > max) return null;
    const first = events[0];
    if (first && first.seq !== seq + 1) return null;
    if (!first && (await this.lastSeq(siteId, stream)) > seq) return null;
    return events;
  }
}
