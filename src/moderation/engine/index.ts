/**
 * The moderation engine: `moderate(text, context)` runs every rule over a
 * normalised text and returns the strongest outcome (reject > hold > approve)
 * with every reason. Pure and deterministic: no I/O after module load, no
 * Express, mongoose or socket.io.
 */
import { LanguageGuess } from './language.js';
import { LEXICON, THREATS } from './lexicon.js';
import { compileMatcher, type TermMatcher } from './matcher.js';
import { NormalisedText, normalise } from './normalise.js';
import { RULES } from './rules.js';
import { compileThreats } from './threats.js';
import type {
  Decision,
  ModerationContext,
  ModerationDecision,
  ModerationPolicy,
  ModerationReason,
} from './types.js';

export type * from './types.js';
export { guessLanguage, guessTextLanguage, LanguageGuess, type TextLanguage } from './language.js';
export { compileMatcher, TermMatcher } from './matcher.js';
export { canonicalText, NormalisedText, normalise, type Token } from './normalise.js';
export { publicReasons } from './public-reasons.js';
export { DEFAULT_GRADE_ACTIONS } from './types.js';

/** A site without its own terms: the built-in lexicon and one link per text. */
export const DEFAULT_POLICY: ModerationPolicy = Object.freeze({
  bannedTerms: [],
  suspectTerms: [],
  allowedTerms: [],
  maxLinks: 1,
}) as ModerationPolicy;

const COMPILED_THREATS = compileThreats(THREATS);

/** Compiled matchers by policy key; a new key (new policy version) compiles a new one. */
const MATCHERS = new Map<string, TermMatcher>();
const MAX_MATCHERS = 256;

/** Whether the matcher of `policyKey` is compiled (cached) already. */
export function hasMatcher(policyKey: string): boolean {
  return MATCHERS.has(policyKey);
}

/** The compiled matcher for a context, built on first use and cached by `policyKey`. */
export function matcherFor(context: Pick<ModerationContext, 'policyKey' | 'policy'>): TermMatcher {
  let matcher = MATCHERS.get(context.policyKey);
  if (matcher === undefined) {
    matcher = compileMatcher(LEXICON, context.policy, COMPILED_THREATS.roles);
    if (MATCHERS.size >= MAX_MATCHERS) {
      // Drop the least recently inserted; policies change rarely, so this is enough.
      const oldest = MATCHERS.keys().next().value;
      if (oldest !== undefined) MATCHERS.delete(oldest);
    }
    MATCHERS.set(context.policyKey, matcher);
  }
  return matcher;
}

/**
 * The normalised text `moderate()` and `fingerprint()` refill for every text: both
 * are synchronous and keep nothing of it, so its buffers are allocated once.
 */
const READ_BUFFER = new NormalisedText();

/** Stable fingerprint of a text's normalised form; equal to `moderate(text, …).fingerprint`. */
export function fingerprint(text: string): string {
  return normalise(text, READ_BUFFER).fingerprint;
}

/**
 * Moderates one text. Every rule runs; the strongest severity among the reasons decides.
 * `text` may be normalised already (`normalise(body)`): a caller that also needs the
 * fingerprint before moderating, or the risk model's score after it, reads the text
 * once and hands the same `NormalisedText` to each.
 */
export function moderate(text: string | NormalisedText, context: ModerationContext): ModerationDecision {
  const norm = typeof text === 'string' ? normalise(text, READ_BUFFER) : text;
  const matcher = matcherFor(context);
  const input = {
    raw: norm.raw,
    context,
    norm,
    // The language guess costs a lookup per word; only texts with language-bound hits need it.
    language: new LanguageGuess(norm),
    matcher,
    threats: COMPILED_THREATS,
    // One lookup per word, for the matcher and the threat and dehumanising scans alike.
    words: matcher.classify(norm),
    fingerprint: norm.fingerprint,
  };
  const reasons: ModerationReason[] = [];
  for (const rule of RULES) rule.apply(input, reasons);
  let decision: Decision = 'approve';
  for (let k = 0; k < reasons.length && decision !== 'reject'; k++) {
    const severity = reasons[k]!.severity;
    if (severity === 'reject' || (severity === 'hold' && decision === 'approve')) decision = severity;
  }
  return { decision, reasons, fingerprint: input.fingerprint };
}
