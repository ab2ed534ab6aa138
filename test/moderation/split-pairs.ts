/** The split-pairs list, computed from the compiled lexicon and the Debian word lists (see scripts/lexicon-split-pairs.ts). */
import { readFileSync } from 'node:fs';
import { LEXICON } from '../../src/moderation/engine/lexicon.js';
import { compileMatcher } from '../../src/moderation/engine/matcher.js';

export const WORD_LISTS: { file: string; encoding: BufferEncoding }[] = [
  { file: '/usr/share/dict/bokmaal', encoding: 'latin1' },
  { file: '/usr/share/dict/nynorsk', encoding: 'latin1' },
  { file: '/usr/share/dict/american-english', encoding: 'utf8' },
];

export function splitPairsFrom(): string[] {
  const words = new Set<string>();
  for (const list of WORD_LISTS)
    for (const word of readFileSync(list.file, list.encoding).split('\n')) words.add(word.toLowerCase());
  const matcher = compileMatcher(
    { ...LEXICON, splitPairs: [] },
    { bannedTerms: [], suspectTerms: [], allowedTerms: [], maxLinks: 1 },
  );
  const pairs = new Set<string>();
  for (const form of matcher.pairableForms()) {
    for (let i = 1; i < form.length - 1; i++) {
      const a = form.slice(0, i);
      const b = form.slice(i);
      if (b.length >= 2 && words.has(a) && words.has(b)) pairs.add(`${a} ${b}`);
    }
  }
  return [...pairs].sort();
}
