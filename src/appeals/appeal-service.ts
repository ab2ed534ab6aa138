import type { Deadline } from '../platform/http/request-deadline.js';
import type { AuthorService } from '../authors/author-service.js';
import type { Comment, ModComment } from '../comments/comment.js';
import type { CommentRepository } from '../comments/comment.repository.js';
import { statusTokenFor } from '../comments/comment-service.js';
import type { ModerationService } from '../moderation-queue/moderation-service.js';
import { AppError, notFound } from '../platform/errors.js';
import type { CursorCodec } from '../platform/http/cursor.js';
import type { Logger } from '../platform/logger.js';
import type { Mailer } from '../platform/mail.js';
import type { EventPublisher } from '../realtime/publisher.js';
import { type KeyedHasher, sameSecret } from '../platform/privacy.js';
import type { Language } from '../sites/reject-reasons.js';
import type { SiteRepository } from '../sites/site.repository.js';
import { type Statement, type StatementView, toStatementView } from '../statements/statement.js';
import type { StatementRepository } from '../statements/statement.repository.js';
import type { StatementService } from '../statements/statement-service.js';
import { verifiedEmail } from '../statements/statement-service.js';
import { excerpt, formatDate } from '../statements/statement-text.js';
import type { UserRepository } from '../users/user.repository.js';
import { canAccessSite, type User } from '../users/user.js';
import type { Appeal, AppealAction, AppealOutcome, AppealRepository } from './appeal.repository.js';
import type { AppealOutcomeSignal } from './training-signal.js';
import { rulesVerdictOf } from '../moderation/model/threshold.js';

export interface AppealServiceDeps {
  appeals: AppealRepository;
  statements: StatementRepository;
  statementService: StatementService;
  comments: CommentRepository;
  sites: SiteRepository;
  users: UserRepository;
  moderation: ModerationService;
  authors: AuthorService;
  hasher: KeyedHasher;
  cursors: CursorCodec;
  mailer: Mailer;
  logger: Logger;
  /** Appeal outcomes are training signals for the per-site model (see training-signal.ts). */
  onAppealDecided: (signal: AppealOutcomeSignal) => void;
  /** Moderators on /moderation see appeals arrive and leave the queue (`appeal.received`, `appeal.decided`). */
  publisher: Pick<EventPublisher, 'siteEvent'>;
}

/** What the writer sees of their appeal on the status endpoint. */
export const appealStatusView = (a: Appeal) => ({
  status: a.status,
  ...(a.outcome ? { outcome: a.outcome } : {}),
  ...(a.decidedAt ? { decidedAt: a.decidedAt.toISOString() } : {}),
});

export const appealModView = (a: Appeal, statement: Statement | null, now = Date.now()) => ({
  id: a.id,
  status: a.status,
  outcome: a.outcome,
  explanation: a.explanation,
  receivedAt: a.receivedAt.toISOString(),
  decidedAt: a.decidedAt?.toISOString() ?? null,
  waitingSeconds: Math.max(0, Math.round(((a.decidedAt?.getTime() ?? now) - a.receivedAt.getTime()) / 1000)),
  version: a.version,
  statement: statement ? toStatementView(statement) : null,
  /** Who made the decision appealed against (null: the engine): they may not decide the appeal. */
  originalDecider: statement?.decidedBy ?? null,
  decidedBy: a.decidedBy,
});

const OUTCOME_OF: Record<AppealAction, AppealOutcome> = { uphold: 'upheld', reverse: 'reversed' };
const LIFT: Record<string, 'unban' | 'unshadow_ban' | 'unpremoderate'> = {
  ban: 'unban',
  shadow_ban: 'unshadow_ban',
  premoderation: 'unpremoderate',
};
const MAX_COMMENT_RETRIES = 5;

/**
 * Appeals against decisions (DSA Art. 20): the writer appeals with the
 * comment's status token within six months of the statement, once per
 * statement; a person decides, and not the one who made the decision when
 * the site has anyone else to ask. `reverse` undoes the decision through the
 * moderators' own actions, so a reinstated comment is published live.
 */
export class AppealService {
  constructor(private readonly deps: AppealServiceDeps) {}

  async create(
    siteId: string,
    articleId: string,
    commentId: string,
    input: { token: string; explanation: string },
    d?: Deadline | null,
  ) {
    const { comments, appeals, statementService, hasher } = this.deps;
    const comment = await comments.findById(commentId, d);
    if (
      !comment ||
      comment.siteId !== siteId ||
      comment.articleId !== articleId ||
      !sameSecret(input.token, statusTokenFor(hasher, comment.id))
    ) {
      throw notFound('No such comment, or the status token does not match.');
    }
    const statement = await statementService.forComment(comment, d);
    if (!statement) throw new AppError('conflict', 'There is no decision about this comment to appeal.');
    if (Date.now() > statement.redress.appealUntil.getTime()) {
      throw new AppError(
        'appeal_window_closed',
        `The time to appeal this decision ran out on ${statement.redress.appealUntil.toISOString()}.`,
      );
    }
    const appeal = await appeals.insert(
      {
        siteId,
        articleId,
        commentId,
        statementId: statement.id,
        authorKey: comment.authorKey,
        explanation: input.explanation,
      },
      d,
    );
    if (!appeal) throw new AppError('conflict', 'This decision has already been appealed.');
    const [item] = await this.deps.moderation.toMod([comment], d);
    if (item) {
      await this.deps.publisher.siteEvent(siteId, 'appeal.received', {
        ...item,
        appeal: appealModView(appeal, statement),
      });
    }
    return { appeal: { id: appeal.id, status: 'received' as const } };
  }

  /** The writer's view of the newest appeal about the comment. */
  async forWriter(commentId: string, d?: Deadline | null) {
    const appeal = await this.deps.appeals.latestForComment(commentId, d);
    if (!appeal) return null;
    return appealStatusView(
      appeal.pending && appeal.status === 'received' ? await this.#finish(appeal, undefined, d) : appeal,
    );
  }

  async queue(user: User, siteId: string, query: { limit: number; cursor?: string }, d?: Deadline | null) {
    const { moderation, appeals, cursors, statements, comments } = this.deps;
    await moderation.requireSiteAccess(user, siteId, d);
    const scope = `appeals:${siteId}`;
    const position = query.cursor ? cursors.decode(query.cursor, scope) : undefined;
    const page = await appeals.listOpen(siteId, { limit: query.limit, after: position }, d);
    const items = page.slice(0, query.limit);
    const now = Date.now();
    const found = await Promise.all(
      items.map(async (a) => ({
        appeal: a,
        statement: await statements.findById(a.statementId, d),
        comment: await comments.findById(a.commentId, d),
      })),
    );
    const present = found.filter((f) => f.comment !== null);
    const mod = await moderation.toMod(
      present.map((f) => f.comment as Comment),
      d,
    );
    const last = items.at(-1);
    return {
      items: present.map((f, i): ModComment & { appeal: ReturnType<typeof appealModView> } => ({
        ...mod[i]!,
        appeal: appealModView(f.appeal, f.statement, now),
      })),
      nextCursor:
        page.length > query.limit && last
          ? cursors.encode({ t: last.receivedAt.getTime(), id: last.id }, scope)
          : null,
    };
  }

  countOpen(siteId: string, d?: Deadline | null): Promise<number> {
    return this.deps.appeals.countOpen(siteId, d);
  }

  /** A person decides an appeal at the version they saw. */
  async act(
    user: User,
    appealId: string,
    input: { action: AppealAction; version: number; reason: string },
    d?: Deadline | null,
  ) {
    const { appeals, statements, users } = this.deps;
    let appeal = await appeals.findById(appealId, d);
    if (!appeal) throw notFound('No such appeal.');
    if (!canAccessSite(user, appeal.siteId, 'moderator')) {
      throw new AppError('forbidden', 'You do not moderate this site.');
    }
    // A decision taken but not completed (the process died in between) is completed first.
    if (appeal.pending && appeal.status === 'received') appeal = await this.#finish(appeal, undefined, d);
    const statement = await statements.findById(appeal.statementId, d);
    if (appeal.status !== 'received' || appeal.version !== input.version)
      throw this.#conflict(appeal, statement);
    if (statement?.decidedBy?.id === user.id && (await users.countSiteModerators(appeal.siteId, d)) > 1) {
      throw new AppError('conflict_of_interest', undefined, {
        details: [{ path: 'params.appealId', message: 'you made the decision this appeal is against' }],
      });
    }
    const taken = await appeals.take(
      appealId,
      input.version,
      {
        action: input.action,
        by: { id: user.id, name: user.name },
        reason: input.reason,
        at: new Date(),
      },
      d,
    );
    if (!taken) throw this.#conflict((await appeals.findById(appealId, d)) ?? appeal, statement);
    const decided = await this.#finish(taken, user, d);
    return { appeal: appealModView(decided, statement) };
  }

  /** Applies the decision an appeal was taken for (idempotent), records the outcome and tells the writer. */
  async #finish(taken: Appeal, actingUser?: User, d?: Deadline | null): Promise<Appeal> {
    const { appeals, statements, users } = this.deps;
    const pending = taken.pending!;
    const statement = await statements.findById(taken.statementId, d);
    if (pending.action === 'reverse' && statement) {
      // Completing a decision after a crash applies it as the person who took it, even if their
      // account changed since: the decision was theirs, on this site, when they made it.
      const user: User = actingUser ?? {
        ...((await users.findById(pending.by.id, d)) ?? {
          id: pending.by.id,
          email: '',
          name: pending.by.name,
          disabled: false,
          createdAt: pending.at,
        }),
        role: 'moderator',
        sites: [taken.siteId],
      };
      await this.#reverse(statement, user, pending.reason, d);
    }
    const outcome = OUTCOME_OF[pending.action];
    const completed = await appeals.complete(taken, outcome, new Date(), d);
    if (!completed) return (await appeals.findById(taken.id, d)) ?? taken;
    await this.deps.publisher.siteEvent(completed.siteId, 'appeal.decided', {
      id: completed.commentId,
      appeal: appealModView(completed, statement),
    });
    await this.#afterDecision(completed, statement, d);
    return completed;
  }

  async #reverse(
    statement: Statement,
    user: User,
    reason: string | null,
    d?: Deadline | null,
  ): Promise<void> {
    const { comments, moderation, authors } = this.deps;
    if (statement.decision === 'restricted') {
      const lift = statement.restriction ? LIFT[statement.restriction] : undefined;
      if (!lift) return;
      await authors.act(
        user,
        statement.siteId,
        statement.authorKey,
        {
          action: lift,
          reason: reason ?? 'appeal reversed',
          applyToExisting: lift === 'unshadow_ban',
        },
        d,
      );
      return;
    }
    if (!statement.commentId) return;
    for (let attempt = 0; ; attempt++) {
      const comment = await comments.findById(statement.commentId, d);
      // A comment its writer deleted since stays deleted: there is nothing to restore.
      if (!comment || comment.status === 'approved' || comment.status === 'deleted') return;
      try {
        await moderation.act(
          user,
          comment.id,
          {
            action: 'approve',
            reason: reason ? `appeal: ${reason}` : 'appeal reversed',
            version: comment.version,
          },
          null,
          d,
        );
        return;
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'conflict') || attempt >= MAX_COMMENT_RETRIES)
          throw err;
      }
    }
  }

  async #afterDecision(appeal: Appeal, statement: Statement | null, d?: Deadline | null): Promise<void> {
    const comment = await this.deps.comments.findById(appeal.commentId, d);
    try {
      this.deps.onAppealDecided({
        siteId: appeal.siteId,
        commentId: appeal.commentId,
        appealId: appeal.id,
        outcome: appeal.outcome!,
        reasonCode: statement?.reasonCode ?? null,
        automated: statement?.automated ?? null,
        text: comment?.body ?? null,
        reasons: comment?.moderation.reasons ?? [],
        rules: comment ? rulesVerdictOf(comment.moderation) : null,
        decidedAt: appeal.decidedAt!,
      });
    } catch (err) {
      this.deps.logger.warn(
        { err, appealId: appeal.id },
        'appeal outcome not passed on as a training signal',
      );
    }
    const email = comment ? verifiedEmail(comment) : null;
    if (!email || !comment) return;
    const site = await this.deps.sites.findById(appeal.siteId, undefined, d);
    if (!site) return;
    const lang: Language = site.policy.language ?? 'nb';
    const when = formatDate(appeal.decidedAt!, lang);
    const quote = excerpt(comment.body);
    const text =
      appeal.outcome === 'reversed'
        ? {
            nb: `Vi har behandlet klagen din på avgjørelsen om kommentaren «${quote}» og gitt deg medhold (${when}). Avgjørelsen er omgjort.`,
            nn: `Vi har behandla klaga di på avgjerda om kommentaren «${quote}» og gjeve deg medhald (${when}). Avgjerda er gjort om.`,
            en: `We have handled your appeal against the decision about the comment "${quote}" and upheld your appeal (${when}). The decision has been reversed.`,
          }
        : {
            nb: `Vi har behandlet klagen din på avgjørelsen om kommentaren «${quote}». En moderator har vurdert saken på nytt og kommet til at avgjørelsen står (${when}).\n\nDu kan fortsatt bringe saken inn for et godkjent organ for utenrettslig tvisteløsning eller for domstolene, eller klage til Pressens Faglige Utvalg (PFU).`,
            nn: `Vi har behandla klaga di på avgjerda om kommentaren «${quote}». Ein moderator har vurdert saka på nytt og kome til at avgjerda står (${when}).\n\nDu kan framleis bringe saka inn for eit godkjent organ for utanrettsleg tvisteløysing eller for domstolane, eller klage til Pressens Faglige Utval (PFU).`,
            en: `We have handled your appeal against the decision about the comment "${quote}". A moderator reviewed it again and concluded that the decision stands (${when}).\n\nYou can still take the matter to a certified out-of-court dispute settlement body or to the courts, or complain to the Norwegian Press Complaints Commission (PFU).`,
          };
    const subject = {
      nb: `Klagen din er behandlet (${site.name})`,
      nn: `Klaga di er behandla (${site.name})`,
      en: `Your appeal has been decided (${site.name})`,
    };
    void this.deps.mailer.send(email, subject[lang], `${text[lang]}\n\n— ${site.name}`);
  }

  #conflict(appeal: Appeal, statement: Statement | null): AppError {
    return new AppError(
      'conflict',
      appeal.status === 'decided'
        ? 'The appeal is already decided.'
        : 'The appeal was changed by someone else.',
      {
        details: [
          {
            path: 'body.version',
            message: `the current version is ${appeal.version}`,
            current: appealModView(appeal, statement),
          },
        ],
      },
    );
  }
}

export type { StatementView };
