import type { Deadline } from '../platform/http/request-deadline.js';
import { publicReasons } from '../moderation/engine/public-reasons.js';
import type { ArticleRepository } from '../articles/article.repository.js';
import type { AuthorRepository } from '../authors/author.repository.js';
import { normalise } from '../moderation/engine/index.js';
import type { ModerationReason } from '../moderation/engine/types.js';
import { AppError, notFound } from '../platform/errors.js';
import type { KeyedHasher } from '../platform/privacy.js';
import type { Limiter } from '../platform/rate-limit.js';
import type { EventPublisher } from '../realtime/publisher.js';
import { optionalReader, ssoAuthorKey } from '../readers/reader-identity.js';
import { DEFAULT_EDIT_WINDOW_SECONDS, type Site } from '../sites/site.js';
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
import { articleIsOpen, findOwnComment, STATUS_BY_DECISION, statusTokenFor } from './comment-service.js';
import type { RevisionRepository } from './revision.repository.js';
import { identifyWriter, moderateComment } from './writer.js';

const DAY_MS = 24 * 3600 * 1000;

export interface OwnCommentServiceDeps {
  sites: SiteRepository;
  articles: ArticleRepository;
  comments: CommentRepository;
  authors: AuthorRepository;
  revisions: RevisionRepository;
  publisher: EventPublisher;
  hasher: KeyedHasher;
  limits: { commentsPerIp: Limiter; previewsPerIp: Limiter };
}

/** What a reader is told about a text before posting it: categories and where, never which word. */
export interface PreviewReason {
  category: string;
  spans: { start: number; end: number }[];
}

/** The reader-facing category of a reason: the engine's category, or what the rule is about. */
const RULE_CATEGORY: Record<string, string> = {
  too_many_links: 'links',
  shouting: 'shouting',
  duplicate: 'duplicate',
  premoderation: 'premoderation',
  new_author: 'new_author',
  banned_author: 'author',
  too_long: 'length',
  too_short: 'length',
};

export function previewReasons(reasons: readonly ModerationReason[]): PreviewReason[] {
  const byCategory = new Map<string, PreviewReason>();
  for (const reason of reasons) {
    if (reason.severity === 'info') continue;
    const category = reason.category ?? RULE_CATEGORY[reason.rule] ?? 'other';
    const entry = byCategory.get(category) ?? { category, spans: [] };
    if (reason.span && entry.spans.length < 50)
      entry.spans.push({ start: reason.span.start, end: reason.span.end });
    byCategory.set(category, entry);
  }
  return [...byCategory.values()];
}

const isPublic = (c: Pick<Comment, 'status' | 'shadowHidden'>) => c.status === 'approved' && !c.shadowHidden;

/**
 * What a writer can do with their own words: check them before posting
 * (preview), change them for a while after (edit: moderated again, the old
 * text kept for moderators), and take them back (delete). The writer proves
 * a comment is theirs with the status token the POST answer gave them.
 */
export class OwnCommentService {
  constructor(private readonly deps: OwnCommentServiceDeps) {}

  /** Moderates a text as a post would, storing nothing and touching no record. */
  async preview(
    siteId: string,
    articleId: string,
    input: CommentCreateInput,
    request: { ip: string; bearer: string | null },
    d?: Deadline | null,
  ): Promise<{ decision: 'approve' | 'hold' | 'reject'; reasons: PreviewReason[] }> {
    const { articles, authors, comments, hasher, limits } = this.deps;
    const site = await this.#site(siteId, d);
    const writer = await identifyWriter(site, input, request, hasher);
    await limits.previewsPerIp.consume(`${siteId}:${writer.ipHash}`);
    const since = new Date(Date.now() - DAY_MS);
    const text = normalise(input.body); // read once: fingerprint and rules
    const [article, author, activity] = await Promise.all([
      articles.find(siteId, articleId, d),
      authors.find(siteId, writer.authorKey, d),
      comments.authorActivity(siteId, writer.authorKey, text.fingerprint, since, undefined, undefined, d),
    ]);
    const result = moderateComment(text, {
      site,
      article,
      author,
      ...activity,
      ...(writer.sub === null ? { authorName: writer.name } : {}),
    });
    return { decision: result.decision, reasons: previewReasons(result.reasons) };
  }

  /**
   * Replaces the text of the writer's comment within the site's edit window. The new text
   * is moderated like a new post; the old one is kept for moderators. A moderator who acted
   * on the old text meanwhile wins (409): the writer sees the current state and tries again.
   */
  async edit(
    siteId: string,
    articleId: string,
    commentId: string,
    input: { token: string; body: string },
    request: { ip: string },
    d?: Deadline | null,
  ) {
    const { articles, authors, comments, revisions, hasher, limits } = this.deps;
    const site = await this.#site(siteId, d);
    const comment = await this.#own(siteId, articleId, commentId, input.token, d);
    if (comment.status === 'deleted' || comment.status === 'rejected') {
      throw new AppError(
        'conflict',
        'Only a published or held comment can be edited; write a new one instead.',
        {
          details: [{ path: 'params.commentId', message: `the comment is ${comment.status}` }],
        },
      );
    }
    const windowMs = (site.policy.editWindowSeconds ?? DEFAULT_EDIT_WINDOW_SECONDS) * 1000;
    const now = new Date();
    if (now.getTime() - comment.createdAt.getTime() > windowMs) {
      throw new AppError('edit_window_closed', undefined, {
        details: [
          { path: 'params.commentId', message: `comments can be edited for ${windowMs / 1000} seconds` },
        ],
      });
    }
    await limits.commentsPerIp.consume(`ip:${hasher.hash('ip', request.ip)}`);
    const article = await articles.find(siteId, articleId, d);
    if (article && !articleIsOpen(site, article, now)) throw new AppError('comments_closed');
    if (input.body === comment.body) return this.#answer(comment);

    const since = new Date(now.getTime() - DAY_MS);
    const text = normalise(input.body); // read once: fingerprint and rules
    const [author, activity] = await Promise.all([
      authors.find(siteId, comment.authorKey, d),
      comments.authorActivity(siteId, comment.authorKey, text.fingerprint, since, comment.id, undefined, d),
    ]);
    // The author's standing without the comment being judged.
    const history = { ...activity.history };
    const own = comment.status as CommentStatus;
    history[own] = Math.max(0, history[own] - 1);
    const result = moderateComment(text, {
      site,
      article,
      author,
      history,
      recentFingerprints: activity.recentFingerprints,
    });
    await revisions.keep(comment, now, d);
    const updated = await comments.updateIfVersion(
      comment.id,
      comment.version,
      {
        body: input.body,
        moderation: { decision: result.decision, reasons: result.reasons },
        fingerprint: result.fingerprint,
        status: STATUS_BY_DECISION[result.decision],
        editedAt: now,
        // An editor's pick is of the text they read: a new text is no pick until one picks it again.
        ...(comment.featured ? { featured: false } : {}),
      },
      d,
    );
    if (!updated) {
      const current = await comments.findById(comment.id, d);
      // The kept text goes only while the comment still shows it (a moderator acted first). When a
      // concurrent edit of the same version won, the text kept under that version (by either
      // request: the unique index made it one) is what that edit replaced, and stays.
      if (current?.body === comment.body) await revisions.discard(comment.id, comment.version, d);
      throw new AppError('conflict', 'The comment changed while you edited it (a moderator acted on it).', {
        details: [{ path: 'params.commentId', message: `now ${current?.status ?? 'gone'}` }],
      });
    }
    await this.#announce(comment, updated, d);
    return this.#answer(updated);
  }

  /** Takes the writer's comment back. A comment with replies stays as "deleted by its author". */
  async delete(
    siteId: string,
    articleId: string,
    commentId: string,
    token: string,
    d?: Deadline | null,
  ): Promise<void> {
    await this.#site(siteId, d);
    const comment = await this.#own(siteId, articleId, commentId, token, d);
    const deleted = await this.deps.comments.markDeleted(comment.id, d);
    if (deleted) await this.#announce(comment, deleted, d);
  }

  /** The logged-in reader's own comments under an article that others do not see (held or turned down). */
  async unpublished(
    siteId: string,
    articleId: string,
    bearer: string | null,
    d?: Deadline | null,
  ): Promise<(PublicComment & { status: CommentStatus })[]> {
    const site = await this.#site(siteId, d);
    const reader = await optionalReader(site, bearer);
    if (!reader) return [];
    const own = await this.deps.comments.listOwnUnpublished(
      siteId,
      articleId,
      ssoAuthorKey(reader.sub),
      undefined,
      d,
    );
    // A shadow-hidden comment looks published to its author.
    return own.map((c) => ({
      ...toPublicComment(c),
      status: c.shadowHidden ? 'approved' : (c.status as CommentStatus),
    }));
  }

  /** Moderators and readers learn of the change like of any other. */
  async #announce(before: Comment, after: Comment, d?: Deadline | null): Promise<void> {
    const { comments, publisher } = this.deps;
    const histories = await comments.authorHistories(after.siteId, [after.authorKey], d);
    const history = histories.get(after.authorKey) ?? { approved: 0, rejected: 0, pending: 0 };
    await publisher.siteEvent(after.siteId, 'comment.updated', toModComment(after, history));
    const view = toPublicComment(after);
    if (after.shadowHidden) {
      if (after.status === 'approved') publisher.publishedToAuthor(after.authorKey, view);
      return;
    }
    if (isPublic(after)) publisher.published(view);
    else if (isPublic(before)) {
      // A deleted comment with replies stays in the thread, emptied, to hold them.
      const keepsReplies =
        after.status === 'deleted' &&
        after.parentId === null &&
        (await comments.listReplies(after.siteId, after.articleId, [after.id], 1, undefined, d)).length > 0;
      if (keepsReplies) publisher.published(view);
      else publisher.removed(after.siteId, after.articleId, after.id);
    }
  }

  #answer(comment: Comment) {
    return {
      comment: { ...toPublicComment(comment), status: comment.status as CommentStatus },
      // The writer learns why (rule, category, span), never which lexicon entry matched.
      moderation: {
        decision: comment.moderation.decision,
        reasons: publicReasons(comment.moderation.reasons),
      },
      statusToken: statusTokenFor(this.deps.hasher, comment.id),
    };
  }

  #own(
    siteId: string,
    articleId: string,
    commentId: string,
    token: string,
    d?: Deadline | null,
  ): Promise<Comment> {
    return findOwnComment(this.deps, siteId, articleId, commentId, token, d);
  }

  async #site(siteId: string, d?: Deadline | null): Promise<Site> {
    const site = await this.deps.sites.findById(siteId, undefined, d);
    if (!site) throw notFound('No such site.');
    return site;
  }
}
