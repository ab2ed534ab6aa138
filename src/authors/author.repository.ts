import { type Connection, type mongo, Schema } from 'mongoose';
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

/** One record per author and site: standing set by moderators, and what is needed to find them again. */
export class AuthorRepository {
  readonly model;

  constructor(connection: Connection) {
    this.model = connection.model<AuthorDoc>('Author', authorSchema);
  }

  async find(siteId: string, authorKey: string): Promise<AuthorRecord> {
    const doc = await this.model.findOne({ siteId, authorKey }).lean<AuthorDoc>();
    return doc ? toRecord(doc) : noStanding(siteId, authorKey);
  }

  async exists(siteId: string, authorKey: string): Promise<boolean> {
    return (await this.model.countDocuments({ siteId, authorKey }).limit(1)) > 0;
  }

  /**
   * Records that the author wrote now (creating the record on their first
   * text) and returns their standing, in one round trip. `created` is true only
   * when this call inserted the record (the server's upsert result says so): no
   * record of the author existed on any instance, so neither does any comment of
   * theirs, as every comment's record is written before it (see CommentService).
   */
  async touch(
    siteId: string,
    authorKey: string,
    seen: { name: string; emailHash: string | null; at: Date },
  ): Promise<{ record: AuthorRecord; created: boolean }> {
    // The driver's call, not a mongoose query (whose building and casting showed in the POST
    // profile): so the schema's timestamps are written here, as mongoose would.
    const update = {
      $set: {
        name: seen.name,
        lastSeenAt: seen.at,
        updatedAt: seen.at,
        ...(seen.emailHash ? { emailHash: seen.emailHash } : {}),
      },
      $setOnInsert: {
        createdAt: seen.at,
        trusted: false,
        banned: false,
        shadowBanned: false,
        premoderated: false,
        version: 1,
        firstSeenAt: seen.at,
        ...(seen.emailHash ? {} : { emailHash: null }),
      },
    };
    for (let attempt = 0; ; attempt++) {
      try {
        const authors = this.model.collection as unknown as mongo.Collection<AuthorDoc>;
        const result = await authors.findOneAndUpdate({ siteId, authorKey }, update, {
          upsert: true,
          returnDocument: 'after',
          includeResultMetadata: true,
        });
        // Inserted: the reply names the upserted id and no existing document. Anything less
        // certain counts as an update, which only costs the caller a read.
        const reply = result.lastErrorObject;
        const created = reply?.upserted !== undefined && reply?.updatedExisting === false;
        return { record: toRecord(result.value!), created };
      } catch (err) {
        // Two first comments of one author raced on the upsert: the second round updates.
        if (!isDuplicateKey(err) || attempt > 1) throw err;
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
      const doc = await this.model
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

  async keysByEmailHash(siteId: string, emailHash: string): Promise<string[]> {
    const docs = await this.model
      .find({ siteId, emailHash })
      .select({ authorKey: 1 })
      .limit(100)
      .lean<{ authorKey: string }[]>();
    return docs.map((d) => d.authorKey);
  }

  async findMany(siteId: string, authorKeys: string[]): Promise<AuthorRecord[]> {
    if (authorKeys.length === 0) return [];
    const docs = await this.model.find({ siteId, authorKey: { $in: authorKeys } }).lean<AuthorDoc[]>();
    return docs.map(toRecord);
  }

  async deleteMany(siteId: string, authorKeys: string[]): Promise<number> {
    if (authorKeys.length === 0) return 0;
    const result = await this.model.deleteMany({ siteId, authorKey: { $in: authorKeys } });
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
