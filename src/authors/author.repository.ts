import { type Deadline, within } from '../platform/http/request-deadline.js';
import { type Connection, mongo, Schema } from 'mongoose';
import type { AuthorStanding } from '../moderation/engine/types.js';
import { isDuplicateKey } from '../platform/db/database.js';

export interface AuthorRecord {
  siteId: string;
  authorKey: string;
  name: string;
  trusted: boolean;
  banned: boolean;
  shadowBanned: boolean;
  premoderated: boolean;
  /** Keyed hash of the lowercased e-mail, so an erasure request by e-mail finds the author. */
  emailHash: string | null;
  /** Bumped by every moderator action on the author: actions are conditional on it. */
  version: number;
  firstSeenAt: Date | null;
  lastSeenAt: Date | null;
}

export type StandingFlags = Pick<AuthorRecord, 'trusted' | 'banned' | 'shadowBanned' | 'premoderated'>;

interface AuthorDoc extends AuthorRecord {
  createdAt: Date;
  updatedAt: Date;
}

const authorSchema = new Schema<AuthorDoc>(
  {
    siteId: { type: String, required: true },
    authorKey: { type: String, required: true },
    name: { type: String, default: '' },
    trusted: { type: Boolean, default: false },
    banned: { type: Boolean, default: false },
    shadowBanned: { type: Boolean, default: false },
    premoderated: { type: Boolean, default: false },
    emailHash: { type: String, default: null },
    version: { type: Number, default: 1 },
    firstSeenAt: { type: Date, default: null },
    lastSeenAt: { type: Date, default: null },
  },
  { collection: 'authors', timestamps: true, versionKey: false },
);
authorSchema.index({ siteId: 1, authorKey: 1 }, { unique: true });
authorSchema.index({ siteId: 1, emailHash: 1 });

export const noStanding = (siteId: string, authorKey: string): AuthorRecord => ({
  siteId,
  authorKey,
  name: '',
  trusted: false,
  banned: false,
  shadowBanned: false,
  premoderated: false,
  emailHash: null,
  version: 0,
  firstSeenAt: null,
  lastSeenAt: null,
});

/**
 * How stale a record's `lastSeenAt` may grow before a post writes it again: a returning
 * author's post reads the record and skips the write while nothing else changed.
 */
export const LAST_SEEN_PRECISION_MS = 10 * 60_000;

/** Whether a post must write the author's record: none yet, another name or e-mail, or last seen long ago. */
export function touchNeeded(
  record: AuthorRecord | null,
  seen: { name: string; emailHash: string | null; at: Date },
): boolean {
  return (
    !record?.lastSeenAt ||
    record.name !== seen.name ||
    (seen.emailHash !== null && record.emailHash !== seen.emailHash) ||
    seen.at.getTime() - record.lastSeenAt.getTime() >= LAST_SEEN_PRECISION_MS
  );
}

const toRecord = (doc: AuthorDoc): AuthorRecord => ({
  ...noStanding(doc.siteId, doc.authorKey),
  name: doc.name ?? '',
  trusted: doc.trusted ?? false,
  banned: doc.banned ?? false,
  shadowBanned: doc.shadowBanned ?? false,
  premoderated: doc.premoderated ?? false,
  emailHash: doc.emailHash ?? null,
  version: doc.version ?? 1,
  firstSeenAt: doc.firstSeenAt ?? null,
  lastSeenAt: doc.lastSeenAt ?? null,
});

/** The record of an `authors` document read elsewhere (e.g. with a post's history). */
export const authorRecordOf = (doc: Record<string, unknown>): AuthorRecord =>
  toRecord(doc as unknown as AuthorDoc);

type Seen = { name: string; emailHash: string | null; at: Date };

/** Authors' touches sent in one bulkWrite at most (a burst's rest go in the next). */
const TOUCH_BATCH = 100;

/** A post waiting for its author's touch (see `AuthorRepository.touch`). */
interface QueuedTouch {
  siteId: string;
  authorKey: string;
  seen: Seen;
  resolve: (touched: { record: AuthorRecord; created: boolean }) => void;
  reject: (err: unknown) => void;
}

/**
 * The upsert of one author's touches, in the order they came: what the last one saw is set (its
 * name, time, and the last e-mail hash given), the first one's time is the record's first.
 */
function touchUpdate(seens: Seen[]) {
  const first = seens[0]!;
  const last = seens.at(-1)!;
  const emailHash = seens.findLast((seen) => seen.emailHash)?.emailHash ?? null;
  return {
    $set: {
      name: last.name,
      lastSeenAt: last.at,
      updatedAt: last.at,
      ...(emailHash ? { emailHash } : {}),
    },
    $setOnInsert: {
      createdAt: first.at,
      trusted: false,
      banned: false,
      shadowBanned: false,
      premoderated: false,
      version: 1,
      firstSeenAt: first.at,
      ...(emailHash ? {} : { emailHash: null }),
    },
  };
}

/**
 * The record an upsert inserted: what MongoDB stores when an upsert inserts (the filter's
 * fields, then `$setOnInsert` and `$set`), so a batch need not read back the records it created.
 */
function insertedRecord(siteId: string, authorKey: string, update: ReturnType<typeof touchUpdate>) {
  return toRecord({ siteId, authorKey, ...update.$setOnInsert, ...update.$set } as AuthorDoc);
}

/** The records of these authors, in one find: per site, its keys by `$in`. */
function recordsFilter(authors: QueuedTouch[][]): mongo.Filter<AuthorDoc> {
  const keysBySite = new Map<string, string[]>();
  for (const [{ siteId, authorKey }] of authors as [QueuedTouch][]) {
    const keys = keysBySite.get(siteId);
    if (keys) keys.push(authorKey);
    else keysBySite.set(siteId, [authorKey]);
  }
  const bySite = [...keysBySite].map(([siteId, keys]) => ({ siteId, authorKey: { $in: keys } }));
  return bySite.length === 1 ? bySite[0]! : { $or: bySite };
}

/** Every caller of one author gets its record; only the first in line created it. */
function answer(callers: QueuedTouch[], record: AuthorRecord, created: boolean): void {
  for (const [i, caller] of callers.entries()) caller.resolve({ record, created: created && i === 0 });
}

/** One record per author and site: standing set by moderators, and what is needed to find them again. */
export class AuthorRepository {
  readonly model;

  constructor(connection: Connection) {
    this.model = connection.model<AuthorDoc>('Author', authorSchema);
  }

  async find(siteId: string, authorKey: string, d?: Deadline | null): Promise<AuthorRecord> {
    const doc = await within(this.model, d).findOne({ siteId, authorKey }).lean<AuthorDoc>();
    return doc ? toRecord(doc) : noStanding(siteId, authorKey);
  }

  async exists(siteId: string, authorKey: string, d?: Deadline | null): Promise<boolean> {
    return (await within(this.model, d).countDocuments({ siteId, authorKey }).limit(1)) > 0;
  }

  /**
   * Records that the author wrote now (creating the record on their first
   * text) and returns their standing. `created` is true only when this call
   * inserted the record (the server's upsert result says so): no record of the
   * author existed on any instance, so neither does any comment of theirs, as
   * every comment's record is written before it (see CommentService).
   *
   * Group commit, as the comment insert's: alone, one `findOneAndUpdate` upsert, sent at once
   * (no timer). Touches arriving while one is in flight wait for it, then go together (up to
   * TOUCH_BATCH): one unordered `bulkWrite` of upserts, one per distinct author (callers of the
   * same author share it, only the first in line counting as the one that created it), whose
   * `upsertedIds` (by op index) say which were inserted, then one `find` of the records that
   * existed (none when every author was new: an inserted record is what its upsert wrote); each
   * caller is answered its own author's record (see #touchMany).
   */
  touch(siteId: string, authorKey: string, seen: Seen): Promise<{ record: AuthorRecord; created: boolean }> {
    return new Promise((resolve, reject) => {
      this.#touches.push({ siteId, authorKey, seen, resolve, reject });
      if (!this.#touching) void this.#sendTouches();
    });
  }

  readonly #touches: QueuedTouch[] = [];
  /** A touch of this repository is in flight: touches arriving now wait for it. */
  #touching = false;

  get #driver() {
    return this.model.collection as unknown as mongo.Collection<AuthorDoc>;
  }

  /** Sends what is queued, a batch at a time, until nothing is; each caller's promise settled. */
  async #sendTouches(): Promise<void> {
    this.#touching = true;
    try {
      while (this.#touches.length > 0) {
        const batch = this.#touches.splice(0, TOUCH_BATCH);
        try {
          if (batch.length === 1) await this.#touchOne(batch);
          else await this.#touchMany(batch);
        } catch (err) {
          // Not a failure of one author's upsert (each caller has its outcome then): no caller is
          // left waiting.
          for (const entry of batch) entry.reject(err);
        }
      }
    } finally {
      this.#touching = false;
    }
  }

  /** One author's touch (callers of that author, in line): one upsert returning the record. */
  async #touchOne(callers: QueuedTouch[]): Promise<void> {
    const { siteId, authorKey } = callers[0]!;
    const update = touchUpdate(callers.map((c) => c.seen));
    for (let attempt = 0; ; attempt++) {
      try {
        // The driver's call, not a mongoose query (whose building and casting showed in the POST
        // profile): so the schema's timestamps are written here, as mongoose would.
        const result = await this.#driver.findOneAndUpdate({ siteId, authorKey }, update, {
          upsert: true,
          returnDocument: 'after',
          includeResultMetadata: true,
        });
        // Inserted: the reply names the upserted id and no existing document. Anything less
        // certain counts as an update, which only costs the caller a read.
        const reply = result.lastErrorObject;
        const created = reply?.upserted !== undefined && reply?.updatedExisting === false;
        answer(callers, toRecord(result.value!), created);
        return;
      } catch (err) {
        // Two first comments of one author raced on the upsert: the second round updates.
        if (!isDuplicateKey(err) || attempt > 1) {
          for (const caller of callers) caller.reject(err);
          return;
        }
      }
    }
  }

  /**
   * Touches of several callers: one unordered `bulkWrite` of an upsert per distinct author, then
   * one `find` of the records that existed (an inserted record is built from its upsert, as the
   * server stored it: a read of it would return the same, as of the same moment). An op that
   * failed (MongoDB names it by index in `writeErrors`; an E11000 is another instance inserting
   * the same author at the same moment), or an existing record the find no longer sees, falls
   * back to the single path for its callers, with its own race handling. A bulk refused as a whole over a duplicate key, with no `writeErrors`, as jongodb
   * refuses an insert, sends every author on the single path. Any other failure (network,
   * timeout) is every caller's, as it would have been each one's upsert's.
   */
  async #touchMany(batch: QueuedTouch[]): Promise<void> {
    const byAuthor = new Map<string, QueuedTouch[]>();
    for (const entry of batch) {
      const key = `${entry.siteId}\u0000${entry.authorKey}`;
      const callers = byAuthor.get(key);
      if (callers) callers.push(entry);
      else byAuthor.set(key, [entry]);
    }
    const authors = [...byAuthor.values()];
    if (authors.length === 1) return this.#touchOne(authors[0]!);
    const updates = authors.map((callers) => touchUpdate(callers.map((c) => c.seen)));
    const ops = authors.map((callers, index) => ({
      updateOne: {
        filter: { siteId: callers[0]!.siteId, authorKey: callers[0]!.authorKey },
        update: updates[index]!,
        upsert: true,
      },
    }));
    let upserted: Record<number, unknown>;
    const failed = new Set<number>();
    try {
      upserted = (await this.#driver.bulkWrite(ops, { ordered: false })).upsertedIds ?? {};
    } catch (err) {
      const bulk = err instanceof mongo.MongoBulkWriteError ? err : null;
      const writeErrors = bulk ? [bulk.result?.getWriteErrors() ?? bulk.writeErrors].flat() : [];
      if (writeErrors.length === 0 || bulk?.result?.getWriteConcernError()) {
        if (!isDuplicateKey(err)) throw bulk?.errorResponse instanceof Error ? bulk.errorResponse : err;
        for (const callers of authors) await this.#touchOne(callers);
        return;
      }
      for (const writeError of writeErrors) failed.add(writeError.index);
      upserted = bulk?.result?.upsertedIds ?? {};
    }
    // Only the records that existed are read back: an inserted one is what its upsert wrote.
    const existed = authors.filter((_, index) => !failed.has(index) && upserted[index] === undefined);
    const docs = existed.length > 0 ? await this.#driver.find(recordsFilter(existed)).toArray() : [];
    const records = new Map(docs.map((doc) => [`${doc.siteId}\u0000${doc.authorKey}`, toRecord(doc)]));
    for (const [index, callers] of authors.entries()) {
      const { siteId, authorKey } = callers[0]!;
      if (failed.has(index)) {
        await this.#touchOne(callers);
      } else if (upserted[index] !== undefined) {
        answer(callers, insertedRecord(siteId, authorKey, updates[index]!), true);
      } else {
        const record = records.get(`${siteId}\u0000${authorKey}`);
        if (record) answer(callers, record, false);
        else await this.#touchOne(callers);
      }
    }
  }

  /**
   * Changes the author's standing if the record is still at `expectedVersion`
   * (or unconditionally when none is given), bumping the version. Null when
   * somebody else changed it first.
   */
  async setStanding(
    siteId: string,
    authorKey: string,
    change: Partial<StandingFlags & { name: string }>,
    expectedVersion?: number,
    d?: Deadline | null,
  ): Promise<AuthorRecord | null> {
    // Version 0 is an author without a record yet: the upsert inserts it, or hits the unique index
    // (null, a conflict) when somebody created it in between.
    const filter =
      expectedVersion === undefined
        ? { siteId, authorKey }
        : expectedVersion === 0
          ? { siteId, authorKey, version: { $exists: false } }
          : { siteId, authorKey, version: expectedVersion };
    try {
      const doc = await within(this.model, d)
        .findOneAndUpdate(
          filter,
          { $set: change, $inc: { version: 1 }, $setOnInsert: { firstSeenAt: null, emailHash: null } },
          { upsert: expectedVersion === undefined || expectedVersion === 0, returnDocument: 'after' },
        )
        .lean<AuthorDoc>();
      return doc ? toRecord(doc) : null;
    } catch (err) {
      if (isDuplicateKey(err)) return null;
      throw err;
    }
  }

  async keysByEmailHash(siteId: string, emailHash: string, d?: Deadline | null): Promise<string[]> {
    const docs = await within(this.model, d)
      .find({ siteId, emailHash })
      .select({ authorKey: 1 })
      .limit(100)
      .lean<{ authorKey: string }[]>();
    return docs.map((d) => d.authorKey);
  }

  async findMany(siteId: string, authorKeys: string[], d?: Deadline | null): Promise<AuthorRecord[]> {
    if (authorKeys.length === 0) return [];
    const docs = await within(this.model, d)
      .find({ siteId, authorKey: { $in: authorKeys } })
      .lean<AuthorDoc[]>();
    return docs.map(toRecord);
  }

  async deleteMany(siteId: string, authorKeys: string[], d?: Deadline | null): Promise<number> {
    if (authorKeys.length === 0) return 0;
    const result = await within(this.model, d).deleteMany({ siteId, authorKey: { $in: authorKeys } });
    return result.deletedCount ?? 0;
  }
}

export const toStanding = (
  record: AuthorRecord,
  history: { approved: number; rejected: number },
): AuthorStanding => ({
  trusted: record.trusted,
  banned: record.banned,
  premoderated: record.premoderated,
  approvedCount: history.approved,
  rejectedCount: history.rejected,
});
