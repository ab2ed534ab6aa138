/**
 * Small word sets looked up straight from a text's buffer of character codes
 * (see `NormalisedText`), without making a string of the word. Entries are
 * kept in buckets by (length, first letter, last letter), and a word is
 * compared with its bucket's few entries in place. Most words of a comment
 * are in no such set (function words, threat verbs): a probe of the table's
 * bucket keys turns them away; a Map would first hash the word.
 *
 * The rules hold a few hundred of these tables and ask several of them about
 * each word, so what a lookup touches is kept small and together: each table
 * is one object and one small array of its bucket keys with their buckets
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
   * Cell h is cells[2h] (its bucket key + 1; 0: empty) and cells[2h + 1] (its bucket:
   * the entries of that key). A power of two of cells, at least one of them empty.
   */
  private readonly cells: (number | [string, V][])[];
  /** 32 - log2(number of cells): `homeOf`'s shift. */
  private readonly shift: number;
  /** Cells - 1. */
  private readonly mask: number;
  /** Words longer than the buckets' key allows (none in today's lists). */
  private readonly long: [string, V][] = [];
  // Small integers, not Infinity: a field that once held a double stays a double.
  private shortest = 0x3fffffff;
  private longest = 0;

  constructor(entries: Iterable<readonly [string, V]>) {
    const byKey = new Map<number, [string, V][]>();
    for (const [word, value] of entries) {
      if (word.length === 0) continue;
      this.shortest = Math.min(this.shortest, word.length);
      this.longest = Math.max(this.longest, word.length);
      let bucket: [string, V][];
      if (word.length > MAX_LENGTH) {
        bucket = this.long;
      } else {
        const key = keyOfWord(word);
        bucket = byKey.get(key) ?? [];
        byKey.set(key, bucket);
      }
      const k = bucket.findIndex((e) => e[0] === word);
      if (k >= 0) bucket[k]![1] = value;
      else bucket.push([word, value]);
    }
    let bits = 1;
    while (1 << bits < 2 * byKey.size + 1) bits++;
    const size = 1 << bits;
    this.shift = 32 - bits;
    this.mask = size - 1;
    const cells: (number | [string, V][])[] = new Array<number>(2 * size).fill(0);
    for (const [key, bucket] of byKey) {
      let h = homeOf(key, this.shift);
      while (cells[2 * h] !== 0) h = (h + 1) & this.mask;
      cells[2 * h] = key + 1;
      cells[2 * h + 1] = bucket;
    }
    this.cells = cells;
  }

  /** The bucket of key `key`, or undefined. */
  private bucketOf(key: number): [string, V][] | undefined {
    const cells = this.cells;
    const mask = this.mask;
    for (let h = homeOf(key, this.shift); ; h = (h + 1) & mask) {
      const stored = cells[2 * h] as number;
      if (stored === key + 1) return cells[2 * h + 1] as [string, V][];
      if (stored === 0) return undefined;
    }
  }

  /** The value for the word chars[start, end). */
  get(chars: Uint16Array, start: number, end: number): V | undefined {
    const length = end - start;
    if (length < this.shortest || length > this.longest) return undefined;
    const bucket = length <= MAX_LENGTH ? this.bucketOf(keyOf(chars, start, end)) : this.long;
    if (bucket === undefined) return undefined;
    for (let k = 0; k < bucket.length; k++)
      if (spells(chars, start, end, bucket[k]![0])) return bucket[k]![1];
    return undefined;
  }

  /** The value for `word`. */
  getWord(word: string): V | undefined {
    const length = word.length;
    if (length < this.shortest || length > this.longest) return undefined;
    const bucket = length <= MAX_LENGTH ? this.bucketOf(keyOfWord(word)) : this.long;
    if (bucket === undefined) return undefined;
    for (let k = 0; k < bucket.length; k++) if (bucket[k]![0] === word) return bucket[k]![1];
    return undefined;
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
