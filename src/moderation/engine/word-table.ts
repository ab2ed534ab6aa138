/**
 * Small word sets looked up straight from a text's buffer of character codes
 * (see `NormalisedText`), without making a string of the word. Entries are
 * kept in buckets by (length, first letter, last letter), and a word is
 * compared with its bucket's few entries in place. Most words of a comment
 * are in no such set (function words, threat verbs): a bit per bucket (2 KB,
 * which stays in the cache) turns them away with one read; a Map would first
 * hash the word.
 */
const MAX_LENGTH = 15;
const BUCKETS = (MAX_LENGTH + 1) << 10;

/** The bucket of chars[start, end), for words of one to MAX_LENGTH characters. */
const keyOf = (chars: Uint16Array, start: number, end: number): number =>
  ((end - start) << 10) | ((chars[start]! & 31) << 5) | (chars[end - 1]! & 31);

const keyOfWord = (word: string): number =>
  (word.length << 10) | ((word.charCodeAt(0) & 31) << 5) | (word.charCodeAt(word.length - 1) & 31);

/** Whether chars[start, end) spells `word`. */
export function spells(chars: Uint16Array, start: number, end: number, word: string): boolean {
  if (word.length !== end - start) return false;
  for (let k = 0; k < word.length; k++) if (word.charCodeAt(k) !== chars[start + k]) return false;
  return true;
}

/** A small word-keyed table: `new Map(entries).get(word)`, for a word in a buffer or a string. */
export class WordTable<V> {
  /** Bit `key` is set when bucket `key` has entries. */
  private readonly used = new Uint32Array(BUCKETS >> 5);
  private readonly buckets: ([string, V][] | undefined)[];
  /** Words longer than the buckets' key allows (none in today's lists). */
  private readonly long: [string, V][] = [];
  // Small integers, not Infinity: a field that once held a double stays a double.
  private shortest = 0x3fffffff;
  private longest = 0;

  constructor(entries: Iterable<readonly [string, V]>) {
    this.buckets = new Array<undefined>(BUCKETS).fill(undefined);
    for (const [word, value] of entries) {
      if (word.length === 0) continue;
      this.shortest = Math.min(this.shortest, word.length);
      this.longest = Math.max(this.longest, word.length);
      let bucket: [string, V][];
      if (word.length > MAX_LENGTH) {
        bucket = this.long;
      } else {
        const key = keyOfWord(word);
        bucket = this.buckets[key] ?? [];
        this.buckets[key] = bucket;
        this.used[key >> 5] = this.used[key >> 5]! | (1 << (key & 31));
      }
      const k = bucket.findIndex((e) => e[0] === word);
      if (k >= 0) bucket[k]![1] = value;
      else bucket.push([word, value]);
    }
  }

  /** The value for the word chars[start, end). */
  get(chars: Uint16Array, start: number, end: number): V | undefined {
    const length = end - start;
    if (length < this.shortest || length > this.longest) return undefined;
    let bucket = this.long;
    if (length <= MAX_LENGTH) {
      const key = keyOf(chars, start, end);
      if ((this.used[key >> 5]! & (1 << (key & 31))) === 0) return undefined;
      bucket = this.buckets[key]!;
    }
    for (let k = 0; k < bucket.length; k++)
      if (spells(chars, start, end, bucket[k]![0])) return bucket[k]![1];
    return undefined;
  }

  /** The value for `word`. */
  getWord(word: string): V | undefined {
    const length = word.length;
    if (length < this.shortest || length > this.longest) return undefined;
    let bucket = this.long;
    if (length <= MAX_LENGTH) {
      const key = keyOfWord(word);
      if ((this.used[key >> 5]! & (1 << (key & 31))) === 0) return undefined;
      bucket = this.buckets[key]!;
    }
    for (let k = 0; k < bucket.length; k++) if (bucket[k]![0] === word) return bucket[k]![1];
    return undefined;
  }
}

/** A small word set, looked up like WordTable. */
export class WordSet {
  private readonly table: WordTable<true>;

  constructor(words: Iterable<string>) {
    this.table = new WordTable([...words].map((word) => [word, true] as const));
  }

  /** Whether chars[start, end) is one of the words. */
  has(chars: Uint16Array, start: number, end: number): boolean {
    return this.table.get(chars, start, end) === true;
  }
}
