import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prng } from '../../../test/support/race.js';
import { WordSet, WordTable } from './word-table.js';

const codes = (word: string) => Uint16Array.from(word, (c) => c.charCodeAt(0));

/** Words over a few letters, so many share a length, first and last letter (one bucket). */
function words(rnd: () => number, count: number, maxLength: number): string[] {
  const letters = 'aeæøåkrst';
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    let w = '';
    const length = 1 + Math.floor(rnd() * maxLength);
    for (let i = 0; i < length; i++) w += letters[Math.floor(rnd() * letters.length)];
    out.push(w);
  }
  return out;
}

test('a word table answers exactly as a Map of its entries, in a buffer or as a string', () => {
  const rnd = prng(7);
  // Sizes around the table's growth steps, words up to past the bucket key's length limit.
  for (const size of [0, 1, 2, 3, 5, 8, 40, 300, 2500]) {
    const entries = words(rnd, size, 20).map((w, i) => [w, i] as const);
    const table = new WordTable(entries);
    const map = new Map(entries);
    const set = new WordSet(entries.map(([w]) => w));
    // Every entry, and as many words of the same letters that may or may not be entries.
    for (const word of [...map.keys(), ...words(rnd, 2 * size + 50, 20)]) {
      const buffer = codes(`#${word}#`);
      assert.equal(table.getWord(word), map.get(word), word);
      assert.equal(table.get(buffer, 1, 1 + word.length), map.get(word), word);
      assert.equal(set.has(buffer, 1, 1 + word.length), map.has(word), word);
    }
  }
});

test('a word entered twice keeps its last value; an empty word is no entry', () => {
  const table = new WordTable<number>([
    ['kniv', 1],
    ['', 2],
    ['kniv', 3],
  ]);
  assert.equal(table.getWord('kniv'), 3);
  assert.equal(table.getWord(''), undefined);
  assert.equal(new WordSet([]).has(codes('x'), 0, 1), false);
});
