import { type Deadline, within } from '../platform/http/request-deadline.js';
import { type Connection, Schema, Types } from 'mongoose';
import { isDuplicateKey } from '../platform/db/database.js';
import type { Restriction, Statement } from './statement.js';

interface StatementDoc extends Omit<Statement, 'id'> {
  _id: Types.ObjectId;
}

const statementSchema = new Schema<StatementDoc>(
  {
    siteId: { type: String, required: true },
    key: { type: String, required: true },
    articleId: { type: String, default: null },
    commentId: { type: String, default: null },
    authorKey: { type: String, required: true },
    decision: { type: String, required: true },
    restriction: { type: String, default: null },
    facts: { type: String, required: true },
    ground: { type: Schema.Types.Mixed, required: true },
    reasonCode: { type: String, required: true },
    automated: { type: Schema.Types.Mixed, required: true },
    redress: { type: Schema.Types.Mixed, required: true },
    language: { type: String, required: true },
    source: { type: String, required: true },
    decidedBy: { type: Schema.Types.Mixed, default: null },
    noticeCategory: { type: String, default: null },
    reportKey: { type: String, required: true },
    issuedAt: { type: Date, required: true },
    withdrawnAt: { type: Date, default: null },
  },
  { collection: 'statements', versionKey: false, minimize: false, writeConcern: { w: 'majority' } },
);
// One statement per decision: a retried or healed issue finds the first.
statementSchema.index({ siteId: 1, key: 1 }, { unique: true });
// A comment's statements, newest first (status endpoint, appeals).
statementSchema.index({ commentId: 1, issuedAt: -1, _id: -1 });
// An author's restrictions, newest first.
statementSchema.index({ siteId: 1, authorKey: 1, restriction: 1, issuedAt: -1 });
// Transparency report and statistics: a site's statements in a period.
statementSchema.index({ siteId: 1, issuedAt: 1 });

const toStatement = (doc: StatementDoc): Statement => ({
  id: doc._id.toHexString(),
  siteId: doc.siteId,
  key: doc.key,
  articleId: doc.articleId ?? null,
  commentId: doc.commentId ?? null,
  authorKey: doc.authorKey,
  decision: doc.decision,
  restriction: doc.restriction ?? null,
  facts: doc.facts,
  ground: doc.ground,
  reasonCode: doc.reasonCode,
  automated: doc.automated,
  redress: { appealUntil: new Date(doc.redress.appealUntil), outOfCourt: doc.redress.outOfCourt },
  language: doc.language,
  source: doc.source,
  decidedBy: doc.decidedBy ?? null,
  noticeCategory: doc.noticeCategory ?? null,
  reportKey: doc.reportKey,
  issuedAt: doc.issuedAt,
  withdrawnAt: doc.withdrawnAt ?? null,
});

export const WITHDRAWN_REPORT_KEY = 'withdrawn';

export class StatementRepository {
  readonly model;

  constructor(connection: Connection) {
    this.model = connection.model<StatementDoc>('Statement', statementSchema);
  }

  /** Stores the statement unless one with its key exists; returns the stored one and whether it is new. */
  async issue(
    statement: Omit<Statement, 'id'>,
    d?: Deadline | null,
  ): Promise<{ statement: Statement; created: boolean }> {
    try {
      const doc = await within(this.model, d).create({ ...statement, _id: new Types.ObjectId() });
      return { statement: toStatement(doc.toObject()), created: true };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const first = await this.findByKey(statement.siteId, statement.key, d);
      if (!first) throw err;
      return { statement: first, created: false };
    }
  }

  async findByKey(siteId: string, key: string, d?: Deadline | null): Promise<Statement | null> {
    const doc = await within(this.model, d).findOne({ siteId, key }).lean<StatementDoc>();
    return doc ? toStatement(doc) : null;
  }

  async findById(id: string, d?: Deadline | null): Promise<Statement | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const doc = await within(this.model, d).findById(new Types.ObjectId(id)).lean<StatementDoc>();
    return doc ? toStatement(doc) : null;
  }

  /**
   * Marks the statement of an undone decision withdrawn; its report key
   * becomes `withdrawn`, so the transparency report's one `$group` leaves it out.
   */
  async withdraw(siteId: string, key: string, at: Date, d?: Deadline | null): Promise<void> {
    await within(this.model, d).updateOne(
      { siteId, key, withdrawnAt: null },
      { $set: { withdrawnAt: at, reportKey: WITHDRAWN_REPORT_KEY } },
    );
  }

  /** The newest statement about this comment. */
  async latestForComment(commentId: string, d?: Deadline | null): Promise<Statement | null> {
    const doc = await within(this.model, d)
      .findOne({ commentId })
      .sort({ issuedAt: -1, _id: -1 })
      .lean<StatementDoc>();
    return doc ? toStatement(doc) : null;
  }

  /** The newest restriction of this kind imposed on the author. */
  async latestRestriction(
    siteId: string,
    authorKey: string,
    restriction: Restriction,
    d?: Deadline | null,
  ): Promise<Statement | null> {
    const doc = await within(this.model, d)
      .findOne({ siteId, authorKey, restriction })
      .sort({ issuedAt: -1 })
      .lean<StatementDoc>();
    return doc ? toStatement(doc) : null;
  }

  /** A site's statements issued in [from, to), oldest first, at most `max` (bounded reads for reports). */
  async inPeriod(
    siteId: string,
    from: Date,
    to: Date,
    max: number,
    d?: Deadline | null,
  ): Promise<Statement[]> {
    const docs = await within(this.model, d)
      .find({ siteId, issuedAt: { $gte: from, $lt: to } })
      .sort({ issuedAt: 1 })
      .limit(max)
      .lean<StatementDoc[]>();
    return docs.map(toStatement);
  }

  async deleteForComments(commentIds: string[], d?: Deadline | null): Promise<number> {
    if (commentIds.length === 0) return 0;
    return (await within(this.model, d).deleteMany({ commentId: { $in: commentIds } })).deletedCount ?? 0;
  }
}
