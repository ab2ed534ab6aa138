import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLEAN, PAIRABLE, WordCache } from './word-cache.js';
import type { Lexicon } from './lexicon.js';
import { compileMatcher } from './matcher.js';
import { normalise } from './normalise.js';

const codes = (word: string) => Uint16Array.from(word, (c) => c.charCodeAt(0));

test('a slot speaks only for the very word kept in it, never for another word of the same slot', () => {
  const clean = new WordCache();
  const kept = codes('regjeringen');
  const slot = clean.slotOf(kept, 0, kept.length);
  clean.keep(slot, kept, 0, kept.length, CLEAN, 5);
  assert.equal(clean.holds(slot, kept, 0, kept.length), true);
  assert.equal(clean.states[slot], CLEAN);
  assert.equal(clean.roles[slot], 5);
  // Words of the same length that land in the same slot: found by trying.
  let others = 0;
  for (let n = 0; n < 200_000 && others < 3; n++) {
    const other = codes(`w${n.toString(36).padStart(10, 'a')}`);
    if (clean.slotOf(other, 0, other.length) !== slot) continue;
    others++;
    assert.equal(clean.holds(slot, other, 0, other.length), false);
  }
  assert.ok(others > 0);
  // A word inside a longer buffer, at an offset.
  const text = codes('  regjeringen!');
  assert.equal(clean.holds(clean.slotOf(text, 2, 13), text, 2, 13), true);
  assert.equal(clean.slotOf(codes('a'.repeat(17)), 0, 17), -1);
});

const lexicon: Lexicon = {
  paradigms: {},
  entries: [
    { term: 'faen', category: 'profanity', grade: 'strong', match: 'word' },
    { term: 'vet hvor du bor', category: 'threat', grade: 'threat', match: 'phrase' },
  ],
  allow: [],
};
const matcher = compileMatcher(lexicon, { bannedTerms: [], suspectTerms: [], allowedTerms: [], maxLinks: 1 });
const terms = (text: string) => matcher.scan(normalise(text), 'no').map((h) => h.entry.term);

test('a word met clean before still begins a split word or a phrase after it', () => {
  // "fa" and "vet" alone are clean: kept, "fa" marked as the start of a split word.
  assert.deepEqual(terms('fa vet du'), []);
  assert.deepEqual(terms('fa vet du'), []);
  const fa = codes('fa');
  const cache = (matcher as unknown as { wordCache: WordCache }).wordCache;
  const slot = cache.slotOf(fa, 0, 2);
  assert.equal(cache.holds(slot, fa, 0, 2), true);
  assert.equal(cache.states[slot], CLEAN | PAIRABLE);
  assert.deepEqual(terms('FA EN'), ['faen']);
  assert.deepEqual(terms('jeg vet hvor du bor'), ['vet hvor du bor']);
  assert.deepEqual(terms('faen'), ['faen']);
  assert.deepEqual(terms('faen'), ['faen']);
});
