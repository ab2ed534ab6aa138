import { type Deadline, within } from '../platform/http/request-deadline.js';
import { type Connection, Schema, Types } from 'mongoose';
import { isDuplicateKey } from '../platform/db/database.js';
import { keysetAfter, type Position } from '../platform/db/keyset.js';

import type { NoticeCategory } from './notice-categories.js';

export type { NoticeCategory };

/** A notice of illegal content (DSA Art. 16), one document each. */
export interface Notice {
  id: string;
  siteId: string;
  articleId: string;
  commentId: string;
  category: NoticeCategory;
  explanation: string;
  notifierName: string | null;
  notifierEmail: string | null;
  status: 'received' | 'decided';
  decision: 'removed' | 'kept' | null;
  /** Whether the decision was taken by automated means (never, today: people decide notices). */
  automated: boolean;
  decidedBy: { id: string; name: string } | null;
  decidedAt: Date | null;
  /** The moderator's reject of the comment that decided it (null: decided on the notice itself). */
  decidedAction: string | null;
  receivedAt: Date;
  version: number;
}

interface NoticeDoc extends Omit<Notice, 'id'> {
  _id: Types.ObjectId;
}

const noticeSchema = new Schema<NoticeDoc>(
  {
    siteId: { type: String, required: true },
    articleId: { type: String, required: true },
    commentId: { type: String, required: true },
    category: { type: String, required: true },
    explanation: { type: String, required: true },
    notifierName: { type: String, default: null },
    notifierEmail: { type: String, default: null },
    status: { type: String, required: true },
    decision: { type: String, default: null },
    automated: { type: Boolean, default: false },
    decidedBy: { type: Schema.Types.Mixed, default: null },
    decidedAt: { type: Date, default: null },
    decidedAction: { type: String, default: null },
    receivedAt: { type: Date, required: true },
    version: { type: Number, required: true, default: 1 },
  },
  { collection: 'notices', versionKey: false, minimize: false, writeConcern: { w: 'majority' } },
);
// The notices queue: a site's open notices, oldest first; also the period reads of the report.
noticeSchema.index({ siteId: 1, status: 1, receivedAt: 1, _id: 1 });
// The open notices on one comment (decided together), and those one action decided
// (reopened when that action is undone).
noticeSchema.index({ commentId: 1, status: 1, decidedAction: 1 });
// Statistics and the transparency report: a site's notices by when they came and were decided.
noticeSchema.index({ siteId: 1, receivedAt: 1 });
noticeSchema.index({ siteId: 1, decidedAt: 1 });
// Erasure and export by the notifier's address.
noticeSchema.index({ siteId: 1, notifierEmail: 1 });

const toNotice = (doc: NoticeDoc): Notice => ({
  id: doc._id.toHexString(),
  siteId: doc.siteId,
  articleId: doc.articleId,
  commentId: doc.commentId,
  category: doc.category,
  explanation: doc.explanation,
  notifierName: doc.notifierName ?? null,
  notifierEmail: doc.notifierEmail ?? null,
  status: doc.status,
  decision: doc.decision ?? null,
  automated: doc.automated ?? false,
  decidedBy: doc.decidedBy ?? null,
  decidedAt: doc.decidedAt ?? null,
  decidedAction: doc.decidedAction ?? null,
  receivedAt: doc.receivedAt,
  version: doc.version,
});

export class NoticeRepository {
  readonly model;

  constructor(connection: Connection) {
    this.model = connection.model<NoticeDoc>('Notice', noticeSchema);
  }

  /** Inserts under the given id; null when that id exists (an idempotent retry). */
  async insert(
    notice: Omit<
      Notice,
      'version' | 'decision' | 'decidedBy' | 'decidedAt' | 'decidedAction' | 'automated' | 'status'
    >,
    d?: Deadline | null,
  ) {
    try {
      const doc = await within(this.model, d).create({
        ...notice,
        _id: new Types.ObjectId(notice.id),
        status: 'received',
        decision: null,
        automated: false,
        decidedBy: null,
        decidedAt: null,
        decidedAction: null,
        version: 1,
      });
      return toNotice(doc.toObject());
    } catch (err) {
      if (isDuplicateKey(err)) return null;
      throw err;
    }
  }

  async findById(id: string, d?: Deadline | null): Promise<Notice | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const doc = await within(this.model, d).findById(new Types.ObjectId(id)).lean<NoticeDoc>();
    return doc ? toNotice(doc) : null;
  }

  /** A site's open notices, oldest first (the notices queue). */
  async listOpen(
    siteId: string,
    options: { limit: number; after?: Position },
    d?: Deadline | null,
  ): Promise<Notice[]> {
    const docs = await within(this.model, d)
      .find({ siteId, status: 'received', ...keysetAfter('receivedAt', options.after, 1) })
      .sort({ receivedAt: 1, _id: 1 })
      .limit(options.limit + 1)
      .lean<NoticeDoc[]>();
    return docs.map(toNotice);
  }

  async countOpen(siteId: string, d?: Deadline | null): Promise<number> {
    return within(this.model, d).countDocuments({ siteId, status: 'received' });
  }

  async openForComment(commentId: string, max = 200, d?: Deadline | null): Promise<Notice[]> {
    const docs = await within(this.model, d)
      .find({ commentId, status: 'received' })
      .limit(max)
      .lean<NoticeDoc[]>();
    return docs.map(toNotice);
  }

  /**
   * Takes an open notice at `expectedVersion` for a decision (bumps its
   * version), so of two moderators deciding at once exactly one goes on.
   */
  async claim(id: string, expectedVersion: number, d?: Deadline | null): Promise<Notice | null> {
    const doc = await within(this.model, d)
      .findOneAndUpdate(
        { _id: new Types.ObjectId(id), status: 'received', version: expectedVersion },
        { $inc: { version: 1 } },
        { returnDocument: 'after' },
      )
      .lean<NoticeDoc>();
    return doc ? toNotice(doc) : null;
  }

  /**
   * Decides one open notice if it is still at `expectedVersion` (or, without
   * one, whatever its version): null when someone decided it first.
   */
  async decide(
    id: string,
    decision: {
      decision: 'removed' | 'kept';
      decidedBy: { id: string; name: string };
      at: Date;
      /** The reject of the comment that decided it, if it was one. */
      actionId?: string;
    },
    expectedVersion?: number,
    d?: Deadline | null,
  ): Promise<Notice | null> {
    const filter: Record<string, unknown> = { _id: new Types.ObjectId(id), status: 'received' };
    if (expectedVersion !== undefined) filter.version = expectedVersion;
    const doc = await within(this.model, d)
      .findOneAndUpdate(
        filter,
        {
          $set: {
            status: 'decided',
            decision: decision.decision,
            decidedBy: decision.decidedBy,
            decidedAt: decision.at,
            decidedAction: decision.actionId ?? null,
            automated: false,
          },
          $inc: { version: 1 },
        },
        { returnDocument: 'after' },
      )
      .lean<NoticeDoc>();
    return doc ? toNotice(doc) : null;
  }

  /**
   * The notices a reject decided, open again: the moderator undid that
   * reject, so they wait for a decision as before (a new version each).
   */
  async reopenDecidedBy(commentId: string, actionId: string, d?: Deadline | null): Promise<Notice[]> {
    const decided = await within(this.model, d)
      .find({ commentId, status: 'decided', decidedAction: actionId })
      .limit(200)
      .lean<NoticeDoc[]>();
    const reopened: Notice[] = [];
    for (const notice of decided) {
      const doc = await within(this.model, d)
        .findOneAndUpdate(
          { _id: notice._id, status: 'decided', decidedAction: actionId },
          {
            $set: {
              status: 'received',
              decision: null,
              decidedBy: null,
              decidedAt: null,
              decidedAction: null,
            },
            $inc: { version: 1 },
          },
          { returnDocument: 'after' },
        )
        .lean<NoticeDoc>();
      if (doc) reopened.push(toNotice(doc));
    }
    return reopened;
  }

  /** A site's notices received in [from, to), oldest first, bounded. */
  async receivedIn(
    siteId: string,
    from: Date,
    to: Date,
    max: number,
    d?: Deadline | null,
  ): Promise<Notice[]> {
    const docs = await within(this.model, d)
      .find({ siteId, receivedAt: { $gte: from, $lt: to } })
      .sort({ receivedAt: 1 })
      .limit(max)
      .lean<NoticeDoc[]>();
    return docs.map(toNotice);
  }

  /** A site's notices decided in [from, to), bounded. */
  async decidedIn(siteId: string, from: Date, to: Date, max: number, d?: Deadline | null): Promise<Notice[]> {
    const docs = await within(this.model, d)
      .find({ siteId, decidedAt: { $gte: from, $lt: to } })
      .sort({ decidedAt: 1 })
      .limit(max)
      .lean<NoticeDoc[]>();
    return docs.map(toNotice);
  }
}
