import { type Deadline, within } from '../platform/http/request-deadline.js';
import { type Connection, Schema, Types } from 'mongoose';

export type RankedSort = 'respect' | 'replies';

/**
 * A frozen order of an article's top-level comments for one of the ranked
 * sorts. Counts move while a reader pages (a comment gains respect, a thread
 * gains replies), so a cursor over a live count would skip some comments and
 * repeat others. Instead the first page takes a snapshot of the order and
 * every later page of that walk reads the same snapshot by position: nothing
 * that was there is skipped or repeated, the counts shown stay live, and what
 * arrives meanwhile comes through the live updates. Readers who open the
 * article within a few seconds of each other share one snapshot.
 */
export interface Ranking {
  id: string;
  siteId: string;
  articleId: string;
  sort: RankedSort;
  ids: string[];
  createdAt: Date;
  expiresAt: Date;
}

interface RankingDoc {
  _id: Types.ObjectId;
  siteId: string;
  articleId: string;
  sort: RankedSort;
  ids: Types.ObjectId[];
  createdAt: Date;
  expiresAt: Date;
}

const rankingSchema = new Schema<RankingDoc>(
  {
    siteId: { type: String, required: true },
    articleId: { type: String, required: true },
    sort: { type: String, required: true },
    ids: { type: [Schema.Types.ObjectId], default: [] },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'thread_rankings', versionKey: false },
);
// The article's newest snapshot for a sort (shared by readers arriving together).
rankingSchema.index({ siteId: 1, articleId: 1, sort: 1, createdAt: -1 });
// MongoDB drops a snapshot once no walk can still use it (reads check expiresAt too).
rankingSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });

const toRanking = (doc: RankingDoc): Ranking => ({
  id: doc._id.toHexString(),
  siteId: doc.siteId,
  articleId: doc.articleId,
  sort: doc.sort,
  ids: doc.ids.map((id) => id.toHexString()),
  createdAt: doc.createdAt,
  expiresAt: doc.expiresAt,
});

export interface RankCandidate {
  id: string;
  createdAt: Date;
  respect: number;
}

/**
 * Orders top-level comments for a ranked sort: by the count, then newest
 * first, then by id, so equal counts and equal times still have one order.
 */
export function rankThread(
  candidates: readonly RankCandidate[],
  sort: RankedSort,
  replyCounts: ReadonlyMap<string, number> = new Map(),
): string[] {
  const key = (c: RankCandidate) => (sort === 'respect' ? c.respect : (replyCounts.get(c.id) ?? 0));
  return [...candidates]
    .sort(
      (a, b) =>
        key(b) - key(a) ||
        b.createdAt.getTime() - a.createdAt.getTime() ||
        (a.id < b.id ? 1 : a.id > b.id ? -1 : 0),
    )
    .map((c) => c.id);
}

export class RankingRepository {
  readonly model;

  constructor(connection: Connection) {
    this.model = connection.model<RankingDoc>('ThreadRanking', rankingSchema);
  }

  /** A fresh ranking (not stored yet: most articles fit one page and never need it). */
  create(siteId: string, articleId: string, sort: RankedSort, ids: string[], ttlMs: number): Ranking {
    const now = new Date();
    return {
      id: new Types.ObjectId().toHexString(),
      siteId,
      articleId,
      sort,
      ids,
      createdAt: now,
      expiresAt: new Date(now.getTime() + ttlMs),
    };
  }

  async store(ranking: Ranking, d?: Deadline | null): Promise<void> {
    await within(this.model, d).create({
      _id: new Types.ObjectId(ranking.id),
      siteId: ranking.siteId,
      articleId: ranking.articleId,
      sort: ranking.sort,
      ids: ranking.ids.map((id) => new Types.ObjectId(id)),
      createdAt: ranking.createdAt,
      expiresAt: ranking.expiresAt,
    });
  }

  /** The ranking a cursor points at, unless it has expired. */
  async find(id: string, now = new Date(), d?: Deadline | null): Promise<Ranking | null> {
    if (!Types.ObjectId.isValid(id)) return null;
    const doc = await within(this.model, d).findById(new Types.ObjectId(id)).lean<RankingDoc>();
    return doc && doc.expiresAt > now ? toRanking(doc) : null;
  }

  /** The article's newest stored ranking for `sort` made since `since`, to share. */
  async latest(
    siteId: string,
    articleId: string,
    sort: RankedSort,
    since: Date,
    d?: Deadline | null,
  ): Promise<Ranking | null> {
    const doc = await within(this.model, d)
      .findOne({ siteId, articleId, sort, createdAt: { $gte: since } })
      .sort({ createdAt: -1 })
      .lean<RankingDoc>();
    return doc ? toRanking(doc) : null;
  }
}
