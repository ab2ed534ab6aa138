import { moderate } from '../moderation/engine/index.js';
import type { ModerationContext, ModerationReason, RuleName } from '../moderation/engine/types.js';

/**
 * Characters a name is shown without: controls (NUL, escape sequences) and invisible
 * format characters (zero-width spaces and joiners, bidi overrides and isolates, the BOM,
 * soft hyphens). An invisible name, one that looks like another reader's, or one that
 * turns the widget's line around (U+202E) is not a name a reader chose to be known by.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}]/gu;
/** A lone surrogate is no character at all; a stored one is replaced (U+FFFD) by every encoder after it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const VISIBLE = /[\p{L}\p{N}]/u;

/**
 * The name an anonymous reader typed, as it is stored and shown: NFC, without invisible
 * characters, whitespace runs as one space. Null when nothing a reader could read is
 * left (no letter or digit), which the caller turns away.
 */
export function cleanAuthorName(name: string): string | null {
  const cleaned = name
    .replace(LONE_SURROGATE, '')
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(/\s+/gu, ' ')
    .trim();
  return VISIBLE.test(cleaned) ? cleaned : null;
}

/** The lexicon's rules: what a name may not say, as a text may not. */
const NAME_RULES: ReadonlySet<RuleName> = new Set(['banned_term', 'suspect_term', 'slur', 'threat']);

/**
 * The reasons a name gives: the site's lexicon rules run over it as over a text, each hit
 * marked `params.field: "authorName"` and without a span (spans point into the body).
 * A name is shown above every comment its writer posts, so it is moderated with each.
 */
export function authorNameReasons(
  name: string,
  context: Pick<ModerationContext, 'policyKey' | 'policy'>,
): ModerationReason[] {
  const { reasons } = moderate(name, { policyKey: context.policyKey, policy: context.policy });
  const found: ModerationReason[] = [];
  for (const { span: _span, ...reason } of reasons) {
    if (!NAME_RULES.has(reason.rule)) continue;
    found.push({
      ...reason,
      detail: `In the author's name: ${reason.detail}`,
      params: { ...reason.params, field: 'authorName' },
    });
  }
  return found;
}
