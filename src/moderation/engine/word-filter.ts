/**
 * A cheap pre-check before looking a word up in a small set of words: a bit per
 * (length, first letter, last letter). Looking a freshly sliced word up in a Map
 * first hashes the whole string; most words of a comment are in no such set
 * (function words, threat verbs), and this check turns them away with one table
 * read. False positives only cost the lookup they would have cost anyway.
 */
const MAX_LENGTH = 15;

export class WordFilter {
  private readonly bits = new Uint8Array((MAX_LENGTH + 1) * 32 * 32);
  private longest = 0;

  constructor(words: Iterable<string>) {
    for (const word of words) {
      if (word.length === 0) continue;
      this.longest = Math.max(this.longest, word.length);
      if (word.length <= MAX_LENGTH) this.bits[WordFilter.key(word)] = 1;
    }
  }

  private static key(word: string): number {
    return (word.length << 10) | ((word.charCodeAt(0) & 31) << 5) | (word.charCodeAt(word.length - 1) & 31);
  }

  /** False when `word` is certainly not one of the words. */
  mayHave(word: string): boolean {
    const length = word.length;
    if (length === 0 || length > this.longest) return false;
    return length > MAX_LENGTH || this.bits[WordFilter.key(word)] === 1;
  }
}

/**
 * A small word-keyed table looked up without hashing the word: entries are kept
 * in buckets by the same (length, first letter, last letter) key as WordFilter,
 * and a word is compared with its bucket's few entries. `Map.get` would first
 * hash the freshly sliced word, which costs more than these comparisons.
 */
export class WordTable<V> {
  private readonly buckets: ([string, V][] | undefined)[];
  /** Words longer than the buckets' key allows (none in today's lists). */
  private readonly long = new Map<string, V>();

  constructor(entries: Iterable<readonly [string, V]>) {
    this.buckets = new Array<undefined>((MAX_LENGTH + 1) << 10).fill(undefined);
    for (const [word, value] of entries) {
      if (word.length === 0) continue;
      if (word.length > MAX_LENGTH) {
        this.long.set(word, value);
        continue;
      }
      const key = WordTable.key(word);
      let bucket = this.buckets[key];
      if (bucket === undefined) {
        bucket = [];
        this.buckets[key] = bucket;
      }
      const k = bucket.findIndex((e) => e[0] === word);
      if (k >= 0) bucket[k]![1] = value;
      else bucket.push([word, value]);
    }
  }

  private static key(word: string): number {
    return (word.length << 10) | ((word.charCodeAt(0) & 31) << 5) | (word.charCodeAt(word.length - 1) & 31);
  }

  /** The value for `word`, as `new Map(entries).get(word)` would give it. */
  get(word: string): V | undefined {
    const length = word.length;
    if (length === 0) return undefined;
    if (length > MAX_LENGTH) return this.long.get(word);
    const bucket = this.buckets[WordTable.key(word)];
    if (bucket === undefined) return undefined;
    for (let k = 0; k < bucket.length; k++) if (bucket[k]![0] === word) return bucket[k]![1];
    return undefined;
  }
}
