/**
 * Words a matcher has walked and found clean: no lexicon form, compound head
 * or tail, and no phrase it may begin. A word that may begin a split word
 * ("fa" of "FA EN") is kept with that mark: the pair is still checked. Most words of
 * a comment are such words ("det", "ikke", "regjeringen"), and the same ones
 * come back comment after comment: a lookup here costs a hash and a compare of
 * the word's letters, where the walk costs the forward and backward tries.
 *
 * Direct-mapped: a word's slot is picked by a hash of its letters and a newly
 * found clean word takes the slot over, so the table stays at a fixed size
 * (SLOTS words of at most MAX_LETTERS letters, 130 KB) and keeps the words seen
 * most recently. A word is only ever compared letter by letter, never trusted
 * by its hash: a slot can say "clean" only for the very word that was found clean.
 */
const SLOTS = 4096;
const MAX_LETTERS = 16;
const LENGTH = 0x7f;
/** Set on a kept word that may begin a split word ("fa" of "FA EN"). */
export const PAIRABLE = 0x80;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export class CleanWords {
  /** Letters in each slot's word (0: an empty slot), and PAIRABLE. */
  private readonly lengths = new Uint8Array(SLOTS);
  private readonly letters = new Uint16Array(SLOTS * MAX_LETTERS);

  /** The slot of chars[start, end), or -1 for a word too long to keep. */
  slotOf(chars: Uint16Array, start: number, end: number): number {
    if (end - start > MAX_LETTERS) return -1;
    let h = FNV_OFFSET;
    for (let i = start; i < end; i++) h = Math.imul(h ^ chars[i]!, FNV_PRIME);
    return (h ^ (h >>> 16)) & (SLOTS - 1);
  }

  /**
   * Whether slot `slot` holds the word chars[start, end): -1 when it does not,
   * else 0 or PAIRABLE (the word may begin a split word).
   */
  find(slot: number, chars: Uint16Array, start: number, end: number): number {
    const kept = this.lengths[slot]!;
    if ((kept & LENGTH) !== end - start) return -1;
    const letters = this.letters;
    const at = slot * MAX_LETTERS - start;
    for (let i = start; i < end; i++) if (letters[at + i] !== chars[i]) return -1;
    return kept & PAIRABLE;
  }

  /** Keeps chars[start, end), found clean, in its slot (from `slotOf`, not -1). */
  keep(slot: number, chars: Uint16Array, start: number, end: number, pairable: boolean): void {
    this.lengths[slot] = (end - start) | (pairable ? PAIRABLE : 0);
    const letters = this.letters;
    const at = slot * MAX_LETTERS - start;
    for (let i = start; i < end; i++) letters[at + i] = chars[i]!;
  }
}
