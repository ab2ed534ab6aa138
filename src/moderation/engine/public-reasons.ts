/**
 * Reasons as a reader (the comment's author, or anyone holding the POST
 * answer) may see them: the rule, severity, category, grade and span, never
 * the lexicon entry that matched (a published word list is a list of what to
 * misspell next). Moderators get the full reasons through the workbench.
 */
import type { ModerationReason, ReasonParams } from './types.js';

/** Params that name what matched: the term, a threat's verb and target. */
const NAMING_PARAMS = new Set(['term', 'verb', 'target', 'group', 'noun']);

/** The detail without its quoted words: `Banned term "faen" (profanity)` → `Banned term (profanity)`. */
function publicDetail(detail: string): string {
  return detail
    .replace(/ "[^"]*"/g, '')
    .replace(/: violent verb aimed at/, ': a violent verb aimed at a person');
}

export function publicReasons(reasons: readonly ModerationReason[]): ModerationReason[] {
  return reasons.map((reason) => {
    const names = reason.params !== undefined && Object.keys(reason.params).some((k) => NAMING_PARAMS.has(k));
    if (!names && !reason.detail.includes('"')) return reason;
    const params: Record<string, string | number> = {};
    for (const [key, value] of Object.entries(reason.params ?? {}))
      if (!NAMING_PARAMS.has(key)) params[key] = value;
    return { ...reason, detail: publicDetail(reason.detail), params: params as ReasonParams };
  });
}
