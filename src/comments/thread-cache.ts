/**
 * A micro-cache for the public comment thread of an article. During a
 * breaking story thousands of readers load the same first page; answering
 * them from memory for up to a second spares the database the page's
 * queries each time. Every change this process makes to what readers see
 * drops the article's entries at once (see EventPublisher), so a reader never
 * waits for the TTL after a local change; other instances catch up within
 * the TTL. Only anonymous views are cached: a logged-in reader's view may
 * hold their own shadow-hidden comments.
 */
export class ThreadCache<T> {
  readonly #articles = new Map<string, Map<string, { value: T; expires: number }>>();
  #size = 0;

  constructor(
    private readonly ttlMs = 1000,
    private readonly maxEntries = 5000,
  ) {}

  get(siteId: string, articleId: string, query: string, now = Date.now()): T | undefined {
    const entry = this.#articles.get(articleKey(siteId, articleId))?.get(query);
    return entry && entry.expires > now ? entry.value : undefined;
  }

  set(siteId: string, articleId: string, query: string, value: T, now = Date.now()): void {
    if (this.ttlMs <= 0) return;
    const key = articleKey(siteId, articleId);
    let entries = this.#articles.get(key);
    if (!entries) {
      while (this.#size >= this.maxEntries && this.#articles.size > 0) this.#evictOldestArticle();
      entries = new Map();
      this.#articles.set(key, entries);
    }
    if (!entries.has(query)) this.#size++;
    entries.set(query, { value, expires: now + this.ttlMs });
  }

  /** Drops an article's entries, or a whole site's when no article is given. */
  invalidate(siteId: string, articleId?: string): void {
    if (articleId !== undefined) {
      this.#drop(articleKey(siteId, articleId));
      return;
    }
    const prefix = articleKey(siteId, '');
    for (const key of [...this.#articles.keys()]) if (key.startsWith(prefix)) this.#drop(key);
  }

  #drop(key: string): void {
    const entries = this.#articles.get(key);
    if (!entries) return;
    this.#size -= entries.size;
    this.#articles.delete(key);
  }

  #evictOldestArticle(): void {
    const oldest = this.#articles.keys().next();
    if (!oldest.done) this.#drop(oldest.value);
  }
}

const articleKey = (siteId: string, articleId: string) => `${siteId}\u0000${articleId}`;
