import { type Connection, Schema, Types } from 'mongoose';
import type { AuthorHistory, Comment, CommentStatus } from './comment.js';

interface CommentDoc extends Omit<Comment, 'id' | 'parentId'> {
  _id: Types.ObjectId;
  parentId: Types.ObjectId | null;
}

const commentSchema = new Schema<CommentDoc>(
  {
    siteId: { type: String, required: true },
    articleId: { type: String, required: true },
    parentId: { type: Schema.Types.ObjectId, default: null },
    body: { type: String, required: true },
    authorName: { type: String, required: true },
    authorEmail: { type: String, default: null },
    authorKey: { type: String, required: true },
    ipHash: { type: String, default: null },
    status: { type: String, required: true },
    featured: { type: Boolean, default: false },
    reported: { type: Boolean, default: false },
    reportCount: { type: Number, default: 0 },
    reportReasons: { type: Schema.Types.Mixed, default: {} },
    shadowHidden: { type: Boolean, default: false },
    version: { type: Number, required: true, default: 1 },
    moderation: { type: Schema.Types.Mixed, required: true },
    fingerprint: { type: String, required: true },
    lastAction: { type: Schema.Types.Mixed, default: null },
  },
  {
    collection: 'comments',
    timestamps: true,
    versionKey: false,
    minimize: false,
    // An acknowledged comment must survive a primary failover.
    writeConcern: { w: 'majority' },
  },
);
// Public thread: top-level (or replies of given parents) of one article, by time.
commentSchema.index({
  siteId: 1,
  articleId: 1,
  parentId: 1,
  status: 1,
  shadowHidden: 1,
  createdAt: -1,
  _id: -1,
});
// Article comment count.
commentSchema.index({ siteId: 1, articleId: 1, status: 1, shadowHidden: 1 });
// Moderation queues, oldest first.
commentSchema.index({ siteId: 1, status: 1, createdAt: 1, _id: 1 });
commentSchema.index({ siteId: 1, reported: 1, createdAt: 1, _id: 1 });
// Author history and duplicate detection.
// (createdAt, _id at the end: an author's comments of some statuses, newest first, for bans.)
commentSchema.index({ siteId: 1, authorKey: 1, status: 1, createdAt: -1, _id: -1 });
commentSchema.index({ siteId: 1, authorKey: 1, fingerprint: 1, createdAt: -1 });

// Erasure and export by e-mail; retention sweeps by age.
commentSchema.index({ siteId: 1, authorEmail: 1 });
commentSchema.index({ siteId: 1, createdAt: 1 });
// An author's comments, newest first (moderator history, bans, export).
commentSchema.index({ siteId: 1, authorKey: 1, createdAt: -1, _id: -1 });

export const commentIndexes = () => commentSchema.indexes();

const toComment = (doc: CommentDoc): Comment => ({
  id: doc._id.toHexString(),
  siteId: doc.siteId,
  articleId: doc.articleId,
  parentId: doc.parentId ? doc.parentId.toHexString() : null,
  body: doc.body,
  authorName: doc.authorName,
  authorEmail: doc.authorEmail ?? null,
  authorKey: doc.authorKey,
  ipHash: doc.ipHash ?? null,
  status: doc.status,
  featured: doc.featured ?? false,
  reported: doc.reported ?? false,
  reportCount: doc.reportCount ?? 0,
  reportReasons: doc.reportReasons ?? {},
  shadowHidden: doc.shadowHidden ?? false,
  version: doc.version,
  moderation: doc.moderation,
  fingerprint: doc.fingerprint,
  lastAction: doc.lastAction ?? null,
  createdAt: doc.createdAt,
  updatedAt: doc.updatedAt,
});

export type NewComment = Omit<
  Comment,
  | 'createdAt'
  | 'updatedAt'
  | 'version'
  | 'featured'
  | 'reported'
  | 'reportCount'
  | 'reportReasons'
  | 'lastAction'
>;

export interface Position {
  t: number;
  id: string;
}

export type QueueName = 'pending' | 'reported' | 'rejected' | 'approved';
export type QueueCounts = Record<QueueName, number>;

/**
 * What a reader may see: comments not shadow-hidden, plus, for a logged-in
 * reader, their own shadow-hidden ones (so a shadow-banned author notices nothing).
 */
function visibleTo(viewerKey: string | null | undefined) {
  return viewerKey
    ? { $or: [{ shadowHidden: false }, { shadowHidden: true, authorKey: viewerKey }] }
    : { shadowHidden: false };
}

/** Mongo filter for "after this position" in a (createdAt, _id) ordering. */
function after(position: Position | undefined, direction: 1 | -1) {
  if (!position) return {};
  const op = direction === 1 ? '$gt' : '$lt';
  const t = new Date(position.t);
  return {
    $or: [{ createdAt: { [op]: t } }, { createdAt: t, _id: { [op]: new Types.ObjectId(position.id) } }],
  };
}

export class CommentRepository {
  readonly model;

  constructor(connection: Connection) {
    this.model = connection.model<CommentDoc>('Comment', commentSchema);
  }

  /** Inserts under the given id; false when a comment with that id exists (an idempotent retry). */
  async insert(comment: NewComment): Promise<Comment | null> {
    try {
      const doc = await this.model.create({
        ...comment,
        _id: new Types.ObjectId(comment.id),
        parentId: comment.parentId ? new Types.ObjectId(comment.parentId) : null,
      });
      return toComment(doc.toObject());
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return null;
      throw err;
    }
  }

  async findById(id: string): Promise<Comment | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const doc = await this.model.findById(new Types.ObjectId(id)).lean<CommentDoc>();
    return doc ? toComment(doc) : null;
  }

  /** One page of an article's visible top-level comments. */
  async listTopLevel(
    siteId: string,
    articleId: string,
    options: { limit: number; after?: Position; sort: 'newest' | 'oldest'; viewerKey?: string | null },
  ): Promise<Comment[]> {
    const direction = options.sort === 'newest' ? -1 : 1;
    const docs = await this.model
      .find({
        siteId,
        articleId,
        parentId: null,
        status: 'approved',
        $and: [visibleTo(options.viewerKey), after(options.after, direction)],
      })
      .sort({ createdAt: direction, _id: direction })
      .limit(options.limit + 1)
      .lean<CommentDoc[]>();
    return docs.map(toComment);
  }

  /** Visible replies of the given parents, oldest first. */
  async listReplies(
    siteId: string,
    articleId: string,
    parentIds: string[],
    max = 5000,
    viewerKey: string | null = null,
  ): Promise<Comment[]> {
    if (parentIds.length === 0) return [];
    const docs = await this.model
      .find({
        siteId,
        articleId,
        parentId: { $in: parentIds.map((id) => new Types.ObjectId(id)) },
        status: 'approved',
        ...visibleTo(viewerKey),
      })
      .sort({ createdAt: 1, _id: 1 })
      .limit(max)
      .lean<CommentDoc[]>();
    return docs.map(toComment);
  }

  async countVisible(siteId: string, articleId: string, viewerKey: string | null = null): Promise<number> {
    return this.model.countDocuments({ siteId, articleId, status: 'approved', ...visibleTo(viewerKey) });
  }

  /**
   * Counts one more report (called only after the report itself was stored,
   * so a repeated report never counts twice) and returns the comment after.
   */
  async addReport(id: string, reason: string): Promise<Comment | null> {
    const doc = await this.model
      .findOneAndUpdate(
        { _id: new Types.ObjectId(id) },
        { $inc: { reportCount: 1, [`reportReasons.${reason}`]: 1 } },
        { returnDocument: 'after', timestamps: false },
      )
      .lean<CommentDoc>();
    return doc ? toComment(doc) : null;
  }

  /** Puts a visible comment into the `reported` queue once; null when it already is (or is no longer visible). */
  async markReported(id: string): Promise<Comment | null> {
    const doc = await this.model
      .findOneAndUpdate(
        { _id: new Types.ObjectId(id), reported: false, status: 'approved' },
        { $set: { reported: true, updatedAt: new Date() }, $inc: { version: 1 } },
        { returnDocument: 'after', timestamps: false },
      )
      .lean<CommentDoc>();
    return doc ? toComment(doc) : null;
  }

  /** An author's comments on a site, newest first (moderator history, bans, export). */
  async listByAuthor(
    siteId: string,
    authorKeys: string[],
    options: { limit: number; statuses?: CommentStatus[] },
  ): Promise<Comment[]> {
    if (authorKeys.length === 0) return [];
    const docs = await this.model
      .find({
        siteId,
        authorKey: { $in: authorKeys },
        ...(options.statuses ? { status: { $in: options.statuses } } : {}),
      })
      .sort({ createdAt: -1, _id: -1 })
      .limit(options.limit)
      .lean<CommentDoc[]>();
    return docs.map(toComment);
  }

  /** Hides (or shows again) an author's comments from everyone but the author; returns those changed. */
  async setShadowHidden(siteId: string, authorKey: string, hidden: boolean, max = 1000): Promise<Comment[]> {
    const ids = (
      await this.model
        .find({ siteId, authorKey, shadowHidden: !hidden })
        .select({ _id: 1 })
        .limit(max)
        .lean<{ _id: Types.ObjectId }[]>()
    ).map((d) => d._id);
    if (ids.length === 0) return [];
    const stamp = new Date();
    await this.model.updateMany(
      { _id: { $in: ids }, shadowHidden: !hidden },
      { $set: { shadowHidden: hidden, updatedAt: stamp }, $inc: { version: 1 } },
      { timestamps: false },
    );
    const docs = await this.model
      .find({ _id: { $in: ids }, shadowHidden: hidden, updatedAt: stamp })
      .lean<CommentDoc[]>();
    return docs.map(toComment);
  }

  /** A moderation queue, oldest first (newest first for rejected and approved). */
  async listQueue(siteId: string, queue: QueueName, options: { limit: number; after?: Position }) {
    const direction = queue === 'pending' || queue === 'reported' ? 1 : -1;
    const filter = queue === 'reported' ? { siteId, reported: true } : { siteId, status: queue };
    const docs = await this.model
      .find({ ...filter, ...after(options.after, direction) })
      .sort({ createdAt: direction, _id: direction })
      .limit(options.limit + 1)
      .lean<CommentDoc[]>();
    return docs.map(toComment);
  }

  /** Exact queue sizes, counted (never kept as counters that could drift). */
  async queueCounts(siteId: string): Promise<QueueCounts> {
    const [pending, rejected, approved, reported] = await Promise.all([
      this.model.countDocuments({ siteId, status: 'pending' }),
      this.model.countDocuments({ siteId, status: 'rejected' }),
      this.model.countDocuments({ siteId, status: 'approved' }),
      this.model.countDocuments({ siteId, reported: true }),
    ]);
    return { pending, reported, rejected, approved };
  }

  /** Approved / rejected / pending counts per author key. */
  async authorHistories(siteId: string, authorKeys: string[]): Promise<Map<string, AuthorHistory>> {
    const result = new Map<string, AuthorHistory>();
    const unique = [...new Set(authorKeys)];
    for (const key of unique) result.set(key, { approved: 0, rejected: 0, pending: 0 });
    if (unique.length === 0) return result;
    if (unique.length === 1) {
      // One author (every post, every single comment view): one grouping by status, one round trip.
      const key = unique[0]!;
      const history = result.get(key)!;
      const rows = await this.model.aggregate<{ _id: CommentStatus; n: number }>([
        { $match: { siteId, authorKey: key } },
        { $group: { _id: '$status', n: { $sum: 1 } } },
      ]);
      for (const row of rows) if (row._id in history) history[row._id] = row.n;
      return result;
    }
    // One grouping per status by a plain field path: a compound `_id` ({a, s}) is standard
    // MongoDB, but jongodb returns it unevaluated, which silently made every history zero.
    const statuses: CommentStatus[] = ['approved', 'rejected', 'pending'];
    const perStatus = await Promise.all(
      statuses.map((status) =>
        this.model.aggregate<{ _id: string; n: number }>([
          { $match: { siteId, status, authorKey: { $in: unique } } },
          { $group: { _id: '$authorKey', n: { $sum: 1 } } },
        ]),
      ),
    );
    for (const [i, rows] of perStatus.entries()) {
      const status = statuses[i]!;
      for (const row of rows) {
        const history = result.get(row._id);
        if (history) history[status] = row.n;
      }
    }
    return result;
  }

  /** Fingerprints among the author's texts since `since` that equal `fingerprint` (0 or 1 entry). */
  /**
   * What a new post needs to know about its author, in one round trip over the
   * author's comments: their history by status, and whether they wrote the same
   * text (fingerprint) since `since` — the duplicate rule's input.
   */
  async authorActivity(
    siteId: string,
    authorKey: string,
    fingerprint: string,
    since: Date,
  ): Promise<{ history: AuthorHistory; recentFingerprints: string[] }> {
    const [row] = await this.model.aggregate<{
      history: { _id: CommentStatus; n: number }[];
      duplicate: { fingerprint: string }[];
    }>([
      { $match: { siteId, authorKey } },
      {
        $facet: {
          history: [{ $group: { _id: '$status', n: { $sum: 1 } } }],
          duplicate: [
            { $match: { fingerprint, createdAt: { $gte: since } } },
            { $limit: 1 },
            { $project: { _id: 0, fingerprint: 1 } },
          ],
        },
      },
    ]);
    const history: AuthorHistory = { approved: 0, rejected: 0, pending: 0 };
    for (const entry of row?.history ?? []) if (entry._id in history) history[entry._id] = entry.n;
    return { history, recentFingerprints: (row?.duplicate ?? []).map((d) => d.fingerprint) };
  }

  /**
   * The conditional write behind every moderator action: applies `set` only if
   * the comment is still at `expectedVersion`, and bumps the version. Null when
   * somebody else got there first.
   */
  async updateIfVersion(
    id: string,
    expectedVersion: number,
    set: Partial<Pick<Comment, 'status' | 'featured' | 'reported' | 'lastAction'>>,
  ): Promise<Comment | null> {
    const doc = await this.model
      .findOneAndUpdate(
        { _id: new Types.ObjectId(id), version: expectedVersion },
        { $set: { ...set, updatedAt: new Date() }, $inc: { version: 1 } },
        { returnDocument: 'after', timestamps: false },
      )
      .lean<CommentDoc>();
    return doc ? toComment(doc) : null;
  }
}
