import {
  checkDeadline,
  type Deadline,
  readDeadline,
  within,
  writeDeadline,
} from '../platform/http/request-deadline.js';
import { type Connection, mongo, type PipelineStage, Schema, Types } from 'mongoose';
import { isDuplicateKey } from '../platform/db/database.js';
import type {
  AuthorHistory,
  Comment,
  CommentStatus,
  ReactionKind,
  StoredStatus,
  ThreadComment,
} from './comment.js';

const COLLECTION = 'comments';

interface CommentDoc extends Omit<Comment, 'id' | 'parentId'> {
  _id: Types.ObjectId;
  parentId: Types.ObjectId | null;
  /** Bumped after every reaction change; see `recountReactions`. */
  reactionSeq?: number;
  /** The `reactionSeq` the stored `reactions` were counted at. */
  reactionsCountedAt?: number;
  /**
   * Set with `lastAction`, in the same conditional write, until its audit record is
   * written: a decision is never without its audit record for longer than the sweep
   * (ModerationService.writeDueAudits) takes, whatever failed after the write.
   */
  auditDue?: Date;
  /**
   * The writer's Idempotency-Key, scoped to the site (`siteId:key`), and the hash of the
   * request it came with: a retry or a concurrent duplicate meets the unique index below on
   * insert and is answered with this comment. Only on comments posted with a key.
   */
  idempotencyKey?: string;
  requestHash?: string;
}

const KEYED = { idempotencyKey: { $exists: true } };

const commentSchema = new Schema<CommentDoc>(
  {
    siteId: { type: String, required: true },
    articleId: { type: String, required: true },
    parentId: { type: Schema.Types.ObjectId, default: null },
    body: { type: String, required: true },
    authorName: { type: String, required: true },
    authorEmail: { type: String, default: null },
    authorKey: { type: String, required: true },
    authorId: { type: String, default: '' },
    ipHash: { type: String, default: null },
    status: { type: String, required: true },
    featured: { type: Boolean, default: false },
    reactions: { respect: { type: Number, default: 0 } },
    reactionSeq: { type: Number, default: 0 },
    reactionsCountedAt: { type: Number, default: 0 },
    editedAt: { type: Date, default: null },
    deletedAt: { type: Date, default: null },
    reported: { type: Boolean, default: false },
    reportCount: { type: Number, default: 0 },
    reportReasons: { type: Schema.Types.Mixed, default: {} },
    shadowHidden: { type: Boolean, default: false },
    version: { type: Number, required: true, default: 1 },
    moderation: { type: Schema.Types.Mixed, required: true },
    fingerprint: { type: String, required: true },
    risk: { type: Schema.Types.Mixed, default: null },
    lastAction: { type: Schema.Types.Mixed, default: null },
    auditDue: { type: Date },
    idempotencyKey: { type: String },
    requestHash: { type: String },
  },
  {
    collection: COLLECTION,
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
// Article comment count; reply counts per parent (the `replies` sort).
commentSchema.index({ siteId: 1, articleId: 1, status: 1, shadowHidden: 1, parentId: 1 });
// Editor picks of an article, newest first.
commentSchema.index({ siteId: 1, articleId: 1, featured: 1, status: 1, shadowHidden: 1, createdAt: -1 });
// Replies to a reader's comments across articles, newest first (notifications).
commentSchema.index({ siteId: 1, parentId: 1, status: 1, shadowHidden: 1, createdAt: -1, _id: -1 });
// A reader's own comments under one article (what only they see).
commentSchema.index({ siteId: 1, authorKey: 1, articleId: 1, createdAt: -1 });
// Moderation queues, oldest first.
commentSchema.index({ siteId: 1, status: 1, createdAt: 1, _id: 1 });
commentSchema.index({ siteId: 1, reported: 1, createdAt: 1, _id: 1 });
// Moderation queues by risk, highest first (sort=risk).
commentSchema.index({ siteId: 1, status: 1, 'risk.score': -1, _id: -1 });
commentSchema.index({ siteId: 1, reported: 1, 'risk.score': -1, _id: -1 });
// Author history and duplicate detection; with the time, the workbench's author filter.
commentSchema.index({ siteId: 1, authorKey: 1, status: 1, createdAt: 1, _id: 1 });
// The workbench's filters: a queue narrowed to one article, one author or one rule, by time.
commentSchema.index({ siteId: 1, articleId: 1, status: 1, createdAt: 1, _id: 1 });
commentSchema.index({ siteId: 1, articleId: 1, reported: 1, createdAt: 1, _id: 1 });
commentSchema.index({ siteId: 1, authorKey: 1, reported: 1, createdAt: 1, _id: 1 });
commentSchema.index({ siteId: 1, 'moderation.reasons.rule': 1, status: 1, createdAt: 1, _id: 1 });
commentSchema.index({ siteId: 1, 'moderation.reasons.rule': 1, reported: 1, createdAt: 1, _id: 1 });
commentSchema.index({ siteId: 1, authorKey: 1, fingerprint: 1, createdAt: -1 });

// Erasure and export by e-mail; retention sweeps by age.
commentSchema.index({ siteId: 1, authorEmail: 1 });
commentSchema.index({ siteId: 1, createdAt: 1 });
// An author's comments, newest first (moderator history, bans, export).
commentSchema.index({ siteId: 1, authorKey: 1, createdAt: -1, _id: -1 });

// Decisions whose audit record is not written yet (a handful at most: sparse).
commentSchema.index({ auditDue: 1 }, { sparse: true });

// One comment per Idempotency-Key and site: the insert itself claims the key (partial: only
// comments posted with one are in it).
commentSchema.index({ idempotencyKey: 1 }, { unique: true, partialFilterExpression: KEYED });

export const commentIndexes = () => commentSchema.indexes();

const toComment = (doc: CommentDoc): Comment => ({
  ...toThreadComment(doc),
  authorEmail: doc.authorEmail ?? null,
  authorKey: doc.authorKey,
  ipHash: doc.ipHash ?? null,
  deletedAt: doc.deletedAt ?? null,
  reported: doc.reported ?? false,
  reportCount: doc.reportCount ?? 0,
  reportReasons: doc.reportReasons ?? {},
  shadowHidden: doc.shadowHidden ?? false,
  version: doc.version,
  moderation: doc.moderation,
  fingerprint: doc.fingerprint,
  risk: doc.risk ?? null,
  lastAction: doc.lastAction ?? null,
  createdAt: doc.createdAt,
  updatedAt: doc.updatedAt,
});

/**
 * What the public thread reads of a comment: the fields of its public form, nothing more.
 * E-mail, IP hash, author key and moderation detail never leave the database for it, and
 * the documents it decodes are a fraction of the size (moderation reasons and risk are
 * most of a stored comment).
 */
const THREAD_FIELDS = {
  siteId: 1,
  articleId: 1,
  parentId: 1,
  body: 1,
  authorName: 1,
  authorId: 1,
  status: 1,
  featured: 1,
  reactions: 1,
  editedAt: 1,
  createdAt: 1,
} as const;

type ThreadDoc = Pick<CommentDoc, Exclude<keyof typeof THREAD_FIELDS, 'parentId'> | '_id' | 'parentId'>;

/**
 * The same for reads within one article, whose filter names the site and article: the
 * caller knows both, so they are not read back for every comment.
 */
const { siteId: _site, articleId: _article, ...ARTICLE_FIELDS } = THREAD_FIELDS;
type ArticleDoc = Omit<ThreadDoc, 'siteId' | 'articleId'>;

const threadComment = (doc: ArticleDoc, siteId: string, articleId: string): ThreadComment => ({
  id: doc._id.toHexString(),
  siteId,
  articleId,
  parentId: doc.parentId ? doc.parentId.toHexString() : null,
  body: doc.body,
  authorName: doc.authorName,
  authorId: doc.authorId ?? '',
  status: doc.status,
  featured: doc.featured ?? false,
  reactions: { respect: doc.reactions?.respect ?? 0 },
  editedAt: doc.editedAt ?? null,
  createdAt: doc.createdAt,
});

const toThreadComment = (doc: ThreadDoc): ThreadComment => threadComment(doc, doc.siteId, doc.articleId);

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
  | 'risk'
  | 'reactions'
  | 'editedAt'
  | 'deletedAt'
> & { risk?: Comment['risk'] };

export interface Position {
  t: number;
  id: string;
}

export type QueueName = 'pending' | 'reported' | 'rejected' | 'approved';
export type QueueCounts = Record<QueueName, number>;

/** Top-level comments that hold a place in the public thread (a deleted one keeps its replies). */
const THREAD_STATUSES: StoredStatus[] = ['approved', 'deleted'];

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

type TopLevelOptions = {
  limit: number;
  after?: Position;
  sort: 'newest' | 'oldest';
  viewerKey?: string | null;
};

/** The public thread's top-level comments after a position, in time order (index: the thread index). */
function topLevelQuery(siteId: string, articleId: string, options: TopLevelOptions) {
  const direction = options.sort === 'newest' ? -1 : 1;
  return {
    filter: {
      siteId,
      articleId,
      parentId: null,
      status: { $in: THREAD_STATUSES },
      $and: [visibleTo(options.viewerKey), after(options.after, direction)],
    },
    sort: { createdAt: direction, _id: direction } as const,
  };
}

/** Replies a page carries at most (oldest first across its top-level comments): an answer stays bounded. */
export const MAX_PAGE_REPLIES = 5000;

/** The visible replies of the given top-level comments (index: the thread index). */
function repliesOf(
  siteId: string,
  articleId: string,
  parentIds: string[],
  viewerKey: string | null | undefined,
) {
  return {
    siteId,
    articleId,
    parentId: { $in: parentIds.map((id) => new Types.ObjectId(id)) },
    status: 'approved',
    ...visibleTo(viewerKey),
  };
}

/** The given top-level comments, if they still hold a place in the thread a reader sees. */
function inThread(ids: string[], viewerKey: string | null | undefined) {
  return {
    _id: { $in: ids.map((id) => new Types.ObjectId(id)) },
    status: { $in: THREAD_STATUSES },
    ...visibleTo(viewerKey),
  };
}

const compareIds = (a: Types.ObjectId, b: Types.ObjectId) => {
  const x = a.toHexString();
  const y = b.toHexString();
  return x < y ? -1 : x > y ? 1 : 0;
};

/** What a queue can be narrowed to (one of article, author and rule; any time range). */
export interface QueueFilter {
  articleId?: string;
  authorKey?: string;
  rule?: string;
  from?: Date;
  to?: Date;
}

function queueFilter(
  siteId: string,
  queue: QueueName,
  filter: QueueFilter | undefined,
  position: Position | undefined,
  direction: 1 | -1,
) {
  const base: Record<string, unknown> =
    queue === 'reported' ? { siteId, reported: true } : { siteId, status: queue };
  if (filter?.articleId) base.articleId = filter.articleId;
  if (filter?.authorKey) base.authorKey = filter.authorKey;
  if (filter?.rule) base['moderation.reasons.rule'] = filter.rule;
  const and: Record<string, unknown>[] = [];
  if (filter?.from || filter?.to) {
    and.push({
      createdAt: { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) },
    });
  }
  if (position) and.push(after(position, direction));
  return and.length ? { ...base, $and: and } : base;
}

/** Case, accents and spacing folded away, so "Ærlig" finds "ærlig" and "naïve" finds "naive". */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u0309\u030b-\u036f]/g, '')
    .normalize('NFC')
    .toLocaleLowerCase('nb')
    .replace(/\s+/g, ' ');
}

/** Comments sent in one insert at most (a burst's rest go in the next). */
const INSERT_BATCH = 100;
/** An acknowledged comment must survive a primary failover (the schema's write concern). */
const MAJORITY = { w: 'majority' } as const;

/** A comment waiting for its insert (see `CommentRepository.insert`). */
interface QueuedInsert {
  doc: CommentDoc;
  /** The request deadline's check for a write, run in the caller's own request. */
  commit: () => void;
  resolve: (comment: Comment | null) => void;
  reject: (err: unknown) => void;
}

/** Whether the caller's request may still write (else it is answered DeadlineExceededError). */
function committed(entry: QueuedInsert): boolean {
  try {
    entry.commit();
    return true;
  } catch (err) {
    entry.reject(err);
    return false;
  }
}

/** Author-activity reads sent in one aggregation at most (a burst's rest go in the next). */
const ACTIVITY_BATCH = 100;
const HISTORY_STATUSES: CommentStatus[] = ['approved', 'rejected', 'pending'];

/** One post's question about its author (see `CommentRepository.authorActivity`). */
export interface ActivityQuery {
  authorKey: string;
  fingerprint: string;
  /** The duplicate check looks at this author's comments from this time on. */
  since: Date;
  /** An edited comment: its own text is not a duplicate of itself. */
  excludeId?: string;
  /** Also the author's record, read in the same command. */
  withAuthor?: boolean;
}

export interface AuthorActivity {
  history: AuthorHistory;
  recentFingerprints: string[];
  /** With `withAuthor`: the `authors` document as stored, or null. */
  authorDoc?: Record<string, unknown> | null;
}

/** A read waiting for its turn (see `CommentRepository.authorActivity`). */
interface QueuedActivity {
  siteId: string;
  query: ActivityQuery;
  /** The request deadline's check for a read, run in the caller's own request. */
  deadline: () => number | null;
  resolve: (activity: AuthorActivity) => void;
  reject: (err: unknown) => void;
}

/** What the aggregation returns: one row of facets, then the author records asked for. */
type ActivityRow = Record<string, { _id: string; n?: number; fingerprints?: string[] }[] | undefined> & {
  authorKey?: string;
};

const one = <T>(values: T[]): T | { $in: T[] } => (values.length === 1 ? values[0]! : { $in: values });

/** Each query's duplicate round: how many queries before it asked about the same author and text. */
function duplicateRounds(queries: ActivityQuery[]): number[] {
  const seen = new Map<string, number>();
  return queries.map((q) => {
    const pair = `${q.authorKey}\u0000${q.fingerprint}`;
    const round = seen.get(pair) ?? 0;
    seen.set(pair, round + 1);
    return round;
  });
}

/**
 * Several posts' author activity on one site in one aggregation (one post's too): over the
 * comments of their authors (the `(siteId, authorKey, ...)` index), per status a count by author,
 * and the duplicate checks; then, by `$unionWith` on the authors' unique index, the records asked
 * for. Only forms jongodb evaluates as MongoDB does: a `$group` by a plain field path with `$sum: 1`
 * or `$addToSet` of a field (a compound `_id` such as `{ authorKey, status }` comes back unevaluated
 * there and lumps every comment into one group; `$sum` of a `$cond` comes back 0).
 *
 * A duplicate check is a clause of its own (author, fingerprint, since, excluded id), grouped by
 * author into the fingerprints found. Posts asking the same author about the same text (the same
 * author posting it twice at once) go in different rounds (`duplicate0`, `duplicate1`, ...), so each
 * round's answer for an author and text is its one clause's, with its own `since`.
 */
export function authorActivityPipeline(siteId: string, queries: ActivityQuery[]): mongo.Document[] {
  const keys = [...new Set(queries.map((q) => q.authorKey))];
  const withAuthor = [...new Set(queries.filter((q) => q.withAuthor).map((q) => q.authorKey))];
  const roundOf = duplicateRounds(queries);
  const rounds: mongo.Document[][] = Array.from({ length: Math.max(...roundOf) + 1 }, () => []);
  for (const [i, q] of queries.entries()) {
    rounds[roundOf[i]!]!.push({
      authorKey: q.authorKey,
      fingerprint: q.fingerprint,
      createdAt: { $gte: q.since },
      ...(q.excludeId ? { _id: { $ne: new Types.ObjectId(q.excludeId) } } : {}),
    });
  }
  const facets: Record<string, mongo.Document[]> = {};
  for (const status of HISTORY_STATUSES)
    facets[status] = [{ $match: { status } }, { $group: { _id: '$authorKey', n: { $sum: 1 } } }];
  for (const [round, clauses] of rounds.entries())
    facets[`duplicate${round}`] = [
      { $match: clauses.length === 1 ? clauses[0]! : { $or: clauses } },
      { $group: { _id: '$authorKey', fingerprints: { $addToSet: '$fingerprint' } } },
    ];
  return [
    { $match: { siteId, authorKey: one(keys) } },
    { $facet: facets },
    // The records live in another collection; read here, they cost no round trip of their own.
    ...(withAuthor.length > 0
      ? [{ $unionWith: { coll: 'authors', pipeline: [{ $match: { siteId, authorKey: one(withAuthor) } }] } }]
      : []),
  ];
}

/** Each query's own answer from the rows of `authorActivityPipeline` (in the queries' order). */
function activityAnswers(queries: ActivityQuery[], rows: ActivityRow[]): AuthorActivity[] {
  const facets = rows.find((row) => row.authorKey === undefined) ?? {};
  const records = new Map(
    rows.filter((row) => row.authorKey !== undefined).map((row) => [row.authorKey!, row]),
  );
  const counts = HISTORY_STATUSES.map(
    (status) => new Map((facets[status] ?? []).map((group) => [group._id, group.n ?? 0])),
  );
  const roundOf = duplicateRounds(queries);
  return queries.map((q, i) => {
    const found = (facets[`duplicate${roundOf[i]}`] ?? []).find((group) => group._id === q.authorKey);
    const history = Object.fromEntries(
      HISTORY_STATUSES.map((status, i) => [status, counts[i]!.get(q.authorKey) ?? 0]),
    ) as unknown as AuthorHistory;
    const recentFingerprints = found?.fingerprints?.includes(q.fingerprint) ? [q.fingerprint] : [];
    if (!q.withAuthor) return { history, recentFingerprints };
    return { history, recentFingerprints, authorDoc: records.get(q.authorKey) ?? null };
  });
}

export class CommentRepository {
  readonly model;

  constructor(connection: Connection) {
    this.model = connection.model<CommentDoc>('Comment', commentSchema);
  }

  /**
   * An aggregation sent to the driver, for the public thread's reads (each with a `$project`,
   * which jongodb applies where it ignores a find's projection); the author-activity read
   * goes to the driver the same way. Their filters hold only what we built (strings, ObjectIds, dates), so mongoose's query
   * building and casting, a fifth of an uncached GET's mongoose and driver time, buys nothing
   * there. readDeadline(d) stands in for `within`.
   */
  #read<T extends mongo.Document>(pipeline: mongo.Document[], d?: Deadline | null): Promise<T[]> {
    const driver = this.model.collection as unknown as mongo.Collection<CommentDoc>;
    return driver.aggregate<T>(pipeline, readDeadline(d)).toArray();
  }

  /**
   * Inserts under the given id and, with `idempotency`, under its key too; null when a comment
   * already holds that key (a retry or a concurrent duplicate: see `findByIdempotencyKey`).
   *
   * The driver's insert, not `Model.create`: every field is one the caller built from input our
   * own validation (zod) already checked, so mongoose's document building, casting, defaults and
   * validation buy nothing here (with the history's aggregation, mongoose was 13 % of a POST's
   * main-thread time; 2 % since both go to the driver). What they did is done here:
   * every default of the schema written, the timestamps, `w: majority` (the schema's write
   * concern), undefined fields left out (as mongoose does) and the request deadline.
   *
   * Group commit: a comment inserted while another insert of this repository is in flight waits
   * for it, then goes with the others that waited (up to INSERT_BATCH) in one unordered
   * `insertMany`, and each caller gets its own outcome (see #settleBatch). Alone, it is one
   * `insertOne`, sent at once (no timer). A waiting comment's request deadline is checked when
   * its insert is sent, in its own request: past it, the comment is left out (nothing stored,
   * DeadlineExceededError); sent, it commits its request, as an insert alone does.
   */
  async insert(
    comment: NewComment,
    idempotency?: { key: string; requestHash: string } | null,
    d?: Deadline | null,
  ): Promise<Comment | null> {
    const { id, parentId, risk, ...fields } = comment;
    const now = new Date();
    const doc: CommentDoc = {
      ...fields,
      _id: new Types.ObjectId(id),
      parentId: parentId ? new Types.ObjectId(parentId) : null,
      featured: false,
      reactions: { respect: 0 },
      reactionSeq: 0,
      reactionsCountedAt: 0,
      editedAt: null,
      deletedAt: null,
      reported: false,
      reportCount: 0,
      reportReasons: {},
      version: 1,
      risk: risk ?? null,
      lastAction: null,
      createdAt: now,
      updatedAt: now,
      ...(idempotency ? { idempotencyKey: idempotency.key, requestHash: idempotency.requestHash } : {}),
    };
    return new Promise<Comment | null>((resolve, reject) => {
      this.#queued.push({ doc, commit: () => writeDeadline(d), resolve, reject });
      if (!this.#sending) void this.#sendQueued();
    });
  }

  readonly #queued: QueuedInsert[] = [];
  /** An insert of this repository is in flight: comments inserted now wait for it. */
  #sending = false;

  get #driver() {
    return this.model.collection as unknown as mongo.Collection<CommentDoc>;
  }

  /** Sends what is queued, a batch at a time, until nothing is; each caller's promise settled. */
  async #sendQueued(): Promise<void> {
    this.#sending = true;
    try {
      while (this.#queued.length > 0) {
        const batch = this.#queued.splice(0, INSERT_BATCH).filter(committed);
        try {
          if (batch.length === 1) await this.#insertOne(batch[0]!);
          else if (batch.length > 1) await this.#insertMany(batch);
        } catch (err) {
          // Not a failure of the insert (each caller has its outcome then): no caller is left waiting.
          for (const entry of batch) entry.reject(err);
        }
      }
    } finally {
      this.#sending = false;
    }
  }

  async #insertOne(entry: QueuedInsert): Promise<void> {
    try {
      await this.#driver.insertOne(entry.doc, { writeConcern: MAJORITY, ignoreUndefined: true });
      entry.resolve(toComment(entry.doc));
    } catch (err) {
      if (isDuplicateKey(err)) entry.resolve(null);
      else entry.reject(err);
    }
  }

  async #insertMany(batch: QueuedInsert[]): Promise<void> {
    try {
      await this.#driver.insertMany(
        batch.map((entry) => entry.doc),
        { ordered: false, writeConcern: MAJORITY, ignoreUndefined: true },
      );
    } catch (err) {
      await this.#settleBatch(batch, err);
      return;
    }
    for (const entry of batch) entry.resolve(toComment(entry.doc));
  }

  /**
   * A batch whose insert failed, for some of its comments or all. MongoDB (an unordered insert)
   * stores every comment but those its `writeErrors` name, by their index in the batch: such a
   * comment's caller gets its own outcome (null for a duplicate key, else the error), the others
   * theirs, unless the write concern failed (not acknowledged: the error, as `insertOne` gives).
   * jongodb instead refuses the whole batch over one duplicate key (ok: 0, code 11000, nothing
   * stored, no `writeErrors`): then each comment is inserted on its own. Any other failure
   * (network, timeout) is every caller's, as it would have been each one's insert's.
   */
  async #settleBatch(batch: QueuedInsert[], err: unknown): Promise<void> {
    const bulk = err instanceof mongo.MongoBulkWriteError ? err : null;
    const writeErrors = bulk ? [bulk.result?.getWriteErrors() ?? bulk.writeErrors].flat() : [];
    const concern = bulk?.result?.getWriteConcernError();
    const notAcknowledged =
      concern &&
      new mongo.MongoWriteConcernError({
        ok: 1,
        writeConcernError: {
          code: concern.code ?? 0,
          errmsg: concern.errmsg ?? '',
          errInfo: concern.errInfo,
        },
      });
    if (writeErrors.length === 0 && !concern && isDuplicateKey(err)) {
      for (const entry of batch) await this.#insertOne(entry);
      return;
    }
    if (writeErrors.length === 0) {
      // The driver wraps a failure of its own (a network error) in the bulk error: the original
      // (a MongoNetworkError, answered 503) is what each insert would have thrown.
      const cause = notAcknowledged ?? (bulk?.errorResponse instanceof Error ? bulk.errorResponse : err);
      for (const entry of batch) entry.reject(cause);
      return;
    }
    const failed = new Map(writeErrors.map((writeError) => [writeError.index, writeError]));
    for (const [index, entry] of batch.entries()) {
      const own = failed.get(index);
      if (own?.code === 11000) entry.resolve(null);
      else if (own)
        entry.reject(
          new mongo.MongoServerError({ errmsg: own.errmsg, code: own.code, errInfo: own.errInfo }),
        );
      else if (notAcknowledged) entry.reject(notAcknowledged);
      else entry.resolve(toComment(entry.doc));
    }
  }

  /** The comment posted with this (site-scoped) Idempotency-Key, and the hash of that request. */
  async findByIdempotencyKey(
    key: string,
    d?: Deadline | null,
  ): Promise<{ comment: Comment; requestHash: string } | null> {
    const doc = await within(this.model, d)
      .findOne({ idempotencyKey: { $eq: key, ...KEYED.idempotencyKey } })
      .lean<CommentDoc>();
    return doc ? { comment: toComment(doc), requestHash: doc.requestHash ?? '' } : null;
  }

  /** Lets a key go (it has expired): only from this comment, and only if it still holds it. */
  async releaseIdempotencyKey(id: string, key: string, d?: Deadline | null): Promise<void> {
    await within(this.model, d).updateOne(
      { _id: new Types.ObjectId(id), idempotencyKey: key },
      { $unset: { idempotencyKey: 1, requestHash: 1 } },
      { timestamps: false },
    );
  }

  /**
   * The ids of the comments whose id was made in [from, to) (an ObjectId starts with its
   * time: answered from the _id index), oldest first, at most `limit` after `after`. Only those
   * stored since their id was made (a post's `createdAt` is its insert's time): comments written
   * with an earlier `createdAt` of their own (an import, the benches' seeds) are not posts.
   */
  async idsMadeBetween(from: Date, to: Date, limit: number, after?: string): Promise<string[]> {
    const fromSecond = Math.floor(from.getTime() / 1000);
    const lower = after
      ? { $gt: new Types.ObjectId(after) }
      : { $gte: Types.ObjectId.createFromTime(fromSecond) };
    const docs = await this.#driver
      .find(
        {
          _id: { ...lower, $lt: Types.ObjectId.createFromTime(Math.floor(to.getTime() / 1000)) },
          createdAt: { $gte: new Date(fromSecond * 1000) },
        },
        { projection: { _id: 1 } },
      )
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
    return docs.map((doc) => doc._id.toHexString());
  }

  async findById(id: string, d?: Deadline | null): Promise<Comment | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const doc = await within(this.model, d).findById(new Types.ObjectId(id)).lean<CommentDoc>();
    return doc ? toComment(doc) : null;
  }

  /**
   * One page of an article's top-level comments by time. Deleted ones come too: one with
   * visible replies stays in the thread as "deleted by its author"; the caller drops the rest.
   */
  async listTopLevel(
    siteId: string,
    articleId: string,
    options: TopLevelOptions,
    d?: Deadline | null,
  ): Promise<Comment[]> {
    const { filter, sort } = topLevelQuery(siteId, articleId, options);
    const docs = await within(this.model, d)
      .find(filter)
      .sort(sort)
      .limit(options.limit + 1)
      .lean<CommentDoc[]>();
    return docs.map(toComment);
  }

  /**
   * What a reader's page of the thread needs, in one command: the page of top-level comments
   * (as listTopLevel), the article's visible comment count, on a first page its editor picks,
   * and the replies of `repliesOf` (the top-level comments the caller expects on the page: a
   * reply needs its parent's id, so without them the replies take a second command). The
   * count, the picks and the replies are `$unionWith` sub-pipelines, each starting with its
   * own `$match`, so on MongoDB each is answered from its index (a `$facet` would read every
   * comment of the article); their rows are tagged `_part`. `replies` is null when the
   * replies of `repliesOf` reached MAX_PAGE_REPLIES (which of them a page shows then depends
   * on the page: see listReplies).
   */
  async threadPage(
    siteId: string,
    articleId: string,
    /** A page by time, or given top-level comments (a ranked page's ids, returned in no order). */
    page: TopLevelOptions | { ids: string[]; viewerKey?: string | null },
    options: { featured: number; repliesOf?: string[] },
    d?: Deadline | null,
  ): Promise<{
    top: ThreadComment[];
    visibleCount: number;
    featured: ThreadComment[];
    replies: ThreadComment[] | null;
  }> {
    const byTime = 'sort' in page ? topLevelQuery(siteId, articleId, page) : null;
    const pipeline: PipelineStage[] = byTime
      ? [
          { $match: byTime.filter },
          { $sort: byTime.sort },
          { $limit: (page as TopLevelOptions).limit + 1 },
          { $project: ARTICLE_FIELDS },
        ]
      : // By id: the site and article are read back, for the caller to check.
        [{ $match: inThread((page as { ids: string[] }).ids, page.viewerKey) }, { $project: THREAD_FIELDS }];
    const visible = { siteId, articleId, status: 'approved', ...visibleTo(page.viewerKey) };
    pipeline.push({
      $unionWith: {
        coll: COLLECTION,
        pipeline: [{ $match: visible }, { $count: 'n' }, { $addFields: { _part: 'count' } }],
      },
    });
    if (options.featured > 0) {
      pipeline.push({
        $unionWith: {
          coll: COLLECTION,
          pipeline: [
            { $match: { siteId, articleId, featured: true, status: 'approved', shadowHidden: false } },
            { $sort: { createdAt: -1 } },
            { $limit: options.featured },
            { $project: ARTICLE_FIELDS },
            { $addFields: { _part: 'featured' } },
          ],
        },
      });
    }
    const parents = options.repliesOf ?? [];
    if (parents.length > 0) {
      pipeline.push({
        $unionWith: {
          coll: COLLECTION,
          pipeline: [
            { $match: repliesOf(siteId, articleId, parents, page.viewerKey) },
            { $sort: { createdAt: 1, _id: 1 } },
            { $limit: MAX_PAGE_REPLIES },
            { $project: ARTICLE_FIELDS },
            { $addFields: { _part: 'reply' } },
          ],
        },
      });
    }
    type Row = ArticleDoc & Partial<Pick<ThreadDoc, 'siteId' | 'articleId'>> & { _part?: string; n?: number };
    const rows = await this.#read<Row>(pipeline, d);
    const top: Row[] = [];
    const featured: Row[] = [];
    const replies: Row[] = [];
    let visibleCount = 0;
    for (const row of rows) {
      if (row._part === 'count') visibleCount = row.n ?? 0;
      else if (row._part === 'featured') featured.push(row);
      else if (row._part === 'reply') replies.push(row);
      else top.push(row);
    }
    // A union's parts are not ordered relative to each other; each part is put in its own order again.
    if (byTime) {
      const direction = byTime.sort.createdAt;
      top.sort(
        (a, b) => direction * (a.createdAt.getTime() - b.createdAt.getTime() || compareIds(a._id, b._id)),
      );
    }
    featured.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    replies.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || compareIds(a._id, b._id));
    const mapped = (row: Row) => threadComment(row, row.siteId ?? siteId, row.articleId ?? articleId);
    return {
      top: top.map(mapped),
      visibleCount,
      featured: featured.map(mapped),
      replies: replies.length < MAX_PAGE_REPLIES ? replies.map(mapped) : null,
    };
  }

  /**
   * The newest `max` top-level comments of an article with what the ranked sorts order by
   * (ids, times, reaction counts), for building a ranking snapshot.
   */
  async rankingCandidates(
    siteId: string,
    articleId: string,
    max: number,
    d?: Deadline | null,
  ): Promise<{ id: string; createdAt: Date; respect: number }[]> {
    // An aggregation for its `$project`, which jongodb applies (it ignores a find's projection).
    const docs = await this.#read<Pick<CommentDoc, '_id' | 'createdAt' | 'reactions'>>(
      [
        {
          $match: {
            siteId,
            articleId,
            parentId: null,
            status: { $in: THREAD_STATUSES },
            shadowHidden: false,
          },
        },
        { $sort: { createdAt: -1, _id: -1 } },
        { $limit: max },
        { $project: { _id: 1, createdAt: 1, reactions: 1 } },
      ],
      d,
    );
    return docs.map((d) => ({
      id: d._id.toHexString(),
      createdAt: d.createdAt,
      respect: d.reactions?.respect ?? 0,
    }));
  }

  /** Visible replies per parent across an article (counted, for the `replies` sort). */
  async replyCounts(siteId: string, articleId: string, d?: Deadline | null): Promise<Map<string, number>> {
    const rows = await within(this.model, d).aggregate<{ _id: Types.ObjectId; n: number }>([
      { $match: { siteId, articleId, status: 'approved', shadowHidden: false, parentId: { $ne: null } } },
      { $group: { _id: '$parentId', n: { $sum: 1 } } },
    ]);
    return new Map(rows.map((row) => [String(row._id), row.n]));
  }

  /** The given top-level comments that are still in the thread (for a ranked page), in no order. */
  async findInThread(
    ids: string[],
    viewerKey: string | null = null,
    d?: Deadline | null,
  ): Promise<ThreadComment[]> {
    if (ids.length === 0) return [];
    const docs = await this.#read<ThreadDoc>(
      [{ $match: inThread(ids, viewerKey) }, { $project: THREAD_FIELDS }],
      d,
    );
    return docs.map(toThreadComment);
  }

  /**
   * Visible replies of the given parents, oldest first, in their public fields. An aggregation
   * rather than a find with a projection: jongodb ignores a find's projection and answered
   * whole stored comments (moderation detail and all, decoded for every page); a `$project`
   * it applies. On MongoDB both are the same index walk.
   */
  async listReplies(
    siteId: string,
    articleId: string,
    parentIds: string[],
    max = MAX_PAGE_REPLIES,
    viewerKey: string | null = null,
    d?: Deadline | null,
  ): Promise<ThreadComment[]> {
    if (parentIds.length === 0) return [];
    const docs = await this.#read<ArticleDoc>(
      [
        { $match: repliesOf(siteId, articleId, parentIds, viewerKey) },
        { $sort: { createdAt: 1, _id: 1 } },
        { $limit: max },
        { $project: ARTICLE_FIELDS },
      ],
      d,
    );
    return docs.map((doc) => threadComment(doc, siteId, articleId));
  }

  /**
   * Counts one more report (called only after the report itself was stored,
   * so a repeated report never counts twice) and returns the comment after.
   */
  async addReport(id: string, reason: string, d?: Deadline | null): Promise<Comment | null> {
    const doc = await within(this.model, d)
      .findOneAndUpdate(
        { _id: new Types.ObjectId(id) },
        { $inc: { reportCount: 1, [`reportReasons.${reason}`]: 1 } },
        { returnDocument: 'after', timestamps: false },
      )
      .lean<CommentDoc>();
    return doc ? toComment(doc) : null;
  }

  /** Puts a visible comment into the `reported` queue once; null when it already is (or is no longer visible). */
  async markReported(id: string, d?: Deadline | null): Promise<Comment | null> {
    const doc = await within(this.model, d)
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
    d?: Deadline | null,
  ): Promise<Comment[]> {
    if (authorKeys.length === 0) return [];
    const docs = await within(this.model, d)
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
  async setShadowHidden(
    siteId: string,
    authorKey: string,
    hidden: boolean,
    max = 1000,
    d?: Deadline | null,
  ): Promise<Comment[]> {
    const ids = (
      await within(this.model, d)
        .find({ siteId, authorKey, shadowHidden: !hidden })
        .select({ _id: 1 })
        .limit(max)
        .lean<{ _id: Types.ObjectId }[]>()
    ).map((d) => d._id);
    if (ids.length === 0) return [];
    const stamp = new Date();
    await within(this.model, d).updateMany(
      { _id: { $in: ids }, shadowHidden: !hidden },
      { $set: { shadowHidden: hidden, updatedAt: stamp }, $inc: { version: 1 } },
      { timestamps: false },
    );
    const docs = await within(this.model, d)
      .find({ _id: { $in: ids }, shadowHidden: hidden, updatedAt: stamp })
      .lean<CommentDoc[]>();
    return docs.map(toComment);
  }

  /**
   * A moderation queue, oldest first (newest first for rejected and approved),
   * optionally narrowed to one article, one author or one rule, and to a time
   * range: each narrowing has its index, so at most one of the three is given.
   */
  async listQueue(
    siteId: string,
    queue: QueueName,
    options: { limit: number; after?: Position; filter?: QueueFilter },
    d?: Deadline | null,
  ) {
    const direction = queue === 'pending' || queue === 'reported' ? 1 : -1;
    const docs = await within(this.model, d)
      .find(queueFilter(siteId, queue, options.filter, options.after, direction))
      .sort({ createdAt: direction, _id: direction })
      .limit(options.limit + 1)
      .lean<CommentDoc[]>();
    return docs.map(toComment);
  }

  /**
   * A moderation queue by risk, highest first; comments without a score last.
   * The position is (score × 10,000, or -1 for none; id).
   */
  async listQueueByRisk(
    siteId: string,
    queue: QueueName,
    options: { limit: number; after?: Position },
    d?: Deadline | null,
  ) {
    const filter = queue === 'reported' ? { siteId, reported: true } : { siteId, status: queue };
    const position = options.after;
    let rest = {};
    if (position && position.t < 0) {
      rest = { 'risk.score': null, _id: { $lt: new Types.ObjectId(position.id) } };
    } else if (position) {
      const score = position.t / 10_000;
      rest = {
        $or: [
          { 'risk.score': { $lt: score } },
          { 'risk.score': score, _id: { $lt: new Types.ObjectId(position.id) } },
          { 'risk.score': null },
        ],
      };
    }
    const docs = await within(this.model, d)
      .find({ ...filter, ...rest })
      .sort({ 'risk.score': -1, _id: -1 })
      .limit(options.limit + 1)
      .lean<CommentDoc[]>();
    return docs.map(toComment);
  }

  /**
   * Text search within a bounded window: the next `window` comments of the
   * (filtered) queue are read through its index and matched here, so a search
   * never scans a whole site. Returns the matches (at most `limit`) and where
   * the scan stopped, to go on from there.
   */
  async searchQueue(
    siteId: string,
    queue: QueueName,
    options: { limit: number; window: number; after?: Position; filter?: QueueFilter; text: string },
    d?: Deadline | null,
  ): Promise<{ matches: Comment[]; scanned: number; last: Position | null; more: boolean }> {
    const direction = queue === 'pending' || queue === 'reported' ? 1 : -1;
    const needle = foldForSearch(options.text);
    const cursor = within(this.model, d)
      .find(queueFilter(siteId, queue, options.filter, options.after, direction))
      .sort({ createdAt: direction, _id: direction })
      .limit(options.window + 1)
      .lean<CommentDoc>()
      .cursor();
    const matches: Comment[] = [];
    let scanned = 0;
    let last: Position | null = null;
    let more = false;
    for await (const doc of cursor) {
      if (scanned === options.window) {
        more = true;
        break;
      }
      scanned++;
      last = { t: doc.createdAt.getTime(), id: doc._id.toHexString() };
      if (foldForSearch(`${doc.body}\n${doc.authorName}`).includes(needle)) {
        matches.push(toComment(doc));
        if (matches.length === options.limit) {
          more = true;
          break;
        }
      }
    }
    await cursor.close();
    return { matches, scanned, last, more };
  }

  /**
   * The articles with the latest comments, most recent activity first, read
   * from the newest `window` comments of the site (an index walk, never a
   * scan of the whole site), then counted exactly per status.
   */
  async articleActivity(
    siteId: string,
    options: { limit: number; window: number },
    d?: Deadline | null,
  ): Promise<{ articleId: string; lastCommentAt: Date; counts: QueueCounts }[]> {
    const recent = await within(this.model, d)
      .find({ siteId })
      .sort({ createdAt: -1 })
      .limit(options.window)
      .select({ articleId: 1, createdAt: 1 })
      .lean<{ articleId: string; createdAt: Date }[]>();
    const latest = new Map<string, Date>();
    for (const doc of recent) {
      if (latest.size >= options.limit) break;
      if (!latest.has(doc.articleId)) latest.set(doc.articleId, doc.createdAt);
    }
    const ids = [...latest.keys()];
    if (ids.length === 0) return [];
    const statuses: CommentStatus[] = ['pending', 'approved', 'rejected'];
    // One grouping per status by a plain field path (jongodb returns a compound `_id` unevaluated).
    const [pending, approved, rejected, reported] = await Promise.all([
      ...statuses.map((status) =>
        within(this.model, d).aggregate<{ _id: string; n: number }>([
          { $match: { siteId, articleId: { $in: ids }, status } },
          { $group: { _id: '$articleId', n: { $sum: 1 } } },
        ]),
      ),
      within(this.model, d).aggregate<{ _id: string; n: number }>([
        { $match: { siteId, articleId: { $in: ids }, reported: true } },
        { $group: { _id: '$articleId', n: { $sum: 1 } } },
      ]),
    ]);
    const count = (rows: { _id: string; n: number }[] | undefined, id: string) =>
      rows?.find((r) => r._id === id)?.n ?? 0;
    return ids.map((articleId) => ({
      articleId,
      lastCommentAt: latest.get(articleId)!,
      counts: {
        pending: count(pending, articleId),
        approved: count(approved, articleId),
        rejected: count(rejected, articleId),
        reported: count(reported, articleId),
      },
    }));
  }

  /** Exact queue sizes, counted (never kept as counters that could drift). */
  async queueCounts(siteId: string, d?: Deadline | null): Promise<QueueCounts> {
    const [pending, rejected, approved, reported] = await Promise.all([
      within(this.model, d).countDocuments({ siteId, status: 'pending' }),
      within(this.model, d).countDocuments({ siteId, status: 'rejected' }),
      within(this.model, d).countDocuments({ siteId, status: 'approved' }),
      within(this.model, d).countDocuments({ siteId, reported: true }),
    ]);
    return { pending, reported, rejected, approved };
  }

  /** Approved / rejected / pending counts per author key. */
  async authorHistories(
    siteId: string,
    authorKeys: string[],
    d?: Deadline | null,
  ): Promise<Map<string, AuthorHistory>> {
    const result = new Map<string, AuthorHistory>();
    const unique = [...new Set(authorKeys)];
    for (const key of unique) result.set(key, { approved: 0, rejected: 0, pending: 0 });
    if (unique.length === 0) return result;
    if (unique.length === 1) {
      // One author (every post, every single comment view): one grouping by status, one round trip.
      const key = unique[0]!;
      const history = result.get(key)!;
      const rows = await within(this.model, d).aggregate<{ _id: CommentStatus; n: number }>([
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
        within(this.model, d).aggregate<{ _id: string; n: number }>([
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

  /**
   * What a new post (or an edit, or a preview) needs to know about its author, in one round trip
   * over the author's comments: their history by status, and whether they wrote the same text
   * (fingerprint) since `since` — the duplicate rule's input — and with `withAuthor` their record
   * (the `authors` document as stored, or null) in the same command.
   *
   * Group read, as the comment's insert: alone, one aggregation, sent at once (no timer). Reads
   * asked for while one is in flight wait for it, then go together (up to ACTIVITY_BATCH, one site
   * at a time) in one aggregation (`authorActivityPipeline`), and each caller is answered its own
   * author's history, its own text's duplicate check and its own author's record. A read is never
   * answered by an aggregation sent before it was asked for, so a post reads every comment its
   * author had stored by then, as when each post sent its own. A waiting read's request deadline
   * is checked when it is sent, in its own request (past it: DeadlineExceededError, left out).
   */
  authorActivity(
    siteId: string,
    authorKey: string,
    fingerprint: string,
    since: Date,
    /** An edited comment: its own text is not a duplicate of itself. */
    excludeId?: string,
    options: { withAuthor?: boolean } = {},
    d?: Deadline | null,
  ): Promise<AuthorActivity> {
    return new Promise((resolve, reject) => {
      this.#activityQueue.push({
        siteId,
        query: { authorKey, fingerprint, since, excludeId, withAuthor: options.withAuthor === true },
        deadline: () => checkDeadline(d, false),
        resolve,
        reject,
      });
      if (!this.#readingActivity) void this.#sendActivityReads();
    });
  }

  readonly #activityQueue: QueuedActivity[] = [];
  /** An author-activity read of this repository is in flight: reads asked for now wait for it. */
  #readingActivity = false;

  /** Sends what is queued, one site's reads at a time, until nothing is; each caller's promise settled. */
  async #sendActivityReads(): Promise<void> {
    this.#readingActivity = true;
    try {
      while (this.#activityQueue.length > 0) {
        const siteId = this.#activityQueue[0]!.siteId;
        const batch: QueuedActivity[] = [];
        for (let i = 0; i < this.#activityQueue.length && batch.length < ACTIVITY_BATCH; ) {
          if (this.#activityQueue[i]!.siteId === siteId) batch.push(...this.#activityQueue.splice(i, 1));
          else i++;
        }
        let maxTimeMS: number | null = 0;
        const live = batch.filter((entry) => {
          try {
            const left = entry.deadline();
            maxTimeMS = left === null || maxTimeMS === null ? null : Math.max(maxTimeMS, left);
            return true;
          } catch (err) {
            entry.reject(err);
            return false;
          }
        });
        if (live.length === 0) continue;
        try {
          const rows = await this.#driver
            .aggregate<ActivityRow>(
              authorActivityPipeline(
                siteId,
                live.map((entry) => entry.query),
              ),
              maxTimeMS === null ? {} : { maxTimeMS: Math.max(1, maxTimeMS) },
            )
            .toArray();
          const answers = activityAnswers(
            live.map((entry) => entry.query),
            rows,
          );
          for (const [i, entry] of live.entries()) entry.resolve(answers[i]!);
        } catch (err) {
          for (const entry of live) entry.reject(err);
        }
      }
    } finally {
      this.#readingActivity = false;
    }
  }

  /**
   * The conditional write behind every moderator action: applies `set` only if
   * the comment is still at `expectedVersion`, and bumps the version. Null when
   * somebody else got there first.
   */
  async updateIfVersion(
    id: string,
    expectedVersion: number,
    set: Partial<
      Pick<
        Comment,
        'status' | 'featured' | 'reported' | 'lastAction' | 'body' | 'moderation' | 'fingerprint' | 'editedAt'
      >
    >,
    d?: Deadline | null,
  ): Promise<Comment | null> {
    const now = new Date();
    // A decision and the note that its audit record is due are one single-document write.
    const due = set.lastAction ? { auditDue: now } : {};
    const doc = await within(this.model, d)
      .findOneAndUpdate(
        { _id: new Types.ObjectId(id), version: expectedVersion },
        { $set: { ...set, ...due, updatedAt: now }, $inc: { version: 1 } },
        { returnDocument: 'after', timestamps: false },
      )
      .lean<CommentDoc>();
    return doc ? toComment(doc) : null;
  }

  /** The audit record of the comment's last action `actionId` is written: it is no longer due. */
  async auditWritten(id: string, actionId: string, d?: Deadline | null): Promise<void> {
    await within(this.model, d).updateOne(
      { _id: new Types.ObjectId(id), 'lastAction.id': actionId },
      { $unset: { auditDue: 1 } },
      { timestamps: false },
    );
  }

  /** Comments whose last action's audit record has been due since before `before`, oldest first. */
  async auditsDue(before: Date, limit: number, d?: Deadline | null): Promise<Comment[]> {
    const docs = await within(this.model, d)
      .find({ auditDue: { $lte: before } })
      .sort({ auditDue: 1 })
      .limit(limit)
      .lean<CommentDoc[]>();
    return docs.map(toComment);
  }

  /**
   * The author takes their comment back: whatever its state, it becomes `deleted` (once; null
   * when it already was). The version moves on, so a moderator acting on what they saw gets 409.
   */
  async markDeleted(id: string, d?: Deadline | null): Promise<Comment | null> {
    const now = new Date();
    const doc = await within(this.model, d)
      .findOneAndUpdate(
        { _id: new Types.ObjectId(id), status: { $ne: 'deleted' } },
        {
          $set: { status: 'deleted', deletedAt: now, featured: false, reported: false, updatedAt: now },
          $inc: { version: 1 },
        },
        { returnDocument: 'after', timestamps: false },
      )
      .lean<CommentDoc>();
    return doc ? toComment(doc) : null;
  }

  /**
   * First half of keeping a comment's reaction counts exact without a counter: called after
   * each reaction change, it hands out the next reaction sequence number (atomically).
   */
  async nextReactionSeq(id: string, d?: Deadline | null): Promise<number | null> {
    const doc = await within(this.model, d)
      .findOneAndUpdate(
        { _id: new Types.ObjectId(id) },
        { $inc: { reactionSeq: 1 } },
        { returnDocument: 'after', timestamps: false, projection: { reactionSeq: 1 } },
      )
      .lean<Pick<CommentDoc, 'reactionSeq'>>();
    return doc?.reactionSeq ?? null;
  }

  /**
   * Second half: stores counts taken after sequence number `seq` was handed out, unless counts
   * of a later number are stored already. Every change bumps the number before it counts, so
   * the highest number's count includes every change up to it: the stored value can lag for
   * a moment, never drift (see docs/READERS-AND-PRIVACY.md, "Reactions").
   */
  async storeReactionCounts(
    id: string,
    seq: number,
    counts: Record<ReactionKind, number>,
    d?: Deadline | null,
  ): Promise<boolean> {
    const res = await within(this.model, d).updateOne(
      {
        _id: new Types.ObjectId(id),
        $or: [{ reactionsCountedAt: { $lt: seq } }, { reactionsCountedAt: { $exists: false } }],
      },
      { $set: { reactions: counts, reactionsCountedAt: seq } },
      { timestamps: false },
    );
    return res.modifiedCount > 0;
  }

  /** A reader's own comments under an article that the public does not see (held, turned down, hidden). */
  async listOwnUnpublished(
    siteId: string,
    articleId: string,
    authorKey: string,
    max = 50,
    d?: Deadline | null,
  ): Promise<Comment[]> {
    const docs = await within(this.model, d)
      .find({ siteId, authorKey, articleId })
      .sort({ createdAt: -1 })
      .limit(max)
      .lean<CommentDoc[]>();
    return docs
      .map(toComment)
      .filter(
        (c) =>
          c.status === 'pending' || c.status === 'rejected' || (c.status === 'approved' && c.shadowHidden),
      );
  }

  /** Visible replies to the given comments, newest first (notifications and reply digests). */
  async repliesTo(
    siteId: string,
    parentIds: string[],
    options: { limit: number; before?: Position; since?: Date },
    d?: Deadline | null,
  ): Promise<Comment[]> {
    if (parentIds.length === 0) return [];
    const docs = await within(this.model, d)
      .find({
        siteId,
        parentId: { $in: parentIds.map((id) => new Types.ObjectId(id)) },
        status: 'approved',
        shadowHidden: false,
        ...(options.since ? { createdAt: { $gt: options.since } } : {}),
        ...after(options.before, -1),
      })
      .sort({ createdAt: -1, _id: -1 })
      .limit(options.limit)
      .lean<CommentDoc[]>();
    return docs.map(toComment);
  }

  /** Comments by id on a site (a reader's own, proven by their tokens). */
  async findManyOnSite(siteId: string, ids: string[], d?: Deadline | null): Promise<Comment[]> {
    if (ids.length === 0) return [];
    const docs = await within(this.model, d)
      .find({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) }, siteId })
      .lean<CommentDoc[]>();
    return docs.map(toComment);
  }
}
