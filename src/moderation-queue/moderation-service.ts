import { Types } from 'mongoose';
import type { ArticleRepository } from '../articles/article.repository.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import { auditView } from '../audit/audit.repository.js';
import type { Comment, CommentStatus, LastAction, ModComment } from '../comments/comment.js';
import { toModComment, toPublicComment } from '../comments/comment.js';
import type { CommentRepository, QueueName } from '../comments/comment.repository.js';
import { AppError, notFound } from '../platform/errors.js';
import type { CursorCodec } from '../platform/http/cursor.js';
import { hashRequest, type IdempotencyStore } from '../platform/idempotency.js';
import type { EventPublisher } from '../realtime/publisher.js';
import { rejectReasonsOf } from '../sites/reject-reasons.js';
import type { SiteRepository } from '../sites/site.repository.js';
import { canAccessSite, type User } from '../users/user.js';

export const commentActions = ['approve', 'reject', 'feature', 'unfeature'] as const;
export type CommentAction = (typeof commentActions)[number];

export interface ActionInput {
  action: CommentAction;
  reason?: string;
  /** One of the site's reject-reason codes (policy.rejectReasons): the ground its statement names. */
  reasonCode?: string;
  version: number;
}

type CommentState = Pick<Comment, 'status' | 'featured' | 'reported'>;

/** The state an action leads to, or an explanation of why it does not apply. */
function nextState(comment: Comment, action: CommentAction): CommentState | string {
  switch (action) {
    case 'approve':
      return { status: 'approved', featured: comment.featured, reported: false };
    case 'reject':
      return { status: 'rejected', featured: false, reported: false };
    case 'feature':
      return comment.status === 'approved'
        ? { status: 'approved', featured: true, reported: comment.reported }
        : 'only approved comments can be featured';
    case 'unfeature':
      return { status: comment.status, featured: false, reported: comment.reported };
  }
}

const isVisible = (c: Pick<Comment, 'status' | 'shadowHidden'>) => c.status === 'approved' && !c.shadowHidden;

export interface ModerationServiceDeps {
  sites: SiteRepository;
  comments: CommentRepository;
  articles: ArticleRepository;
  audit: AuditRepository;
  idempotency: IdempotencyStore;
  publisher: EventPublisher;
  cursors: CursorCodec;
  /** After an applied action (statements of reasons, notice decisions); failures are the callee's to log. */
  onCommentActed?: (before: Comment, after: Comment, action: LastAction) => Promise<void>;
}

/** The moderators' side of comments: queues, actions (conditional writes + audit), article switches. */
export class ModerationService {
  constructor(private readonly deps: ModerationServiceDeps) {}

  async requireSiteAccess(user: User, siteId: string): Promise<void> {
    if (!canAccessSite(user, siteId, 'moderator'))
      throw new AppError('forbidden', 'You do not moderate this site.');
    if (!(await this.deps.sites.findById(siteId))) throw notFound('No such site.');
  }

  async toMod(comments: Comment[]): Promise<ModComment[]> {
    const first = comments[0];
    if (!first) return [];
    const histories = await this.deps.comments.authorHistories(
      first.siteId,
      comments.map((c) => c.authorKey),
    );
    return comments.map((c) => toModComment(c, histories.get(c.authorKey)!));
  }

  async queue(user: User, siteId: string, query: { status: QueueName; limit: number; cursor?: string }) {
    await this.requireSiteAccess(user, siteId);
    const { comments, cursors } = this.deps;
    const scope = `queue:${siteId}:${query.status}`;
    const position = query.cursor ? cursors.decode(query.cursor, scope) : undefined;
    const [page, counts] = await Promise.all([
      comments.listQueue(siteId, query.status, { limit: query.limit, after: position }),
      comments.queueCounts(siteId),
    ]);
    const items = page.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items: await this.toMod(items),
      nextCursor:
        page.length > query.limit && last
          ? cursors.encode({ t: last.createdAt.getTime(), id: last.id }, scope)
          : null,
      counts,
    };
  }

  /** Exact queue sizes of a site (the caller checked access). */
  counts(siteId: string) {
    return this.deps.comments.queueCounts(siteId);
  }

  async comment(user: User, commentId: string) {
    const comment = await this.#load(user, commentId);
    const [mod] = await this.toMod([comment]);
    const audit = await this.deps.audit.forEntity('comment', commentId);
    return { comment: mod!, audit: audit.map(auditView) };
  }

  /**
   * Applies a moderator's action if the comment is still at the version the
   * moderator saw; otherwise 409 with the current comment. With an action key,
   * a retried request returns the first outcome instead of acting again.
   */
  async act(
    user: User,
    commentId: string,
    input: ActionInput,
    actionKey: string | null,
  ): Promise<ModComment> {
    const { comments, idempotency, publisher } = this.deps;
    let comment = await this.#load(user, commentId);
    let auditId = new Types.ObjectId().toHexString();
    if (actionKey) {
      auditId = await idempotency.claim(
        `actions:${commentId}:${user.id}`,
        actionKey,
        hashRequest(input),
        auditId,
      );
      const first = await this.#firstOutcome(comment, auditId);
      if (first) return first;
    }
    if (comment.version !== input.version) throw await this.#conflict(comment);
    if (input.reasonCode) await this.checkReasonCode(comment.siteId, input.reasonCode);
    await this.#healAudit(comment);
    const next = nextState(comment, input.action);
    if (typeof next === 'string') {
      const [current] = await this.toMod([comment]);
      throw new AppError('conflict', `Cannot ${input.action}: ${next}.`, {
        details: [{ path: 'body.action', message: next, current }],
      });
    }
    const lastAction: LastAction = {
      id: auditId,
      action: input.action,
      actor: { id: user.id, email: user.email, name: user.name },
      reason: input.reason ?? null,
      reasonCode: input.reasonCode ?? null,
      before: {
        status: comment.status,
        featured: comment.featured,
        reported: comment.reported,
        version: comment.version,
      },
      at: new Date(),
    };
    const updated = await comments.updateIfVersion(commentId, input.version, { ...next, lastAction });
    if (!updated) {
      comment = (await comments.findById(commentId)) ?? comment;
      // A concurrent duplicate of this very action (same key) may be the one that won.
      const first = actionKey ? await this.#firstOutcome(comment, auditId) : null;
      if (first) return first;
      throw await this.#conflict(comment);
    }
    const [mod] = await this.toMod([updated]);
    await this.#audit(updated, lastAction, mod!);
    await publisher.siteEvent(updated.siteId, 'comment.updated', mod!);
    this.#publishVisibility(comment, updated);
    await this.deps.onCommentActed?.(comment, updated, lastAction);
    return mod!;
  }

  /** The outcome of an earlier request with the same action id, if it was applied. */
  async #firstOutcome(comment: Comment, auditId: string): Promise<ModComment | null> {
    const recorded = await this.deps.audit.findById(auditId);
    if (recorded?.after) return recorded.after as ModComment;
    if (comment.lastAction?.id !== auditId) return null;
    // Applied, but the audit record is not written yet (a concurrent twin, or a crash in between).
    const [current] = await this.toMod([comment]);
    await this.#audit(comment, comment.lastAction, current!);
    return current!;
  }

  /**
   * Every applied action has an audit record, even when the process died
   * between the conditional write and the audit insert and nobody retried:
   * the comment's lastAction is still there, and the next action writes it.
   */
  async #healAudit(comment: Comment): Promise<void> {
    const last = comment.lastAction;
    if (!last) return;
    if (await this.deps.audit.findById(last.id)) return;
    const [current] = await this.toMod([comment]);
    await this.#audit(comment, last, current!);
  }

  async updateArticle(
    user: User,
    siteId: string,
    articleId: string,
    change: { open?: boolean; mode?: 'pre' | 'post' },
  ) {
    await this.requireSiteAccess(user, siteId);
    const before = await this.deps.articles.find(siteId, articleId);
    const article = await this.deps.articles.update(siteId, articleId, change);
    await this.deps.audit.record({
      siteId,
      entity: 'article',
      entityId: `${siteId}:${articleId}`,
      action: 'update',
      actor: { id: user.id, email: user.email, name: user.name },
      reason: null,
      before: before ? { open: before.open, mode: before.mode } : null,
      after: { open: article.open, mode: article.mode },
    });
    this.deps.publisher.publicChanged(siteId, articleId);
    return { article: { id: articleId, siteId, open: article.open, mode: article.mode } };
  }

  #publishVisibility(before: CommentState & Pick<Comment, 'shadowHidden'>, after: Comment): void {
    if (isVisible(after)) this.deps.publisher.published(toPublicComment(after));
    else if (isVisible(before)) this.deps.publisher.removed(after.siteId, after.articleId, after.id);
    else if (after.status === 'approved' && before.status !== 'approved') {
      // A shadow-banned author's comment, approved: only the author's own /live room gets it.
      this.deps.publisher.publishedToAuthor(after.authorKey, toPublicComment(after));
    }
  }

  async #audit(comment: Comment, action: LastAction, after: ModComment): Promise<void> {
    await this.deps.audit.record({
      id: action.id,
      siteId: comment.siteId,
      entity: 'comment',
      entityId: comment.id,
      action: action.action,
      actor: action.actor,
      reason: action.reason,
      before: action.before,
      after: after as unknown as Record<string, unknown>,
      at: action.at,
    });
  }

  /** A reason code must be one of the site's (its catalogue, or the defaults it falls back to). */
  async checkReasonCode(siteId: string, code: string): Promise<void> {
    const site = await this.deps.sites.findById(siteId);
    const codes = rejectReasonsOf(site?.policy ?? {}).map((r) => r.code);
    if (!codes.includes(code)) {
      throw new AppError('validation_failed', 'The request body is not valid.', {
        details: [
          { path: 'body.reasonCode', message: `not one of this site's reasons: ${codes.join(', ')}` },
        ],
      });
    }
  }

  async #load(user: User, commentId: string): Promise<Comment> {
    const comment = await this.deps.comments.findById(commentId);
    if (!comment) throw notFound('No such comment.');
    if (!canAccessSite(user, comment.siteId, 'moderator')) {
      throw new AppError('forbidden', 'You do not moderate this site.');
    }
    return comment;
  }

  async #conflict(comment: Comment): Promise<AppError> {
    const [current] = await this.toMod([comment]);
    const by = comment.lastAction?.actor.name;
    return new AppError(
      'conflict',
      by ? `Already handled by ${by}.` : 'The comment was changed by someone else.',
      {
        details: [{ path: 'body.version', message: `the current version is ${comment.version}`, current }],
      },
    );
  }
}

export type { CommentStatus };
