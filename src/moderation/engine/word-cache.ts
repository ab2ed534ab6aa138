/**
 * What a matcher knows of the words it has met, one lookup per word of a text:
 * the word's roles in the rules' word table (does it begin a threat, is it a
 * copula…; see `CompiledThreats.roles`) and, once it has been walked, what the
 * walk found: nothing (clean), or its hits ("faen", "f**n"), kept as the walk
 * returned them. A word that may begin a split word ("fa" of "FA EN") is kept
 * with that mark, and one that may begin a phrase ("du", "en", "må") with the
 * forward-trie node it leads to: the pair and the phrase are still checked, from
 * there, without walking the word again. Most
 * words of a comment are such words ("det", "ikke", "regjeringen"), and the same
 * ones come back comment after comment: a lookup here costs a compare of the
 * word's hash (computed by the normaliser as it read the word, see `wordHash`)
 * and of its letters, where the walk costs the forward and backward tries and the
 * rules' lookups one table each.
 *
 * Two-way set-associative: a word's set is picked by its hash, and a newly met
 * word takes the way of its set used less recently, so two common words whose
 * hashes share a set ("og" and "kjerring") both stay. The table has a fixed size
 * (SLOTS words of at most MAX_LETTERS letters, 256 KB) and keeps the words
 * seen most recently. A word is only ever compared letter by letter, never
 * trusted by its hash: a slot speaks only for the very word kept in it.
 *
 * A slot is 64 bytes of one buffer (hash, length and state, roles, node, the
 * letters), and the two of a set lie side by side: a lookup reads two adjacent
 * cache lines, where separate arrays per field cost a line each, and each such
 * line is likely cold by the next comment.
 */
const SETS = 2048;
const WAYS = 2;
const SLOTS = SETS * WAYS;
export const MAX_LETTERS = 16;
/** A walk found no hit in the word. */
export const CLEAN = 1;
/** Walked, and it may begin a split word ("fa" of "FA EN"). */
export const PAIRABLE = 2;
/** Walked, and phrases may begin with it: `nodes` holds its forward-trie node. */
export const PHRASE = 4;
/** A walk found hits in the word: `hits` holds them. */
export const HITS = 8;
/** Int32 fields of a slot: hash, length | state << 8, roles, node, then the letters (two a field), padded to 64 bytes. */
const SLOT_INTS = 16;
const HASH = 0;
const LENGTH_STATE = 1;
const ROLES = 2;
const NODE = 3;
/** Where a slot's letters begin, in 16-bit units from the slot's start. */
const LETTERS = 8;
export const FNV_OFFSET = 0x811c9dc5 | 0;
export const FNV_PRIME = 0x01000193;

/** The word hash the cache is keyed by (32-bit FNV-1a over the code units); `normalise` computes it inline. */
export function wordHash(chars: Uint16Array, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = Math.imul(h ^ chars[i]!, FNV_PRIME);
  return h;
}

/** The first slot of the set a hash picks. */
const setOf = (hash: number): number => ((hash ^ (hash >>> 16)) & (SETS - 1)) * WAYS;

/** `H`: what a walk found in a word, kept as the matcher's walk returns it. */
export class WordCache<H> {
  /** Every slot's fields (see SLOT_INTS); a slot of length 0 is empty. */
  private readonly data = new Int32Array(SLOTS * SLOT_INTS);
  /** The same buffer in 16-bit units, for the letters. */
  private readonly letters = new Uint16Array(this.data.buffer);
  /** Each set's way found or kept last; `place` takes the other. */
  private readonly recent = new Uint8Array(SETS);
  /** With HITS: the hits. */
  readonly hits: (H | null)[] = new Array<H | null>(SLOTS).fill(null);

  /** The slot holding the word chars[start, end) whose `wordHash` is `hash`, or -1. */
  find(hash: number, chars: Uint16Array, start: number, end: number): number {
    const length = end - start;
    const first = setOf(hash);
    const data = this.data;
    for (let slot = first; slot < first + WAYS; slot++) {
      const at = slot * SLOT_INTS;
      if (data[at + HASH] !== hash || (data[at + LENGTH_STATE]! & 0xff) !== length) continue;
      const letters = this.letters;
      const from = 2 * at + LETTERS - start;
      let i = start;
      while (i < end && letters[from + i] === chars[i]) i++;
      if (i === end) {
        this.recent[first / WAYS] = slot - first;
        return slot;
      }
    }
    return -1;
  }

  /** The slot's CLEAN or HITS, PAIRABLE and PHRASE bits (0: not walked yet). */
  state(slot: number): number {
    return this.data[slot * SLOT_INTS + LENGTH_STATE]! >>> 8;
  }

  /** The slot's roles in the rules' word table. */
  roles(slot: number): number {
    return this.data[slot * SLOT_INTS + ROLES]!;
  }

  /** With PHRASE: the forward-trie node the slot's word leads to. */
  node(slot: number): number {
    return this.data[slot * SLOT_INTS + NODE]!;
  }

  /** A slot for a word not found, of hash `hash`: the way of its set used less recently. */
  place(hash: number): number {
    const first = setOf(hash);
    const way = 1 - this.recent[first / WAYS]!;
    this.recent[first / WAYS] = way;
    return first + way;
  }

  /**
   * Keeps the word chars[start, end) (at most MAX_LETTERS letters, of hash `hash`) in
   * `slot` (from `find` or `place`) with what is known of it.
   */
  keep(
    slot: number,
    hash: number,
    chars: Uint16Array,
    start: number,
    end: number,
    state: number,
    roles: number,
    node: number,
    hits: H | null,
  ): void {
    const at = slot * SLOT_INTS;
    const data = this.data;
    data[at + HASH] = hash;
    data[at + LENGTH_STATE] = (end - start) | (state << 8);
    data[at + ROLES] = roles;
    data[at + NODE] = node;
    this.hits[slot] = hits;
    const letters = this.letters;
    const from = 2 * at + LETTERS - start;
    for (let i = start; i < end; i++) letters[from + i] = chars[i]!;
  }
}
