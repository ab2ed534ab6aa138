/**
 * The fuzzy lookup's guard list, computed from the compiled lexicon and the Debian
 * word lists (see scripts/lexicon-fuzzy-near.ts): the skeleton of every ordinary
 * word form that no lexicon spelling matches but the unguarded fuzzy lookup
 * (fuzzy-words.ts) would read as an entry.
 */
import { readFileSync } from 'node:fs';
import { LEXICON } from '../../src/moderation/engine/lexicon.js';
import { compileMatcher } from '../../src/moderation/engine/matcher.js';
import { normalise } from '../../src/moderation/engine/normalise.js';
import { WORD_LISTS } from './split-pairs.js';

/** A word's run-collapsed spelling ("drittsekk" → "dritsek"). */
export const skeletonOf = (word: string): string => word.replace(/(.)\1+/gu, '$1');

export function fuzzyNearFrom(): string[] {
  const matcher = compileMatcher(
    { ...LEXICON, fuzzyNear: [] },
    { bannedTerms: [], suspectTerms: [], allowedTerms: [], maxLinks: 1 },
  );
  const near = new Set<string>();
  const seen = new Set<string>();
  for (const list of WORD_LISTS) {
    for (const line of readFileSync(list.file, list.encoding).split('\n')) {
      if (line === '') continue;
      for (const token of normalise(line).tokens) {
        if (!token.word || seen.has(token.form)) continue;
        seen.add(token.form);
        if (matcher.matchForm(token.form, null).length > 0) continue;
        if (matcher.fuzzyForm(token.form).length > 0) near.add(skeletonOf(token.form));
      }
    }
  }
  return [...near].sort();
}
