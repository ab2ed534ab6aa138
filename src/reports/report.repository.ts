import { type Deadline, within } from '../platform/http/request-deadline.js';
import { type Connection, Schema, Types } from 'mongoose';
import type { ReportReason } from '../comments/comment.js';
import { isDuplicateKey } from '../platform/db/database.js';

export interface Report {
  id: string;
  siteId: string;
  articleId: string;
  commentId: string;
  /** `sso:<sub>` for a logged-in reader, else `anon:<keyed hash of IP and user agent>`. */
  reporterKey: string;
  reason: ReportReason;
  note: string | null;
  createdAt: Date;
}

interface ReportDoc extends Omit<Report, 'id'> {
  _id: Types.ObjectId;
}

const reportSchema = new Schema<ReportDoc>(
  {
    siteId: { type: String, required: true },
    articleId: { type: String, required: true },
    commentId: { type: String, required: true },
    reporterKey: { type: String, required: true },
    reason: { type: String, required: true },
    note: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'reports', versionKey: false, writeConcern: { w: 'majority' } },
);
// One counted report per reader per comment: the database decides, not a read before the write.
reportSchema.index({ commentId: 1, reporterKey: 1 }, { unique: true });
reportSchema.index({ commentId: 1, createdAt: 1, _id: 1 });
reportSchema.index({ siteId: 1, createdAt: 1 });
reportSchema.index({ siteId: 1, reporterKey: 1 });

const toReport = (doc: ReportDoc): Report => ({
  id: doc._id.toHexString(),
  siteId: doc.siteId,
  articleId: doc.articleId,
  commentId: doc.commentId,
  reporterKey: doc.reporterKey,
  reason: doc.reason,
  note: doc.note ?? null,
  createdAt: doc.createdAt,
});

/** Reader reports on comments, one document each (a growing list gets its own collection). */
export class ReportRepository {
  readonly model;

  constructor(connection: Connection) {
    this.model = connection.model<ReportDoc>('Report', reportSchema);
  }

  /** Stores the report; false when this reader already reported this comment. */
  async insert(report: Omit<Report, 'id' | 'createdAt'>, d?: Deadline | null): Promise<boolean> {
    try {
      await within(this.model, d).create({ ...report, _id: new Types.ObjectId(), createdAt: new Date() });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  async forComment(commentId: string, limit = 100, d?: Deadline | null): Promise<Report[]> {
    const docs = await within(this.model, d)
      .find({ commentId })
      .sort({ createdAt: 1, _id: 1 })
      .limit(limit)
      .lean<ReportDoc[]>();
    return docs.map(toReport);
  }

  async byReporters(
    siteId: string,
    reporterKeys: string[],
    limit = 10_000,
    d?: Deadline | null,
  ): Promise<Report[]> {
    if (reporterKeys.length === 0) return [];
    const docs = await within(this.model, d)
      .find({ siteId, reporterKey: { $in: reporterKeys } })
      .sort({ createdAt: 1 })
      .limit(limit)
      .lean<ReportDoc[]>();
    return docs.map(toReport);
  }

  async deleteByReporters(siteId: string, reporterKeys: string[], d?: Deadline | null): Promise<number> {
    if (reporterKeys.length === 0) return 0;
    return (
      (await within(this.model, d).deleteMany({ siteId, reporterKey: { $in: reporterKeys } })).deletedCount ??
      0
    );
  }

  async deleteForComments(commentIds: string[], d?: Deadline | null): Promise<number> {
    if (commentIds.length === 0) return 0;
    return (await within(this.model, d).deleteMany({ commentId: { $in: commentIds } })).deletedCount ?? 0;
  }

  /** Retention: reports older than `before` go (the counts stay on the comment). */
  async deleteOlderThan(siteId: string, before: Date, d?: Deadline | null): Promise<number> {
    return (await within(this.model, d).deleteMany({ siteId, createdAt: { $lt: before } })).deletedCount ?? 0;
  }
}
