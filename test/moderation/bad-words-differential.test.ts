/**
 * Differential test: every English text that bad-words' `isProfane` flags with
 * its default list, Ordskifte flags too, except texts that bad-words flags only
 * because of an entry in config/lexicon/english-dropped.json (each with its reason).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { Filter } from 'bad-words';
import fc from 'fast-check';
import { DEFAULT_POLICY, moderate } from '../../src/moderation/engine/index.js';
import { normaliseTerm } from '../../src/moderation/engine/normalise.js';

const TERM_RULES = new Set(['banned_term', 'suspect_term', 'slur', 'threat']);
const ctx = { policyKey: 'differential', policy: DEFAULT_POLICY };
const dropped: { term: string; reason: string }[] = JSON.parse(
  readFileSync(new URL('../../config/lexicon/english-dropped.json', import.meta.url), 'utf8'),
).entries;

const reference = new Filter();
const LIST = reference.list;
/** bad-words' entries, reduced the way our lexicon keys them ("s.o.b." → "sob"). */
const key = (entry: string): string => {
  const words = normaliseTerm(entry.replace(/\*/g, '').replace(/;$/, ''));
  return words.every((w) => w.length === 1) ? words.join('') : words.join(' ');
};
const droppedKeys = new Set(dropped.map((d) => d.term));
const droppedEntries = LIST.filter((entry) => droppedKeys.has(key(entry)));
/** bad-words with the dropped entries removed: what we promise to match. */
const keptOnly = new Filter({ emptyList: true });
keptOnly.list = LIST.filter((entry) => !droppedKeys.has(key(entry)));

const flagged = (text: string): boolean => moderate(text, ctx).reasons.some((r) => TERM_RULES.has(r.rule));

test('the dropped list is short and every entry names a reason', () => {
  assert.ok(dropped.length <= 20, `${dropped.length} dropped entries`);
  for (const d of dropped) assert.ok(d.reason.length > 10, d.term);
  assert.ok(droppedEntries.length > 0);
});

const TEMPLATES = [
  (w: string) => `you are a ${w} and everyone knows it`,
  (w: string) => `${w}, you know`,
  (w: string) => `what a ${w}!`,
  (w: string) => `I think the ${w}, honestly`,
];

test('every default-list entry that bad-words flags in a sentence, we flag too', () => {
  const missed: string[] = [];
  for (const entry of LIST) {
    for (const template of TEMPLATES) {
      const text = template(entry);
      if (!keptOnly.isProfane(text)) continue;
      if (!flagged(text)) missed.push(`${entry}: ${text}`);
    }
  }
  assert.deepEqual(missed, []);
});

const CLEAN =
  'the council has waited a long time for an answer about new road and we think this is good article thanks'.split(
    ' ',
  );

test('random English texts: whatever bad-words flags (for kept entries) we flag', () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.constantFrom(...CLEAN), fc.constantFrom(...LIST)), {
        minLength: 1,
        maxLength: 12,
      }),
      fc.constantFrom(' ', ', ', '. '),
      (words, separator) => {
        // English text: a Norwegian word bad-words lists (fart, hell) is not flagged on Norwegian text.
        const text = `you said ${words.join(separator)}`;
        if (!keptOnly.isProfane(text)) return;
        assert.ok(flagged(text), text);
      },
    ),
    { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
  );
});
