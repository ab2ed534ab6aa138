import { type Deadline, within } from '../platform/http/request-deadline.js';
import { type Connection, Schema, Types } from 'mongoose';
import type { Comment, StoredStatus } from './comment.js';

/** A text its author replaced by editing, kept for moderators (what was there, and how it was judged). */
export interface CommentRevision {
  id: string;
  siteId: string;
  commentId: string;
  /** The comment's version while it held this text. */
  version: number;
  body: string;
  status: StoredStatus;
  moderation: Comment['moderation'];
  /** When this text was written (posted or edited in). */
  writtenAt: Date;
  replacedAt: Date;
}

interface RevisionDoc extends Omit<CommentRevision, 'id'> {
  _id: Types.ObjectId;
}

const revisionSchema = new Schema<RevisionDoc>(
  {
    siteId: { type: String, required: true },
    commentId: { type: String, required: true },
    version: { type: Number, required: true },
    body: { type: String, required: true },
    status: { type: String, required: true },
    moderation: { type: Schema.Types.Mixed, required: true },
    writtenAt: { type: Date, required: true },
    replacedAt: { type: Date, required: true },
  },
  { collection: 'comment_revisions', versionKey: false, writeConcern: { w: 'majority' } },
);
// A comment's earlier texts, oldest first; one per version.
revisionSchema.index({ commentId: 1, version: 1 }, { unique: true });
// Retention by age.
revisionSchema.index({ siteId: 1, replacedAt: 1 });

const toRevision = (doc: RevisionDoc): CommentRevision => ({
  id: doc._id.toHexString(),
  siteId: doc.siteId,
  commentId: doc.commentId,
  version: doc.version,
  body: doc.body,
  status: doc.status,
  moderation: doc.moderation,
  writtenAt: doc.writtenAt,
  replacedAt: doc.replacedAt,
});

/** Earlier texts of edited comments (a growing list, so a collection of its own). */
export class RevisionRepository {
  readonly model;

  constructor(connection: Connection) {
    this.model = connection.model<RevisionDoc>('CommentRevision', revisionSchema);
  }

  /** Keeps the comment's current text before an edit replaces it (once per version). */
  async keep(comment: Comment, replacedAt: Date, d?: Deadline | null): Promise<void> {
    try {
      await within(this.model, d).create({
        _id: new Types.ObjectId(),
        siteId: comment.siteId,
        commentId: comment.id,
        version: comment.version,
        body: comment.body,
        status: comment.status,
        moderation: comment.moderation,
        writtenAt: comment.editedAt ?? comment.createdAt,
        replacedAt,
      });
    } catch (err) {
      // A retried edit of the same version: the text is kept already.
      if ((err as { code?: number }).code !== 11000) throw err;
    }
  }

  /** Forgets a kept text whose edit did not happen (someone else changed the comment first). */
  async discard(commentId: string, version: number, d?: Deadline | null): Promise<void> {
    await within(this.model, d).deleteOne({ commentId, version });
  }

  async forComment(commentId: string, max = 100, d?: Deadline | null): Promise<CommentRevision[]> {
    const docs = await within(this.model, d)
      .find({ commentId })
      .sort({ version: 1 })
      .limit(max)
      .lean<RevisionDoc[]>();
    return docs.map(toRevision);
  }

  async deleteForComments(commentIds: string[], d?: Deadline | null): Promise<number> {
    if (commentIds.length === 0) return 0;
    return (await within(this.model, d).deleteMany({ commentId: { $in: commentIds } })).deletedCount ?? 0;
  }
}
