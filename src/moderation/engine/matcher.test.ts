import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Lexicon } from './lexicon.js';
import { compileMatcher } from './matcher.js';
import { normalise } from './normalise.js';

const lexicon: Lexicon = {
  paradigms: { f: ['e', 'a', 'er', 'ene'] },
  entries: [
    { term: 'faen', category: 'profanity', grade: 'strong', match: 'word', endings: ['s'] },
    { term: 'fitte', stem: 'fitt', category: 'sexual', grade: 'strong', match: 'both', endings: 'f' },
    { term: 'jævla', category: 'profanity', grade: 'strong', match: 'word' },
    { term: 'jævel', category: 'profanity', grade: 'strong', match: 'word', ascii: false },
    { term: 'ass', category: 'profanity', grade: 'mild', match: 'word' },
    { term: 'fart', category: 'profanity', grade: 'mild', match: 'word', lang: 'en' },
    { term: 'vet hvor du bor', category: 'threat', grade: 'threat', match: 'phrase' },
  ],
  allow: [{ term: 'profitt', match: 'start', reason: 'profit' }],
};
const policy = { bannedTerms: [], suspectTerms: [], allowedTerms: [], maxLinks: 1 };
const matcher = compileMatcher(lexicon, policy);
const terms = (text: string, lang: 'no' | 'en' = 'no') =>
  matcher.scan(normalise(text), lang).map((h) => h.entry.term);

test('whole words with their endings', () => {
  assert.deepEqual(terms('faen faens sofaen faena'), ['faen', 'faen']);
});

test('stems head and tail compounds, never inside a word', () => {
  assert.deepEqual(terms('fitta fittetryne dumfitta'), ['fitte', 'fitte', 'fitte']);
  assert.deepEqual(terms('profitter fittings'), []);
});

test('a stem followed by a bare suffix is another word', () => {
  assert.deepEqual(terms('fitteende'), []);
});

test('stretched letters match, doubled consonants do not', () => {
  assert.deepEqual(terms('faaaeeen asss'), ['faen', 'ass']);
  assert.deepEqual(terms('as fitt'), []);
});

test('æ/ø/å spelled with digraphs or bare ASCII, unless the entry opts out', () => {
  assert.deepEqual(terms('jaevla javla jaevel'), ['jævla', 'jævla', 'jævel']);
  assert.deepEqual(terms('javel'), []);
});

test('language-bound entries fire only on text of that language', () => {
  assert.deepEqual(terms('fart', 'no'), []);
  assert.deepEqual(terms('fart', 'en'), ['fart']);
});

test('phrases match word by word', () => {
  assert.deepEqual(terms('jeg vet hvor du bor'), ['vet hvor du bor']);
  assert.deepEqual(terms('jeg vet hvor du er'), []);
});

test('site terms: plain words take Norwegian endings, * marks stems, allowed terms win', () => {
  const site = compileMatcher(lexicon, {
    ...policy,
    bannedTerms: ['kålrot', 'sur*'],
    allowedTerms: ['faen'],
  });
  const hits = (text: string) => site.scan(normalise(text), 'no').map((h) => h.entry.term);
  assert.deepEqual(hits('kålrota kålrøtter surkål faen'), ['kålrot', 'sur']);
});

test('cost does not depend on the number of terms: lookups walk a trie', () => {
  const many = Array.from({ length: 5000 }, (_, i) => `ord${i.toString(36)}x`);
  const big = compileMatcher(lexicon, { ...policy, bannedTerms: many });
  assert.deepEqual(
    big.scan(normalise('her er ordabx og faen'), 'no').map((h) => h.entry.term),
    ['ordabx', 'faen'],
  );
});
