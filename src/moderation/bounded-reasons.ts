import type { ModerationDecision, ModerationReason } from './engine/types.js';

/** Reasons kept (each with its span) for each kind of hit; the rest are counted. */
export const SPANS_PER_KIND = 5;

/** A reason that may stand for more hits of its kind than were kept. */
export type BoundedReason = ModerationReason & {
  /** Hits of this kind in the text, when more than SPANS_PER_KIND were found (on the first kept one). */
  count?: number;
};

const kindOf = (r: ModerationReason) => `${r.rule}|${r.category ?? ''}|${r.grade ?? ''}|${r.severity}`;

/**
 * Caps the engine's reasons: per kind of hit (rule, category, grade, severity)
 * the first SPANS_PER_KIND are kept in text order, and the first of them says
 * how many there were. A comment of one word repeated a thousand times would
 * otherwise store, answer and broadcast a thousand reasons (issue 12 item 9).
 * Every kind the engine found stays, so the decision, the statement of reasons
 * and the filters by rule read the same; only repeated spans are dropped.
 */
export function boundReasons<R extends ModerationReason>(reasons: readonly R[]): (R & { count?: number })[] {
  const seen = new Map<string, { first: R & { count?: number }; n: number }>();
  const kept: (R & { count?: number })[] = [];
  for (const reason of reasons) {
    const kind = kindOf(reason);
    const group = seen.get(kind);
    if (!group) {
      const first = { ...reason };
      seen.set(kind, { first, n: 1 });
      kept.push(first);
      continue;
    }
    group.n++;
    if (group.n <= SPANS_PER_KIND) kept.push(reason);
  }
  for (const { first, n } of seen.values()) if (n > SPANS_PER_KIND) first.count = n;
  return kept;
}

/** The engine's decision with its reasons capped (see boundReasons). */
export const withBoundedReasons = (result: ModerationDecision): ModerationDecision => ({
  ...result,
  reasons: boundReasons(result.reasons),
});
