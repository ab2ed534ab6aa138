/**
 * False positives over real word lists: every word form in the Debian
 * `wnorwegian` (Bokmål, Nynorsk) and `wamerican` lists goes through the
 * compiled matcher, and a flagged word must be offensive itself: a listed form
 * of a lexicon entry, or a compound whose other part is a word of the same list
 * (or an inflection ending), like "horebukk" or "luksushore". Anything else
 * must be in config/lexicon/dictionary-exceptions.json with a reason. The
 * Norwegian forms that English-only entries match must be exactly those listed in
 * config/lexicon/norwegian-homographs.json (text without function words relies
 * on that list to keep "Fart!" clean and still flag "Nazis!").
 *
 * CI installs the lists: `apt-get install -y wnorwegian wamerican`.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { LEXICON, type TermLanguage } from '../../src/moderation/engine/lexicon.js';
import { compileMatcher, type WordHit } from '../../src/moderation/engine/matcher.js';
import { normalise } from '../../src/moderation/engine/normalise.js';
import { requireFiles } from '../support/prerequisites.js';
import { splitPairsFrom } from './split-pairs.js';

const DICTIONARIES: { file: string; encoding: BufferEncoding; lang: TermLanguage }[] = [
  { file: '/usr/share/dict/bokmaal', encoding: 'latin1', lang: 'no' },
  { file: '/usr/share/dict/nynorsk', encoding: 'latin1', lang: 'no' },
  { file: '/usr/share/dict/american-english', encoding: 'utf8', lang: 'en' },
];

/** Inflection and comparison endings an offensive word can take and stay itself ("helvetesare"). */
const INFLECTION =
  /^(?:e|a|s|t|n|r|er|en|et|ar|ne|te|de|ene|ane|ere|est|este|are|ast|aste|ande|ende|ing|inga|ingen|ig|ige|ete|y|ier|iest|ers|es|ed|ri|skap)+$/;
const ENDING = /(?:are|ast|aste|ere|est|este|ene|ane|er|en|et|ar|e|a|s|t)$/;

interface ExceptionEntry {
  word: string;
  reason: string;
}

const exceptionsFile = new URL('../../config/lexicon/dictionary-exceptions.json', import.meta.url);
const exceptions: ExceptionEntry[] = JSON.parse(readFileSync(exceptionsFile, 'utf8')).entries;

function partIsWord(part: string, words: ReadonlySet<string>): boolean {
  if (part.length < 2) return false;
  if (words.has(part) || INFLECTION.test(part)) return true;
  // Linking letters between the parts of a compound: horeunge, helvetesild.
  const trimmed = part.replace(/^[se]/, '');
  if (trimmed !== part && (words.has(trimmed) || INFLECTION.test(trimmed))) return true;
  const before = part.replace(/[se]$/, '');
  if (before !== part && before.length >= 3 && words.has(before)) return true;
  // An inflected compound part: "rengdare" is the comparative of "rengd".
  const stem = part.replace(ENDING, '');
  return stem !== part && stem.length >= 3 && words.has(stem);
}

function offensiveItself(hit: WordHit, words: ReadonlySet<string>): boolean {
  if (hit.kind === 'form' || hit.kind === 'phrase') return true;
  return partIsWord(hit.rest, words);
}

test('no ordinary Bokmål, Nynorsk or English word form is flagged', () => {
  requireFiles(
    DICTIONARIES.map((d) => d.file),
    "Debian's word lists (wnorwegian, wamerican)",
  );
  const matcher = compileMatcher(LEXICON, {
    bannedTerms: [],
    suspectTerms: [],
    allowedTerms: [],
    maxLinks: 1,
  });
  const reviewed = new Set(exceptions.map((e) => e.word));
  const used = new Set<string>();
  const flagged: string[] = [];
  const homographs = new Set<string>();
  let checked = 0;
  for (const dictionary of DICTIONARIES) {
    const lines = readFileSync(dictionary.file, dictionary.encoding).split('\n');
    const words = new Set(lines.map((w) => w.toLowerCase()));
    for (const line of lines) {
      if (line === '') continue;
      for (const token of normalise(line).tokens) {
        if (!token.word) continue;
        checked++;
        let hits = matcher.matchForm(token.form, dictionary.lang === 'no' ? null : dictionary.lang);
        if (dictionary.lang === 'no' && hits.some((h) => h.entry.lang === 'en')) {
          homographs.add(token.form);
          hits = hits.filter((h) => h.entry.lang !== 'en');
        }
        if (hits.length === 0 || matcher.isAllowed(token.form, dictionary.lang)) continue;
        if (hits.some((h) => offensiveItself(h, words))) continue;
        if (reviewed.has(token.form)) {
          used.add(token.form);
          continue;
        }
        const hit = hits[0]!;
        flagged.push(`${line} (${hit.kind} of "${hit.entry.term}", rest "${hit.rest}")`);
      }
    }
  }
  assert.ok(checked > 1_500_000, `only ${checked} words checked`);
  assert.deepEqual(
    [...homographs].sort(),
    [...(LEXICON.norwegianWords ?? [])].sort(),
    'config/lexicon/norwegian-homographs.json must list exactly the Norwegian forms English-only entries match',
  );
  assert.deepEqual(flagged, [], `ordinary words flagged:\n${flagged.join('\n')}`);
  const stale = [...reviewed].filter((w) => !used.has(w));
  assert.deepEqual(stale, [], 'exceptions that no longer match anything: remove them');
  assert.ok(exceptions.length <= 40, 'the reviewed exceptions must stay short: fix the lexicon instead');
});

test('config/lexicon/split-pairs.json lists every pair of ordinary words that joins into a lexicon form', () => {
  const listed: string[] = JSON.parse(
    readFileSync(new URL('../../config/lexicon/split-pairs.json', import.meta.url), 'utf8'),
  ).words;
  assert.deepEqual(listed, splitPairsFrom(), 'out of date: run npm run lexicon:split-pairs');
});
