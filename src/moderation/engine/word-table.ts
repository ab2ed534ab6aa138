/**
 * Small word sets looked up straight from a text's buffer of character codes
 * (see `NormalisedText`), without making a string of the word. Entries are
 * kept in buckets by (length, first letter, last letter), and a word is
 * compared with its bucket's few entries in place. Most words of a comment
 * are in no such set (function words, threat verbs): a probe of the table's
 * keys turns them away; a Map would first hash the word.
 *
 * The rules hold a few hundred of these tables and ask several of them about
 * each word, so what a lookup touches is kept small and together: each table
 * is one object and one small array of its words with their keys and values
 * (open addressing, at most half full), allocated side by side. (Until 6 Dec
 * 2026 each table had a bit per possible key, 2 KB, and an array of every
 * possible bucket, 64 KB: a lookup read three objects some 66 KB apart from
 * the last table's, mostly from memory.)
 */
const MAX_LENGTH = 15;

/** The bucket key of chars[start, end), for words of one to MAX_LENGTH characters (below 2^14). */
const keyOf = (chars: Uint16Array, start: number, end: number): number =>
  ((end - start) << 10) | ((chars[start]! & 31) << 5) | (chars[end - 1]! & 31);

const keyOfWord = (word: string): number =>
  (word.length << 10) | ((word.charCodeAt(0) & 31) << 5) | (word.charCodeAt(word.length - 1) & 31);

/**
 * A character's bit in a table's `firsts` and `lasts`: one of 30, so a mask stays
 * a small integer (a field that once held a larger number is read as a double).
 * a–z are bits 1–26 (æ, ø and å share e's, f's and x's bits; 0 shares p's).
 */
const letterBit = (c: number): number => {
  // (c & 31) % 30, without the division TurboFan makes of it (a multiply and a subtraction).
  const x = c & 31;
  return 1 << (x >= 30 ? x - 30 : x);
};

/** Where a probe for bucket key `key` starts in a table of 2^(32 - shift) cells. */
const homeOf = (key: number, shift: number): number => Math.imul(key, 0x9e3779b1) >>> shift;

/** Whether chars[start, end) spells `word`. */
export function spells(chars: Uint16Array, start: number, end: number, word: string): boolean {
  if (word.length !== end - start) return false;
  for (let k = 0; k < word.length; k++) if (word.charCodeAt(k) !== chars[start + k]) return false;
  return true;
}

/** A small word-keyed table: `new Map(entries).get(word)`, for a word in a buffer or a string. */
export class WordTable<V> {
  /**
   * Cell h is cells[2h] (its word's bucket key + 1; 0: empty) and cells[2h + 1] (where
   * its word's letters begin, in `cells` after the last cell, one code unit a number);
   * its value is values[h]: open addressing by the bucket key, so a word is found by its
   * key and compared in place, with no bucket array between. A power of two of cells, at
   * least half of them empty. One typed array, not an array of keys, words and values
   * (until 7 Dec 2026): a read of it checks no element's kind, and the compare reads
   * numbers from two typed arrays, not a string's letters.
   */
  private readonly cells: Int32Array;
  private readonly values: (V | undefined)[];
  /** 32 - log2(number of cells): `homeOf`'s shift. */
  private readonly shift: number;
  /** Cells - 1. */
  private readonly mask: number;
  /** Words longer than the buckets' key allows (none in today's lists). */
  private readonly long: [string, V][] = [];
  // Small integers, not Infinity: a field that once held a double stays a double.
  private shortest = 0x3fffffff;
  private longest = 0;
  /**
   * A bit (`letterBit`) for the first, and one for the last, character of every
   * entry of the bucketed lengths: most words a rule asks about are in no table,
   * and these turn most of them away from the table object's own fields, before
   * the read of its cells (a cache line of their own, seldom warm: the rules ask
   * several hundred tables).
   */
  private firsts = 0;
  private lasts = 0;

  constructor(entries: Iterable<readonly [string, V]>) {
    const words = new Map<string, V>();
    for (const [word, value] of entries) {
      if (word.length === 0) continue;
      this.shortest = Math.min(this.shortest, word.length);
      this.longest = Math.max(this.longest, word.length);
      if (word.length > MAX_LENGTH) {
        const k = this.long.findIndex((e) => e[0] === word);
        if (k >= 0) this.long[k]![1] = value;
        else this.long.push([word, value]);
      } else words.set(word, value);
    }
    let bits = 1;
    while (1 << bits < 2 * words.size + 1) bits++;
    const size = 1 << bits;
    this.shift = 32 - bits;
    this.mask = size - 1;
    let letters = 0;
    for (const word of words.keys()) letters += word.length;
    const cells = new Int32Array(2 * size + letters);
    const values = new Array<V | undefined>(size).fill(undefined);
    let at = 2 * size;
    for (const [word, value] of words) {
      this.firsts |= letterBit(word.charCodeAt(0));
      this.lasts |= letterBit(word.charCodeAt(word.length - 1));
      const key = keyOfWord(word);
      let h = homeOf(key, this.shift);
      while (cells[2 * h] !== 0) h = (h + 1) & this.mask;
      cells[2 * h] = key + 1;
      cells[2 * h + 1] = at;
      values[h] = value;
      for (let k = 0; k < word.length; k++) cells[at++] = word.charCodeAt(k);
    }
    this.cells = cells;
    this.values = values;
  }

  /**
   * The value for the word chars[start, end). Most words a rule asks about are in no
   * table, and most of those are turned away here by their length or their first or last
   * letter: this is kept small enough for TurboFan to inline into its callers, so those
   * words cost a few field reads and no call; the rest are looked up by `find`.
   */
  get(chars: Uint16Array, start: number, end: number): V | undefined {
    const length = end - start;
    if (length < this.shortest || length > this.longest) return undefined;
    if (
      length <= MAX_LENGTH &&
      ((this.firsts & letterBit(chars[start]!)) === 0 || (this.lasts & letterBit(chars[end - 1]!)) === 0)
    )
      return undefined;
    return this.find(chars, start, end);
  }

  /** `get` past its length and letter tests. */
  private find(chars: Uint16Array, start: number, end: number): V | undefined {
    if (end - start > MAX_LENGTH) {
      for (const [word, value] of this.long) if (spells(chars, start, end, word)) return value;
      return undefined;
    }
    // The key holds the length: a cell of the same key holds a word of as many letters.
    const key = keyOf(chars, start, end) + 1;
    const cells = this.cells;
    const mask = this.mask;
    for (let h = homeOf(key - 1, this.shift); ; h = (h + 1) & mask) {
      const stored = cells[2 * h]!;
      if (stored === 0) return undefined;
      if (stored === key) {
        let i = start;
        for (let at = cells[2 * h + 1]!; i < end && cells[at] === chars[i]; at++) i++;
        if (i === end) return this.values[h];
      }
    }
  }

  /** The value for `word`. */
  getWord(word: string): V | undefined {
    const length = word.length;
    if (length < this.shortest || length > this.longest) return undefined;
    if (length > MAX_LENGTH) {
      for (const [long, value] of this.long) if (long === word) return value;
      return undefined;
    }
    if (
      (this.firsts & letterBit(word.charCodeAt(0))) === 0 ||
      (this.lasts & letterBit(word.charCodeAt(length - 1))) === 0
    )
      return undefined;
    const key = keyOfWord(word) + 1;
    const cells = this.cells;
    const mask = this.mask;
    for (let h = homeOf(key - 1, this.shift); ; h = (h + 1) & mask) {
      const stored = cells[2 * h]!;
      if (stored === 0) return undefined;
      if (stored === key) {
        const at = cells[2 * h + 1]!;
        let k = 0;
        while (k < length && cells[at + k] === word.charCodeAt(k)) k++;
        if (k === length) return this.values[h];
      }
    }
  }
}

/** A small word set, looked up like WordTable (one object: a set is a table whose values are `true`). */
export class WordSet extends WordTable<true> {
  constructor(words: Iterable<string>) {
    super([...words].map((word) => [word, true] as const));
  }

  /** Whether chars[start, end) is one of the words. */
  has(chars: Uint16Array, start: number, end: number): boolean {
    return this.get(chars, start, end) === true;
  }
}
