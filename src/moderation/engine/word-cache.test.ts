import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Lexicon } from './lexicon.js';
import { compileMatcher } from './matcher.js';
import { normalise } from './normalise.js';
import { CLEAN, HITS, PAIRABLE, PHRASE, WAYS, WordCache, wordHash } from './word-cache.js';

const codes = (word: string) => Uint16Array.from(word, (c) => c.charCodeAt(0));

/** `count` words of `length` letters whose hashes pick the same set as `word`'s, found by trying. */
function sameSet(word: Uint16Array, count: number): Uint16Array[] {
  const found: Uint16Array[] = [];
  const probe = new WordCache<unknown>();
  const slot = probe.place(wordHash(word, 0, word.length));
  const set = slot - (slot % WAYS);
  for (let n = 0; found.length < count; n++) {
    const other = codes(`w${n.toString(36).padStart(word.length - 1, 'a')}`);
    const s = probe.place(wordHash(other, 0, other.length));
    if (s - (s % WAYS) === set) found.push(other);
  }
  return found;
}

test('a slot speaks only for the very word kept in it, never for another word of the same set', () => {
  const cache = new WordCache<unknown>();
  const kept = codes('regjeringen');
  const hash = wordHash(kept, 0, kept.length);
  assert.equal(cache.find(hash, kept, 0, kept.length), -1);
  const slot = cache.place(hash);
  cache.keep(slot, hash, kept, 0, kept.length, CLEAN, 5, -1, null);
  assert.equal(cache.find(hash, kept, 0, kept.length), slot);
  assert.equal(cache.state(slot), CLEAN);
  assert.equal(cache.roles(slot), 5);
  for (const other of sameSet(kept, 3))
    assert.equal(cache.find(wordHash(other, 0, other.length), other, 0, other.length), -1);
  // The same hash and length, other letters: never trusted by its hash.
  const forged = codes('regjeringer');
  assert.equal(cache.find(hash, forged, 0, forged.length), -1);
  // A word inside a longer buffer, at an offset.
  const text = codes('  regjeringen!');
  assert.equal(wordHash(text, 2, 13), hash);
  assert.equal(cache.find(hash, text, 2, 13), slot);
});

test('every way of a set keeps its word; one more takes the way used least recently', () => {
  const cache = new WordCache<unknown>();
  const words = sameSet(codes('og'), WAYS + 1);
  const keep = (word: Uint16Array, role: number) => {
    const hash = wordHash(word, 0, word.length);
    cache.keep(cache.place(hash), hash, word, 0, word.length, CLEAN, role, -1, null);
  };
  const find = (word: Uint16Array) => cache.find(wordHash(word, 0, word.length), word, 0, word.length);
  for (let k = 0; k < WAYS; k++) keep(words[k]!, k + 1);
  const slots = new Set(words.slice(0, WAYS).map(find));
  assert.equal(slots.size, WAYS);
  assert.equal(slots.has(-1), false);
  // The second word was kept after the first, but the first is found again last: the second is the oldest.
  for (let k = WAYS - 1; k >= 2; k--) assert.equal(cache.roles(find(words[k]!)), k + 1);
  assert.equal(cache.roles(find(words[0]!)), 1);
  keep(words[WAYS]!, 99);
  assert.equal(find(words[1]!), -1);
  assert.equal(cache.roles(find(words[WAYS]!)), 99);
  for (const k of [0, 2]) assert.notEqual(find(words[k]!), -1);
});

test('the normaliser hashes every token as wordHash does, whatever path built it', () => {
  for (const text of [
    'Dette er en helt vanlig kommentar, ikke sant?',
    'ЅKАММЕL dere! f*en, h4tt, ﬁne, Å e\u0301n   ord.slutt',
    'Київ og Ålesund',
  ]) {
    const norm = normalise(text);
    for (let t = 0; t < norm.count; t++)
      assert.equal(
        norm.hashes[t],
        wordHash(norm.chars, norm.formStarts[t]!, norm.formEnds[t]!),
        norm.form(t),
      );
  }
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

const cache = (matcher as unknown as { wordCache: WordCache<unknown> }).wordCache;
const stateOf = (word: string) => {
  const letters = Uint16Array.from(word.replace(/#/g, '*'), (c) => c.charCodeAt(0));
  const slot = cache.find(wordHash(letters, 0, letters.length), letters, 0, letters.length);
  return slot < 0 ? -1 : cache.state(slot);
};

test('a word met clean before still begins a split word or a phrase after it', () => {
  // "fa" and "vet" alone are clean: kept, "fa" marked as the start of a split word.
  assert.deepEqual(terms('fa vet du'), []);
  assert.deepEqual(terms('fa vet du'), []);
  assert.equal(stateOf('fa'), CLEAN | PAIRABLE);
  assert.equal(stateOf('vet'), CLEAN | PHRASE);
  assert.deepEqual(terms('FA EN'), ['faen']);
  assert.deepEqual(terms('jeg vet hvor du bor'), ['vet hvor du bor']);
});

test('a word with hits, plain or masked, is kept with them and hits again', () => {
  for (const word of ['faen', 'f**n', 'f#en']) {
    assert.deepEqual(terms(`${word} altså`), ['faen'], word);
    assert.equal(stateOf(word) & (HITS | CLEAN), HITS, word);
    assert.deepEqual(terms(`å ${word}`), ['faen'], word);
  }
  // "fa" is still a word met clean that begins a split word: both hold for one word.
  assert.deepEqual(terms('fa en'), ['faen']);
  assert.equal(stateOf('fa'), CLEAN | PAIRABLE);
});

test('a joined spelling is kept apart from the word of the same letters, and hits again from the cache', () => {
  // A matcher of its own, so nothing is kept before: "f a e n" joins "fa", "fae", "faen"….
  const fresh = compileMatcher(lexicon, { bannedTerms: [], suspectTerms: [], allowedTerms: [], maxLinks: 1 });
  const found = (text: string) => fresh.scan(normalise(text), 'no').map((h) => h.entry.term);
  for (let k = 0; k < 3; k++) assert.deepEqual(found('f a e n!'), ['faen']);
  for (let k = 0; k < 3; k++) assert.deepEqual(found('f . . n'), []);
  // The joined "fa" (clean) was kept first: the word "fa" is still walked and begins the split word.
  for (let k = 0; k < 2; k++) {
    assert.deepEqual(found('fa en'), ['faen']);
    assert.deepEqual(found('fa'), []);
  }
});

test('a word with a letter beyond Latin-1 is not kept (letters are kept one byte each), and still hits', () => {
  assert.equal(WordCache.fits(codes('blåbærsyltetøy'), 0, 14), true);
  assert.equal(WordCache.fits(codes('kиib'), 0, 4), false);
  assert.equal(WordCache.fits(codes('a'.repeat(17)), 0, 17), false);
  const site = compileMatcher(lexicon, {
    bannedTerms: ['жопа'],
    suspectTerms: [],
    allowedTerms: [],
    maxLinks: 1,
  });
  const siteCache = (site as unknown as { wordCache: WordCache<unknown> }).wordCache;
  // Two words hold the set the word's hash picks: it must not take either's way.
  const held = sameSet(codes('жona'), 2);
  for (const word of held) {
    const hash = wordHash(word, 0, word.length);
    siteCache.keep(siteCache.place(hash), hash, word, 0, word.length, CLEAN, 0, -1, null);
  }
  for (let k = 0; k < 3; k++) {
    const norm = normalise('din жопа, faen');
    assert.deepEqual(
      site.scan(norm, 'no').map((h) => h.matched),
      ['жona', 'faen'],
    );
    assert.equal(siteCache.find(norm.hashes[1]!, norm.chars, norm.formStarts[1]!, norm.formEnds[1]!), -1);
  }
  for (const word of held)
    assert.notEqual(siteCache.find(wordHash(word, 0, word.length), word, 0, word.length), -1);
});
