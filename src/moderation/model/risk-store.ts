import { type Deadline, within } from '../../platform/http/request-deadline.js';
/**
 * Where the per-site risk models live, shared by every instance of the
 * service: an append-only log of decisions per site and a snapshot of the
 * model. No instance ever writes the model blob it read back over another's
 * (last writer wins would lose decisions); instead:
 *
 * - each decision is one insert into `risk_model_events` under the next `seq`
 *   of its site (an atomic `$inc` on `risk_model_counters`), unique per
 *   (siteId, seq) and per (siteId, decisionId), so a retried decision is one event;
 * - every instance applies the events in `seq` order to its own copy of the
 *   model: the same events in the same order give the same weights everywhere;
 * - a `seq` allocated by a writer that died before inserting leaves a gap; once
 *   later events are older than GAP_TIMEOUT_MS, a reader fills the gap with a
 *   tombstone (an insert, so the late writer's insert fails on the unique index and
 *   it takes a new seq: the gap is either the event or a tombstone, never both);
 * - a snapshot (sparse z and n, the decisions count, the recent held-out scores
 *   of decisions on comments the rules approved, `windowVersion`) is written with a conditional update that only ever moves its version forward,
 *   so a new instance starts from it and replays only the events after it.
 *
 * Events hold hashed feature indices, never the comment's text. When the
 * features change (FEATURE_VERSION), the decisions of the older version are
 * learnt again from the comments they were made on: each becomes a new event
 * of the current version (decisionId `v<version>:<first decisionId>`, so a retry
 * or a second instance adds it once), and the old event is marked `upgradedTo`.
 */
import { type Connection, Schema } from 'mongoose';
import type { RulesVerdict } from './threshold.js';

export type { RulesVerdict };

const verdictOf = (v: unknown): RulesVerdict | null =>
  v === 'approve' || v === 'hold' || v === 'reject' ? v : null;

export interface RiskEvent {
  siteId: string;
  seq: number;
  tombstone: boolean;
  decisionId: string | null;
  commentId: string | null;
  label: 0 | 1;
  importance: number;
  source: 'moderator' | 'appeal';
  /** The rules' verdict on the comment decided (null: not known). */
  rules: RulesVerdict | null;
  featureVersion: number;
  features: Int32Array;
  at: Date;
}

export interface RiskSnapshot {
  siteId: string;
  version: number;
  featureVersion: number;
  decisions: number;
  indices: Int32Array;
  z: Float64Array;
  n: Float64Array;
  /**
   * Held-out scores (each before the model learnt the decision) of the most
   * recent decisions on comments the rules approved: the gate's window.
   */
  recent: { score: number; label: 0 | 1 }[];
  /**
   * What `recent` holds: 2, decisions on comments the rules approved only
   * (RiskModels' WINDOW_VERSION); 1 (a snapshot stored before the field), every
   * decision, verdict unknown: such a window is not used, the next decisions refill it.
   */
  windowVersion: number;
  /**
   * The shipped base model the weights were learnt on top of (its id; base-model.ts), null
   * for none (and for a snapshot stored before the field): a snapshot of another base is not
   * used, the site's events are learnt again on the base the instance has.
   */
  baseModel: string | null;
}

interface EventDoc extends Omit<RiskEvent, 'features'> {
  features: Buffer | null;
  upgradedTo?: number | null;
}

/** A decision stored under an older feature version, still to be learnt again. */
export type StaleDecision = Pick<
  RiskEvent,
  'seq' | 'decisionId' | 'commentId' | 'label' | 'importance' | 'source' | 'rules' | 'featureVersion'
>;

/** The decision an event document records, with the defaults of older documents filled in. */
const decisionOf = (d: EventDoc): StaleDecision => ({
  seq: d.seq,
  decisionId: d.decisionId ?? null,
  commentId: d.commentId ?? null,
  label: d.label === 1 ? 1 : 0,
  importance: d.importance ?? 1,
  source: d.source,
  rules: verdictOf(d.rules),
  featureVersion: d.featureVersion ?? 0,
});

interface SnapshotDoc {
  _id: string;
  version: number;
  featureVersion: number;
  decisions: number;
  indices: Buffer;
  z: Buffer;
  n: Buffer;
  recent: { score: number; label: 0 | 1 }[];
  windowVersion?: number;
  baseModel?: string | null;
  updatedAt: Date;
}

const eventSchema = new Schema<EventDoc>(
  {
    siteId: { type: String, required: true },
    seq: { type: Number, required: true },
    tombstone: { type: Boolean, default: false },
    decisionId: { type: String, default: null },
    commentId: { type: String, default: null },
    label: { type: Number, default: 0 },
    importance: { type: Number, default: 1 },
    source: { type: String, default: 'moderator' },
    rules: { type: String, default: null },
    featureVersion: { type: Number, default: 0 },
    features: { type: Buffer, default: null },
    at: { type: Date, required: true },
    /** The feature version this decision was learnt again under (see the top of the file). */
    upgradedTo: { type: Number, default: null },
  },
  { collection: 'risk_model_events', versionKey: false, writeConcern: { w: 'majority' } },
);
eventSchema.index({ siteId: 1, seq: 1 }, { unique: true });
eventSchema.index(
  { siteId: 1, decisionId: 1 },
  { unique: true, partialFilterExpression: { decisionId: { $type: 'string' } } },
);
// staleDecisions: a site's events never learnt again (upgradedTo null), in seq order, read
// whenever an instance loads the site; after the upgrade the index finds none at once.
eventSchema.index({ siteId: 1, upgradedTo: 1, seq: 1 });

const counterSchema = new Schema<{ _id: string; seq: number }>(
  { _id: { type: String, required: true }, seq: { type: Number, required: true } },
  { collection: 'risk_model_counters', versionKey: false },
);

const snapshotSchema = new Schema<SnapshotDoc>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    featureVersion: { type: Number, required: true },
    decisions: { type: Number, required: true },
    indices: { type: Buffer, required: true },
    z: { type: Buffer, required: true },
    n: { type: Buffer, required: true },
    recent: { type: Schema.Types.Mixed, default: [] },
    windowVersion: { type: Number },
    baseModel: { type: String, default: null },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'risk_model_snapshots', versionKey: false },
);

const toBuffer = (a: Int32Array | Float64Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
const int32 = (b: Buffer | { buffer: Buffer }): Int32Array => {
  const buf = Buffer.isBuffer(b) ? b : Buffer.from(b.buffer);
  return new Int32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
};
const float64 = (b: Buffer | { buffer: Buffer }): Float64Array => {
  const buf = Buffer.isBuffer(b) ? b : Buffer.from(b.buffer);
  return new Float64Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
};

const isDuplicate = (
  err: unknown,
): err is { code: number; keyPattern?: Record<string, unknown>; message?: string } =>
  (err as { code?: number }).code === 11000;

export type NewRiskEvent = Omit<RiskEvent, 'seq' | 'tombstone' | 'at'>;

/** What RiskModels reads and writes: the store's methods (bench:quality replays a set through an in-memory one). */
export type RiskLog = Pick<
  RiskStore,
  | 'append'
  | 'eventsAfter'
  | 'staleDecisions'
  | 'hasDecision'
  | 'markUpgraded'
  | 'tombstone'
  | 'loadSnapshot'
  | 'saveSnapshot'
>;

export class RiskStore {
  readonly events;
  readonly counters;
  readonly snapshots;

  constructor(connection: Connection) {
    this.events = connection.model<EventDoc>('RiskModelEvent', eventSchema);
    this.counters = connection.model('RiskModelCounter', counterSchema);
    this.snapshots = connection.model<SnapshotDoc>('RiskModelSnapshot', snapshotSchema);
  }

  /**
   * Appends a decision under the site's next seq. Returns its seq, or null when
   * this decision (same decisionId) was recorded before.
   */
  async append(event: NewRiskEvent, now = new Date(), d?: Deadline | null): Promise<number | null> {
    for (let attempt = 0; attempt < 8; attempt++) {
      const counter = await within(this.counters, d)
        .findOneAndUpdate(
          { _id: event.siteId },
          { $inc: { seq: 1 } },
          { upsert: true, returnDocument: 'after' },
        )
        .lean<{ seq: number }>();
      const seq = counter!.seq;
      try {
        await within(this.events, d).create({
          ...event,
          features: toBuffer(event.features),
          seq,
          tombstone: false,
          at: now,
        });
        return seq;
      } catch (err) {
        if (!isDuplicate(err)) throw err;
        // Recorded before (a retried decision), or a reader tombstoned this seq: take another.
        if (
          event.decisionId !== null &&
          (await within(this.events, d).exists({ siteId: event.siteId, decisionId: event.decisionId }))
        )
          return null;
      }
    }
    throw new Error(`risk model: no free seq for site ${event.siteId} after 8 attempts`);
  }

  /** Events after `afterSeq`, in seq order. */
  async eventsAfter(
    siteId: string,
    afterSeq: number,
    limit = 500,
    d?: Deadline | null,
  ): Promise<RiskEvent[]> {
    const docs = await within(this.events, d)
      .find({ siteId, seq: { $gt: afterSeq } })
      .sort({ seq: 1 })
      .limit(limit)
      .lean<(EventDoc & { features: Buffer | { buffer: Buffer } | null })[]>();
    return docs.map((d) => ({
      ...decisionOf(d),
      siteId: d.siteId,
      tombstone: d.tombstone ?? false,
      features: d.features ? int32(d.features) : new Int32Array(0),
      at: d.at,
    }));
  }

  /**
   * Decisions of a feature version older than `featureVersion` that were never
   * learnt again, in seq order (at most `limit`). An event marked `upgradedTo` an
   * earlier version is not one: its decision lives on in the event that upgrade
   * appended (found here itself when that is old too), so it is learnt once.
   */
  async staleDecisions(
    siteId: string,
    featureVersion: number,
    limit = 500,
    d?: Deadline | null,
  ): Promise<StaleDecision[]> {
    const docs = await within(this.events, d)
      .find({
        siteId,
        tombstone: { $ne: true },
        featureVersion: { $lt: featureVersion },
        upgradedTo: null,
      })
      .select({ features: 0 })
      .sort({ seq: 1 })
      .limit(limit)
      .lean<EventDoc[]>();
    return docs.map(decisionOf);
  }

  /** Whether the site has an event for `decisionId`. */
  async hasDecision(siteId: string, decisionId: string, d?: Deadline | null): Promise<boolean> {
    return (await within(this.events, d).exists({ siteId, decisionId })) !== null;
  }

  /** Marks old decisions as learnt again under `featureVersion` (or as impossible to: comment gone). */
  async markUpgraded(
    siteId: string,
    seqs: number[],
    featureVersion: number,
    d?: Deadline | null,
  ): Promise<void> {
    if (seqs.length === 0) return;
    await within(this.events, d).updateMany(
      { siteId, seq: { $in: seqs } },
      { $set: { upgradedTo: featureVersion } },
    );
  }

  /** Marks `seq` as never to be written (a writer died after taking it). False when the event arrived first. */
  async tombstone(siteId: string, seq: number, now = new Date(), d?: Deadline | null): Promise<boolean> {
    try {
      await within(this.events, d).create({ siteId, seq, tombstone: true, at: now, features: null });
      return true;
    } catch (err) {
      if (isDuplicate(err)) return false;
      throw err;
    }
  }

  async loadSnapshot(siteId: string, d?: Deadline | null): Promise<RiskSnapshot | null> {
    const doc = await within(this.snapshots, d).findById(siteId).lean<SnapshotDoc & Record<string, never>>();
    if (!doc) return null;
    return {
      siteId,
      version: doc.version,
      featureVersion: doc.featureVersion,
      decisions: doc.decisions,
      indices: int32(doc.indices),
      z: float64(doc.z),
      n: float64(doc.n),
      recent: doc.recent ?? [],
      windowVersion: doc.windowVersion ?? 1,
      baseModel: doc.baseModel ?? null,
    };
  }

  /**
   * Stores a snapshot unless one of the same or a later version learnt on the same base is
   * there: one learnt on another base model is replaced whatever its version (the instance
   * learnt the log again on its base, so its snapshot may be of the same version).
   */
  async saveSnapshot(snapshot: RiskSnapshot, d?: Deadline | null): Promise<boolean> {
    const fields = {
      version: snapshot.version,
      featureVersion: snapshot.featureVersion,
      decisions: snapshot.decisions,
      indices: toBuffer(snapshot.indices),
      z: toBuffer(snapshot.z),
      n: toBuffer(snapshot.n),
      recent: snapshot.recent,
      windowVersion: snapshot.windowVersion,
      baseModel: snapshot.baseModel,
      updatedAt: new Date(),
    };
    try {
      const res = await within(this.snapshots, d).updateOne(
        {
          _id: snapshot.siteId,
          $or: [{ version: { $lt: snapshot.version } }, { baseModel: { $ne: snapshot.baseModel } }],
        },
        { $set: fields },
        { upsert: true },
      );
      return res.modifiedCount + res.upsertedCount > 0;
    } catch (err) {
      // The upsert raced another instance's, or a later snapshot is there: nothing to do.
      if (isDuplicate(err)) return false;
      throw err;
    }
  }
}
