import type { Deadline } from '../platform/http/request-deadline.js';
import type { Article, ArticleRepository } from '../articles/article.repository.js';
import type { ArticleMetadataService } from '../articles/article-metadata.js';
import { articleAttributesOf } from '../articles/article-attributes.js';
import { BoundedCache } from '../platform/bounded-cache.js';
import { AppError, notFound } from '../platform/errors.js';
import type { CursorCodec } from '../platform/http/cursor.js';
import { SharedReads } from '../platform/shared-reads.js';
import type { EventPublisher } from '../realtime/publisher.js';
import { optionalReader, ssoAuthorKey } from '../readers/reader-identity.js';
import { DEFAULT_EDIT_WINDOW_SECONDS } from '../sites/site.js';
import type { Site } from '../sites/site.js';
import type { SiteRepository } from '../sites/site.repository.js';
import {
  type Comment,
  type PublicComment,
  type ThreadComment,
  type ThreadSort,
  toPublicComment,
} from './comment.js';
import { type CommentRepository, MAX_PAGE_REPLIES, type Position } from './comment.repository.js';
import { articleIsOpen } from './comment-service.js';
import { ThreadCache } from './thread-cache.js';
import { type RankedSort, type Ranking, type RankingRepository, rankThread } from './thread-ranking.js';

/** Top-level comments a ranked sort orders (the newest this many; older ones are not ranked). */
export const MAX_RANKED = 5000;
/** How long a ranking snapshot is shared with readers who open the article after it was made. */
const RANKING_SHARE_MS = 15_000;
/** How long a reader can page through one snapshot. */
const RANKING_TTL_MS = 3600_000;
/** Editor picks on the first page. */
const MAX_FEATURED = 10;
/** Public pages whose top-level comments this process remembers from their last build (see #lastTop). */
const MAX_REMEMBERED_PAGES = 2000;
const REMEMBER_PAGE_MS = 10 * 60_000;

export interface ThreadQuery {
  limit: number;
  cursor?: string;
  sort?: ThreadSort;
  /** A comment's id: the page starts with its thread (permalinks). */
  around?: string;
  /** Article attributes from the page (trusted only when signed). */
  publishedAt?: string;
  articleTitle?: string;
  articleUrl?: string;
  signedAt?: string;
  signature?: string;
}

/** One page's top-level comments, where the next page starts, and what the article shows beside it. */
interface Page {
  top: ThreadComment[];
  next: Position | null;
  visibleCount: number;
  featured: ThreadComment[];
  /** Replies read in the page's command: of these top-level comments (null: too many, read them again). */
  repliesOf: string[];
  replies: ThreadComment[] | null;
}

type ThreadItem = PublicComment & { replies: PublicComment[]; replyCount: number };

/** One page of an article's public thread, as readers get it. */
export interface PublicThread {
  items: ThreadItem[];
  nextCursor: string | null;
  sort: ThreadSort;
  /** Editor picks, on the first page only (empty on later pages). */
  featured: PublicComment[];
  article: {
    id: string;
    open: boolean;
    mode: 'pre' | 'post';
    commentCount: number;
    moderationStatement: string | null;
    requireLogin: boolean;
    loginUrl: string | null;
    editWindowSeconds: number;
    /** Trusted metadata only (admin API or signed attributes), never a reader's hint. */
    title: string | null;
    url: string | null;
  };
}

export interface ThreadServiceDeps {
  sites: SiteRepository;
  articles: ArticleRepository;
  comments: CommentRepository;
  rankings: RankingRepository;
  publisher: EventPublisher;
  cursors: CursorCodec;
  metadata: ArticleMetadataService;
  /** How long a built page is served from memory (config threadCacheMs; 0: never). */
  cacheMs: number;
}

/** The next id after (or before) `id` in ObjectId order, for a cursor that includes `id` itself. */
function shiftId(id: string, delta: 1 | -1): string {
  const next = BigInt(`0x${id}`) + BigInt(delta);
  return (next < 0n ? 0n : next).toString(16).padStart(24, '0').slice(-24);
}

/**
 * The public thread of an article: one page of top-level comments with their
 * replies, in one of four orders, with editor picks first. `newest` and
 * `oldest` page by (time, id); `respect` and `replies` page through a ranking
 * snapshot (see thread-ranking.ts), so no order skips or repeats a comment
 * while comments and reactions arrive.
 */
export class ThreadService {
  readonly #cache: ThreadCache<PublicThread>;
  /** When this process last saw what readers see of an article change (a ranking made before is stale). */
  readonly #changedAt = new Map<string, number>();
  /**
   * Cache misses in flight, by article: readers who miss the same page together (its
   * entry just expired under a breaking story's load) share one build instead of each
   * sending the page's commands (see #build). A change drops the article's builds, so a
   * build begun before it is neither shared with later readers nor cached.
   */
  readonly #building = new Map<string, SharedReads<string, PublicThread>>();
  /**
   * The top-level comments of each public page's last build on this process. A reply names
   * its parent, so a page's replies need the page's ids; the next build of the page asks for
   * the replies of these in the page's own command, and only the comments new to the page
   * take a second one (see #replies). A guess, never an answer: the page read now decides
   * which replies are shown.
   */
  readonly #lastTop = new BoundedCache<string, string[]>(MAX_REMEMBERED_PAGES, REMEMBER_PAGE_MS);

  constructor(private readonly deps: ThreadServiceDeps) {
    this.#cache = new ThreadCache<PublicThread>(deps.cacheMs);
    deps.publisher.onPublicChange((siteId, articleId) => {
      this.#cache.invalidate(siteId, articleId);
      if (articleId !== undefined) this.#building.delete(buildingKey(siteId, articleId));
      else {
        const prefix = buildingKey(siteId, '');
        for (const key of [...this.#building.keys()]) if (key.startsWith(prefix)) this.#building.delete(key);
      }
      if (this.#changedAt.size > 10_000) this.#changedAt.clear();
      if (articleId !== undefined) this.#changedAt.set(`${siteId}\u0000${articleId}`, Date.now());
      else this.#changedAt.clear();
    });
  }

  async list(
    siteId: string,
    articleId: string,
    query: ThreadQuery,
    reader: { bearer: string | null } = { bearer: null },
    d?: Deadline | null,
  ): Promise<PublicThread> {
    const site = await this.deps.sites.findById(siteId, undefined, d);
    if (!site) throw notFound('No such site.');
    const sort = query.sort ?? site.policy.defaultSort ?? 'newest';
    // A logged-in reader also sees their own shadow-hidden comments; their cursors are their own.
    const viewer = await optionalReader(site, reader.bearer);
    const viewerKey = viewer ? ssoAuthorKey(viewer.sub) : null;
    // Signed attributes are stored (and drop stale cached pages) before the cache is read;
    // unsigned ones are hints for the page itself and change nothing here.
    const signed = await this.deps.metadata.applySigned(site, articleId, articleAttributesOf(query), d);
    const scope = `comments:${siteId}:${articleId}:${sort}${viewerKey ? `:${viewerKey}` : ''}`;
    const cacheKey = `${site.policyVersion}|${sort}|${query.limit}|${query.cursor ?? ''}`;
    const cacheable = !viewerKey && !query.around;
    const pageKey = cacheable ? `${buildingKey(siteId, articleId)}\u0000${cacheKey}` : null;
    const build = () =>
      this.#build(site, siteId, articleId, sort, scope, query, viewerKey, signed, pageKey, d);
    if (!cacheable) return build();
    const cached = this.#cache.get(siteId, articleId, cacheKey);
    if (cached) return cached;
    const article = buildingKey(siteId, articleId);
    let builds = this.#building.get(article);
    if (!builds) {
      builds = new SharedReads<string, PublicThread>();
      this.#building.set(article, builds);
    }
    const own = builds;
    return own
      .load(cacheKey, build, (thread) => {
        if (this.#building.get(article) === own) this.#cache.set(siteId, articleId, cacheKey, thread);
      })
      .finally(() => {
        if (own.size === 0 && this.#building.get(article) === own) this.#building.delete(article);
      });
  }

  /** One page as the database has it now. */
  async #build(
    site: Site,
    siteId: string,
    articleId: string,
    sort: ThreadSort,
    scope: string,
    query: ThreadQuery,
    viewerKey: string | null,
    signed: Article | null,
    /** A public page's key: its last build's top-level comments are asked for their replies with it. */
    pageKey: string | null,
    d?: Deadline | null,
  ): Promise<PublicThread> {
    const { articles, cursors } = this.deps;
    // One command for the page, the article's count, (first page) its editor picks and the
    // replies of the comments expected on it; a second only for the replies of the others.
    const featured = query.cursor ? 0 : MAX_FEATURED;
    const expected = (pageKey && this.#lastTop.get(pageKey)) || [];
    const [page, found] = await Promise.all([
      sort === 'newest' || sort === 'oldest'
        ? this.#byTime(siteId, articleId, sort, scope, query, viewerKey, featured, expected, d)
        : this.#byRanking(siteId, articleId, sort, scope, query, viewerKey, featured, d),
      articles.find(siteId, articleId, d),
    ]);
    if (pageKey)
      this.#lastTop.set(
        pageKey,
        page.top.map((c) => c.id),
      );
    const article = signed ?? found;
    const thread: PublicThread = {
      items: await this.#withReplies(siteId, articleId, page, viewerKey, d),
      nextCursor: page.next ? cursors.encode(page.next, scope) : null,
      sort,
      featured: page.featured.map(toPublicComment),
      article: {
        id: articleId,
        open: article ? articleIsOpen(site, article) : true,
        mode: article?.mode ?? site.policy.mode,
        commentCount: page.visibleCount,
        moderationStatement: site.policy.moderationStatement || null,
        requireLogin: site.policy.requireLogin,
        loginUrl: site.policy.loginUrl ?? null,
        editWindowSeconds: site.policy.editWindowSeconds ?? DEFAULT_EDIT_WINDOW_SECONDS,
        title: article?.title ?? null,
        url: article?.url ?? null,
      },
    };
    return thread;
  }

  /** Newest or oldest first, by (createdAt, id). */
  async #byTime(
    siteId: string,
    articleId: string,
    sort: 'newest' | 'oldest',
    scope: string,
    query: ThreadQuery,
    viewerKey: string | null,
    featured: number,
    /** Top-level comments expected on the page, whose replies come with it. */
    repliesOf: string[],
    d?: Deadline | null,
  ): Promise<Page> {
    let position: Position | undefined;
    if (query.cursor) position = this.deps.cursors.decode(query.cursor, scope);
    else if (query.around) {
      const anchor = await this.#anchor(siteId, articleId, query.around, viewerKey, d);
      // Just past the anchor in the walk's direction, so the page starts with it.
      position = { t: anchor.createdAt.getTime(), id: shiftId(anchor.id, sort === 'newest' ? 1 : -1) };
    }
    const page = await this.deps.comments.threadPage(
      siteId,
      articleId,
      { limit: query.limit, after: position, sort, viewerKey },
      { featured, repliesOf },
      d,
    );
    const top = page.top.slice(0, query.limit);
    const last = top.at(-1);
    return {
      ...page,
      top,
      next: page.top.length > query.limit && last ? { t: last.createdAt.getTime(), id: last.id } : null,
      repliesOf,
    };
  }

  /** Most respected or most replied first, through a ranking snapshot; the cursor is (position, snapshot). */
  async #byRanking(
    siteId: string,
    articleId: string,
    sort: RankedSort,
    scope: string,
    query: ThreadQuery,
    viewerKey: string | null,
    featured: number,
    d?: Deadline | null,
  ): Promise<Page> {
    const { rankings, cursors, comments } = this.deps;
    let ranking: Ranking | null;
    let offset = 0;
    if (query.cursor) {
      const position = cursors.decode(query.cursor, scope);
      ranking = await rankings.find(position.id, undefined, d);
      if (!ranking || ranking.siteId !== siteId || ranking.articleId !== articleId || ranking.sort !== sort) {
        throw new AppError('validation_failed', 'The cursor has expired.', {
          details: [
            { path: 'query.cursor', message: 'this list has changed too much; load it from the start' },
          ],
        });
      }
      offset = position.t;
    } else {
      ranking = await this.#sharedRanking(siteId, articleId, sort, d);
      if (query.around) {
        const anchor = await this.#anchor(siteId, articleId, query.around, viewerKey, d);
        offset = ranking.ids.indexOf(anchor.id);
        if (offset < 0) {
          // Newer than the shared snapshot: rank again.
          ranking = await this.#rank(siteId, articleId, sort, d);
          offset = Math.max(0, ranking.ids.indexOf(anchor.id));
        }
      }
    }
    const inArticle = (c: ThreadComment) =>
      c.siteId === siteId && c.articleId === articleId && c.parentId === null;
    const take = (chunk: string[], found: ThreadComment[]) => {
      const byId = new Map(found.filter(inArticle).map((c) => [c.id, c]));
      for (const id of chunk) {
        const comment = byId.get(id);
        if (comment) top.push(comment);
      }
      offset += chunk.length;
    };
    const top: ThreadComment[] = [];
    // The first chunk comes with the article's count, editor picks and its replies, in one command.
    const first = ranking.ids.slice(offset, offset + query.limit);
    const totals = await comments.threadPage(
      siteId,
      articleId,
      { ids: first, viewerKey },
      { featured, repliesOf: first },
      d,
    );
    take(first, totals.top);
    // Comments removed since the snapshot are skipped; fill the page from the ones after.
    for (let round = 1; round < 4 && top.length < query.limit && offset < ranking.ids.length; round++) {
      const chunk = ranking.ids.slice(offset, offset + query.limit - top.length);
      take(chunk, await comments.findInThread(chunk, viewerKey, d));
    }
    const page = {
      top,
      visibleCount: totals.visibleCount,
      featured: totals.featured,
      repliesOf: first,
      replies: totals.replies,
    };
    if (offset >= ranking.ids.length) return { ...page, next: null };
    await this.#keep(ranking, d);
    return { ...page, next: { t: offset, id: ranking.id } };
  }

  /** A recent snapshot other readers are paging through, unless this process saw the article change since. */
  async #sharedRanking(
    siteId: string,
    articleId: string,
    sort: RankedSort,
    d?: Deadline | null,
  ): Promise<Ranking> {
    const changedAt = this.#changedAt.get(`${siteId}\u0000${articleId}`) ?? 0;
    const since = new Date(Math.max(Date.now() - RANKING_SHARE_MS, changedAt + 1));
    return (
      (await this.deps.rankings.latest(siteId, articleId, sort, since, d)) ??
      this.#rank(siteId, articleId, sort, d)
    );
  }

  async #rank(siteId: string, articleId: string, sort: RankedSort, d?: Deadline | null): Promise<Ranking> {
    const { comments, rankings } = this.deps;
    const [candidates, replyCounts] = await Promise.all([
      comments.rankingCandidates(siteId, articleId, MAX_RANKED, d),
      sort === 'replies'
        ? comments.replyCounts(siteId, articleId, d)
        : Promise.resolve(new Map<string, number>()),
    ]);
    return rankings.create(
      siteId,
      articleId,
      sort,
      rankThread(candidates, sort, replyCounts),
      RANKING_TTL_MS,
    );
  }

  /** Stores a snapshot the first time a cursor points into it. */
  readonly #stored = new Set<string>();
  async #keep(ranking: Ranking, d?: Deadline | null): Promise<void> {
    if (this.#stored.has(ranking.id)) return;
    const existing = await this.deps.rankings.find(ranking.id, undefined, d);
    if (!existing) await this.deps.rankings.store(ranking, d);
    if (this.#stored.size > 1000) this.#stored.clear();
    this.#stored.add(ranking.id);
  }

  /** The top-level comment whose thread holds `commentId`, if a reader can see it here. */
  async #anchor(
    siteId: string,
    articleId: string,
    commentId: string,
    viewerKey: string | null,
    d?: Deadline | null,
  ): Promise<Comment> {
    const { comments } = this.deps;
    const visible = (c: Comment | null): c is Comment =>
      c !== null &&
      c.siteId === siteId &&
      c.articleId === articleId &&
      (c.status === 'approved' || (c.status === 'deleted' && c.parentId === null)) &&
      (!c.shadowHidden || c.authorKey === viewerKey);
    const comment = await comments.findById(commentId, d);
    if (!visible(comment)) throw notFound('No such comment under this article.');
    if (comment.parentId === null) return comment;
    const parent = await comments.findById(comment.parentId, d);
    if (!visible(parent)) throw notFound('No such comment under this article.');
    return parent;
  }

  /**
   * The visible replies of a page's top-level comments, oldest first per comment (the oldest
   * MAX_PAGE_REPLIES across the page): those read with the page, and those of the comments
   * the page's command did not expect, read now.
   */
  async #replies(
    siteId: string,
    articleId: string,
    page: Page,
    viewerKey: string | null,
    d?: Deadline | null,
  ) {
    const { comments } = this.deps;
    const ids = page.top.map((c) => c.id);
    if (page.replies === null)
      return comments.listReplies(siteId, articleId, ids, MAX_PAGE_REPLIES, viewerKey, d);
    const onPage = new Set(ids);
    const read = page.replies.filter((r) => onPage.has(r.parentId as string));
    const expected = new Set(page.repliesOf);
    const others = ids.filter((id) => !expected.has(id));
    if (others.length === 0) return read;
    const more = await comments.listReplies(siteId, articleId, others, MAX_PAGE_REPLIES, viewerKey, d);
    const all = [...read, ...more];
    if (all.length <= MAX_PAGE_REPLIES) return all;
    const byTime = (a: ThreadComment, b: ThreadComment) =>
      a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    return all.sort(byTime).slice(0, MAX_PAGE_REPLIES);
  }

  /** Attaches each comment's visible replies; a deleted comment stays only while it has some. */
  async #withReplies(
    siteId: string,
    articleId: string,
    page: Page,
    viewerKey: string | null,
    d?: Deadline | null,
  ): Promise<ThreadItem[]> {
    const replies = await this.#replies(siteId, articleId, page, viewerKey, d);
    const byParent = new Map<string, PublicComment[]>();
    for (const reply of replies) {
      const parentId = reply.parentId as string;
      const list = byParent.get(parentId) ?? [];
      list.push(toPublicComment(reply));
      byParent.set(parentId, list);
    }
    return page.top.flatMap((c) => {
      const own = byParent.get(c.id) ?? [];
      if (c.status === 'deleted' && own.length === 0) return [];
      return [{ ...toPublicComment(c), replies: own, replyCount: own.length }];
    });
  }
}

const buildingKey = (siteId: string, articleId: string) => `${siteId}\u0000${articleId}`;
