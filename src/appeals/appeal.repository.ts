import { type Deadline, within } from '../platform/http/request-deadline.js';
import { type Connection, Schema, Types } from 'mongoose';
import { isDuplicateKey } from '../platform/db/database.js';
import { keysetAfter, type Position } from '../platform/db/keyset.js';

export type AppealOutcome = 'upheld' | 'reversed';
export type AppealAction = 'uphold' | 'reverse';

/** A complaint against a decision (DSA Art. 20), one per statement of reasons. */
export interface Appeal {
  id: string;
  siteId: string;
  articleId: string | null;
  commentId: string;
  statementId: string;
  authorKey: string;
  explanation: string;
  status: 'received' | 'decided';
  outcome: AppealOutcome | null;
  /** Set by the moderator who took the appeal, before its effect is applied; completed on the next touch if the process died. */
  pending: { action: AppealAction; by: { id: string; name: string }; reason: string | null; at: Date } | null;
  decidedBy: { id: string; name: string } | null;
  decisionReason: string | null;
  decidedAt: Date | null;
  receivedAt: Date;
  version: number;
}

interface AppealDoc extends Omit<Appeal, 'id'> {
  _id: Types.ObjectId;
}

const appealSchema = new Schema<AppealDoc>(
  {
    siteId: { type: String, required: true },
    articleId: { type: String, default: null },
    commentId: { type: String, required: true },
    statementId: { type: String, required: true },
    authorKey: { type: String, required: true },
    explanation: { type: String, required: true },
    status: { type: String, required: true },
    outcome: { type: String, default: null },
    pending: { type: Schema.Types.Mixed, default: null },
    decidedBy: { type: Schema.Types.Mixed, default: null },
    decisionReason: { type: String, default: null },
    decidedAt: { type: Date, default: null },
    receivedAt: { type: Date, required: true },
    version: { type: Number, required: true, default: 1 },
  },
  { collection: 'appeals', versionKey: false, minimize: false, writeConcern: { w: 'majority' } },
);
// One appeal per statement: the database refuses a second (409), not a read before the write.
appealSchema.index({ statementId: 1 }, { unique: true });
// The appeals queue, oldest first.
appealSchema.index({ siteId: 1, status: 1, receivedAt: 1, _id: 1 });
// Statistics and the transparency report.
appealSchema.index({ siteId: 1, receivedAt: 1 });
appealSchema.index({ siteId: 1, decidedAt: 1 });
// An author's appeals (privacy export and erasure).
appealSchema.index({ siteId: 1, authorKey: 1 });
// A comment's appeals (status endpoint).
appealSchema.index({ commentId: 1, receivedAt: -1 });

const toAppeal = (doc: AppealDoc): Appeal => ({
  id: doc._id.toHexString(),
  siteId: doc.siteId,
  articleId: doc.articleId ?? null,
  commentId: doc.commentId,
  statementId: doc.statementId,
  authorKey: doc.authorKey,
  explanation: doc.explanation,
  status: doc.status,
  outcome: doc.outcome ?? null,
  pending: doc.pending ? { ...doc.pending, at: new Date(doc.pending.at) } : null,
  decidedBy: doc.decidedBy ?? null,
  decisionReason: doc.decisionReason ?? null,
  decidedAt: doc.decidedAt ?? null,
  receivedAt: doc.receivedAt,
  version: doc.version,
});

export class AppealRepository {
  readonly model;

  constructor(connection: Connection) {
    this.model = connection.model<AppealDoc>('Appeal', appealSchema);
  }

  /** Stores the appeal; null when the statement already has one. */
  async insert(
    appeal: Pick<Appeal, 'siteId' | 'articleId' | 'commentId' | 'statementId' | 'authorKey' | 'explanation'>,
    d?: Deadline | null,
  ): Promise<Appeal | null> {
    try {
      const doc = await within(this.model, d).create({
        ...appeal,
        _id: new Types.ObjectId(),
        status: 'received',
        outcome: null,
        pending: null,
        decidedBy: null,
        decisionReason: null,
        decidedAt: null,
        receivedAt: new Date(),
        version: 1,
      });
      return toAppeal(doc.toObject());
    } catch (err) {
      if (isDuplicateKey(err)) return null;
      throw err;
    }
  }

  async findById(id: string, d?: Deadline | null): Promise<Appeal | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const doc = await within(this.model, d).findById(new Types.ObjectId(id)).lean<AppealDoc>();
    return doc ? toAppeal(doc) : null;
  }

  async latestForComment(commentId: string, d?: Deadline | null): Promise<Appeal | null> {
    const doc = await within(this.model, d).findOne({ commentId }).sort({ receivedAt: -1 }).lean<AppealDoc>();
    return doc ? toAppeal(doc) : null;
  }

  async listOpen(siteId: string, options: { limit: number; after?: Position }, d?: Deadline | null) {
    const docs = await within(this.model, d)
      .find({ siteId, status: 'received', ...keysetAfter('receivedAt', options.after, 1) })
      .sort({ receivedAt: 1, _id: 1 })
      .limit(options.limit + 1)
      .lean<AppealDoc[]>();
    return docs.map(toAppeal);
  }

  async countOpen(siteId: string, d?: Deadline | null): Promise<number> {
    return within(this.model, d).countDocuments({ siteId, status: 'received' });
  }

  /** Takes an open appeal at `expectedVersion` for this decision; null when someone else changed it first. */
  async take(
    id: string,
    expectedVersion: number,
    pending: NonNullable<Appeal['pending']>,
    d?: Deadline | null,
  ): Promise<Appeal | null> {
    const doc = await within(this.model, d)
      .findOneAndUpdate(
        { _id: new Types.ObjectId(id), status: 'received', version: expectedVersion },
        { $set: { pending }, $inc: { version: 1 } },
        { returnDocument: 'after' },
      )
      .lean<AppealDoc>();
    return doc ? toAppeal(doc) : null;
  }

  /** Records the outcome of the decision the appeal was taken for; null when it is recorded already. */
  async complete(
    taken: Appeal,
    outcome: AppealOutcome,
    at: Date,
    d?: Deadline | null,
  ): Promise<Appeal | null> {
    if (!taken.pending) throw new Error('an appeal is completed only after it was taken');
    const doc = await within(this.model, d)
      .findOneAndUpdate(
        { _id: new Types.ObjectId(taken.id), status: 'received', version: taken.version },
        {
          $set: {
            status: 'decided',
            outcome,
            decidedAt: at,
            decidedBy: taken.pending.by,
            decisionReason: taken.pending.reason,
          },
          $inc: { version: 1 },
        },
        { returnDocument: 'after' },
      )
      .lean<AppealDoc>();
    return doc ? toAppeal(doc) : null;
  }

  async receivedIn(
    siteId: string,
    from: Date,
    to: Date,
    max: number,
    d?: Deadline | null,
  ): Promise<Appeal[]> {
    const docs = await within(this.model, d)
      .find({ siteId, receivedAt: { $gte: from, $lt: to } })
      .sort({ receivedAt: 1 })
      .limit(max)
      .lean<AppealDoc[]>();
    return docs.map(toAppeal);
  }
}
