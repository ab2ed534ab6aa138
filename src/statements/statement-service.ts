import type { Deadline } from '../platform/http/request-deadline.js';
import type { Comment, LastAction } from '../comments/comment.js';
import type { CommentRepository } from '../comments/comment.repository.js';
import type { Logger } from '../platform/logger.js';
import type { Mailer } from '../platform/mail.js';
import type { MailOutbox, OutboxOutcome, OutboxRef } from './mail-outbox.js';
import { type Language, resolveRejectReason } from '../sites/reject-reasons.js';
import type { Site } from '../sites/site.js';
import type { SiteRepository } from '../sites/site.repository.js';
import { appealDeadline, type Restriction, reportKeyOf, type Statement } from './statement.js';
import type { StatementRepository } from './statement.repository.js';
import {
  codeForFindings,
  commentFacts,
  DECISION_SUBJECT,
  excerpt,
  findings,
  HEADINGS,
  outOfCourt,
  restrictionFacts,
} from './statement-text.js';

/** Reject-reason code per notice category: a removal after a notice is on legal grounds. */
export const CODE_BY_NOTICE_CATEGORY: Record<string, string> = {
  hate: 'hate_speech',
  threat: 'threat',
  privacy: 'privacy_violation',
  defamation: 'defamation',
  terrorism: 'terrorism',
  child_safety: 'child_sexual_abuse',
  other_illegal: 'other_illegal',
};

export interface StatementServiceDeps {
  statements: StatementRepository;
  sites: SiteRepository;
  comments: CommentRepository;
  mailer: Mailer;
  logger: Logger;
  /** A moderator's rejection is mailed once its undo window has passed, if it still stands. */
  mailOutbox: MailOutbox;
}

/** Context a moderator's reject carries when it decides notices about the comment. */
export interface NoticeContext {
  category: string;
}

const languageOf = (site: Site): Language => site.policy.language ?? 'nb';

const aboutComment = (comment: Comment) => ({
  id: comment.id,
  articleId: comment.articleId,
  authorKey: comment.authorKey,
  email: verifiedEmail(comment),
  body: comment.body,
});

/** An e-mail address the service may write to: only one the site vouched for (SSO), never a typed-in hint. */
export const verifiedEmail = (comment: Pick<Comment, 'authorKey' | 'authorEmail'>) =>
  comment.authorKey.startsWith('sso:') && comment.authorEmail ? comment.authorEmail : null;

/**
 * Statements of reasons (DSA Art. 17): one for every comment that ends up
 * not published or removed, and for every restriction of an author, written
 * in the site's language when the decision is made, stored, shown to the
 * writer through the status endpoint and e-mailed where an address is known.
 * Issuing is idempotent per decision, so a statement lost to a crash is
 * issued when the writer next asks (see `forComment`).
 */
export class StatementService {
  constructor(private readonly deps: StatementServiceDeps) {}

  /** The engine turned a new comment down on its own. */
  async engineRejected(comment: Comment, site: Site, d?: Deadline | null): Promise<Statement> {
    const found = findings(comment.moderation.reasons, 'reject');
    const lang = languageOf(site);
    return this.#issue(
      site,
      aboutComment(comment),
      {
        key: `engine:${comment.id}`,
        decision: 'not_published',
        reasonCode: codeForFindings(found),
        source: 'engine',
        automated: { detection: true, decision: true },
        decidedBy: null,
        noticeCategory: null,
        facts: commentFacts({
          decision: 'not_published',
          lang,
          siteName: site.name,
          writtenAt: comment.createdAt,
          decidedAt: comment.createdAt,
          how: { by: 'engine', found },
        }),
        issuedAt: comment.createdAt,
      },
      d,
    );
  }

  /** A person rejected the comment: from the held queue (not published) or after publication (removed). */
  async moderatorRejected(
    before: Pick<Comment, 'status' | 'reported'>,
    after: Comment,
    action: LastAction,
    site: Site,
    notice: NoticeContext | null = null,
    d?: Deadline | null,
  ): Promise<Statement> {
    const decision = before.status === 'approved' ? 'removed' : 'not_published';
    const engineFound = findings(after.moderation.reasons);
    // Detection was automated when the engine flagged the text (not when it only held it for pre-moderation).
    const flaggedBy =
      after.moderation.decision !== 'approve' && engineFound.length > 0
        ? 'engine'
        : before.reported || after.reportCount > 0
          ? 'readers'
          : null;
    const code =
      action.reasonCode ??
      (notice ? CODE_BY_NOTICE_CATEGORY[notice.category] : undefined) ??
      (action.reason === 'author banned' ? 'banned_author' : undefined) ??
      (flaggedBy === 'engine' ? codeForFindings(engineFound) : 'site_rules');
    const lang = languageOf(site);
    return this.#issue(
      site,
      aboutComment(after),
      {
        key: `action:${action.id}`,
        decision,
        reasonCode: code,
        source: notice ? 'notice' : 'moderator',
        automated: { detection: !notice && flaggedBy === 'engine', decision: false },
        decidedBy: { id: action.actor.id, name: action.actor.name },
        noticeCategory: notice?.category ?? null,
        facts: commentFacts({
          decision,
          lang,
          siteName: site.name,
          writtenAt: after.createdAt,
          decidedAt: new Date(action.at),
          how: notice
            ? { by: 'notice', category: notice.category }
            : { by: 'moderator', flaggedBy, found: flaggedBy === 'engine' ? engineFound : [] },
        }),
        issuedAt: new Date(action.at),
      },
      d,
    );
  }

  /** A moderator restricted the author: ban, shadow ban (under the DSA profile) or pre-moderation. */
  async restricted(input: {
    site: Site;
    authorKey: string;
    restriction: Restriction;
    actionId: string;
    actor: { id: string; name: string };
    reasonCode: string | null;
    existingChanged: number;
    at: Date;
  }): Promise<Statement> {
    const { site } = input;
    const lang = languageOf(site);
    const fallback = { ban: 'banned_author', shadow_ban: 'site_rules', premoderation: 'site_rules' }[
      input.restriction
    ];
    const [latest] = await this.deps.comments.listByAuthor(site.id, [input.authorKey], { limit: 1 });
    return this.#issue(
      site,
      {
        id: null,
        articleId: null,
        authorKey: input.authorKey,
        email: latest ? verifiedEmail(latest) : null,
      },
      {
        key: `author:${input.actionId}`,
        decision: 'restricted',
        restriction: input.restriction,
        reasonCode: input.reasonCode ?? fallback,
        source: 'moderator',
        automated: { detection: false, decision: false },
        decidedBy: input.actor,
        noticeCategory: null,
        facts: restrictionFacts({
          restriction: input.restriction,
          lang,
          siteName: site.name,
          decidedAt: input.at,
          existingChanged: input.existingChanged,
        }),
        issuedAt: input.at,
      },
    );
  }

  /**
   * The statement that applies to a comment now, for its writer: the newest
   * about the comment itself; for a comment hidden from others under the DSA
   * profile, the author's shadow-ban restriction. A rejected comment without
   * one (a crash between the decision and its statement) gets it issued now.
   */
  async forComment(comment: Comment, d?: Deadline | null): Promise<Statement | null> {
    const { statements, sites } = this.deps;
    const own = await statements.latestForComment(comment.id, d);
    if (comment.status === 'rejected') {
      if (own && !own.withdrawnAt) return own;
      const site = await sites.findById(comment.siteId, undefined, d);
      if (!site) return null;
      const last = comment.lastAction;
      if (last && last.action === 'reject') {
        return this.moderatorRejected(last.before, comment, last, site, undefined, d);
      }
      return comment.moderation.decision === 'reject' ? this.engineRejected(comment, site, d) : null;
    }
    if (comment.shadowHidden) {
      return statements.latestRestriction(comment.siteId, comment.authorKey, 'shadow_ban', d);
    }
    return null;
  }

  async #issue(
    site: Site,
    subject: {
      id: string | null;
      articleId: string | null;
      authorKey: string;
      email: string | null;
      body?: string;
    },
    fields: Omit<
      Statement,
      | 'id'
      | 'siteId'
      | 'articleId'
      | 'commentId'
      | 'authorKey'
      | 'ground'
      | 'redress'
      | 'language'
      | 'restriction'
      | 'reportKey'
      | 'withdrawnAt'
    > & { restriction?: Restriction },
    d?: Deadline | null,
  ): Promise<Statement> {
    const lang = languageOf(site);
    const reason = resolveRejectReason(site.policy, fields.reasonCode);
    const appealUntil = appealDeadline(fields.issuedAt);
    const ground = {
      type: reason.ground.type,
      reference: reason.ground.reference,
      explanation: reason.ground.explanation[lang],
    };
    const { statement, created } = await this.deps.statements.issue(
      {
        ...fields,
        reportKey: reportKeyOf({ ...fields, reasonCode: reason.code, ground }),
        siteId: site.id,
        articleId: subject.articleId,
        commentId: subject.id,
        authorKey: subject.authorKey,
        restriction: fields.restriction ?? null,
        reasonCode: reason.code,
        ground,
        redress: { appealUntil, outOfCourt: outOfCourt(lang, appealUntil) },
        language: lang,
        withdrawnAt: null,
      },
      d,
    );
    if (created && subject.email) {
      // A person's rejection of a comment can be undone for a few seconds: its e-mail waits, stored.
      if (statement.commentId && statement.source !== 'engine') {
        await this.deps.mailOutbox.hold(
          `statement:${statement.id}`,
          'statement',
          {
            commentId: statement.commentId,
            statementId: statement.id,
          },
          undefined,
          d,
        );
      } else void this.#mail(subject.email, statement, site, subject.body);
    }
    return statement;
  }

  /**
   * A moderator undid the rejection the statement was issued for: it no
   * longer applies. It is kept (the audit log holds both actions) but marked
   * withdrawn: the writer no longer sees it, its held e-mail is not sent, and
   * the transparency report does not count it.
   */
  async withdraw(siteId: string, actionId: string): Promise<void> {
    await this.deps.statements.withdraw(siteId, `action:${actionId}`, new Date());
  }

  /**
   * The outbox's turn for a held statement e-mail: sent if the rejection still
   * stands (not withdrawn by an undo, the comment still rejected), to the
   * address the comment carries now, quoting its words as they are now.
   */
  async sendHeld(ref: OutboxRef): Promise<OutboxOutcome> {
    const [statement, comment] = await Promise.all([
      ref.statementId ? this.deps.statements.findById(ref.statementId) : null,
      this.deps.comments.findById(ref.commentId),
    ]);
    if (!statement || statement.withdrawnAt !== null || comment?.status !== 'rejected') return 'dropped';
    const to = verifiedEmail(comment);
    const site = await this.deps.sites.findById(statement.siteId);
    if (!to || !site) return 'dropped';
    return (await this.#mail(to, statement, site, comment.body)) ? 'sent' : 'not_sent';
  }

  /** The statement by e-mail; the writer's own words are quoted there so they know which comment it is. */
  #mail(to: string, statement: Statement, site: Site, body?: string): Promise<boolean> {
    const lang = statement.language;
    const text = [
      statement.facts,
      ...(body ? ['', `«${excerpt(body)}»`] : []),
      '',
      `${HEADINGS.ground[lang]}: ${statement.ground.reference}`,
      statement.ground.explanation,
      '',
      `${HEADINGS.redress[lang]}:`,
      statement.redress.outOfCourt,
      '',
      `— ${site.name}`,
    ].join('\n');
    return this.deps.mailer.send(to, `${DECISION_SUBJECT[statement.decision][lang]} (${site.name})`, text);
  }
}
