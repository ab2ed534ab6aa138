import { type Deadline, within } from '../../platform/http/request-deadline.js';
import { type Connection, Schema, Types } from 'mongoose';
import { isDuplicateKey } from '../../platform/db/database.js';
import type { ReactionKind } from '../comment.js';

export interface Reaction {
  siteId: string;
  articleId: string;
  commentId: string;
  kind: ReactionKind;
  /** `sso:<sub>` for a logged-in reader, `reader:<id>` for an anonymous reader key. */
  readerKey: string;
  createdAt: Date;
}

interface ReactionDoc extends Reaction {
  _id: Types.ObjectId;
}

const reactionSchema = new Schema<ReactionDoc>(
  {
    siteId: { type: String, required: true },
    articleId: { type: String, required: true },
    commentId: { type: String, required: true },
    kind: { type: String, required: true },
    readerKey: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'reactions', versionKey: false, writeConcern: { w: 'majority' } },
);
// One reaction per reader per comment and kind: the database decides, so concurrent
// clicks can never count twice. Its prefix also answers "how many on this comment".
reactionSchema.index({ commentId: 1, kind: 1, readerKey: 1 }, { unique: true });
// A reader's own reactions under an article (the widget's "mine"); erasure by reader.
reactionSchema.index({ siteId: 1, readerKey: 1, articleId: 1, kind: 1 });

/** Readers' reactions to comments, one document each: counts are counted, never kept as counters. */
export class ReactionRepository {
  readonly model;

  constructor(connection: Connection) {
    this.model = connection.model<ReactionDoc>('Reaction', reactionSchema);
  }

  /** Records the reaction; false when this reader had already given it. */
  async add(reaction: Omit<Reaction, 'createdAt'>, d?: Deadline | null): Promise<boolean> {
    try {
      await within(this.model, d).create({ ...reaction, _id: new Types.ObjectId(), createdAt: new Date() });
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /** Takes the reaction back; false when there was none. */
  async remove(
    commentId: string,
    kind: ReactionKind,
    readerKey: string,
    d?: Deadline | null,
  ): Promise<boolean> {
    const res = await within(this.model, d).deleteOne({ commentId, kind, readerKey });
    return (res.deletedCount ?? 0) > 0;
  }

  async has(commentId: string, kind: ReactionKind, readerKey: string, d?: Deadline | null): Promise<boolean> {
    return (await within(this.model, d).countDocuments({ commentId, kind, readerKey }).limit(1)) > 0;
  }

  /** The exact number of readers who gave this reaction, from the unique index. */
  async count(commentId: string, kind: ReactionKind, d?: Deadline | null): Promise<number> {
    return within(this.model, d).countDocuments({ commentId, kind });
  }

  /** The comments under an article the reader reacted to (bounded). */
  async mine(
    siteId: string,
    articleId: string,
    readerKey: string,
    kind: ReactionKind,
    max = 2000,
    d?: Deadline | null,
  ): Promise<string[]> {
    const docs = await within(this.model, d)
      .find({ siteId, readerKey, articleId, kind })
      .select({ commentId: 1, _id: 0 })
      .limit(max)
      .lean<{ commentId: string }[]>();
    return docs.map((d) => d.commentId);
  }

  /** Erasure: everything readers reacted with on a site; returns the comments whose counts changed. */
  async deleteByReaders(
    siteId: string,
    readerKeys: string[],
    max = 20_000,
    d?: Deadline | null,
  ): Promise<string[]> {
    if (readerKeys.length === 0) return [];
    const docs = await within(this.model, d)
      .find({ siteId, readerKey: { $in: readerKeys } })
      .select({ commentId: 1, _id: 0 })
      .limit(max)
      .lean<{ commentId: string }[]>();
    await within(this.model, d).deleteMany({ siteId, readerKey: { $in: readerKeys } });
    return [...new Set(docs.map((d) => d.commentId))];
  }

  /** Erasure: the reactions to comments that are gone. */
  async deleteForComments(commentIds: string[], d?: Deadline | null): Promise<number> {
    if (commentIds.length === 0) return 0;
    return (await within(this.model, d).deleteMany({ commentId: { $in: commentIds } })).deletedCount ?? 0;
  }
}
