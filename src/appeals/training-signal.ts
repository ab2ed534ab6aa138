import type { ModerationReason } from '../moderation/engine/types.js';
import type { RuleReason } from '../moderation/model/features.js';
import type { RulesVerdict } from '../moderation/model/threshold.js';
import type { Logger } from '../platform/logger.js';

/**
 * An appeal's outcome, as a training signal for the per-site moderation model
 * (issue 15): `reversed` says the decision was wrong for this text on this
 * site, `upheld` that it was right.
 */
export interface AppealOutcomeSignal {
  siteId: string;
  commentId: string;
  appealId: string;
  outcome: 'upheld' | 'reversed';
  /** The ground the decision cited (a reject-reason code). */
  reasonCode: string | null;
  /** Whether the decision appealed against was detected or taken by automated means. */
  automated: { detection: boolean; decision: boolean } | null;
  text: string | null;
  reasons: ModerationReason[];
  /** What the rules decided on the comment when it was posted (null: comment gone). */
  rules: RulesVerdict | null;
  decidedAt: Date;
}

/**
 * Passes an appeal's outcome to the site's risk model (issue 15): a reversal
 * teaches that the text was fine, an upheld decision that it was not. A lost
 * training example never fails the appeal: it is logged.
 */
export function appealOutcomeSink(
  risk: {
    learnFromAppeal(input: {
      siteId: string;
      commentId: string;
      appealId: string;
      body: string;
      reasons: readonly RuleReason[];
      restored: boolean;
      rules: RulesVerdict | null;
    }): Promise<void>;
  },
  logger: Logger,
): (signal: AppealOutcomeSignal) => void {
  return (signal) => {
    if (!signal.text) return;
    risk
      .learnFromAppeal({
        siteId: signal.siteId,
        commentId: signal.commentId,
        appealId: signal.appealId,
        body: signal.text,
        // The rules' reasons stored with the comment when it was posted: the features it was scored with.
        reasons: signal.reasons,
        restored: signal.outcome === 'reversed',
        rules: signal.rules,
      })
      .catch((err: unknown) => logger.warn({ err, appealId: signal.appealId }, 'appeal outcome not learnt'));
  };
}
