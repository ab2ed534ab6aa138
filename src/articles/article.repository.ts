import { type Connection, type mongo, Schema } from 'mongoose';
import { type Deadline, readDeadline, within } from '../platform/http/request-deadline.js';
import { SharedReads } from '../platform/shared-reads.js';

export interface Article {
  siteId: string;
  articleId: string;
  open: boolean;
  /** Overrides the site's moderation mode for this article; null follows the site. */
  mode: 'pre' | 'post' | null;
  firstCommentAt: Date | null;
  /**
   * Trusted metadata only: set through the admin API (the CMS) or embed attributes
   * signed with the site's embed secret, never from what an anonymous request says.
   * closeAfterDays counts from publishedAt.
   */
  publishedAt: Date | null;
  title: string | null;
  url: string | null;
  /** When the trusted metadata was last set (a signature's signedAt, or the admin write's time). */
  metadataAt: Date | null;
}

/** Trusted article metadata; a null clears a field. */
export type ArticleMetadata = Partial<Pick<Article, 'publishedAt' | 'title' | 'url'>>;

interface ArticleDoc extends Article {
  createdAt: Date;
  updatedAt: Date;
}

const articleSchema = new Schema<ArticleDoc>(
  {
    siteId: { type: String, required: true },
    articleId: { type: String, required: true },
    open: { type: Boolean, default: true },
    mode: { type: String, default: null },
    firstCommentAt: { type: Date, default: null },
    publishedAt: { type: Date, default: null },
    title: { type: String, default: null },
    url: { type: String, default: null },
    metadataAt: { type: Date, default: null },
  },
  { collection: 'articles', timestamps: true, versionKey: false },
);
articleSchema.index({ siteId: 1, articleId: 1 }, { unique: true });

const toArticle = (doc: ArticleDoc): Article => ({
  siteId: doc.siteId,
  articleId: doc.articleId,
  open: doc.open ?? true,
  mode: doc.mode ?? null,
  firstCommentAt: doc.firstCommentAt ?? null,
  publishedAt: doc.publishedAt ?? null,
  title: doc.title ?? null,
  url: doc.url ?? null,
  metadataAt: doc.metadataAt ?? null,
});

export const defaultArticle = (siteId: string, articleId: string): Article => ({
  siteId,
  articleId,
  open: true,
  mode: null,
  firstCommentAt: null,
  publishedAt: null,
  title: null,
  url: null,
  metadataAt: null,
});

const EMPTY_METADATA = { publishedAt: null, title: null, url: null, metadataAt: null };

/**
 * Every post and every uncached thread page reads its article (open?
 * pre-moderated? its title), so reads go through a cache. An article without
 * a record (most articles until their first comment, or always when the CMS
 * never writes one) is cached as such too: otherwise each of its reads would
 * go to the database. An entry is kept until the article changes: this
 * instance's own writes refresh it at once and tell the other instances
 * (`onWrite`: through Redis, see service.ts), whose entry is dropped
 * (`forget`). MAX_AGE_MS bounds how long an entry is trusted when such a
 * notice is lost (Redis down): another instance's closing of an article then
 * reaches this one within it. Until 7 Dec 2026 every entry lived 2 s, which
 * sent 0.35-0.69 reads a post one post at a time (issue 17 item 4).
 */
export const ARTICLE_MAX_AGE_MS = 30_000;
const CACHE_MAX = 10_000;

export class ArticleRepository {
  readonly model;
  readonly #cache = new Map<string, { article: Article | null; at: number }>();
  readonly #reads = new SharedReads<string, Article | null>();
  readonly #writeListeners: ((article: Article) => void)[] = [];

  constructor(
    connection: Connection,
    private readonly maxAgeMs = ARTICLE_MAX_AGE_MS,
  ) {
    this.model = connection.model<ArticleDoc>('Article', articleSchema);
  }

  /** Called with each article this instance wrote (to tell the other instances). */
  onWrite(listener: (article: Article) => void): void {
    this.#writeListeners.push(listener);
  }

  /** Another instance wrote the article: the entry (and any read in flight) is dropped. */
  forget(siteId: string, articleId: string): void {
    const key = cacheKey(siteId, articleId);
    this.#reads.forget(key);
    this.#cache.delete(key);
  }

  async find(siteId: string, articleId: string, d?: Deadline | null): Promise<Article | null> {
    const key = cacheKey(siteId, articleId);
    const cached = this.#cache.get(key);
    if (cached && Date.now() - cached.at < this.maxAgeMs) return cached.article;
    // Concurrent misses (the entry just expired under load) share one read.
    return this.#reads.load(
      key,
      async () => {
        // The driver's findOne, not mongoose's: the filter is two strings the route's schema
        // checked, so mongoose's query building and casting (most of a lean findOne's own
        // CPU) buy nothing; readDeadline(d) stands in for `within`.
        const driver = this.model.collection as unknown as mongo.Collection<ArticleDoc>;
        const doc = await driver.findOne({ siteId, articleId }, readDeadline(d));
        return doc ? toArticle(doc) : null;
      },
      (article) => this.#keep(key, article),
    );
  }

  /** A write's result: newer than any read in flight, which is therefore not kept. */
  #remember(article: Article): Article {
    const key = cacheKey(article.siteId, article.articleId);
    this.#reads.forget(key);
    this.#keep(key, article);
    for (const listener of this.#writeListeners) listener(article);
    return article;
  }

  #keep(key: string, article: Article | null): void {
    if (this.#cache.size >= CACHE_MAX) this.#cache.clear();
    this.#cache.set(key, { article, at: Date.now() });
  }

  /**
   * Records the article's first comment: creates the record, or fills in the time on a
   * record the CMS created (closeAfterDays counts from it when no publication date is set).
   * The earliest first-comment time is kept.
   */
  async touchOnComment(siteId: string, articleId: string, at: Date, d?: Deadline | null): Promise<Article> {
    const doc = await within(this.model, d)
      .findOneAndUpdate(
        { siteId, articleId, firstCommentAt: null },
        { $set: { firstCommentAt: at }, $setOnInsert: { open: true, mode: null, ...EMPTY_METADATA } },
        { upsert: true, returnDocument: 'after' },
      )
      .lean<ArticleDoc>()
      .catch(async (err: { code?: number }) => {
        // The record exists with its first comment recorded: the upsert's insert collided.
        if (err.code !== 11000) throw err;
        return within(this.model, d).findOne({ siteId, articleId }).lean<ArticleDoc>();
      });
    return this.#remember(toArticle(doc!));
  }

  /**
   * Sets trusted metadata stamped `at`, unless metadata stamped at or after `at` is
   * already stored (an older signature replayed cannot undo a newer one). Null when
   * it was older. Creates the record: the caller has checked the source is trusted.
   */
  async setMetadata(
    siteId: string,
    articleId: string,
    change: ArticleMetadata,
    at: Date,
    d?: Deadline | null,
  ): Promise<Article | null> {
    const fields = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
    try {
      const doc = await within(this.model, d)
        .findOneAndUpdate(
          { siteId, articleId, $or: [{ metadataAt: null }, { metadataAt: { $lt: at } }] },
          {
            $set: { ...fields, metadataAt: at },
            $setOnInsert: { open: true, mode: null, firstCommentAt: null },
          },
          { upsert: true, returnDocument: 'after' },
        )
        .lean<ArticleDoc>();
      return doc ? this.#remember(toArticle(doc)) : null;
    } catch (err) {
      // The record exists with newer metadata: the upsert's insert collided with it.
      if ((err as { code?: number }).code === 11000) return null;
      throw err;
    }
  }

  async update(
    siteId: string,
    articleId: string,
    change: Partial<Pick<Article, 'open' | 'mode'>>,
    d?: Deadline | null,
  ): Promise<Article> {
    const doc = await within(this.model, d)
      .findOneAndUpdate(
        { siteId, articleId },
        { $set: change, $setOnInsert: { firstCommentAt: null, ...EMPTY_METADATA } },
        { upsert: true, returnDocument: 'after' },
      )
      .lean<ArticleDoc>();
    return this.#remember(toArticle(doc!));
  }
}

const cacheKey = (siteId: string, articleId: string) => `${siteId}\u0000${articleId}`;
