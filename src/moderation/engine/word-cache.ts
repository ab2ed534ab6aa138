/**
 * What a matcher knows of the words it has met, one lookup per word of a text:
 * the word's roles in the rules' word table (does it begin a threat, is it a
 * copula…; see `CompiledThreats.roles`) and, once a walk found it so, that it is
 * clean: no lexicon form, compound head or tail, and no phrase it may begin. A
 * clean word that may begin a split word ("fa" of "FA EN") is kept with that mark:
 * the pair is still checked. Most words of a comment are such words ("det",
 * "ikke", "regjeringen"), and the same ones come back comment after comment: a
 * lookup here costs a hash and a compare of the word's letters, where the walk
 * costs the forward and backward tries and the rules' lookups one table each.
 *
 * Direct-mapped: a word's slot is picked by a hash of its letters and a newly met
 * word takes the slot over, so the table stays at a fixed size (SLOTS words of at
 * most MAX_LETTERS letters, 150 KB) and keeps the words seen most recently. A word
 * is only ever compared letter by letter, never trusted by its hash: a slot speaks
 * only for the very word kept in it.
 */
const SLOTS = 4096;
const MAX_LETTERS = 16;
/** A walk found the word clean. */
export const CLEAN = 1;
/** Clean, and it may begin a split word ("fa" of "FA EN"). */
export const PAIRABLE = 2;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

export class WordCache {
  /** Letters in each slot's word (0: an empty slot). */
  private readonly lengths = new Uint8Array(SLOTS);
  private readonly letters = new Uint16Array(SLOTS * MAX_LETTERS);
  /** Each slot's CLEAN and PAIRABLE bits (0: not known clean). */
  readonly states = new Uint8Array(SLOTS);
  /** Each slot's roles in the rules' word table. */
  readonly roles = new Int32Array(SLOTS);

  /** The slot of chars[start, end), or -1 for a word too long to keep. */
  slotOf(chars: Uint16Array, start: number, end: number): number {
    if (end - start > MAX_LETTERS) return -1;
    let h = FNV_OFFSET;
    for (let i = start; i < end; i++) h = Math.imul(h ^ chars[i]!, FNV_PRIME);
    return (h ^ (h >>> 16)) & (SLOTS - 1);
  }

  /** Whether slot `slot` holds the word chars[start, end). */
  holds(slot: number, chars: Uint16Array, start: number, end: number): boolean {
    if (this.lengths[slot] !== end - start) return false;
    const letters = this.letters;
    const at = slot * MAX_LETTERS - start;
    for (let i = start; i < end; i++) if (letters[at + i] !== chars[i]) return false;
    return true;
  }

  /** Keeps chars[start, end) in its slot (from `slotOf`, not -1) with what is known of it. */
  keep(slot: number, chars: Uint16Array, start: number, end: number, state: number, roles: number): void {
    this.lengths[slot] = end - start;
    this.states[slot] = state;
    this.roles[slot] = roles;
    const letters = this.letters;
    const at = slot * MAX_LETTERS - start;
    for (let i = start; i < end; i++) letters[at + i] = chars[i]!;
  }
}
