import type { Deadline } from '../platform/http/request-deadline.js';
import { Types } from 'mongoose';
import { type ArticleRepository, defaultArticle } from '../articles/article.repository.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import { auditView } from '../audit/audit.repository.js';
import type { Comment, CommentStatus, LastAction, ModComment } from '../comments/comment.js';
import { toModComment, toPublicComment } from '../comments/comment.js';
import type { CommentRepository, QueueFilter, QueueName } from '../comments/comment.repository.js';
import { AppError, notFound } from '../platform/errors.js';
import type { CursorCodec } from '../platform/http/cursor.js';
import { hashRequest, type IdempotencyStore } from '../platform/idempotency.js';
import type { RiskModels } from '../moderation/model/risk-models.js';
import { rulesVerdictOf } from '../moderation/model/threshold.js';
import type { EventPublisher } from '../realtime/publisher.js';
import { rejectReasonsOf } from '../sites/reject-reasons.js';
import type { SiteRepository } from '../sites/site.repository.js';
import { canAccessSite, type User } from '../users/user.js';

export const commentActions = ['approve', 'reject', 'feature', 'unfeature', 'undo'] as const;
/** How many comments one text search reads at most; the answer says when it stopped short. */
export const SEARCH_WINDOW = 2000;
/** How many of the newest comments the articles overview reads to find the active articles. */
export const ACTIVITY_WINDOW = 5000;

export interface QueueQuery {
  status: QueueName;
  limit: number;
  cursor?: string;
  articleId?: string;
  authorKey?: string;
  rule?: string;
  from?: Date;
  to?: Date;
  q?: string;
  /** `risk`: the whole queue by the site's risk model's score, highest first. */
  sort?: 'risk';
}

/** How long the sweep leaves a decision's audit record to its own request before writing it. */
const AUDIT_GRACE_MS = 2000;

/** How long after a decision its moderator can undo it (the workbench's `u`). */
export const UNDO_WINDOW_MS = 10_000;
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
function nextState(comment: Comment, action: CommentAction, user: User, now: number): CommentState | string {
  // The writer took it back: nothing brings it back to readers or into the queue it left (a
  // reject, say on a notice, still may: it stays hidden, and its undo makes it deleted again).
  if (comment.status === 'deleted' && action !== 'reject' && action !== 'unfeature')
    return 'the writer deleted the comment';
  switch (action) {
    case 'undo': {
      // A reverse action: back to the state before the last decision, by its own moderator, soon after.
      const last = comment.lastAction;
      if (!last) return 'there is no decision to undo';
      if (last.action === 'undo') return 'an undo cannot itself be undone';
      if (last.actor.id !== user.id) return 'only the moderator who decided can undo it';
      if (now - new Date(last.at).getTime() > UNDO_WINDOW_MS) return 'the time to undo has passed';
      return { status: last.before.status, featured: last.before.featured, reported: last.before.reported };
    }
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
  /** The per-site risk model learns from every applied approve and reject. */
  risk?: RiskModels;
}

/** The moderators' side of comments: queues, actions (conditional writes + audit), article switches. */
export class ModerationService {
  constructor(private readonly deps: ModerationServiceDeps) {}

  async requireSiteAccess(user: User, siteId: string, d?: Deadline | null): Promise<void> {
    if (!canAccessSite(user, siteId, 'moderator'))
      throw new AppError('forbidden', 'You do not moderate this site.');
    if (!(await this.deps.sites.findById(siteId, undefined, d))) throw notFound('No such site.');
  }

  async toMod(comments: Comment[], d?: Deadline | null): Promise<ModComment[]> {
    const first = comments[0];
    if (!first) return [];
    const histories = await this.deps.comments.authorHistories(
      first.siteId,
      comments.map((c) => c.authorKey),
      d,
    );
    return comments.map((c) => toModComment(c, histories.get(c.authorKey)!));
  }

  /**
   * A queue page, optionally narrowed (one of article, author, rule; a time
   * range) and searched (`q`: text matched within a bounded window of the
   * narrowed queue, so a search costs at most SEARCH_WINDOW index reads).
   */
  async queue(user: User, siteId: string, query: QueueQuery, d?: Deadline | null) {
    await this.requireSiteAccess(user, siteId, d);
    const { comments, cursors } = this.deps;
    const filter: QueueFilter = {
      ...(query.articleId ? { articleId: query.articleId } : {}),
      ...(query.authorKey ? { authorKey: query.authorKey } : {}),
      ...(query.rule ? { rule: query.rule } : {}),
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
    };
    // sort=risk orders a whole queue (no filter, no search) by the risk model's score.
    const byRisk = query.sort === 'risk' && Object.keys(filter).length === 0 && !query.q;
    const scope = `queue:${siteId}:${query.status}:${JSON.stringify(filter)}:${query.q ?? ''}${byRisk ? ':risk' : ''}`;
    const position = query.cursor ? cursors.decode(query.cursor, scope) : undefined;
    const counts = comments.queueCounts(siteId, d);
    if (query.q) {
      const found = await comments.searchQueue(
        siteId,
        query.status,
        {
          limit: query.limit,
          window: SEARCH_WINDOW,
          after: position,
          filter,
          text: query.q,
        },
        d,
      );
      return {
        items: await this.toMod(found.matches, d),
        nextCursor: found.more && found.last ? cursors.encode(found.last, scope) : null,
        counts: await counts,
        search: { scanned: found.scanned, window: SEARCH_WINDOW, complete: !found.more },
      };
    }
    const page = byRisk
      ? await comments.listQueueByRisk(siteId, query.status, { limit: query.limit, after: position }, d)
      : await comments.listQueue(siteId, query.status, { limit: query.limit, after: position, filter }, d);
    const items = page.slice(0, query.limit);
    const last = items.at(-1);
    const at = (c: Comment) =>
      byRisk ? (c.risk ? Math.round(c.risk.score * 10_000) : -1) : c.createdAt.getTime();
    return {
      items: await this.toMod(items, d),
      nextCursor:
        page.length > query.limit && last ? cursors.encode({ t: at(last), id: last.id }, scope) : null,
      counts: await counts,
    };
  }

  /** Exact queue sizes of a site (the caller checked access). */
  counts(siteId: string, d?: Deadline | null) {
    return this.deps.comments.queueCounts(siteId, d);
  }

  /** The site's articles by latest comment, with counts per status and each article's switches. */
  async articles(user: User, siteId: string, limit: number, d?: Deadline | null) {
    await this.requireSiteAccess(user, siteId, d);
    const activity = await this.deps.comments.articleActivity(siteId, { limit, window: ACTIVITY_WINDOW }, d);
    const states = await Promise.all(activity.map((a) => this.deps.articles.find(siteId, a.articleId, d)));
    return {
      items: activity.map((a, i) => {
        const state = states[i] ?? defaultArticle(siteId, a.articleId);
        return {
          id: a.articleId,
          title: state.title,
          url: state.url,
          open: state.open,
          mode: state.mode,
          lastCommentAt: a.lastCommentAt.toISOString(),
          counts: a.counts,
        };
      }),
      window: ACTIVITY_WINDOW,
    };
  }

  /**
   * One comment with what a moderator needs to judge it: its audit trail, the
   * comment it answers (if any) and the article's state.
   */
  async comment(user: User, commentId: string, d?: Deadline | null) {
    const comment = await this.#load(user, commentId, d);
    const { comments, audit, articles } = this.deps;
    const [[mod], trail, parent, article] = await Promise.all([
      this.toMod([comment], d),
      audit.forEntity('comment', commentId, undefined, d),
      comment.parentId ? comments.findById(comment.parentId, d) : null,
      articles.find(comment.siteId, comment.articleId, d),
    ]);
    const [parentMod] = parent && parent.siteId === comment.siteId ? await this.toMod([parent], d) : [];
    const state = article ?? defaultArticle(comment.siteId, comment.articleId);
    return {
      comment: mod!,
      audit: trail.map(auditView),
      parent: parentMod ?? null,
      article: {
        id: comment.articleId,
        title: state.title,
        url: state.url,
        open: state.open,
        mode: state.mode,
      },
    };
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
    d?: Deadline | null,
  ): Promise<ModComment> {
    const { comments, idempotency, publisher } = this.deps;
    let comment = await this.#load(user, commentId, d);
    let auditId = new Types.ObjectId().toHexString();
    if (actionKey) {
      auditId = await idempotency.claim(
        `actions:${commentId}:${user.id}`,
        actionKey,
        hashRequest(input),
        auditId,
      );
      const first = await this.#firstOutcome(comment, auditId, d);
      if (first) return first;
    }
    if (comment.version !== input.version) throw await this.#conflict(comment, d);
    if (input.reasonCode) await this.checkReasonCode(comment.siteId, input.reasonCode, d);
    await this.#healAudit(comment, d);
    const next = nextState(comment, input.action, user, Date.now());
    if (typeof next === 'string') {
      const [current] = await this.toMod([comment], d);
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
      ...(input.action === 'undo' && comment.lastAction
        ? { undoes: { id: comment.lastAction.id, action: comment.lastAction.action } }
        : {}),
    };
    const updated = await comments.updateIfVersion(commentId, input.version, { ...next, lastAction }, d);
    if (!updated) {
      comment = (await comments.findById(commentId, d)) ?? comment;
      // A concurrent duplicate of this very action (same key) may be the one that won.
      const first = actionKey ? await this.#firstOutcome(comment, auditId, d) : null;
      if (first) return first;
      throw await this.#conflict(comment, d);
    }
    const [mod] = await this.toMod([updated], d);
    await this.#audit(updated, lastAction, mod!, d);
    await publisher.siteEvent(updated.siteId, 'comment.updated', mod!);
    this.#publishVisibility(comment, updated);
    await this.deps.onCommentActed?.(comment, updated, lastAction);
    if (input.action === 'approve' || input.action === 'reject') {
      // A lost training example is not a lost action: the action stands whatever the model store says.
      await this.deps.risk
        ?.learnFromModerator(
          {
            siteId: updated.siteId,
            commentId,
            decisionId: lastAction.id,
            body: updated.body,
            // The rules' reasons stored when it was posted: the features it was scored with.
            reasons: updated.moderation.reasons,
            action: input.action,
            // What the rules decided when it was posted: the gate measures the model where it can act.
            rules: rulesVerdictOf(updated.moderation),
          },
          d,
        )
        .catch(() => undefined);
    }
    return mod!;
  }

  /**
   * Applies `input` to the comment as it is now, for a decision made about it rather than
   * about a version a moderator saw (an author's ban on their comments): a conflict (a report,
   * an edit, another moderator in between) reads the comment again and acts on that version,
   * while `due` says it still needs it, up to `attempts` times. Whether this call applied it.
   */
  async actOnCurrent(
    user: User,
    commentId: string,
    input: Omit<ActionInput, 'version'>,
    due: (comment: Comment) => boolean,
    attempts = 5,
  ): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      const comment = await this.deps.comments.findById(commentId);
      if (!comment || !due(comment)) return false;
      try {
        await this.act(user, commentId, { ...input, version: comment.version }, null);
        return true;
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'conflict') || attempt >= attempts) throw err;
      }
    }
  }

  /** The outcome of an earlier request with the same action id, if it was applied. */
  async #firstOutcome(comment: Comment, auditId: string, d?: Deadline | null): Promise<ModComment | null> {
    const recorded = await this.deps.audit.findById(auditId, d);
    if (recorded?.after) return recorded.after as ModComment;
    if (comment.lastAction?.id !== auditId) return null;
    // Applied, but the audit record is not written yet (a concurrent twin, or a crash in between).
    const [current] = await this.toMod([comment], d);
    await this.#audit(comment, comment.lastAction, current!, d);
    return current!;
  }

  /**
   * Every applied action has an audit record, even when the process died
   * between the conditional write and the audit insert and nobody retried:
   * the comment's lastAction is still there, and the next action writes it.
   */
  async #healAudit(comment: Comment, d?: Deadline | null): Promise<void> {
    const last = comment.lastAction;
    if (!last) return;
    if (await this.deps.audit.findById(last.id, d)) return;
    const [current] = await this.toMod([comment], d);
    await this.#audit(comment, last, current!, d);
  }

  async updateArticle(
    user: User,
    siteId: string,
    articleId: string,
    change: { open?: boolean; mode?: 'pre' | 'post' },
    d?: Deadline | null,
  ) {
    await this.requireSiteAccess(user, siteId, d);
    const before = await this.deps.articles.find(siteId, articleId, d);
    const article = await this.deps.articles.update(siteId, articleId, change, d);
    await this.deps.audit.record(
      {
        siteId,
        entity: 'article',
        entityId: `${siteId}:${articleId}`,
        action: 'update',
        actor: { id: user.id, email: user.email, name: user.name },
        reason: null,
        before: before ? { open: before.open, mode: before.mode } : null,
        after: { open: article.open, mode: article.mode },
      },
      d,
    );
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

  /**
   * Writes the audit records still due: decisions whose request failed (or was answered
   * 503 by its deadline, or whose process died) between the conditional write and the
   * audit insert. The record's id is the decision's, so writing it twice keeps one.
   * Returns how many it wrote.
   */
  async writeDueAudits(olderThanMs = AUDIT_GRACE_MS, limit = 100): Promise<number> {
    const due = await this.deps.comments.auditsDue(new Date(Date.now() - olderThanMs), limit);
    for (const comment of due) {
      if (!comment.lastAction) continue;
      const [current] = await this.toMod([comment]);
      await this.#audit(comment, comment.lastAction, current!);
    }
    return due.length;
  }

  async #audit(comment: Comment, action: LastAction, after: ModComment, d?: Deadline | null): Promise<void> {
    await this.#writeAudit(comment, action, after, d);
    await this.deps.comments.auditWritten(comment.id, action.id, d);
  }

  async #writeAudit(
    comment: Comment,
    action: LastAction,
    after: ModComment,
    d?: Deadline | null,
  ): Promise<void> {
    await this.deps.audit.record(
      {
        id: action.id,
        siteId: comment.siteId,
        entity: 'comment',
        entityId: comment.id,
        action: action.action,
        actor: action.actor,
        reason: action.reason,
        before: action.undoes ? { ...action.before, undoes: action.undoes } : action.before,
        after: after as unknown as Record<string, unknown>,
        at: action.at,
      },
      d,
    );
  }

  /** A reason code must be one of the site's (its catalogue, or the defaults it falls back to). */
  async checkReasonCode(siteId: string, code: string, d?: Deadline | null): Promise<void> {
    const site = await this.deps.sites.findById(siteId, undefined, d);
    const codes = rejectReasonsOf(site?.policy ?? {}).map((r) => r.code);
    if (!codes.includes(code)) {
      throw new AppError('validation_failed', 'The request body is not valid.', {
        details: [
          { path: 'body.reasonCode', message: `not one of this site's reasons: ${codes.join(', ')}` },
        ],
      });
    }
  }

  async #load(user: User, commentId: string, d?: Deadline | null): Promise<Comment> {
    const comment = await this.deps.comments.findById(commentId, d);
    if (!comment) throw notFound('No such comment.');
    if (!canAccessSite(user, comment.siteId, 'moderator')) {
      throw new AppError('forbidden', 'You do not moderate this site.');
    }
    return comment;
  }

  async #conflict(comment: Comment, d?: Deadline | null): Promise<AppError> {
    const [current] = await this.toMod([comment], d);
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
