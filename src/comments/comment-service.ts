import { Types } from 'mongoose';
import type { ArticleRepository, Article } from '../articles/article.repository.js';
import { type AuthorRepository, toStanding } from '../authors/author.repository.js';
import { fingerprint, moderate } from '../moderation/engine/index.js';
import type { ModerationDecision } from '../moderation/engine/types.js';
import { AppError, notFound } from '../platform/errors.js';
import type { PublicCachePolicy } from '../platform/http/cacheable.js';
import type { CursorCodec } from '../platform/http/cursor.js';
import { hashRequest, type IdempotencyStore } from '../platform/idempotency.js';
import { type KeyedHasher, sameSecret } from '../platform/privacy.js';
import type { Limiter } from '../platform/rate-limit.js';
import type { EventPublisher } from '../realtime/publisher.js';
import { inNightlyWindow } from '../readers/comment-window.js';
import {
  optionalReader,
  type ReaderIdentity,
  ssoAuthorKey,
  verifyReaderToken,
} from '../readers/reader-identity.js';
import type { Site } from '../sites/site.js';
import type { SiteRepository } from '../sites/site.repository.js';
import {
  type Comment,
  type CommentCreateInput,
  type CommentStatus,
  type PublicComment,
  toModComment,
  toPublicComment,
} from './comment.js';
import type { CommentRepository } from './comment.repository.js';
import { ThreadCache } from './thread-cache.js';

const DAY_MS = 24 * 3600 * 1000;

/** The token that lets a comment's writer (only) ask how moderation went, and appeal the decision. */
export const commentStatusToken = (hasher: KeyedHasher, commentId: string): string =>
  hasher.hash('comment-status', commentId);

const STATUS_BY_DECISION: Record<ModerationDecision['decision'], CommentStatus> = {
  approve: 'approved',
  hold: 'pending',
  reject: 'rejected',
};

export interface ReaderRequest {
  ip: string;
  userAgent: string;
  bearer: string | null;
  idempotencyKey: string | null;
}

export interface CommentServiceDeps {
  sites: SiteRepository;
  articles: ArticleRepository;
  comments: CommentRepository;
  authors: AuthorRepository;
  idempotency: IdempotencyStore;
  publisher: EventPublisher;
  hasher: KeyedHasher;
  cursors: CursorCodec;
  limits: { commentsPerIp: Limiter; commentsPerAuthor: Limiter };
  onDecision?: (decision: ModerationDecision['decision']) => void;
  accountability?: CommentAccountability;
}

/** What the accountability features (statements of reasons, appeals) add to the comment flow. */
export interface CommentAccountability {
  /** A new comment is stored (a rejected one gets its statement of reasons). */
  commentStored(comment: Comment, site: Site): Promise<void>;
  /** What the writer's status answer adds: the statement of reasons and the appeal, once there are any. */
  forWriter(comment: Comment): Promise<Record<string, unknown>>;
}

/** Publication dates further ahead than this are refused: they would keep an article open. */
const MAX_PUBLISHED_AHEAD_MS = 3600 * 1000;

/**
 * Whether an article takes comments now: its own switch, the site's
 * closeAfterDays (from the publish date the widget passed, else the first
 * comment) and the site's nightly closed window.
 */
export function articleIsOpen(site: Site, article: Article, now = new Date()): boolean {
  if (!article.open) return false;
  const days = site.policy.closeAfterDays;
  const since = article.publishedAt ?? article.firstCommentAt;
  if (days && since && now.getTime() - since.getTime() > days * DAY_MS) return false;
  return !inNightlyWindow(site.policy.nightlyClosed, now);
}

/** A publication date the widget passed, refused (422) when it lies in the future. */
export function parsePublishedAt(value: string | undefined, where: string, now = new Date()): Date | null {
  if (!value) return null;
  const at = new Date(value);
  if (Number.isNaN(at.getTime()) || at.getTime() > now.getTime() + MAX_PUBLISHED_AHEAD_MS) {
    throw new AppError('validation_failed', 'The publication date is not valid.', {
      details: [{ path: `${where}.publishedAt`, message: 'must be an ISO date, not in the future' }],
    });
  }
  return at;
}

/** One page of an article's public thread, as readers get it. */
export interface PublicThread {
  items: (PublicComment & { replies: PublicComment[]; replyCount: number })[];
  nextCursor: string | null;
  article: {
    id: string;
    open: boolean;
    mode: 'pre' | 'post';
    commentCount: number;
    moderationStatement: string | null;
  };
}

export class CommentService {
  readonly #threads = new ThreadCache<PublicThread>();

  constructor(private readonly deps: CommentServiceDeps) {
    deps.publisher.onPublicChange((siteId, articleId) => this.#threads.invalidate(siteId, articleId));
  }

  async requireSite(siteId: string): Promise<Site> {
    const site = await this.deps.sites.findById(siteId);
    if (!site) throw notFound('No such site.');
    return site;
  }

  /** How long caches may keep this site's public lists. */
  async cachePolicy(siteId: string): Promise<PublicCachePolicy> {
    return (await this.requireSite(siteId)).policy.publicCache;
  }

  /** A reader posts a comment: identify → check the article → moderate → store → publish. */
  async submit(siteId: string, articleId: string, input: CommentCreateInput, request: ReaderRequest) {
    const { comments, articles, authors, idempotency, publisher, hasher, limits } = this.deps;
    const site = await this.requireSite(siteId);
    const identity = await this.#identify(site, input, request);
    const publishedAt = parsePublishedAt(input.publishedAt, 'body');
    const ipHash = hasher.hash('ip', request.ip);
    const emailHash = identity.email ? hasher.hash('email', identity.email) : null;
    const authorKey = identity.sub
      ? ssoAuthorKey(identity.sub)
      : emailHash
        ? `email:${emailHash}`
        : `anon:${hasher.hash('anon', request.ip, identity.name.toLowerCase())}`;

    let commentId = new Types.ObjectId().toHexString();
    if (request.idempotencyKey) {
      const requestHash = hashRequest([articleId, input.body, identity, input.parentId ?? null]);
      commentId = await idempotency.claim(
        `comments:${siteId}`,
        request.idempotencyKey,
        requestHash,
        commentId,
      );
      const earlier = await comments.findById(commentId);
      if (earlier) return this.#created(earlier);
    }

    await limits.commentsPerIp.consume(`${siteId}:${ipHash}`);
    await limits.commentsPerAuthor.consume(`${siteId}:${authorKey}`);

    const now = new Date();
    let article =
      (await articles.find(siteId, articleId)) ?? (await articles.touchOnComment(siteId, articleId, now));
    if (publishedAt && !article.publishedAt) {
      article = (await articles.recordPublishedAt(siteId, articleId, publishedAt)) ?? article;
    }
    if (!articleIsOpen(site, article, now)) throw new AppError('comments_closed');
    if (input.parentId) await this.#checkParent(siteId, articleId, input.parentId);

    // Independent round trips, sent together (a POST's latency is mostly these).
    const [author, { history, recentFingerprints }] = await Promise.all([
      authors.touch(siteId, authorKey, { name: identity.name, emailHash, at: now }),
      comments.authorActivity(siteId, authorKey, fingerprint(input.body), new Date(now.getTime() - DAY_MS)),
    ]);
    const premoderation =
      article.mode === 'pre'
        ? 'article'
        : article.mode === null && site.policy.mode === 'pre'
          ? 'site'
          : null;
    const result = moderate(input.body, {
      policyKey: `${site.id}:${site.policyVersion}`,
      policy: site.policy,
      premoderation,
      author: toStanding(author, history),
      newAuthorHold: site.policy.newAuthorHold,
      recentFingerprints,
      maxLength: site.policy.maxCommentLength,
    });

    const stored = await comments.insert({
      id: commentId,
      siteId,
      articleId,
      parentId: input.parentId ?? null,
      body: input.body,
      authorName: identity.name,
      authorEmail: identity.email,
      authorKey,
      ipHash,
      status: STATUS_BY_DECISION[result.decision],
      shadowHidden: author.shadowBanned,
      moderation: { decision: result.decision, reasons: result.reasons },
      fingerprint: result.fingerprint,
    });
    if (!stored) {
      // A concurrent retry with the same Idempotency-Key stored it first.
      const winner = await comments.findById(commentId);
      if (!winner) throw new Error('comment id taken but not found');
      return this.#created(winner);
    }
    this.deps.onDecision?.(result.decision);
    if (stored.status === 'rejected') await this.deps.accountability?.commentStored(stored, site);
    // The history read above plus this comment: no second aggregation per post.
    const historyNow = { ...history, [stored.status]: history[stored.status] + 1 };
    await publisher.siteEvent(siteId, 'comment.created', toModComment(stored, historyNow));
    if (stored.status === 'approved' && !stored.shadowHidden) publisher.published(toPublicComment(stored));
    else if (stored.status === 'approved') publisher.publishedToAuthor(authorKey, toPublicComment(stored));
    return this.#created(stored);
  }

  /** Visible comments of an article, top level paginated, replies inlined. */
  async list(
    siteId: string,
    articleId: string,
    query: { limit: number; cursor?: string; sort: 'newest' | 'oldest'; publishedAt?: string },
    reader: { bearer: string | null } = { bearer: null },
  ) {
    const { comments, articles, cursors } = this.deps;
    const site = await this.requireSite(siteId);
    // A logged-in reader also sees their own shadow-hidden comments; their cursors are their own.
    const viewer = await optionalReader(site, reader.bearer);
    const viewerKey = viewer ? ssoAuthorKey(viewer.sub) : null;
    const publishedAt = parsePublishedAt(query.publishedAt, 'query');
    const scope = `comments:${siteId}:${articleId}:${query.sort}${viewerKey ? `:${viewerKey}` : ''}`;
    const position = query.cursor ? cursors.decode(query.cursor, scope) : undefined;
    const cacheKey = `${site.policyVersion}|${query.sort}|${query.limit}|${query.cursor ?? ''}`;
    if (!viewerKey) {
      const cached = this.#threads.get(siteId, articleId, cacheKey);
      if (cached) return cached;
    }
    const [page, found, commentCount] = await Promise.all([
      comments.listTopLevel(siteId, articleId, {
        limit: query.limit,
        after: position,
        sort: query.sort,
        viewerKey,
      }),
      articles.find(siteId, articleId),
      comments.countVisible(siteId, articleId, viewerKey),
    ]);
    let article = found;
    if (publishedAt && !article?.publishedAt) {
      article = (await articles.recordPublishedAt(siteId, articleId, publishedAt)) ?? article;
    }
    const hasMore = page.length > query.limit;
    const top = page.slice(0, query.limit);
    const replies = await comments.listReplies(
      siteId,
      articleId,
      top.map((c) => c.id),
      undefined,
      viewerKey,
    );
    const byParent = new Map<string, PublicComment[]>();
    for (const reply of replies) {
      const list = byParent.get(reply.parentId!) ?? [];
      list.push(toPublicComment(reply));
      byParent.set(reply.parentId!, list);
    }
    const last = top.at(-1);
    const thread: PublicThread = {
      items: top.map((c) => {
        const own = byParent.get(c.id) ?? [];
        return { ...toPublicComment(c), replies: own, replyCount: own.length };
      }),
      nextCursor:
        hasMore && last ? cursors.encode({ t: last.createdAt.getTime(), id: last.id }, scope) : null,
      article: {
        id: articleId,
        open: article ? articleIsOpen(site, article) : true,
        mode: article?.mode ?? site.policy.mode,
        commentCount,
        moderationStatement: site.policy.moderationStatement || null,
      },
    };
    if (!viewerKey) this.#threads.set(siteId, articleId, cacheKey, thread);
    return thread;
  }

  async #identify(site: Site, input: CommentCreateInput, request: ReaderRequest) {
    if (site.policy.requireLogin) {
      if (!request.bearer) throw new AppError('unauthorized', 'This site requires you to log in to comment.');
      const reader: ReaderIdentity = await verifyReaderToken(request.bearer, site.ssoSecrets);
      return { sub: reader.sub, name: reader.name, email: reader.email?.toLowerCase() ?? null };
    }
    if (!input.authorName) {
      throw new AppError('validation_failed', 'The request body is not valid.', {
        details: [{ path: 'body.authorName', message: 'a name is required' }],
      });
    }
    return { sub: null, name: input.authorName, email: input.authorEmail?.toLowerCase() ?? null };
  }

  async #checkParent(siteId: string, articleId: string, parentId: string): Promise<void> {
    const parent = await this.deps.comments.findById(parentId);
    const invalid = (message: string) =>
      new AppError('validation_failed', 'The request body is not valid.', {
        details: [{ path: 'body.parentId', message }],
      });
    if (
      !parent ||
      parent.siteId !== siteId ||
      parent.articleId !== articleId ||
      parent.status !== 'approved'
    ) {
      throw invalid('no visible comment with this id under this article');
    }
    if (parent.parentId !== null) throw invalid('replies are one level deep: reply to the top-level comment');
  }

  /**
   * How moderation went, for the comment's author only: the widget keeps a held comment
   * visible to its writer, and must be able to tell them when a moderator turned it down.
   * Anything that does not match (id, article, token) is a 404, so ids cannot be probed.
   */
  async status(siteId: string, articleId: string, commentId: string, token: string) {
    const comment = await this.deps.comments.findById(commentId);
    if (
      !comment ||
      comment.siteId !== siteId ||
      comment.articleId !== articleId ||
      !sameSecret(token, this.#statusToken(comment.id))
    ) {
      throw notFound('No such comment, or the status token does not match.');
    }
    const extra = (await this.deps.accountability?.forWriter(comment)) ?? {};
    return { comment: { id: comment.id, status: comment.status }, ...extra };
  }

  #statusToken(commentId: string): string {
    return commentStatusToken(this.deps.hasher, commentId);
  }

  #created(comment: Comment) {
    return {
      comment: { ...toPublicComment(comment), status: comment.status },
      moderation: comment.moderation,
      statusToken: this.#statusToken(comment.id),
    };
  }
}
