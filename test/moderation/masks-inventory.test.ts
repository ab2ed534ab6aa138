/**
 * The inventory of masks (docs/MODERATION.md, "Twentieth rules round: masks"), one table row per
 * kind: each kind is applied to every strong and slur whole word of the lexicon, inside a clean
 * sentence, and the word must be caught; the kinds that hide no letter (a sign put between two
 * letters, an invisible character, a look-alike letter) are applied to clean Bokmål and Nynorsk
 * dictionary words too, and none may become a flag that its two pieces written apart do not give.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { DEFAULT_POLICY, moderate } from '../../src/moderation/engine/index.js';
import { LEXICON } from '../../src/moderation/engine/lexicon.js';
import { compileMatcher, REVERSED_WORDS } from '../../src/moderation/engine/matcher.js';
import { CONFUSABLE_PAIRS } from '../../src/moderation/engine/confusables.js';
import { normaliseTerm } from '../../src/moderation/engine/normalise.js';
import { requireFiles } from '../support/prerequisites.js';

const ctx = { policyKey: 'masks-inventory', policy: DEFAULT_POLICY };
const TERM_RULES = new Set(['banned_term', 'suspect_term', 'slur', 'threat']);
const flagged = (word: string): boolean =>
  moderate(`det er en fin dag, ${word}. takk for saka`, ctx).reasons.some((r) => TERM_RULES.has(r.rule));

/** Every strong and slur entry that is one Norwegian word of four letters or more, as the lexicon spells it. */
const INSULTS = [
  ...new Set(
    LEXICON.entries
      .filter(
        (e) =>
          e.heads === undefined &&
          e.match !== 'phrase' &&
          (e.grade === 'strong' || e.grade === 'slur') &&
          e.lang !== 'en',
      )
      .map((e) => normaliseTerm(e.term))
      .filter((w) => w.length === 1 && /^[a-zæøå]{4,}$/.test(w[0]!))
      .map((w) => w[0]!),
  ),
];

/** Where a mask goes: an inner letter, the same for a word every run. */
const inner = (w: string): number => 1 + ((w.length * 7919) % (w.length - 2));

/** Signs a reader writes for a letter or between two letters: ASCII, currency, section, math, bullets, dashes, quotes. */
const SIGNS = [...'*#@_.%&=^:~`\'"§¤£$€¥°+!?|\\/<>÷×±•·–—‘’“”«»…†‡¶✱★☆●○■¨´¸¬¦¯©®™¿¡'];
/** Signs read as a letter inside a word: leet (@ $ € ! +) and shapes (¥ © ™). */
const LETTER_SIGNS = '@$€!+¥©™';
const INVISIBLE = ['\u200b', '\u200d', '\u00ad', '\u2060', '\ufeff', '\u180e', '\u034f', '\u3164', '\u2800'];

type Kind = [name: string, mask: (word: string) => string];

/** Kinds that hide a letter: insults must be caught (clean words so masked are ambiguous by nature). */
const HIDING: Kind[] = SIGNS.map(
  (s): Kind => [`${s} for a letter`, (w) => w.slice(0, inner(w)) + s + w.slice(inner(w) + 1)],
);

/** Each Latin letter's look-alikes from every script (confusables.ts), in code point order. */
const LOOK_ALIKES = new Map<string, string[]>();
for (let at = 0; at < CONFUSABLE_PAIRS.length; ) {
  const source = String.fromCodePoint(CONFUSABLE_PAIRS.codePointAt(at)!);
  at += source.length;
  const letter = CONFUSABLE_PAIRS[at++]!;
  if (/^\p{L}$/u.test(source)) LOOK_ALIKES.set(letter, [...(LOOK_ALIKES.get(letter) ?? []), source]);
}
/** The word with each letter that has look-alikes replaced by its `pick`-th (wrapping), from `from` on. */
function lookAlike(word: string, pick: number, from = 0): string {
  return [...word]
    .map((c, k) => {
      const options = LOOK_ALIKES.get(c);
      return k < from || options === undefined ? c : options[(pick + k) % options.length]!;
    })
    .join('');
}

/** Kinds that hide no letter: insults caught, clean words never flagged. */
const KEEPING: Kind[] = [
  ...SIGNS.map((s): Kind => [`${s} between letters`, (w) => w.slice(0, inner(w)) + s + w.slice(inner(w))]),
  // Every look-alike of every letter is used by some run: the word's letters from different scripts.
  ...[0, 1, 2, 3, 5, 8, 13, 21, 34].map(
    (pick): Kind => [`look-alike letters (${pick})`, (w) => lookAlike(w, pick, 1)],
  ),
  ...INVISIBLE.map(
    (z): Kind => [
      `U+${z.codePointAt(0)!.toString(16)} between letters`,
      (w) => w.slice(0, inner(w)) + z + w.slice(inner(w)),
    ],
  ),
];

// Each kind tries a quarter of the words, a different quarter from the kind before: every word is
// tried with every fourth kind, and the file runs in a quarter of the time.
[...HIDING, ...KEEPING].forEach(([name, mask], index) => {
  test(`every strong and slur word is caught with ${name} (a quarter of them)`, () => {
    const words = INSULTS.filter((_, k) => k % 4 === index % 4);
    const missed = words.map(mask).filter((m) => !flagged(m));
    assert.deepEqual(missed.slice(0, 10), [], `${missed.length} of ${words.length} missed`);
  });
});

test('no clean dictionary word becomes a flag with a sign or an invisible character between its letters', () => {
  const files = ['/usr/share/dict/bokmaal', '/usr/share/dict/nynorsk'];
  requireFiles(files, "Debian's word lists (wnorwegian)");
  // A seeded sample of ordinary words that are clean as they are.
  let seed = 20_261_207;
  const random = (): number => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const words: string[] = [];
  for (const file of files) {
    const list = readFileSync(file, 'latin1')
      .split('\n')
      .filter((w) => /^[a-zæøå]{4,12}$/.test(w));
    for (let k = 0; k < 600; k++) words.push(list[Math.floor(random() * list.length)]!);
  }
  const clean = words.filter((w) => !flagged(w));
  assert.ok(clean.length > 1000, `${clean.length} clean words`);
  const flags: string[] = [];
  // The two pieces are read apart as well ("drit.one" holds "drit"): only what the sign adds counts.
  const apart = (w: string): string => `${w.slice(0, inner(w))} ${w.slice(inner(w))}`;
  // A sign read as a letter (leet "rin€ger", "fu©k") puts a letter in: not a kind that hides none.
  for (const [name, mask] of KEEPING) {
    if (LETTER_SIGNS.includes(name[0]!) && name.endsWith('between letters')) continue;
    for (const w of clean) if (flagged(mask(w)) && !flagged(apart(w))) flags.push(mask(w));
  }
  assert.deepEqual(flags.slice(0, 20), [], `${flags.length} flags`);
});

const reverse = (w: string): string => [...w].reverse().join('');

test('every strong and slur word written backwards is caught, but for the ordinary words it spells', () => {
  const missed = INSULTS.map(reverse).filter((m) => !REVERSED_WORDS.has(m) && !flagged(m));
  assert.deepEqual(missed.slice(0, 10), [], `${missed.length} of ${INSULTS.length} missed`);
});

test('the strong and slur forms that are an ordinary word backwards are exactly REVERSED_WORDS', () => {
  const files: [string, BufferEncoding][] = [
    ['/usr/share/dict/bokmaal', 'latin1'],
    ['/usr/share/dict/nynorsk', 'latin1'],
    ['/usr/share/dict/american-english', 'utf8'],
  ];
  requireFiles(
    files.map(([file]) => file),
    "Debian's word lists (wnorwegian, wamerican)",
  );
  const matcher = compileMatcher(LEXICON, {
    bannedTerms: [],
    suspectTerms: [],
    allowedTerms: [],
    maxLinks: 1,
  });
  const words = new Set<string>();
  for (const [file, encoding] of files)
    for (const line of readFileSync(file, encoding).split('\n')) {
      const forms = normaliseTerm(line);
      if (forms.length === 1) words.add(forms[0]!);
    }
  const clashes = new Set<string>();
  for (const form of matcher.pairableForms()) {
    const backwards = reverse(form);
    if (
      form.length >= 4 &&
      backwards !== form &&
      words.has(backwards) &&
      matcher.matchForm(backwards, null).length === 0
    )
      clashes.add(backwards);
  }
  assert.deepEqual([...clashes].sort(), [...REVERSED_WORDS].sort());
});
