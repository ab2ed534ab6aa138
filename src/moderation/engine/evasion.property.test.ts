/**
 * Property tests: any lexicon entry, put through any mix of the evasions the
 * normaliser undoes, inserted into random clean text, is caught; clean text
 * gets no term reasons.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_POLICY, moderate } from './index.js';
import { LEXICON, type LexiconEntry } from './lexicon.js';
import { normaliseTerm } from './normalise.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
const TERM_RULES = new Set(['banned_term', 'suspect_term', 'slur', 'threat']);
const ctx = { policyKey: 'property', policy: DEFAULT_POLICY };

const NORWEGIAN = (
  'det er en fin dag i byen og vi har ventet lenge på svar fra kommunen om den nye veien ' +
  'eg meiner at skulen treng fleire lærarar no takk for saka ho sa at dei kjem i morgon ' +
  'avisa skriver godt om ferja til øya men prisen har gått opp igjen etter nyttår'
).split(' ');
const ENGLISH = (
  'the council has waited a long time for an answer about the new road and we think ' +
  'this is a good article thanks for writing it but what does the county say now'
).split(' ');

const LEET: Record<string, string[]> = {
  o: ['0'],
  i: ['1', '!'],
  l: ['1'],
  e: ['3'],
  a: ['4', '@'],
  s: ['5', '$'],
  t: ['7'],
};
const HOMOGLYPHS: Record<string, string> = {
  a: 'а',
  e: 'е',
  o: 'о',
  p: 'р',
  c: 'с',
  x: 'х',
  y: 'у',
  k: 'к',
  i: 'і',
  s: 'ѕ',
};
const ZERO_WIDTH = ['\u200B', '\u200C', '\u200D', '\u00AD', '\u2060', '\uFEFF'];
const SEPARATORS = [' ', '.', '-', '_'];

interface Target {
  entry: LexiconEntry;
  words: string[];
}

const targets: Target[] = LEXICON.entries
  .map((entry) => ({ entry, words: normaliseTerm(entry.term) }))
  .filter((t) => t.words.length > 0 && t.words.every((w) => /^[\p{L}]+$/u.test(w)));

interface Evasion {
  spelling: number;
  repeat: number[];
  leet: number[];
  upper: number[];
  glyph: number[];
  zeroWidth: number[];
  separator: number;
}

const evasionArb = fc.record<Evasion>({
  spelling: fc.integer({ min: 0, max: 2 }),
  repeat: fc.array(fc.nat(), { maxLength: 2 }),
  leet: fc.array(fc.nat(), { maxLength: 3 }),
  upper: fc.array(fc.nat(), { maxLength: 6 }),
  glyph: fc.array(fc.nat(), { maxLength: 3 }),
  zeroWidth: fc.array(fc.nat(), { maxLength: 3 }),
  separator: fc.integer({ min: -4, max: SEPARATORS.length - 1 }),
});

/** Applies the evasions to one word; returns the text a reader would type. */
function evade(word: string, entry: LexiconEntry, e: Evasion, split: boolean): string {
  let w = word;
  if (/[æøå]/.test(w) && e.spelling > 0) {
    const bare = e.spelling === 2 && entry.ascii !== false;
    w = bare
      ? w.replace(/æ/g, 'a').replace(/ø/g, 'o').replace(/å/g, 'a')
      : w.replace(/æ/g, 'ae').replace(/ø/g, 'oe').replace(/å/g, 'aa');
  }
  const chars = [...w].map((c) => [c]);
  if (!split)
    for (const r of e.repeat)
      chars[r % chars.length]!.push(...[chars[r % chars.length]![0]!, chars[r % chars.length]![0]!]);
  // Leet on some letters, always leaving one letter as it is; 1 stands for i or for l, not both.
  const oneFor = w.includes('i') ? 'i' : 'l';
  const kept = e.leet.length > 0 ? e.leet[0]! % chars.length : -1;
  for (const l of e.leet.slice(1)) {
    const k = l % chars.length;
    if (k === kept) continue;
    const options = (LEET[chars[k]![0]!] ?? []).filter((d) => {
      if (d === '1') return chars[k]![0] === oneFor && !(split && oneFor === 'l');
      if (d === '!') return !split && k > 0 && k < chars.length - 1;
      return true;
    });
    if (options.length > 0) chars[k] = chars[k]!.map(() => options[l % options.length]!);
  }
  for (const u of e.upper) chars[u % chars.length] = chars[u % chars.length]!.map((c) => c.toUpperCase());
  for (const g of e.glyph) {
    const k = g % chars.length;
    chars[k] = chars[k]!.map((c) => HOMOGLYPHS[c] ?? c);
  }
  for (const z of e.zeroWidth) {
    const k = z % chars.length;
    chars[k]!.push(ZERO_WIDTH[z % ZERO_WIDTH.length]!);
  }
  const separator = split ? SEPARATORS[e.separator]! : '';
  return chars.map((c) => c.join('')).join(separator);
}

function cleanWords(vocabulary: readonly string[]) {
  return fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 12 });
}

test('every lexicon entry is caught through any mix of evasions, inside clean text', () => {
  fc.assert(
    fc.property(
      fc.constantFrom(...targets),
      evasionArb,
      cleanWords(NORWEGIAN),
      cleanWords(ENGLISH),
      fc.constantFrom(' ', ', ', '. '),
      ({ entry, words }, evasion, no, en, punctuation) => {
        const english = entry.lang === 'en';
        // Language-bound entries need text that reads as their language.
        const before = english ? `you said the ${en.join(' ')}` : no.join(' ');
        const after = (english ? en : no).slice().reverse().join(' ');
        // Letters split by separators only for single words (phrases keep their spaces).
        const split = words.length === 1 && evasion.separator >= 0;
        const evaded = words.map((w) => evade(w, entry, evasion, split)).join(' ');
        const text = `${before}${punctuation}${evaded} ${after}`;
        const result = moderate(text, ctx);
        const caught = result.reasons.some((r) => TERM_RULES.has(r.rule));
        assert.ok(caught, `${entry.term} not caught in ${JSON.stringify(text)}`);
      },
    ),
    { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20_260_101) },
  );
});

test('clean text gets no term reasons', () => {
  fc.assert(
    fc.property(cleanWords(NORWEGIAN), cleanWords(ENGLISH), fc.boolean(), (no, en, english) => {
      const text = (english ? en : no).join(' ');
      const reasons = moderate(text, ctx).reasons.filter((r) => TERM_RULES.has(r.rule));
      assert.deepEqual(reasons, [], text);
    }),
    { numRuns: RUNS },
  );
});
