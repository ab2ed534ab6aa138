import { type Connection, Schema } from 'mongoose';

export interface Article {
  siteId: string;
  articleId: string;
  open: boolean;
  /** Overrides the site's moderation mode for this article; null follows the site. */
  mode: 'pre' | 'post' | null;
  firstCommentAt: Date | null;
  /** Publication time the widget passed, used for closeAfterDays. */
  publishedAt: Date | null;
}

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
});

export const defaultArticle = (siteId: string, articleId: string): Article => ({
  siteId,
  articleId,
  open: true,
  mode: null,
  firstCommentAt: null,
  publishedAt: null,
});

/**
 * Every post reads its article (open? pre-moderated?), so reads go through a
 * short cache like sites do. This instance's own writes refresh it at once;
 * another instance's switch (closing an article) reaches it within CACHE_MS.
 */
const CACHE_MS = 2000;
const CACHE_MAX = 10_000;

export class ArticleRepository {
  readonly model;
  readonly #cache = new Map<string, { article: Article; at: number }>();

  constructor(connection: Connection) {
    this.model = connection.model<ArticleDoc>('Article', articleSchema);
  }

  async find(siteId: string, articleId: string): Promise<Article | null> {
    const cached = this.#cache.get(cacheKey(siteId, articleId));
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.article;
    const doc = await this.model.findOne({ siteId, articleId }).lean<ArticleDoc>();
    return doc ? this.#remember(toArticle(doc)) : null;
  }

  #remember(article: Article): Article {
    if (this.#cache.size >= CACHE_MAX) this.#cache.clear();
    this.#cache.set(cacheKey(article.siteId, article.articleId), { article, at: Date.now() });
    return article;
  }

  /** Records the article on its first comment (keeps the earliest first-comment time). */
  async touchOnComment(siteId: string, articleId: string, at: Date): Promise<Article> {
    const doc = await this.model
      .findOneAndUpdate(
        { siteId, articleId },
        { $setOnInsert: { open: true, mode: null, firstCommentAt: at, publishedAt: null } },
        { upsert: true, returnDocument: 'after' },
      )
      .lean<ArticleDoc>()
      .catch(async (err: { code?: number }) => {
        if (err.code !== 11000) throw err;
        return this.model.findOne({ siteId, articleId }).lean<ArticleDoc>();
      });
    return this.#remember(toArticle(doc!));
  }

  /**
   * Records the publication date the widget passed, only if none is recorded
   * yet (the first one wins; a later call cannot reopen or close the article).
   * Null when one was already recorded.
   */
  async recordPublishedAt(siteId: string, articleId: string, publishedAt: Date): Promise<Article | null> {
    try {
      const doc = await this.model
        .findOneAndUpdate(
          { siteId, articleId, publishedAt: null },
          { $set: { publishedAt }, $setOnInsert: { open: true, mode: null, firstCommentAt: null } },
          { upsert: true, returnDocument: 'after' },
        )
        .lean<ArticleDoc>();
      return doc ? this.#remember(toArticle(doc)) : null;
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return null;
      throw err;
    }
  }

  async update(
    siteId: string,
    articleId: string,
    change: Partial<Pick<Article, 'open' | 'mode' | 'publishedAt'>>,
  ): Promise<Article> {
    const doc = await this.model
      .findOneAndUpdate(
        { siteId, articleId },
        { $set: change, $setOnInsert: { firstCommentAt: null } },
        { upsert: true, returnDocument: 'after' },
      )
      .lean<ArticleDoc>();
    return this.#remember(toArticle(doc!));
  }
}

const cacheKey = (siteId: string, articleId: string) => `${siteId}\u0000${articleId}`;
