import { type Deadline, within } from '../platform/http/request-deadline.js';
import { type Connection, Schema, Types } from 'mongoose';
import { isDuplicateKey } from '../platform/db/database.js';
import {
  type Submission,
  type SubmissionCounts,
  type SubmissionLastAction,
  type SubmissionNote,
  type SubmissionRevision,
  type SubmissionStatus,
  submissionStatuses,
} from './submission.js';

interface SubmissionDoc extends Omit<Submission, 'id'> {
  _id: Types.ObjectId;
}

const submissionSchema = new Schema<SubmissionDoc>(
  {
    siteId: { type: String, required: true },
    status: { type: String, required: true },
    version: { type: Number, required: true, default: 1 },
    title: { type: String, required: true },
    body: { type: String, required: true },
    revision: { type: Number, required: true, default: 1 },
    authorName: { type: String, required: true },
    authorEmail: { type: String, required: true },
    authorPhone: { type: String, default: null },
    authorLocation: { type: String, default: null },
    articleId: { type: String, default: null },
    inReplyTo: { type: String, default: null },
    noteToEditor: { type: String, default: null },
    ipHash: { type: String, required: true },
    receiptTokenHashes: { type: [String], default: [] },
    moderation: { type: Schema.Types.Mixed, required: true },
    fingerprint: { type: String, required: true },
    duplicateOf: { type: String, default: null },
    lastAction: { type: Schema.Types.Mixed, default: null },
    publishedAt: { type: Date, default: null },
  },
  {
    collection: 'submissions',
    timestamps: true,
    versionKey: false,
    minimize: false,
    // An acknowledged piece must survive a primary failover.
    writeConcern: { w: 'majority' },
  },
);
// Editors' queues per status, and the public list of published pieces.
submissionSchema.index({ siteId: 1, status: 1, createdAt: 1, _id: 1 });
submissionSchema.index({ siteId: 1, status: 1, publishedAt: -1, _id: -1 });
// Duplicate detection and the author's export / erasure by e-mail.
submissionSchema.index({ siteId: 1, fingerprint: 1, createdAt: 1, _id: 1 });
submissionSchema.index({ authorEmail: 1, siteId: 1 });

interface RevisionDoc extends Omit<SubmissionRevision, 'id'> {
  _id: string;
}
const revisionSchema = new Schema<RevisionDoc>(
  {
    _id: { type: String },
    submissionId: { type: String, required: true },
    siteId: { type: String, required: true },
    revision: { type: Number, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    editor: { type: Schema.Types.Mixed, default: null },
    summary: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'submission_revisions', versionKey: false, minimize: false, writeConcern: { w: 'majority' } },
);
revisionSchema.index({ submissionId: 1, revision: 1 }, { unique: true });

interface NoteDoc extends Omit<SubmissionNote, 'id'> {
  _id: string;
}
const noteSchema = new Schema<NoteDoc>(
  {
    _id: { type: String },
    submissionId: { type: String, required: true },
    siteId: { type: String, required: true },
    visibility: { type: String, required: true },
    text: { type: String, required: true },
    author: { type: Schema.Types.Mixed, required: true },
    action: { type: String, default: null },
    createdAt: { type: Date, required: true },
  },
  { collection: 'submission_notes', versionKey: false, minimize: false, writeConcern: { w: 'majority' } },
);
noteSchema.index({ submissionId: 1, createdAt: 1, _id: 1 });
noteSchema.index({ submissionId: 1, visibility: 1, createdAt: 1, _id: 1 });

const toSubmission = (doc: SubmissionDoc): Submission => ({
  id: doc._id.toHexString(),
  siteId: doc.siteId,
  status: doc.status,
  version: doc.version,
  title: doc.title,
  body: doc.body,
  revision: doc.revision ?? 1,
  authorName: doc.authorName,
  authorEmail: doc.authorEmail ?? null,
  authorPhone: doc.authorPhone ?? null,
  authorLocation: doc.authorLocation ?? null,
  articleId: doc.articleId ?? null,
  inReplyTo: doc.inReplyTo ?? null,
  noteToEditor: doc.noteToEditor ?? null,
  ipHash: doc.ipHash,
  receiptTokenHashes: doc.receiptTokenHashes ?? [],
  moderation: doc.moderation,
  fingerprint: doc.fingerprint,
  duplicateOf: doc.duplicateOf ?? null,
  lastAction: doc.lastAction ?? null,
  publishedAt: doc.publishedAt ?? null,
  createdAt: doc.createdAt,
  updatedAt: doc.updatedAt,
});

const toRevision = (doc: RevisionDoc): SubmissionRevision => ({
  id: doc._id,
  submissionId: doc.submissionId,
  siteId: doc.siteId,
  revision: doc.revision,
  title: doc.title,
  body: doc.body,
  editor: doc.editor ?? null,
  summary: doc.summary ?? null,
  createdAt: doc.createdAt,
});

const toNote = (doc: NoteDoc): SubmissionNote => ({
  id: doc._id,
  submissionId: doc.submissionId,
  siteId: doc.siteId,
  visibility: doc.visibility,
  text: doc.text,
  author: doc.author,
  action: doc.action ?? null,
  createdAt: doc.createdAt,
});

export type NewSubmission = Omit<
  Submission,
  'createdAt' | 'updatedAt' | 'version' | 'revision' | 'lastAction' | 'publishedAt'
>;

export interface Position {
  t: number;
  id: string;
}

/** Editors work oldest first on open pieces; closed ones (and the public list) read newest first. */
export const queueDirection = (status: SubmissionStatus): 1 | -1 =>
  status === 'published' || status === 'rejected' ? -1 : 1;

/** Submissions, their revisions and their notes: each a collection of its own (growing lists). */
export class SubmissionRepository {
  readonly model;
  readonly revisions;
  readonly notes;

  constructor(connection: Connection) {
    this.model = connection.model<SubmissionDoc>('Submission', submissionSchema);
    this.revisions = connection.model<RevisionDoc>('SubmissionRevision', revisionSchema);
    this.notes = connection.model<NoteDoc>('SubmissionNote', noteSchema);
  }

  /** Inserts under the given id; null when that id exists (an idempotent retry got there first). */
  async insert(submission: NewSubmission, d?: Deadline | null): Promise<Submission | null> {
    try {
      const doc = await within(this.model, d).create({
        ...submission,
        _id: new Types.ObjectId(submission.id),
      });
      return toSubmission(doc.toObject());
    } catch (err) {
      if (isDuplicateKey(err)) return null;
      throw err;
    }
  }

  async findById(id: string, d?: Deadline | null): Promise<Submission | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const doc = await within(this.model, d).findById(new Types.ObjectId(id)).lean<SubmissionDoc>();
    return doc ? toSubmission(doc) : null;
  }

  /** Another receipt token for the same piece (an idempotent retry of the submission). */
  async addReceiptTokenHash(id: string, hash: string, d?: Deadline | null): Promise<void> {
    await within(this.model, d).updateOne(
      { _id: new Types.ObjectId(id) },
      { $addToSet: { receiptTokenHashes: hash } },
      { timestamps: false },
    );
  }

  /** The earliest other piece on the site with the same normalised text, if any. */
  async findByFingerprint(
    siteId: string,
    fingerprint: string,
    d?: Deadline | null,
  ): Promise<Submission | null> {
    const doc = await within(this.model, d)
      .findOne({ siteId, fingerprint })
      .sort({ createdAt: 1, _id: 1 })
      .lean<SubmissionDoc>();
    return doc ? toSubmission(doc) : null;
  }

  /** One page of a status list; `by` is the time field the list is ordered by. */
  async listByStatus(
    siteId: string,
    status: SubmissionStatus,
    options: { limit: number; after?: Position; by: 'createdAt' | 'publishedAt'; direction: 1 | -1 },
    d?: Deadline | null,
  ): Promise<Submission[]> {
    const { by, direction } = options;
    const op = direction === 1 ? '$gt' : '$lt';
    const position = options.after;
    const filter: Record<string, unknown> = { siteId, status };
    if (position) {
      const t = new Date(position.t);
      filter.$or = [{ [by]: { [op]: t } }, { [by]: t, _id: { [op]: new Types.ObjectId(position.id) } }];
    }
    const docs = await within(this.model, d)
      .find(filter)
      .sort({ [by]: direction, _id: direction })
      .limit(options.limit + 1)
      .lean<SubmissionDoc[]>();
    return docs.map(toSubmission);
  }

  /** Exact counts per status, counted rather than kept as counters that could drift. */
  async counts(siteId: string, d?: Deadline | null): Promise<SubmissionCounts> {
    const values = await Promise.all(
      submissionStatuses.map((status) => within(this.model, d).countDocuments({ siteId, status })),
    );
    return Object.fromEntries(submissionStatuses.map((s, i) => [s, values[i] ?? 0])) as SubmissionCounts;
  }

  /**
   * The conditional write behind every editor action and edit: applies `set`
   * only if the piece is still at `expectedVersion` and in one of `from`, and
   * bumps the version. Null when somebody else got there first.
   */
  async updateIfVersion(
    id: string,
    expectedVersion: number,
    from: readonly SubmissionStatus[],
    set: Partial<
      Pick<Submission, 'status' | 'title' | 'body' | 'revision' | 'publishedAt' | 'moderation'>
    > & {
      lastAction: SubmissionLastAction;
    },
    d?: Deadline | null,
  ): Promise<Submission | null> {
    const doc = await within(this.model, d)
      .findOneAndUpdate(
        { _id: new Types.ObjectId(id), version: expectedVersion, status: { $in: [...from] } },
        { $set: { ...set, updatedAt: new Date() }, $inc: { version: 1 } },
        { returnDocument: 'after', timestamps: false },
      )
      .lean<SubmissionDoc>();
    return doc ? toSubmission(doc) : null;
  }

  /** Writes a revision under its id; writing the same id twice keeps the first (safe to retry). */
  async addRevision(revision: SubmissionRevision, d?: Deadline | null): Promise<void> {
    const { id, ...rest } = revision;
    try {
      await within(this.revisions, d).create({ ...rest, _id: id });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
  }

  async listRevisions(submissionId: string, d?: Deadline | null): Promise<SubmissionRevision[]> {
    const docs = await within(this.revisions, d)
      .find({ submissionId })
      .sort({ revision: 1 })
      .limit(1000)
      .lean<RevisionDoc[]>();
    return docs.map(toRevision);
  }

  /** Writes a note under its id; writing the same id twice keeps the first (safe to retry). */
  async addNote(note: SubmissionNote, d?: Deadline | null): Promise<SubmissionNote> {
    const { id, ...rest } = note;
    try {
      await within(this.notes, d).create({ ...rest, _id: id });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
    }
    return note;
  }

  async listNotes(
    submissionId: string,
    visibility?: SubmissionNote['visibility'],
    d?: Deadline | null,
  ): Promise<SubmissionNote[]> {
    const docs = await within(this.notes, d)
      .find(visibility ? { submissionId, visibility } : { submissionId })
      .sort({ createdAt: 1, _id: 1 })
      .limit(1000)
      .lean<NoteDoc[]>();
    return docs.map(toNote);
  }
}
