import type { ModerationReason } from '../moderation/engine/types.js';
import type { Logger } from '../platform/logger.js';

/**
 * An appeal's outcome, as a training signal for the per-site moderation model
 * (issue 15): `reversed` says the decision was wrong for this text on this
 * site, `upheld` that it was right.
 */
export interface AppealOutcomeSignal {
  siteId: string;
  commentId: string;
  outcome: 'upheld' | 'reversed';
  /** The ground the decision cited (a reject-reason code). */
  reasonCode: string | null;
  /** Whether the decision appealed against was detected or taken by automated means. */
  automated: { detection: boolean; decision: boolean } | null;
  text: string | null;
  reasons: ModerationReason[];
  decidedAt: Date;
}

/**
 * The call site for the per-site model's learning from appeal outcomes.
 * Engineer C's per-site model (src/moderation/**) is not on main yet: when it
 * publishes its function for labelled outcomes, call it here. Until then the
 * outcome is only logged (at debug), and it stays queryable in the appeals
 * collection for a later back-fill.
 */
export function appealOutcomeSink(logger: Logger): (signal: AppealOutcomeSignal) => void {
  return (signal) => {
    logger.debug(
      { siteId: signal.siteId, commentId: signal.commentId, outcome: signal.outcome },
      'appeal outcome (training signal for the per-site model)',
    );
  };
}
