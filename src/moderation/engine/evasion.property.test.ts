/**
 * Property tests: every lexicon entry, put through random mixes of the evasions
 * the normaliser and matcher undo (leet, homoglyphs, zero-width characters,
 * stretched letters, capitals, æ/ø/å spellings, split letters, a masked letter,
 * a word split in two chunks, a word in chunks of one or two letters), inserted
 * into random clean text, is caught;
 * clean text gets no term reasons. The entries are enumerated, not sampled, so
 * each is tried (PER_ENTRY runs each, seeded per entry; FUZZ_RUNS widens it).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_POLICY, moderate } from './index.js';
import { LEXICON, type LexiconEntry } from './lexicon.js';
import { isOrdinaryShortWord, normaliseTerm } from './normalise.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
const PER_ENTRY = Math.max(4, Math.ceil(RUNS / 100));
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_101);
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

// A tail after heads only ("pakk" after the inventory's peoples, lexicon.ts's peopleTailEntries) is no
// word of its own: it is tried behind its heads, masked or apart (the last test), not alone.
const words = LEXICON.entries.filter((entry) => entry.heads === undefined);
const headedTails = LEXICON.entries.filter((entry) => entry.heads !== undefined);
const targets: Target[] = words
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
  /** 0: none; 1: one inner letter masked with * or #; 2: the word in two chunks, in capitals ("FA EN"). */
  disguise: number;
  at: number;
}

const evasionArb = fc.record<Evasion>({
  spelling: fc.integer({ min: 0, max: 2 }),
  repeat: fc.array(fc.nat(), { maxLength: 2 }),
  leet: fc.array(fc.nat(), { maxLength: 3 }),
  upper: fc.array(fc.nat(), { maxLength: 6 }),
  glyph: fc.array(fc.nat(), { maxLength: 3 }),
  zeroWidth: fc.array(fc.nat(), { maxLength: 3 }),
  separator: fc.integer({ min: -4, max: SEPARATORS.length - 1 }),
  disguise: fc.integer({ min: 0, max: 2 }),
  at: fc.nat(),
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
  if (!split && e.disguise === 1 && w.length >= 4) {
    // One inner letter masked; nothing else, the mask needs the other letters as they are.
    const k = 1 + (e.at % (w.length - 2));
    return `${w.slice(0, k)}${e.at % 2 === 0 ? '*' : '#'}${w.slice(k + 1)}`;
  }
  // Not for language-bound entries: the halves may read as the other language ("HO ER").
  if (!split && e.disguise === 2 && w.length >= 4 && entry.grade !== 'mild' && entry.lang === undefined) {
    const k = 2 + (e.at % (w.length - 3));
    return `${w.slice(0, k)} ${w.slice(k)}`.toUpperCase();
  }
  const chars = [...w].map((c) => [c]);
  if (!split)
    for (const r of e.repeat)
      chars[r % chars.length]!.push(...[chars[r % chars.length]![0]!, chars[r % chars.length]![0]!]);
  // Leet on some letters, always leaving one letter as it is; 1 stands for i or for l, not both.
  const oneFor = w.includes('i') ? 'i' : 'l';
  const kept = e.leet.length > 0 ? e.leet[0]! % chars.length : -1;
  // Split letters are joined only when at least two of them are real letters.
  for (const l of e.leet.slice(1, split ? Math.max(1, chars.length - 1) : undefined)) {
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

test('every lexicon entry is caught through random mixes of evasions, inside clean text', () => {
  targets.forEach(({ entry, words }, index) => {
    fc.assert(
      fc.property(
        evasionArb,
        cleanWords(NORWEGIAN),
        cleanWords(ENGLISH),
        fc.constantFrom(' ', ', ', '. '),
        (evasion, no, en, punctuation) => {
          const english = entry.lang === 'en';
          // Language-bound entries need text that reads as their language.
          const before = english ? `you said the ${en.join(' ')}` : no.join(' ');
          const after = (english ? en : no).slice().reverse().join(' ');
          // Letters split by separators only for single words (phrases keep their spaces) of three
          // letters or more: two spaced letters ("k u") are joined by nobody, like "k.k." staying clean.
          const split =
            words.length === 1 && words[0]!.length >= 3 && evasion.separator >= 0 && evasion.disguise === 0;
          const disguise = words.length === 1 ? evasion.disguise : 0;
          const evaded = words.map((w) => evade(w, entry, { ...evasion, disguise }, split)).join(' ');
          // A phrase that is no threat before some words ("… med pakken") ends its sentence here.
          const end = entry.unlessNext ? '.' : '';
          const text = `${before}${punctuation}${evaded}${end} ${after}`;
          const result = moderate(text, ctx);
          const caught = result.reasons.some((r) => TERM_RULES.has(r.rule));
          assert.ok(caught, `${entry.term} not caught in ${JSON.stringify(text)}`);
        },
      ),
      { numRuns: PER_ENTRY, seed: SEED + index },
    );
  });
  assert.ok(targets.length >= words.length - 10, `${targets.length} of ${words.length} entries tried`);
});

/**
 * The word cut into chunks of one or two letters, by `cuts` (each read as 1 or 2),
 * with at least one chunk of each size; null when no cut of the word gives both.
 */
function chunked(word: string, cuts: number[]): string[] | null {
  const chunks: string[] = [];
  let at = 0;
  for (let k = 0; at < word.length; k++) {
    const size = Math.min(word.length - at, 1 + ((cuts[k % cuts.length] ?? k) % 2));
    chunks.push(word.slice(at, at + size));
    at += size;
  }
  if (!chunks.some((c) => c.length === 1) || !chunks.some((c) => c.length === 2)) return null;
  return chunks;
}

test('every lexicon word written in chunks of one or two letters is caught, inside clean text', () => {
  let tried = 0;
  targets.forEach(({ entry, words }, index) => {
    if (words.length !== 1 || [...words[0]!].length < 3) return;
    const word = words[0]!;
    fc.assert(
      fc.property(
        fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
        cleanWords(NORWEGIAN),
        cleanWords(ENGLISH),
        (cuts, no, en) => {
          const chunks = chunked(word, cuts);
          // Chunks that are all ordinary short words ("ho re") are read as the words they are.
          if (chunks === null || chunks.every((c) => isOrdinaryShortWord(c))) return;
          tried++;
          const english = entry.lang === 'en';
          const before = english ? `you said the ${en.join(' ')}` : no.join(' ');
          const after = (english ? en : no).slice().reverse().join(' ');
          const text = `${before}, ${chunks.join(' ')}. ${after}`;
          const caught = moderate(text, ctx).reasons.some((r) => TERM_RULES.has(r.rule));
          assert.ok(caught, `${entry.term} not caught in ${JSON.stringify(text)}`);
        },
      ),
      { numRuns: PER_ENTRY, seed: SEED + index },
    );
  });
  assert.ok(tried >= targets.length, `${tried} chunked words tried`);
});

/** The ways a group compound of a people's word and a tail is masked or written apart. */
const COMPOUND_DISGUISES = [
  (head: string, tail: string, k: number) => `${head}${maskAt(tail, k)}`,
  (head: string, tail: string, k: number) => `${maskAt(head, k)}${tail}`,
  (head: string, tail: string, k: number) => `${head}-${maskAt(tail, k)}`,
  (head: string, tail: string, k: number) => `${maskAt(head, k)}-${tail}`,
  (head: string, tail: string, k: number) => `${head} ${maskAt(tail, k)}`,
  (head: string, tail: string) => `${head}*${tail}`,
];
/** The word with one inner letter (not the first, not the last) masked by * or #. */
function maskAt(word: string, k: number): string {
  const at = 1 + (k % (word.length - 2));
  return `${word.slice(0, at)}${k % 2 === 0 ? '*' : '#'}${word.slice(at + 1)}`;
}

test("every group tail behind a people's word is caught masked, with a masked head, or apart", () => {
  assert.ok(headedTails.length >= 50, `${headedTails.length} group tails`);
  headedTails.forEach((entry, index) => {
    const tail = normaliseTerm(entry.term)[0]!;
    const heads = entry.heads!.flatMap((head) => normaliseTerm(head)).filter((h) => h.length >= 4);
    fc.assert(
      fc.property(
        fc.constantFrom(...heads),
        fc.nat(),
        fc.integer({ min: 0, max: COMPOUND_DISGUISES.length - 1 }),
        cleanWords(NORWEGIAN),
        (head, k, way, no) => {
          // A mask needs the letters around it: a tail of three letters is masked in the head only.
          if (tail.length < 3 || (tail.length === 3 && way !== 1 && way !== 3 && way !== 5)) return;
          const compound = COMPOUND_DISGUISES[way]!(head, tail, k);
          const text = `${no.join(' ')} ${compound}. ${no.slice().reverse().join(' ')}`;
          const caught = moderate(text, ctx).reasons.some((r) => r.rule === 'slur');
          assert.ok(caught, `${head} + ${entry.term} not caught in ${JSON.stringify(text)}`);
        },
      ),
      { numRuns: PER_ENTRY * 2, seed: SEED + 7_000 + index },
    );
  });
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
