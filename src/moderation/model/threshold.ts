/**
 * The risk model's hold threshold, measured and chosen on its held-out window:
 * the most recent decisions, each scored by the model as it stood before it
 * learnt that decision (`RiskModels` keeps them in that order). A newsroom sets
 * what it cares about, the precision of the model's holds (`precisionFloor`),
 * and the automatic threshold is the lowest one whose precision over that
 * window reaches the floor with confidence: the one-sided 90 % Wilson lower
 * bound of the precision, not the window's own figure, must reach it, with at
 * least `minPositives` rejected decisions scoring at or above it. The lowest
 * threshold whose own figure just reaches the floor is where the window flatters
 * the model most (chosen among fifty, on a sample of a few dozen): on the seen
 * batches' folds its holds on the next batch were right 81 % of the time against
 * a floor of 90 %, with the lower bound 94 % (docs/MODERATION.md, "The gate's measure").
 *
 * The window holds only decisions on comments the rules approved: the model
 * may hold only what the rules approve, and there its precision is lower than
 * over every decision (the rules already caught the easy abusive comments, so
 * what is left above a threshold is more often clean). Measured over every
 * decision, the automatic threshold met its floor on the window and missed it
 * on a blind batch by a wide margin (docs/MODERATION.md).
 *
 * Run when the gate is recomputed (the model's version or the site's policy
 * changed), never per comment.
 */

/**
 * What the rules decided on the comment when it was posted, before the model.
 * Recorded with each decision (`RiskEvent.rules`): only decisions on comments
 * the rules approved enter the window. Null: not known (an event written before
 * it was recorded), left out.
 */
export type RulesVerdict = 'approve' | 'hold' | 'reject';

/**
 * The rules' verdict on a stored comment, from its moderation record: a
 * comment the model held (reason `risk_model`, added only to what the rules
 * approved) was approved by the rules.
 */
export function rulesVerdictOf(moderation: {
  decision: RulesVerdict;
  reasons: readonly { rule: string }[];
}): RulesVerdict {
  return moderation.reasons.some((r) => r.rule === 'risk_model') ? 'approve' : moderation.decision;
}

/** One held-out decision: the model's score before it learnt the decision, and the decision (1: reject). */
export interface HeldOut {
  score: number;
  label: 0 | 1;
}

/** How holding at `threshold` would have done over the window. */
export interface AtThreshold {
  threshold: number;
  /** Share of the decisions scoring at or above it that were rejections; null when none scored so. */
  precision: number | null;
  /** Share of the window's rejections scoring at or above it; null when the window has none. */
  recall: number | null;
  /** Rejections scoring at or above it (true positives). */
  positives: number;
  /** Decisions scoring at or above it (what it would have held). */
  flagged: number;
}

/** z of the one-sided 90 % bound the automatic threshold's precision must reach the floor with. */
export const CONFIDENCE_Z = 1.2816;

/**
 * The Wilson score lower bound of a precision of `positives` of `flagged`
 * (one-sided, `z`): how low the precision may truly be, given so few decisions.
 * 0 when none was flagged.
 */
export function precisionLowerBound(positives: number, flagged: number, z = CONFIDENCE_Z): number {
  if (flagged === 0) return 0;
  const p = positives / flagged;
  const z2 = z * z;
  return (
    (p + z2 / (2 * flagged) - z * Math.sqrt((p * (1 - p)) / flagged + z2 / (4 * flagged * flagged))) /
    (1 + z2 / flagged)
  );
}

/** The thresholds the automatic choice tries: 0.50, 0.51, …, 0.99 (a site's fixed one may be 0.5 to 1). */
export const CANDIDATES: readonly number[] = Array.from({ length: 50 }, (_, k) => (50 + k) / 100);

/** Precision, recall and true positives of holding at `threshold` over `window`. */
export function measureAt(window: readonly HeldOut[], threshold: number): AtThreshold {
  let flagged = 0;
  let positives = 0;
  let rejections = 0;
  for (const r of window) {
    if (r.label === 1) rejections++;
    if (r.score < threshold) continue;
    flagged++;
    if (r.label === 1) positives++;
  }
  return {
    threshold,
    precision: flagged === 0 ? null : positives / flagged,
    recall: rejections === 0 ? null : positives / rejections,
    positives,
    flagged,
  };
}

/**
 * The lowest candidate threshold whose precision over `window` is at least
 * `floor` with confidence (its lower bound, `precisionLowerBound`, reaches the
 * floor) and with at least `minPositives` rejections at or above it; null when
 * none qualifies (the model then stays in shadow mode).
 */
export function chooseThreshold(
  window: readonly HeldOut[],
  floor: number,
  minPositives: number,
): AtThreshold | null {
  for (const threshold of CANDIDATES) {
    const at = measureAt(window, threshold);
    if (at.positives >= minPositives && precisionLowerBound(at.positives, at.flagged) >= floor) return at;
  }
  return null;
}
