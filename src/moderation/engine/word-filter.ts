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
