import type { Deadline } from '../platform/http/request-deadline.js';
import type { AppealService } from '../appeals/appeal-service.js';
import type { StandingChange } from '../authors/author-service.js';
import type { Comment, LastAction } from '../comments/comment.js';
import type { CommentAccountability } from '../comments/comment-service.js';
import type { NoticeService } from '../notices/notice-service.js';
import type { Logger } from '../platform/logger.js';
import type { Site } from '../sites/site.js';
import type { SiteRepository } from '../sites/site.repository.js';
import { type Restriction, toStatementView } from './statement.js';
import type { StatementService } from './statement-service.js';

const RESTRICTION_OF: Partial<Record<StandingChange['action'], Restriction>> = {
  ban: 'ban',
  shadow_ban: 'shadow_ban',
  premoderate: 'premoderation',
};

export interface AccountabilityHooksDeps {
  statements: StatementService;
  notices: () => NoticeService;
  appeals: () => AppealService;
  sites: SiteRepository;
  logger: Logger;
}

/**
 * Where the comment, moderation and author flows meet the accountability
 * features: every decision that turns a comment down or restricts an author
 * gets its statement of reasons, and a reject of a comment with open notices
 * is the decision on those notices. A failure here never undoes the decision
 * (it is applied and audited already): it is logged, and the statement is
 * issued when the writer next asks for it.
 */
export class AccountabilityHooks implements CommentAccountability {
  constructor(private readonly deps: AccountabilityHooksDeps) {}

  async commentStored(comment: Comment, site: Site): Promise<void> {
    if (comment.status !== 'rejected') return;
    await this.#safely('statement for an engine rejection', comment.id, () =>
      this.deps.statements.engineRejected(comment, site),
    );
  }

  /** A moderator's action on a comment: a reject gets a statement and decides the comment's open notices. */
  async commentActed(before: Comment, after: Comment, action: LastAction): Promise<void> {
    if (action.action === 'undo' && action.undoes?.action === 'reject' && after.status !== 'rejected') {
      const undone = action.undoes.id;
      await this.#safely('withdrawing the statement of an undone rejection', after.id, async () => {
        await this.deps.statements.withdraw(after.siteId, undone);
        await this.deps.notices().reopenUndone(after.id, { id: undone });
      });
      return;
    }
    if (after.status !== 'rejected' || before.status === 'rejected') return;
    await this.#safely('statement for a moderator rejection', after.id, async () => {
      const site = await this.deps.sites.findById(after.siteId);
      if (!site) return;
      const notice = await this.deps.notices().oldestOpen(after.id);
      await this.deps.statements.moderatorRejected(
        before,
        after,
        action,
        site,
        notice ? { category: notice.category } : null,
      );
      if (notice) await this.deps.notices().decideOpen(after.id, 'removed', action.actor, action);
    });
  }

  /**
   * A ban or pre-moderation always gets a statement; a shadow ban only under
   * the site's DSA profile, where it is a restriction the author is told about.
   */
  async standingChanged(change: StandingChange): Promise<void> {
    const restriction = RESTRICTION_OF[change.action];
    if (!restriction) return;
    await this.#safely('statement for an author restriction', change.authorKey, async () => {
      const site = await this.deps.sites.findById(change.siteId);
      if (!site) return;
      if (restriction === 'shadow_ban' && site.policy.dsa !== true) return;
      await this.deps.statements.restricted({
        site,
        authorKey: change.authorKey,
        restriction,
        actionId: change.actionId,
        actor: change.actor,
        reasonCode: change.reasonCode,
        existingChanged: change.existingChanged,
        at: change.at,
      });
    });
  }

  async forWriter(comment: Comment, d?: Deadline | null): Promise<Record<string, unknown>> {
    const [statement, appeal] = await Promise.all([
      this.deps.statements.forComment(comment, d),
      this.deps.appeals().forWriter(comment.id, d),
    ]);
    return {
      ...(statement ? { statement: toStatementView(statement) } : {}),
      ...(appeal ? { appeal } : {}),
    };
  }

  async #safely(what: string, subject: string, work: () => Promise<unknown>): Promise<void> {
    try {
      await work();
    } catch (err) {
      this.deps.logger.error({ err, subject }, `${what} failed; it is issued when the writer next asks`);
    }
  }
}
