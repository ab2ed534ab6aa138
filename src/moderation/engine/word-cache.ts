/**
 * What a matcher knows of the words it has met, one lookup per word of a text:
 * the word's roles in the rules' word table (does it begin a threat, is it a
 * copula…; see `CompiledThreats.roles`) and, once it has been walked, what the
 * walk found: nothing (clean), or its hits ("faen", "f**n"), kept as the walk
 * returned them. A word that may begin a split word ("fa" of "FA EN") or a
 * phrase ("du", "en", "må") is kept with that mark and the forward-trie node it
 * leads to: the pair and the phrase are still checked, from there, without
 * walking the word again. Most
 * words of a comment are such words ("det", "ikke", "regjeringen"), and the same
 * ones come back comment after comment: a lookup here costs a compare of the
 * word's hash (computed by the normaliser as it read the word, see `wordHash`)
 * and of its letters, where the walk costs the forward and backward tries and the
 * rules' lookups one table each.
 *
 * Four-way set-associative: a word's set is picked by its hash, and a newly met
 * word takes the way of its set used least recently, so four common words whose
 * hashes share a set ("og" and "kjerring") all stay. (Two ways of 2,048 sets until
 * 7 Dec 2026: a set that three words of a comment stream shared lost all three in
 * turn, and about 3.4 words a comment of bench:moderation's were walked again; four
 * ways of 1,024 sets, the same 128 KB, leave 1.4.) The table has a fixed size
 * (SLOTS words of at most MAX_LETTERS letters, 128 KB) and keeps the words
 * seen most recently. A word is only ever compared letter by letter, never
 * trusted by its hash: a slot speaks only for the very word kept in it.
 *
 * A slot is 32 bytes of one buffer (hash, length and state, roles, node, the
 * letters one byte each), and the four of a set lie side by side in 128 bytes: a
 * lookup reads one or two adjacent cache lines, where separate arrays per field
 * cost a line each, and each such line is likely cold by the next comment. The
 * whole table is 128 KB, half of what two-byte letters took, so more of it stays
 * in the core's cache beside the tries and the risk model's weights. A word with
 * a letter beyond Latin-1 (a Cyrillic word the normaliser left as it is) is not
 * kept (`fits`): it is walked every time, as a word of more than MAX_LETTERS
 * letters is. The matcher keeps the joined spellings of split words ("f a e n")
 * here too, under a hash of their own (see `JOINED_KEY` in matcher.ts).
 */
const SETS = 1024;
/**
 * The ways of a set. The module's own code reads `SET_WAYS`, not the exported `WAYS`: TurboFan
 * read an exported constant from its module cell, checking it for the hole, in every iteration
 * of `find`'s loop over the ways (speed round 15); a constant of the module alone is folded.
 */
const SET_WAYS = 4;
export const WAYS = SET_WAYS;
const SLOTS = SETS * SET_WAYS;
const LETTER_LIMIT = 16;
export const MAX_LETTERS = LETTER_LIMIT;
/** A walk found no hit in the word. */
export const CLEAN = 1;
/** Walked, and it may begin a split word ("fa" of "FA EN"): `nodes` holds its forward-trie node. */
export const PAIRABLE = 2;
/** Walked, and phrases may begin with it: `nodes` holds its forward-trie node. */
export const PHRASE = 4;
/** A walk found hits in the word: `hits` holds them. */
export const HITS = 8;
/** Int32 fields of a slot: hash, length | state << 8, roles, node, then the letters (four a field): 32 bytes. */
const SLOT_INTS = 8;
const HASH = 0;
const LENGTH_STATE = 1;
const ROLES = 2;
const NODE = 3;
/** Where a slot's letters begin, in Int32 fields from the slot's start: four letters a field, the first in its low byte. */
const LETTERS = 4;
/** Letters are kept one byte each: a word with a code unit above this is not kept. */
const MAX_CODE = 0xff;
/**
 * The word hash's starting value: the risk model's word seed (`WORD_SEED` in
 * model/features.ts), not FNV-1a's usual offset basis, so the hash the normaliser
 * computes for the cache is also the model's word feature (it reads it instead of
 * hashing each word again). The cache only needs some good hash; the model needs
 * exactly this one (stored weights are indexed by it).
 */
export const FNV_OFFSET = 0x85ebca6b | 0;
export const FNV_PRIME = 0x01000193;

/** The word hash the cache is keyed by (32-bit FNV-1a over the code units, from FNV_OFFSET); `normalise` computes it inline. */
export function wordHash(chars: Uint16Array, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let i = start; i < end; i++) h = Math.imul(h ^ chars[i]!, FNV_PRIME);
  return h;
}

/**
 * Up to four letters of chars[i, end) in one field, one byte each, the first in the low
 * byte and zeros after the word's end: how a slot keeps them (`keep`), so a word is
 * compared four letters a step. Only letters of one byte are kept (`fits`).
 */
const packed = (chars: Uint16Array, i: number, end: number): number => {
  let word = chars[i]!;
  if (i + 1 < end) word |= chars[i + 1]! << 8;
  if (i + 2 < end) word |= chars[i + 2]! << 16;
  if (i + 3 < end) word |= chars[i + 3]! << 24;
  return word;
};

/**
 * Whether chars[start, end) is the word whose letters `keep` packed into data[q…], for a slot
 * of as many letters: four letters a compare (until 7 Dec 2026 one, reading a byte view of the
 * buffer). A letter beyond one byte is in no slot, and would not be read right packed: such a
 * word is never the same.
 */
function sameLetters(data: Int32Array, q: number, chars: Uint16Array, start: number, end: number): boolean {
  let i = start;
  for (; i + 4 <= end; i += 4) {
    const a = chars[i]!;
    const b = chars[i + 1]!;
    const c = chars[i + 2]!;
    const d = chars[i + 3]!;
    if ((a | b | c | d) > MAX_CODE || (a | (b << 8) | (c << 16) | (d << 24)) !== data[q++]) return false;
  }
  if (i === end) return true;
  let word = chars[i]!;
  let any = word;
  if (i + 1 < end) {
    const b = chars[i + 1]!;
    any |= b;
    word |= b << 8;
    if (i + 2 < end) {
      const c = chars[i + 2]!;
      any |= c;
      word |= c << 16;
    }
  }
  return any <= MAX_CODE && word === data[q];
}

/** The first slot of the set a hash picks. */
const setOf = (hash: number): number => ((hash ^ (hash >>> 16)) & (SETS - 1)) * SET_WAYS;

/** `H`: what a walk found in a word, kept as the matcher's walk returns it. */
export class WordCache<H> {
  /** Every slot's fields (see SLOT_INTS); a slot of length 0 is empty. */
  private readonly data = new Int32Array(SLOTS * SLOT_INTS);
  /** When each slot was last found or kept (`clock`): `place` takes its set's oldest. */
  private readonly used = new Int32Array(SLOTS);
  private clock = 0;
  /** With HITS: the hits. */
  readonly hits: (H | null)[] = new Array<H | null>(SLOTS).fill(null);

  /** The slot holding the word chars[start, end) whose `wordHash` is `hash`, or -1. */
  find(hash: number, chars: Uint16Array, start: number, end: number): number {
    const length = end - start;
    const first = setOf(hash);
    const data = this.data;
    for (let slot = first; slot < first + SET_WAYS; slot++) {
      const at = slot * SLOT_INTS;
      if (data[at + HASH] !== hash || (data[at + LENGTH_STATE]! & 0xff) !== length) continue;
      if (sameLetters(data, at + LETTERS, chars, start, end)) {
        this.used[slot] = this.tick();
        return slot;
      }
    }
    return -1;
  }

  /** Whether the word chars[start, end) can be kept: at most MAX_LETTERS letters, each of one byte. */
  static fits(chars: Uint16Array, start: number, end: number): boolean {
    if (end - start > LETTER_LIMIT) return false;
    for (let i = start; i < end; i++) if (chars[i]! > MAX_CODE) return false;
    return true;
  }

  /** The slot's CLEAN or HITS, PAIRABLE and PHRASE bits (0: not walked yet). */
  state(slot: number): number {
    return this.data[slot * SLOT_INTS + LENGTH_STATE]! >>> 8;
  }

  /** The slot's roles in the rules' word table. */
  roles(slot: number): number {
    return this.data[slot * SLOT_INTS + ROLES]!;
  }

  /** With PHRASE or PAIRABLE: the forward-trie node the slot's word leads to. */
  node(slot: number): number {
    return this.data[slot * SLOT_INTS + NODE]!;
  }

  /** A slot for a word not found, of hash `hash`: the way of its set used least recently. */
  place(hash: number): number {
    const first = setOf(hash);
    const used = this.used;
    let slot = first;
    for (let s = first + 1; s < first + SET_WAYS; s++) if (used[s]! < used[slot]!) slot = s;
    used[slot] = this.tick();
    return slot;
  }

  /** The next value of the clock; when it would overflow, every slot's age is renumbered in order. */
  private tick(): number {
    if (this.clock === 0x7fffffff) {
      const order = Array.from(this.used.keys()).sort((x, y) => this.used[x]! - this.used[y]!);
      for (let k = 0; k < order.length; k++) this.used[order[k]!] = k;
      this.clock = order.length;
    }
    return ++this.clock;
  }

  /**
   * Keeps the word chars[start, end) (one that `fits`, of hash `hash`) in
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
    for (let i = start, q = at + LETTERS; i < end; i += 4, q++) data[q] = packed(chars, i, end);
  }
}
