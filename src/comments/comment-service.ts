import { Types } from 'mongoose';
import type { Article, ArticleRepository } from '../articles/article.repository.js';
import type { ArticleMetadataService } from '../articles/article-metadata.js';
import { articleAttributesOf } from '../articles/article-attributes.js';
import {
  type AuthorRecord,
  type AuthorRepository,
  authorRecordOf,
  touchNeeded,
} from '../authors/author.repository.js';
import { normalise, publicReasons } from '../moderation/engine/index.js';
import type { ModerationDecision } from '../moderation/engine/types.js';
import type { RiskModels } from '../moderation/model/risk-models.js';
import { AppError, notFound } from '../platform/errors.js';
import type { PublicCachePolicy } from '../platform/http/cacheable.js';
import { asBookkeeping, type Deadline } from '../platform/http/request-deadline.js';
import { type KeyedHasher, sameSecret } from '../platform/privacy.js';
import type { Limiter } from '../platform/rate-limit.js';
import type { EventPublisher } from '../realtime/publisher.js';
import { inNightlyWindow } from '../readers/comment-window.js';
import type { Site } from '../sites/site.js';
import type { SiteRepository } from '../sites/site.repository.js';
import {
  type AuthorHistory,
  type Comment,
  type CommentCreateInput,
  type CommentStatus,
  type PublicComment,
  toModComment,
  toPublicComment,
} from './comment.js';
import type { CommentRepository, NewComment } from './comment.repository.js';
import { identifyWriter, moderateComment, publicAuthorId, type Writer } from './writer.js';

const DAY_MS = 24 * 3600 * 1000;
/** How long an Idempotency-Key binds: after a day it may be used again (API.md). */
const IDEMPOTENCY_KEY_MS = DAY_MS;
/** How many authors' records this instance remembers writing (a hint, see #authorAndActivity). */
const WRITTEN_LATELY_MAX = 20_000;

/** A post's Idempotency-Key, scoped to the site, and the hash of its request. */
interface KeyedPost {
  key: string;
  requestHash: string;
}

const keyReused = () =>
  new AppError('validation_failed', 'This Idempotency-Key was used for a different request.', {
    details: [{ path: 'headers.idempotency-key', message: 'reused with a different body' }],
  });

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
  publisher: EventPublisher;
  hasher: KeyedHasher;
  /** Stores article attributes the page passed signed with the site's embed secret. */
  metadata: ArticleMetadataService;
  limits: { commentsPerIp: Limiter; commentsPerAuthor: Limiter };
  onDecision?: (decision: ModerationDecision['decision']) => void;
  /** The site's risk model: scores every comment; may hold where the site lets it. */
  risk?: RiskModels;
  accountability?: CommentAccountability;
  /**
   * How long a new comment's `comment.created` event, logged after the answer, may wait to
   * share one insert with the site's next events (default 0: sent at once after the answer).
   */
  createdEventLingerMs?: number;
}

/** What the accountability features (statements of reasons, appeals) add to the comment flow. */
export interface CommentAccountability {
  /** A new comment is stored (a rejected one gets its statement of reasons). */
  commentStored(comment: Comment, site: Site): Promise<void>;
  /** What the writer's status answer adds: the statement of reasons and the appeal, once there are any. */
  forWriter(comment: Comment, d?: Deadline | null): Promise<Record<string, unknown>>;
}

/**
 * Whether an article takes comments now: its own switch, the site's
 * closeAfterDays (from the trusted publication date, else the first comment)
 * and the site's nightly closed window.
 */
export function articleIsOpen(site: Site, article: Article, now = new Date()): boolean {
  if (!article.open) return false;
  const days = site.policy.closeAfterDays;
  const since = article.publishedAt ?? article.firstCommentAt;
  if (days && since && now.getTime() - since.getTime() > days * DAY_MS) return false;
  return !inNightlyWindow(site.policy.nightlyClosed, now);
}

/** The token that lets a comment's writer (only) ask about, edit and delete it. */
export const statusTokenFor = (hasher: KeyedHasher, commentId: string) =>
  hasher.hash('comment-status', commentId);

/**
 * The comment a writer's status token is for. Anything that does not match (id, article,
 * token) is the same 404, so ids cannot be probed.
 */
export async function findOwnComment(
  deps: { comments: CommentRepository; hasher: KeyedHasher },
  siteId: string,
  articleId: string,
  commentId: string,
  token: string,
  d?: Deadline | null,
): Promise<Comment> {
  const comment = await deps.comments.findById(commentId, d);
  if (
    !comment ||
    comment.siteId !== siteId ||
    comment.articleId !== articleId ||
    !sameSecret(token, statusTokenFor(deps.hasher, comment.id))
  ) {
    throw notFound('No such comment, or the token does not match.');
  }
  return comment;
}

export const STATUS_BY_DECISION: Record<ModerationDecision['decision'], CommentStatus> = {
  approve: 'approved',
  hold: 'pending',
  reject: 'rejected',
};

export class CommentService {
  /** Authors whose record this instance wrote lately, oldest first (see #authorAndActivity). */
  readonly #writtenLately = new Set<string>();

  constructor(private readonly deps: CommentServiceDeps) {}

  async requireSite(siteId: string, d?: Deadline | null): Promise<Site> {
    const site = await this.deps.sites.findById(siteId, {}, d);
    if (!site) throw notFound('No such site.');
    return site;
  }

  /** How long caches may keep this site's public lists. */
  async cachePolicy(siteId: string, d?: Deadline | null): Promise<PublicCachePolicy> {
    return (await this.requireSite(siteId, d)).policy.publicCache;
  }

  /** A reader posts a comment: identify → check the article → moderate → store → publish. */
  async submit(
    siteId: string,
    articleId: string,
    input: CommentCreateInput,
    request: ReaderRequest,
    d: Deadline | null = null,
  ) {
    const site = await this.requireSite(siteId, d);
    const writer = await identifyWriter(site, input, request, this.deps.hasher);
    const identity = { sub: writer.sub, name: writer.name, email: writer.email };
    // The key is claimed by the comment's own insert (a unique index), not by a write of its own.
    const keyed: KeyedPost | null = request.idempotencyKey
      ? {
          key: `${siteId}:${request.idempotencyKey}`,
          // Keyed: it is kept with the comment, and covers the writer's name and e-mail.
          requestHash: this.deps.hasher.hash(
            'comment-request',
            JSON.stringify([articleId, input.body, identity, input.parentId ?? null]),
          ),
        }
      : null;
    try {
      return await this.#post(site, articleId, input, writer, keyed, d);
    } catch (err) {
      // A retry of a post that was stored but whose answer was lost gets that comment, whatever
      // would turn a new post away by now (the rate limits it counted against, the article closed).
      if (keyed && err instanceof AppError && err.code !== 'unavailable') {
        const earlier = await this.#earlier(keyed, {}, d);
        if (earlier) return this.#created(earlier);
      }
      throw err;
    }
  }

  async #post(
    site: Site,
    articleId: string,
    input: CommentCreateInput,
    writer: Writer,
    keyed: KeyedPost | null,
    d: Deadline | null,
  ) {
    const { articles, publisher, hasher, limits } = this.deps;
    const siteId = site.id;
    const { ipHash, authorKey } = writer;
    const identity = { sub: writer.sub, name: writer.name, email: writer.email };

    // Per client across sites: a flood is a flood whichever of the sites it hits.
    await limits.commentsPerIp.consume(`ip:${ipHash}`);
    await limits.commentsPerAuthor.consume(`${siteId}:${authorKey}`);

    const now = new Date();
    let article =
      (await this.deps.metadata.applySigned(site, articleId, articleAttributesOf(input), d)) ??
      (await articles.find(siteId, articleId, d));
    if (!article?.firstCommentAt) {
      article = await articles.touchOnComment(siteId, articleId, now, asBookkeeping(d));
    }
    if (!articleIsOpen(site, article, now)) throw new AppError('comments_closed');
    if (input.parentId) await this.#checkParent(siteId, articleId, input.parentId, d);

    // The text is read once: its fingerprint, the rules and the risk model share it.
    const text = normalise(input.body);
    const { author, history, recentFingerprints } = await this.#authorAndActivity(
      siteId,
      authorKey,
      { name: identity.name, emailHash: writer.emailHash, at: now },
      text.fingerprint,
      d,
    );
    const result = moderateComment(text, {
      site,
      article,
      author,
      history,
      recentFingerprints,
      // A name the reader typed is theirs to answer for; a site login's name is the site's.
      ...(writer.sub === null ? { authorName: writer.name } : {}),
    });

    // The rules' reasons are features of the model too (stored with the comment: a decision learns the same).
    const assessment = this.deps.risk
      ? await this.deps.risk.assess(siteId, site.policy.riskModel, text, result.reasons, d)
      : null;
    if (assessment?.hold && assessment.risk && result.decision === 'approve') {
      // The model may hold, never reject; its reason names no lexicon entry.
      result.decision = 'hold';
      result.reasons.push({
        rule: 'risk_model',
        severity: 'hold',
        detail: `Risk score ${assessment.risk.score.toFixed(2)} at or above the site's threshold ${assessment.threshold}`,
        params: {
          score: assessment.risk.score,
          threshold: assessment.threshold,
          modelVersion: assessment.risk.modelVersion,
        },
      });
    }
    const stored = await this.#insertOnce(
      {
        id: new Types.ObjectId().toHexString(),
        siteId,
        articleId,
        parentId: input.parentId ?? null,
        body: input.body,
        authorName: identity.name,
        authorEmail: identity.email,
        authorKey,
        authorId: publicAuthorId(hasher, siteId, authorKey),
        ipHash,
        status: STATUS_BY_DECISION[result.decision],
        shadowHidden: author.shadowBanned,
        moderation: { decision: result.decision, reasons: result.reasons },
        fingerprint: result.fingerprint,
        risk: assessment?.risk ?? null,
      },
      keyed,
      d,
    );
    // A retry or a concurrent duplicate with the same Idempotency-Key stored it first.
    if ('earlier' in stored) return this.#created(stored.earlier);
    this.deps.onDecision?.(result.decision);
    // Readers first: the comment is stored (w: majority), so it is theirs to see now, not one
    // event-log round trip later (under load that round trip was the tail of post→publish).
    const visible = stored.status === 'approved' ? toPublicComment(stored) : null;
    if (visible && !stored.shadowHidden) publisher.published(visible);
    else if (visible) publisher.publishedToAuthor(authorKey, visible);
    // Past the insert (it committed the request) nothing is refused: no deadline to pass on.
    if (stored.status === 'rejected') await this.deps.accountability?.commentStored(stored, site);
    // The history read above plus this comment: no second aggregation per post.
    const status = stored.status as CommentStatus;
    const historyNow = { ...history, [status]: history[status] + 1 };
    // The moderators' event after the answer: it may linger to share one insert with the next
    // posts' events (a lone post pays a share of it, not a command of its own). The comment is
    // stored (w: majority); should this process end before the event is, the sweep on another
    // instance or the next start logs it (logMissedCreatedEvents), once: one per comment by index.
    void publisher.siteEvent(siteId, 'comment.created', toModComment(stored, historyNow), {
      lingerMs: this.deps.createdEventLingerMs ?? 0,
    });
    return this.#created(stored, visible);
  }

  /**
   * The author's record (standing: bans, trust) and history (by status, and the duplicate check),
   * read fresh for every post. The record is also written (name, e-mail hash, last seen; created
   * on a first text), unless the author is one this instance has written lately and the record
   * read with the history shows nothing to change: a returning author's post then costs one
   * command instead of two. Which authors were written lately is only a hint for when to read
   * first (a wrong one costs the write after the read); what the rules read is never cached. The
   * read is group-read with other posts' (`CommentRepository.authorActivity`), but always sent
   * after this post asked for it: it sees every comment the author had stored by then.
   *
   * An author this instance has not written lately is written first. When that write created
   * the record (none existed, on any instance), the history is empty by construction and is not
   * read: every comment is stored after its author's record is written (here, the only path that
   * stores comments), and the record is only deleted by erasure together with the comments
   * (docs/PERFORMANCE.md, "POST path, sixth round"). Otherwise the history is read after it.
   */
  async #authorAndActivity(
    siteId: string,
    authorKey: string,
    seen: { name: string; emailHash: string | null; at: Date },
    fingerprint: string,
    d: Deadline | null,
  ): Promise<{ author: AuthorRecord; history: AuthorHistory; recentFingerprints: string[] }> {
    const { comments, authors } = this.deps;
    const since = new Date(seen.at.getTime() - DAY_MS);
    // Bookkeeping: a post stopped by its deadline after this leaves nothing half-done (the
    // touch goes to the driver, which no deadline check sees, as it did under the plugin).
    const touch = () => authors.touch(siteId, authorKey, seen);
    const known = `${siteId}\u0000${authorKey}`;
    let result: { author: AuthorRecord; history: AuthorHistory; recentFingerprints: string[] };
    if (this.#writtenLately.has(known)) {
      const { authorDoc, ...activity } = await comments.authorActivity(
        siteId,
        authorKey,
        fingerprint,
        since,
        undefined,
        {
          withAuthor: true,
        },
        d,
      );
      const stored = authorDoc ? authorRecordOf(authorDoc) : null;
      const author = stored && !touchNeeded(stored, seen) ? stored : (await touch()).record;
      result = { author, ...activity };
    } else {
      const { record: author, created } = await touch();
      const activity = created
        ? { history: { approved: 0, rejected: 0, pending: 0 }, recentFingerprints: [] }
        : await comments.authorActivity(siteId, authorKey, fingerprint, since, undefined, {}, d);
      result = { author, ...activity };
    }
    this.#writtenLately.delete(known);
    this.#writtenLately.add(known);
    if (this.#writtenLately.size > WRITTEN_LATELY_MAX) {
      this.#writtenLately.delete(this.#writtenLately.values().next().value as string);
    }
    return result;
  }

  /**
   * Inserts a new comment; with a key, exactly one comment is ever stored under it: when another
   * holds it (a retry, a concurrent duplicate), that one is the answer. A key older than a day
   * is let go first, as keys were always remembered for a day.
   */
  async #insertOnce(
    comment: NewComment,
    keyed: KeyedPost | null,
    d: Deadline | null,
  ): Promise<Comment | { earlier: Comment }> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const stored = await this.deps.comments.insert(comment, keyed, d);
      if (stored) return stored;
      if (!keyed) throw new Error(`comment id ${comment.id} taken`);
      const earlier = await this.#earlier(keyed, { release: true }, d);
      if (earlier) return { earlier };
    }
    throw new Error('Idempotency-Key held, but no comment holds it');
  }

  /**
   * The comment stored under this key for the same request; 422 when it was for another. A key
   * older than a day binds nothing (`release`: and is taken from its comment, for a new insert).
   */
  async #earlier(
    keyed: KeyedPost,
    options: { release?: boolean } = {},
    d: Deadline | null = null,
  ): Promise<Comment | null> {
    const held = await this.deps.comments.findByIdempotencyKey(keyed.key, d);
    if (!held) return null;
    if (Date.now() - held.comment.createdAt.getTime() > IDEMPOTENCY_KEY_MS) {
      if (options.release) await this.deps.comments.releaseIdempotencyKey(held.comment.id, keyed.key, d);
      return null;
    }
    if (held.requestHash !== keyed.requestHash) throw keyReused();
    return held.comment;
  }

  async #checkParent(siteId: string, articleId: string, parentId: string, d: Deadline | null): Promise<void> {
    const parent = await this.deps.comments.findById(parentId, d);
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
  async status(
    siteId: string,
    articleId: string,
    commentId: string,
    token: string,
    d: Deadline | null = null,
  ) {
    const comment = await findOwnComment(this.deps, siteId, articleId, commentId, token, d);
    const extra = (await this.deps.accountability?.forWriter(comment, d)) ?? {};
    return { comment: { id: comment.id, status: comment.status }, ...extra };
  }

  #created(comment: Comment, shown: PublicComment | null = null) {
    return {
      comment: { ...(shown ?? toPublicComment(comment)), status: comment.status },
      // The writer learns why (rule, category, span), never which lexicon entry matched.
      moderation: {
        decision: comment.moderation.decision,
        reasons: publicReasons(comment.moderation.reasons),
      },
      statusToken: statusTokenFor(this.deps.hasher, comment.id),
    };
  }
}
