import { z } from 'zod';
import type { Language } from '../sites/reject-reasons.js';

export type StatementDecision = 'not_published' | 'removed' | 'restricted';
export type Restriction = 'ban' | 'shadow_ban' | 'premoderation';
/** What set the decision off: the engine on its own, a moderator on their own initiative, or a notice. */
export type StatementSource = 'engine' | 'moderator' | 'notice';

/** How long after a statement its recipient may appeal (DSA Art. 20(1): at least six months). */
export const APPEAL_WINDOW_MONTHS = 6;

/**
 * A statement of reasons (DSA Art. 17), stored once per decision: what was
 * decided, the facts, the ground (the site's rules or the law), whether
 * automated means detected or decided it, and how to seek redress. Its text
 * is written when it is issued, in the site's language, and never changes.
 */
export interface Statement {
  id: string;
  siteId: string;
  /** One statement per decision: the event that made it (engine:<comment>, an action id, …). */
  key: string;
  articleId: string | null;
  /** Null for a restriction of the author (ban, shadow ban, pre-moderation). */
  commentId: string | null;
  authorKey: string;
  decision: StatementDecision;
  restriction: Restriction | null;
  facts: string;
  ground: { type: 'terms' | 'law'; reference: string; explanation: string };
  reasonCode: string;
  automated: { detection: boolean; decision: boolean };
  redress: { appealUntil: Date; outOfCourt: string };
  language: Language;
  source: StatementSource;
  /** The moderator who decided (for the conflict-of-interest rule on appeals); null for the engine. */
  decidedBy: { id: string; name: string } | null;
  /** For a decision on a notice: the notice's category (transparency report). */
  noticeCategory: string | null;
  /**
   * The transparency report's dimensions in one field (source|ground|code|decision|detection|decided),
   * so one `$group` on a plain field path counts them: jongodb leaves a compound `_id` unevaluated.
   */
  reportKey: string;
  issuedAt: Date;
  /** Set when the decision was undone (within its undo window): the statement no longer applies. */
  withdrawnAt: Date | null;
}

export const reportKeyOf = (
  s: Pick<Statement, 'source' | 'ground' | 'reasonCode' | 'decision' | 'automated'>,
): string =>
  [
    s.source,
    s.ground.type,
    s.reasonCode,
    s.decision,
    s.automated.detection ? 'auto' : 'manual',
    s.automated.decision ? 'auto' : 'manual',
  ].join('|');

export const statementViewSchema = z.object({
  id: z.string(),
  decision: z.enum(['not_published', 'removed', 'restricted']),
  facts: z.string(),
  ground: z.object({ type: z.enum(['terms', 'law']), reference: z.string(), explanation: z.string() }),
  automated: z.object({ detection: z.boolean(), decision: z.boolean() }),
  redress: z.object({ appealUntil: z.string(), outOfCourt: z.string() }),
  language: z.enum(['nb', 'nn', 'en']),
  issuedAt: z.string(),
});
export type StatementView = z.infer<typeof statementViewSchema>;

/** The contract's shape: exactly these fields, never a lexicon entry or an internal note. */
export const toStatementView = (s: Statement): StatementView => ({
  id: s.id,
  decision: s.decision,
  facts: s.facts,
  ground: s.ground,
  automated: s.automated,
  redress: { appealUntil: s.redress.appealUntil.toISOString(), outOfCourt: s.redress.outOfCourt },
  language: s.language,
  issuedAt: s.issuedAt.toISOString(),
});

/** The last moment an appeal is accepted: six calendar months after `issuedAt`. */
export function appealDeadline(issuedAt: Date): Date {
  const until = new Date(issuedAt);
  until.setUTCMonth(until.getUTCMonth() + APPEAL_WINDOW_MONTHS);
  return until;
}
