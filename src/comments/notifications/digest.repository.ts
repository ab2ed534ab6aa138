import { type Deadline, within } from '../../platform/http/request-deadline.js';
import { randomUUID } from 'node:crypto';
import { type Connection, Schema, Types } from 'mongoose';
import { isDuplicateKey } from '../../platform/db/database.js';

export type DigestLanguage = 'nb' | 'nn' | 'en';

/** At most this many comments an anonymous writer opted in with are followed by one subscription. */
export const MAX_FOLLOWED = 200;
/** At most one digest per subscription in this long. */
export const DIGEST_EVERY_MS = 3600 * 1000;

export interface ReplyDigest {
  id: string;
  siteId: string;
  /** Lower-cased. One subscription per address and site. */
  email: string;
  /** `sso:<sub>` when a logged-in reader subscribed: all their comments are followed. */
  readerKey: string | null;
  /** Comments an anonymous writer opted in with (proved by their status tokens). */
  commentIds: string[];
  lang: DigestLanguage;
  /** Null until the address owner confirmed (anonymous addresses); a login's e-mail claim is confirmed. */
  confirmedAt: Date | null;
  /** Replies and decisions up to this time have been mailed (or came before the subscription). */
  coveredUntil: Date;
  /** The hour slot this subscription last sent in (a digest, or the confirmation mail). */
  lastSentAt: Date | null;
  /** The subscription goes away by itself this long after the reader last opted in (privacy). */
  expiresAt: Date;
  /** The service's address the links in its mail point to. */
  linkBase: string;
}

interface DigestDoc extends Omit<ReplyDigest, 'id'> {
  _id: Types.ObjectId;
  claim: string | null;
  createdAt: Date;
}

const digestSchema = new Schema<DigestDoc>(
  {
    siteId: { type: String, required: true },
    email: { type: String, required: true },
    readerKey: { type: String, default: null },
    commentIds: { type: [String], default: [] },
    lang: { type: String, required: true },
    confirmedAt: { type: Date, default: null },
    coveredUntil: { type: Date, required: true },
    lastSentAt: { type: Date, default: null },
    claim: { type: String, default: null },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    linkBase: { type: String, required: true },
  },
  { collection: 'reply_digests', versionKey: false },
);
digestSchema.index({ siteId: 1, email: 1 }, { unique: true });
digestSchema.index({ siteId: 1, readerKey: 1 });
// The worker's scan: subscriptions whose hour has passed (oldest first), confirmed ones.
digestSchema.index({ lastSentAt: 1, confirmedAt: 1 });
digestSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

const toDigest = (doc: DigestDoc): ReplyDigest => ({
  id: doc._id.toHexString(),
  siteId: doc.siteId,
  email: doc.email,
  readerKey: doc.readerKey,
  commentIds: doc.commentIds,
  lang: doc.lang,
  confirmedAt: doc.confirmedAt,
  coveredUntil: doc.coveredUntil,
  lastSentAt: doc.lastSentAt,
  expiresAt: doc.expiresAt,
  linkBase: doc.linkBase,
});

/** A claimed hour slot: the subscription as it was before the claim, and the claim's id. */
export interface DigestClaim {
  digest: ReplyDigest;
  claim: string;
  previousSentAt: Date | null;
}

/**
 * Reply-digest subscriptions (`reply_digests`). Sending is claimed per
 * subscription and hour with one conditional write (MongoDB updates one
 * document atomically), so two instances, or two runs of one, never send twice
 * in the same hour.
 */
export class DigestRepository {
  readonly model;

  constructor(connection: Connection) {
    this.model = connection.model<DigestDoc>('ReplyDigest', digestSchema);
  }

  /**
   * Subscribes an address (or adds comments to its subscription). A login's
   * subscription is confirmed at once; an anonymous one stays as it was
   * (confirmed only by the link mailed to the address).
   */
  async subscribe(
    input: {
      siteId: string;
      email: string;
      readerKey: string | null;
      commentIds: string[];
      lang: DigestLanguage;
      confirmed: boolean;
      expiresAt: Date;
      linkBase: string;
      now: Date;
    },
    d?: Deadline | null,
  ): Promise<ReplyDigest> {
    const { siteId, email, now } = input;
    const update = {
      $set: {
        lang: input.lang,
        expiresAt: input.expiresAt,
        linkBase: input.linkBase,
        ...(input.readerKey ? { readerKey: input.readerKey } : {}),
        ...(input.confirmed ? { confirmedAt: now } : {}),
      },
      $setOnInsert: {
        coveredUntil: now,
        lastSentAt: null,
        claim: null,
        createdAt: now,
        ...(input.readerKey ? {} : { readerKey: null }),
        ...(input.confirmed ? {} : { confirmedAt: null }),
      },
      $addToSet: { commentIds: { $each: input.commentIds } },
    };
    for (let attempt = 0; ; attempt++) {
      try {
        const doc = await within(this.model, d)
          .findOneAndUpdate({ siteId, email }, update, { upsert: true, returnDocument: 'after' })
          .lean<DigestDoc>();
        if (doc && doc.commentIds.length > MAX_FOLLOWED) {
          // Follow the newest ones (ids grow with time).
          const kept = [...doc.commentIds].sort().slice(-MAX_FOLLOWED);
          await within(this.model, d).updateOne({ _id: doc._id }, { $set: { commentIds: kept } });
          doc.commentIds = kept;
        }
        return toDigest(doc as DigestDoc);
      } catch (err) {
        // Two first subscriptions of one address at once: the loser updates the winner's.
        if (!isDuplicateKey(err) || attempt > 0) throw err;
      }
    }
  }

  async findById(id: string, d?: Deadline | null): Promise<ReplyDigest | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const doc = await within(this.model, d).findById(new Types.ObjectId(id)).lean<DigestDoc>();
    return doc ? toDigest(doc) : null;
  }

  async findByReader(siteId: string, readerKey: string, d?: Deadline | null): Promise<ReplyDigest | null> {
    const doc = await within(this.model, d).findOne({ siteId, readerKey }).lean<DigestDoc>();
    return doc ? toDigest(doc) : null;
  }

  async confirm(id: string, now: Date, d?: Deadline | null): Promise<boolean> {
    const res = await within(this.model, d).updateOne(
      { _id: new Types.ObjectId(id), confirmedAt: null },
      // Replies written before the confirmation are not news any more; the confirmation mail's
      // hour slot is given back, so the first digest need not wait for it.
      { $set: { confirmedAt: now, coveredUntil: now, lastSentAt: null } },
    );
    return res.modifiedCount === 1;
  }

  async delete(id: string, d?: Deadline | null): Promise<boolean> {
    if (!Types.ObjectId.isValid(id)) return false;
    return (await within(this.model, d).deleteOne({ _id: new Types.ObjectId(id) })).deletedCount === 1;
  }

  async deleteByReader(siteId: string, readerKey: string, d?: Deadline | null): Promise<number> {
    return (await within(this.model, d).deleteMany({ siteId, readerKey })).deletedCount ?? 0;
  }

  /** Erasure: every subscription of these author keys or addresses on the site. */
  async deleteFor(
    siteId: string,
    readerKeys: string[],
    emails: string[],
    d?: Deadline | null,
  ): Promise<number> {
    if (readerKeys.length === 0 && emails.length === 0) return 0;
    const res = await within(this.model, d).deleteMany({
      siteId,
      $or: [{ readerKey: { $in: readerKeys } }, { email: { $in: emails.map((e) => e.toLowerCase()) } }],
    });
    return res.deletedCount ?? 0;
  }

  async listFor(
    siteId: string,
    readerKeys: string[],
    emails: string[],
    d?: Deadline | null,
  ): Promise<ReplyDigest[]> {
    if (readerKeys.length === 0 && emails.length === 0) return [];
    const docs = await within(this.model, d)
      .find({
        siteId,
        $or: [{ readerKey: { $in: readerKeys } }, { email: { $in: emails.map((e) => e.toLowerCase()) } }],
      })
      .lean<DigestDoc[]>();
    return docs.map(toDigest);
  }

  /** Confirmed subscriptions whose last digest is an hour old (or that never sent one). */
  async due(now: Date, limit: number, d?: Deadline | null): Promise<string[]> {
    const hourAgo = new Date(now.getTime() - DIGEST_EVERY_MS);
    const docs = await within(this.model, d)
      .find(
        { confirmedAt: { $ne: null }, $or: [{ lastSentAt: null }, { lastSentAt: { $lte: hourAgo } }] },
        { _id: 1 },
      )
      .sort({ lastSentAt: 1 })
      .limit(limit)
      .lean<{ _id: Types.ObjectId }[]>();
    return docs.map((d) => d._id.toHexString());
  }

  /**
   * Takes this hour's slot of a subscription: one conditional write that only
   * succeeds when its last mail is an hour old, and marks it sent now. Null
   * when another run (on this or another instance) took it first.
   */
  async claimHour(
    id: string,
    now: Date,
    confirmedOnly = true,
    d?: Deadline | null,
  ): Promise<DigestClaim | null> {
    const hourAgo = new Date(now.getTime() - DIGEST_EVERY_MS);
    const claim = randomUUID();
    const before = await within(this.model, d)
      .findOneAndUpdate(
        {
          _id: new Types.ObjectId(id),
          ...(confirmedOnly ? { confirmedAt: { $ne: null } } : {}),
          $or: [{ lastSentAt: null }, { lastSentAt: { $lte: hourAgo } }],
        },
        { $set: { lastSentAt: now, claim } },
        { returnDocument: 'before' },
      )
      .lean<DigestDoc>();
    return before ? { digest: toDigest(before), claim, previousSentAt: before.lastSentAt } : null;
  }

  /** Nothing was sent with the slot (nothing new, or the mail failed): give it back. */
  async releaseHour(taken: DigestClaim, d?: Deadline | null): Promise<void> {
    await within(this.model, d).updateOne(
      { _id: new Types.ObjectId(taken.digest.id), claim: taken.claim },
      { $set: { lastSentAt: taken.previousSentAt, claim: null } },
    );
  }

  /** The digest went out: what it covered is not sent again. */
  async sent(taken: DigestClaim, coveredUntil: Date, d?: Deadline | null): Promise<void> {
    await within(this.model, d).updateOne(
      { _id: new Types.ObjectId(taken.digest.id), claim: taken.claim },
      { $set: { coveredUntil, claim: null } },
    );
  }
}
