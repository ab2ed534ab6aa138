/**
 * The compiled term matcher: one per site policy, built from the lexicon plus
 * the site's banned, suspect and allowed terms.
 *
 * Every spelling is stored as a run-collapsed skeleton ("dritt" → d r i t,
 * with run lengths 1 1 1 2) in two character tries: a forward trie for whole
 * words, compound heads and the first word of phrases, and a backward trie for
 * compound tails. A token matches when its own skeleton walks the trie and each
 * of its runs is at least as long as the term's ("driiitt" matches "dritt",
 * "drit" does not, "as" does not match "ass"). A scan costs two trie walks per
 * token that stop at the first character no term continues with, so the cost
 * per comment does not grow with the number of terms.
 */
import type { LanguageGuess, TextLanguage } from './language.js';
import type {
  AllowEntry,
  Grade,
  Lexicon,
  LexiconEntry,
  MatchMode,
  TermCategory,
  TermLanguage,
} from './lexicon.js';
import { MASK, type NormalisedText, normaliseTerm } from './normalise.js';
import {
  type Category,
  DEFAULT_GRADE_ACTIONS,
  type Decision,
  type GradeActions,
  type ModerationPolicy,
  type ReasonParams,
  type RuleName,
  type Severity,
} from './types.js';
import * as wordCache from './word-cache.js';
import { spells, WordSet, WordTable } from './word-table.js';

export interface TermEntry {
  id: number;
  /** The term as written in the lexicon or policy, for the reason detail. */
  term: string;
  category: Category;
  /** What a hit does under the policy compiled in: reject, hold, or info (published, noted for moderators). */
  severity: Severity;
  /** The lexicon grade; null for site terms (their list says what they do). */
  grade: Grade | null;
  /** A word one calls a person: aimed at someone, one step stricter (rules.ts). */
  insult: boolean;
  /** Said to the reader by its form ("sug pikken min"): always aimed (rules.ts). */
  addressed: boolean;
  /** A threat phrase is no threat when followed by one of these words. */
  unlessNext: ReadonlySet<string> | null;
  /** No curse when joined by "og"/"eller" to one of these ("himmel og helvete"). */
  pairedWith: ReadonlySet<string> | null;
  rule: RuleName;
  lang: TermLanguage | null;
  /** Normalised endings, to tell "fitta" (inflection) from "pikkende" (another word). */
  endings: ReadonlySet<string>;
  source: 'lexicon' | 'site';
  /** The reason detail and its params for a hit, built once when the matcher is compiled (hits must be cheap). */
  detail: string;
  params: ReasonParams;
  /** The term is written as the normaliser would write a word, so a matched word can equal it. */
  normalForm: boolean;
  /** A tail only: the rest of the word before it must be one of these ("nepaler" of "nepalerpakket"). */
  heads: WordSet | null;
}

/** How a token matched: the whole word is a form, or the term heads or tails a compound. */
export type HitKind = 'form' | 'head' | 'tail' | 'phrase';

export interface WordHit {
  entry: TermEntry;
  kind: HitKind;
  /** The rest of the word around the term for `head`/`tail` hits ("bukk" in "horebukk"). */
  rest: string;
}

/** A hit as the walk records it: the rest of the word is a range of the buffer walked, no string yet. */
interface WalkHit {
  entry: TermEntry;
  kind: HitKind;
  /** The rest of the word around the term, [restStart, restEnd) (empty for whole-word forms). */
  restStart: number;
  restEnd: number;
}

export interface TermHit {
  entry: TermEntry;
  kind: HitKind;
  start: number;
  end: number;
  /** The normalised word or words that matched. */
  matched: string;
}

interface Candidate {
  entry: TermEntry;
  runs: Uint8Array;
}

interface PhraseCandidate {
  entry: TermEntry;
  firstRuns: Uint8Array;
  /** Skeleton and runs of the second and later words. */
  parts: { key: string; runs: Uint8Array }[][];
  /** First character of every spelling of the second word: a cheap check before the rest. */
  secondFirst: string;
}

interface TrieNode {
  /** Children while building; `seal()` flattens the trie into a FlatTrie and drops them. */
  next: Map<number, TrieNode> | null;
  forms: Candidate[] | null;
  heads: Candidate[] | null;
  tails: Candidate[] | null;
  phrases: PhraseCandidate[] | null;
  /** Every phrase's `secondFirst` together, each character once: no phrase here can fit a next word starting otherwise. */
  phraseFirsts: string;
}

const newNode = (): TrieNode => ({
  next: null,
  forms: null,
  heads: null,
  tails: null,
  phrases: null,
  phraseFirsts: '',
});

/**
 * A sealed trie in a few typed arrays, nodes numbered breadth-first so the
 * levels every walk touches lie together in memory: a walk step reads the
 * node's run of edges (character, child) instead of chasing objects across the
 * heap, which keeps a walk cheap even when other work has evicted the caches.
 * The root has a direct table by character code.
 */
interface FlatTrie {
  /** Index of a character code (< TABLE_SIZE) among the characters the trie uses, -1 for unused. */
  alphabet: Int32Array;
  alphabetSize: number;
  /**
   * Nodes with many children (the root and the first levels, where every walk
   * starts) also get a direct table by alphabet index: `tables[tableAt[id] + a]`
   * is the child, -1 for none; `tableAt[id]` is -1 for nodes without one.
   */
  tableAt: Int32Array;
  tables: Int32Array;
  /** Each node's edges are edgeChar/edgeKid[edgeStart[id], edgeStart[id + 1]). */
  edgeStart: Int32Array;
  edgeChar: Int32Array;
  edgeKid: Int32Array;
  /** The node object holding hits (forms, heads, tails, phrases) for a node id, or null. */
  data: (TrieNode | null)[];
  /**
   * What the node's subtree (itself included) holds, BELOW_* bits: walks that want
   * only whole-word forms of lexicon entries (masked words, words split in two) stop
   * where none lies ahead.
   */
  below: Uint8Array;
  /** Fewest edges from the node down to a node with a lexicon form (255: none, or that far). */
  stepsToForm: Uint8Array;
  /**
   * `charBit` of every character of the node's `phraseFirsts` (0: no phrase begins
   * there): a word kept with PHRASE asks this before the node itself, which is seldom warm.
   */
  phraseBits: Int32Array;
  /**
   * `charBit` of the letter of every edge from the node to a child with a strong form
   * below it: a split word's second half goes on from there only with one of these
   * letters (or the first half's last letter, a run going on). Most pair walks of a
   * word kept PAIRABLE end at that letter (6 of 8 a comment): asked before the node's
   * edges are read (speed round 10).
   */
  pairBits: Int32Array;
}

/** A whole-word form of a lexicon entry lies in the subtree. */
const BELOW_FORM = 1;
/** A whole-word form of a lexicon entry graded above mild lies in the subtree. */
const BELOW_STRONG = 2;

const TABLE_SIZE = 0x250;

function flatten(root: TrieNode): FlatTrie {
  const order: TrieNode[] = [root];
  for (let i = 0; i < order.length; i++) {
    const next = order[i]!.next;
    if (next !== null) for (const kid of next.values()) order.push(kid);
  }
  const ids = new Map<TrieNode, number>();
  for (let i = 0; i < order.length; i++) ids.set(order[i]!, i);
  const edgeStart = new Int32Array(order.length + 1);
  const edgeChar = new Int32Array(order.length - 1);
  const edgeKid = new Int32Array(order.length - 1);
  const data: (TrieNode | null)[] = new Array<TrieNode | null>(order.length).fill(null);
  let e = 0;
  for (let i = 0; i < order.length; i++) {
    const node = order[i]!;
    edgeStart[i] = e;
    if (node.next !== null) {
      for (const [c, kid] of node.next) {
        edgeChar[e] = c;
        edgeKid[e] = ids.get(kid)!;
        e++;
      }
    }
    if (node.forms !== null || node.heads !== null || node.tails !== null || node.phrases !== null) {
      data[i] = node;
    }
    node.next = null;
  }
  edgeStart[order.length] = e;
  const alphabet = new Int32Array(TABLE_SIZE).fill(-1);
  let alphabetSize = 0;
  for (let k = 0; k < e; k++) {
    const c = edgeChar[k]!;
    if (c < TABLE_SIZE && alphabet[c] === -1) alphabet[c] = alphabetSize++;
  }
  const tableAt = new Int32Array(order.length).fill(-1);
  let big = 0;
  for (let i = 0; i < order.length; i++) if (edgeStart[i + 1]! - edgeStart[i]! >= TABLE_MIN_CHILDREN) big++;
  const tables = new Int32Array(big * alphabetSize).fill(-1);
  let offset = 0;
  for (let i = 0; i < order.length; i++) {
    if (edgeStart[i + 1]! - edgeStart[i]! < TABLE_MIN_CHILDREN) continue;
    tableAt[i] = offset;
    for (let k = edgeStart[i]!; k < edgeStart[i + 1]!; k++) {
      if (edgeChar[k]! < TABLE_SIZE) tables[offset + alphabet[edgeChar[k]!]!] = edgeKid[k]!;
    }
    offset += alphabetSize;
  }
  // Children are numbered after their parent: one pass from the last node up.
  const below = new Uint8Array(order.length);
  const stepsToForm = new Uint8Array(order.length).fill(255);
  for (let i = order.length - 1; i >= 0; i--) {
    let bits = 0;
    let steps = 255;
    for (const cand of order[i]!.forms ?? []) {
      if (cand.entry.source !== 'lexicon') continue;
      bits |= cand.entry.grade === 'mild' ? BELOW_FORM : BELOW_FORM | BELOW_STRONG;
      steps = 0;
    }
    for (let k = edgeStart[i]!; k < edgeStart[i + 1]!; k++) {
      const kid = edgeKid[k]!;
      bits |= below[kid]!;
      steps = Math.min(steps, stepsToForm[kid]! + 1);
    }
    below[i] = bits;
    stepsToForm[i] = steps;
  }
  const phraseBits = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const firsts = order[i]!.phraseFirsts;
    for (let k = 0; k < firsts.length; k++) phraseBits[i]! |= charBit(firsts.charCodeAt(k));
  }
  const pairBits = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++)
    for (let k = edgeStart[i]!; k < edgeStart[i + 1]!; k++)
      if ((below[edgeKid[k]!]! & BELOW_STRONG) !== 0) pairBits[i]! |= charBit(edgeChar[k]!);
  return {
    alphabet,
    alphabetSize,
    tableAt,
    tables,
    edgeStart,
    edgeChar,
    edgeKid,
    data,
    below,
    stepsToForm,
    phraseBits,
    pairBits,
  };
}

/** A character's bit of 30 (a small integer): different bits, different characters. */
const charBit = (c: number): number => {
  // (c & 31) % 30, without the division TurboFan makes of it (a multiply and a subtraction).
  const x = c & 31;
  return 1 << (x >= 30 ? x - 30 : x);
};

/** Children from which a node gets a direct table. */
const TABLE_MIN_CHILDREN = 4;

/** The child of node `id` by character `c`, or -1. */
function childOf(trie: FlatTrie, id: number, c: number): number {
  const table = trie.tableAt[id]!;
  if (table >= 0 && c < TABLE_SIZE) {
    const a = trie.alphabet[c]!;
    return a < 0 ? -1 : trie.tables[table + a]!;
  }
  const chars = trie.edgeChar;
  const end = trie.edgeStart[id + 1]!;
  for (let k = trie.edgeStart[id]!; k < end; k++) if (chars[k] === c) return trie.edgeKid[k]!;
  return -1;
}

/** Letters left after a stem that make a different word, not a compound ("pikk" + "ende"). */
const DERIVATIONAL = new WordSet([
  'ende',
  'endes',
  'nde',
  'ndes',
  'ande',
  'ete',
  'ede',
  'ert',
  'erte',
  'ing',
  'inga',
  'ingen',
  'inger',
  'ingene',
  'ings',
  'ingar',
  'ingane',
  'else',
  'elsen',
  'elser',
  'elsene',
  'het',
  'heten',
  'lig',
  'lige',
  'ige',
  'isk',
  'iske',
  'ere',
  'est',
  'este',
  'ene',
  'ens',
  'ets',
  'ers',
  'ane',
  'ast',
  'ane',
]);

/** Minimum letters of the other part of a compound. */
const MIN_COMPOUND_PART = 3;
/** Plural endings, before which a noun in -el drops its e (jævel → jævler, jævlene, jævlar, jævlane). */
const PLURAL = new Set(['er', 'ene', 'ar', 'ane']);

/** Endings for site terms without their own paradigm: Norwegian noun, verb and adjective endings. */
export const SITE_TERM_ENDINGS = [
  'e',
  'en',
  'et',
  'a',
  'er',
  'ene',
  'ar',
  'ane',
  'ens',
  'ets',
  's',
  'es',
  'ere',
  'este',
  'ne',
  'nes',
  'enes',
  'ers',
  'ane',
  // Trøndersk and northern definite plural: "vindmøllebaronan".
  'an',
];

function skeleton(form: string): { key: string; runs: Uint8Array } {
  let key = '';
  const runs: number[] = [];
  for (let i = 0; i < form.length; ) {
    const c = form.charCodeAt(i);
    let r = 1;
    while (i + r < form.length && form.charCodeAt(i + r) === c) r++;
    key += form[i];
    runs.push(Math.min(r, 255));
    i += r;
  }
  return { key, runs: Uint8Array.from(runs) };
}

/**
 * The spellings people use instead: for æ/ø/å digraphs always, bare ASCII unless it is
 * another word; and "ph" for every f of each ("phitte", "phaen", "phuck").
 */
function spellings(form: string, ascii: boolean): string[] {
  const out = [form];
  if (/[æøå]/.test(form)) {
    out.push(form.replace(/æ/g, 'ae').replace(/ø/g, 'oe').replace(/å/g, 'aa'));
    if (ascii) out.push(form.replace(/æ/g, 'a').replace(/ø/g, 'o').replace(/å/g, 'a'));
  }
  if (form.includes('f')) for (let k = out.length - 1; k >= 0; k--) out.push(out[k]!.replace(/f/g, 'ph'));
  return out;
}

/**
 * A character trie of allowlist prefixes or (reversed) suffixes; `lang` set on
 * nodes that end an entry. Children in two parallel arrays, searched in order:
 * a node has few, and a walk mostly stops at the first or second character.
 */
interface AllowNode {
  codes: number[];
  kids: AllowNode[];
  /** undefined: no entry ends here; null: allowed in every language. */
  lang: TermLanguage | null | undefined;
}

const newAllowNode = (): AllowNode => ({ codes: [], kids: [], lang: undefined });

/** The child of `node` by character code `c`, or undefined. */
function allowKid(node: AllowNode, c: number): AllowNode | undefined {
  const codes = node.codes;
  for (let k = 0; k < codes.length; k++) if (codes[k] === c) return node.kids[k];
  return undefined;
}

function addAllow(root: AllowNode, key: string, reversed: boolean, lang: TermLanguage | null): void {
  let node = root;
  for (let k = 0; k < key.length; k++) {
    const c = key.charCodeAt(reversed ? key.length - 1 - k : k);
    let kid = allowKid(node, c);
    if (kid === undefined) {
      kid = newAllowNode();
      node.codes.push(c);
      node.kids.push(kid);
    }
    node = kid;
  }
  node.lang = lang;
}

/** Whether some entry of at least two characters heads (or, reversed, tails) `form`, for `lang`. */
/** A language, or a function giving it (the text's language is guessed only when an entry depends on it). */
type LanguageSource = TermLanguage | (() => TermLanguage) | ScanLanguage;
const languageOf = (lang: LanguageSource): TermLanguage =>
  typeof lang === 'string' ? lang : typeof lang === 'function' ? lang() : lang.effective();

/**
 * The language of the text being scanned, asked for only when a language-bound
 * entry or allowlist entry needs it. A class rather than closures made per scan.
 */
class ScanLanguage {
  private readonly source: TextLanguage | (() => TextLanguage) | LanguageGuess;
  private guessed: TextLanguage | null = null;

  constructor(source: TextLanguage | (() => TextLanguage) | LanguageGuess) {
    this.source = source;
  }

  guess(): TextLanguage {
    if (this.guessed === null) {
      const source = this.source;
      this.guessed =
        typeof source === 'string' ? source : typeof source === 'function' ? source() : source.get();
    }
    return this.guessed;
  }

  /** No function words ("Slut!"): read as Norwegian. */
  effective(): TermLanguage {
    const g = this.guess();
    return g === 'none' ? 'no' : g;
  }
}

function allowWalk(root: AllowNode, form: string, reversed: boolean, lang: LanguageSource): boolean {
  let node = root;
  const len = form.length;
  for (let k = 0; k < len; k++) {
    const kid = allowKid(node, form.charCodeAt(reversed ? len - 1 - k : k));
    if (kid === undefined) return false;
    node = kid;
    if (k >= 1 && node.lang !== undefined && (node.lang === null || node.lang === languageOf(lang)))
      return true;
  }
  return false;
}

/** Masked words longer than this are not tried (no term, nor a people's word and a group tail, is this long). */
const MAX_MASKED = 40;
const MASK_RUNS = new Int32Array(64);
/** Whether token t is capitalised with a small second letter and no sentence ends before it. */
function nameInSentence(norm: NormalisedText, t: number): boolean {
  const raw = norm.raw;
  const first = raw.charCodeAt(norm.starts[t]!);
  const second = raw.charCodeAt(norm.starts[t]! + 1);
  if (!(first >= 65 && first <= 90) && !(first >= 0xc0 && first <= 0xde)) return false;
  if (!(second >= 97 && second <= 122) && !(second >= 0xdf && second <= 0xff)) return false;
  const sep = norm.seps[t]!;
  for (let k = 0; k < sep.length; k++) {
    const c = sep.charCodeAt(k);
    if (c === 46 || c === 33 || c === 63 || c === 10) return false;
  }
  return true;
}

/** A word with its trailing masks, for `walkTrailingMasks`. */
const TRAILING = new Uint16Array(MAX_MASKED);
/**
 * Whether a word's runs of letters (each letter's count, `depth` of them) spell a
 * form with runs `need`: each as long, or stretched to three or more ("faaaen").
 * Stricter than `runsFit` (no doubled vowel): for the masked and split-word walks.
 */
function runsFitByLength(have: Int32Array, need: Uint8Array, depth: number): boolean {
  for (let k = 0; k < depth; k++) {
    const h = have[k]!;
    const n = need[k]!;
    if (h !== n && !(h > n && h >= 3)) return false;
  }
  return true;
}

/** A run of chunks is read this many chunks at a time at most (a bound, so the walk stays linear). */
const MAX_CHUNKS = 24;
/** A word in chunks is at most this long (no lexicon form is longer). */
const MAX_CHUNK_LETTERS = 32;

/**
 * Tokens t and t + 1 are letters of one spelled-out word: both single letters and
 * odd chunks ("s t r", "n n"; not "a c", where "a" may be a word of its own).
 */
function spelledOut(norm: NormalisedText, t: number): boolean {
  const letter = (k: number) => norm.isOddChunk(k) && norm.formEnds[k]! - norm.formStarts[k]! === 1;
  return letter(t) && letter(t + 1);
}

/** `*` and `#`: the marks that stand for a letter. */
const isMaskChar = (c: number): boolean => c === 42 || c === 35;

const GRADE_RANK: Record<Grade, number> = { mild: 0, strong: 1, slur: 2, threat: 3 };

/**
 * A masked word with no more letters than masks that spells entries of different grades is
 * read as the mildest of them above mild: which word the writer hid is not known ("h***e"
 * spells "hore", "heshe" and "hurpe": a hold, not a slur's reject), and a mild word is seldom
 * what one masks.
 * Drops the readings of out[first..] graver than that (the mild ones stay, for their language).
 */
function mildestOnly(out: WalkHit[], first: number): void {
  if (out.length - first < 2) return;
  // 4: no reading above mild, so all are mild.
  let min = 4;
  for (let k = first; k < out.length; k++) {
    const rank = GRADE_RANK[out[k]!.entry.grade ?? 'threat'];
    if (rank > 0 && rank < min) min = rank;
  }
  if (min === 4) return;
  let w = first;
  for (let k = first; k < out.length; k++)
    if (GRADE_RANK[out[k]!.entry.grade ?? 'threat'] <= min) out[w++] = out[k]!;
  out.length = w;
}
/** A letter or digit (NaN, past the text's end, is not). */
const isWordChar = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c > 127;

/** `walkRuns`'s state between calls: the depth of MASK_RUNS in use, and the last letter walked (-1: none). */
const RUN_WALK = new Int32Array(2);

/**
 * Walks chars[from, to) on from trie node `id`, as the letters of a word that goes on
 * across chunks: a letter repeating the last one (RUN_WALK[1]) lengthens its run in
 * MASK_RUNS, any other takes a step and begins a run. The node reached, or -1 once no
 * node ahead holds `below` (BELOW_* bits); RUN_WALK is left at the end.
 */
function walkRuns(
  trie: FlatTrie,
  chars: Uint16Array,
  from: number,
  to: number,
  id: number,
  below: number,
): number {
  const runs = MASK_RUNS;
  let depth = RUN_WALK[0]!;
  let last = RUN_WALK[1]!;
  for (let i = from; i < to; i++) {
    const c = chars[i]!;
    if (c === last) {
      runs[depth - 1]!++;
      continue;
    }
    id = childOf(trie, id, c);
    if (id < 0 || (trie.below[id]! & below) === 0) return -1;
    runs[depth++] = 1;
    last = c;
  }
  RUN_WALK[0] = depth;
  RUN_WALK[1] = last;
  return id;
}

/** Whether tokens t and t + 1 may be one word split in two: plain words one space apart, short enough. */
function mayPair(norm: NormalisedText, t: number): boolean {
  const next = t + 1;
  if (next >= norm.count || !norm.isWord(next) || norm.hasAlt(next) || norm.isMasked(next)) return false;
  if (norm.seps[next] !== ' ') return false;
  const a = norm.formEnds[t]! - norm.formStarts[t]!;
  const b = norm.formEnds[next]! - norm.formStarts[next]!;
  // 24: the longest compounds of a people and an insult ("læstadianardrittsekk" spelled with "ae").
  return b >= 2 && a + b <= 24;
}

/** The token as written is all capitals ("FA", "HELV"). */
function isCapitals(norm: NormalisedText, t: number): boolean {
  const word = norm.raw.slice(norm.starts[t], norm.ends[t]);
  return word !== word.toLowerCase() && word === word.toUpperCase();
}

// Copied into this module once: under tsx (`npm start`) each read of an imported binding is a getter call.
const WordCache = wordCache.WordCache;
const CLEAN = wordCache.CLEAN;
const PAIRABLE = wordCache.PAIRABLE;
const PHRASE = wordCache.PHRASE;
const HITS = wordCache.HITS;
const MAX_CACHED = wordCache.MAX_LETTERS;
const fits = wordCache.WordCache.fits;
const wordHash = wordCache.wordHash;

/** `TermMatcher.reversedBits` covers hashes modulo this plus one (a 64 Kbit table, 8 KB). */
const REVERSED_BITS_MASK = 0xffff;
/**
 * Ordinary Bokmål, Nynorsk or English words that are a strong or slur form backwards ("reken",
 * "repos", "caps"): read as themselves. The dictionary test in masks-inventory.test.ts finds them.
 */
export const REVERSED_WORDS = new Set([
  'ergen',
  'reken',
  'arken',
  'snerken',
  'serken',
  'repos',
  'caps',
  'zaps',
]);
/**
 * What a joined spelling's hash is xor'ed with in the word cache: its walk is not a
 * token's (no split word or phrase from it; a masked one needs three real letters), so
 * it is kept under a hash no token of the same letters has, one for each kind.
 */
const JOINED_KEY = 0x5bd1e995;
const JOINED_MASKED_KEY = 0x2f9be6cd;

/** Longer words are never matched (no term is this long). */
const MAX_WORD = 255;
/** `matchForm`'s word as code units. */
const FORM_CODES = new Uint16Array(MAX_WORD);
const SCRATCH_RUNS = new Int32Array(256);
const SCRATCH_POS = new Int32Array(256);
const SCRATCH_BACK_RUNS = new Int32Array(256);
const SCRATCH_BACK_POS = new Int32Array(256);

/** A text's words as `TermMatcher.classify` found them, by token. */
export class WordClasses {
  /** The word's roles in the rules' word table. */
  roles = new Int32Array(256);
  /** CLEAN or HITS, PAIRABLE and PHRASE when the word was walked before, else 0. */
  states = new Uint8Array(256);
  /** With HITS: what the walk found. */
  hits: (WalkHit[] | null)[] = new Array<null>(256).fill(null);
  /** With PHRASE or PAIRABLE: the forward-trie node the word leads to, where phrases and split words go on. */
  nodes = new Int32Array(256);
  /** The word's slot in the word cache, -1 for none (masked, two spellings, too long, a number). */
  slots = new Int32Array(256);

  reserve(count: number): void {
    if (count <= this.roles.length) return;
    const size = Math.max(count, this.roles.length * 2);
    this.roles = new Int32Array(size);
    this.states = new Uint8Array(size);
    this.nodes = new Int32Array(size);
    this.hits = new Array<null>(size).fill(null);
    this.slots = new Int32Array(size);
  }
}

/** `classify`'s result, refilled for every text (the engine is synchronous). */
const WORD_CLASSES = new WordClasses();

export class TermMatcher {
  private readonly forward = newNode();
  private readonly backward = newNode();
  private readonly allowWords = new Map<string, TermLanguage | null>();
  /** `allowWords` as a WordTable, built on first use after a change: cheaper than hashing each matched word. */
  private allowWordTable: WordTable<TermLanguage | null> | null = null;
  private readonly allowPrefixes = newAllowNode();
  private readonly allowSuffixes = newAllowNode();
  readonly entries: TermEntry[] = [];
  /** Ordinary Norwegian words English-only entries match: kept clean in text of no guessable language. */
  readonly norwegianWords = new Set<string>();
  private sealed = false;
  private flatForward: FlatTrie | null = null;
  private flatBackward: FlatTrie | null = null;
  /**
   * A tail hit needs the rest of the word before it (at least MIN_COMPOUND_PART
   * letters) plus at least the shortest tail spelling: shorter words skip the walk.
   * A large integer rather than Infinity while no tail is known: read for every word,
   * and a field that once held a double stays one.
   */
  private minTailWord = MAX_WORD + 1;
  /**
   * Every spelling of a tail that takes heads ("pakket" after "nepaler"), for masked words only
   * ("nepalerp*kket", "m*slimbikkja"): the backward trie's walk reads letters, not masks.
   */
  private readonly headedTails: { spelling: string; term: TermEntry }[] = [];

  /** Compacts the tries for fast lookups; no terms can be added afterwards. */
  seal(): this {
    if (this.sealed) return this;
    this.flatForward = flatten(this.forward);
    this.flatBackward = flatten(this.backward);
    this.sealed = true;
    return this;
  }
  /** Depth of the last whole-word walk, for the phrase check that follows it. */
  private wholeDepth = 0;
  /** The forward-trie node the last walk's whole word led to (-1: none), kept with a clean word. */
  private wholeId = -1;
  /** The words met, their roles and what a walk found in them (word-cache.ts). */
  private readonly wordCache: wordCache.WordCache<WalkHit[]> = new WordCache<WalkHit[]>();
  /**
   * The rules' table of word roles (`CompiledThreats.roles`), read once per word by
   * `classify` and kept in the word cache with the word; null: every word has none.
   */
  private wordRoles: WordTable<number> | null = null;
  /** The last forward walk consumed its whole word, and a lexicon form above mild continues it (see `walkPair`). */
  private consumedAll = false;
  /** With `consumedAll`: the forward-trie node the whole word led to, where `walkPair` goes on from. */
  private pairId = -1;
  /**
   * Pairs of ordinary words that join into a lexicon form ("svar tinger", "fa en"):
   * such a pair is read as one split word only when both halves are written in
   * capitals ("SVAR TINGER"). From config/lexicon/split-pairs.json.
   */
  splitPairs: ReadonlySet<string> = new Set();

  /**
   * Adds a lexicon entry; returns false when it normalises to nothing. `action`:
   * what a hit does (the site's action for the entry's grade, or the site list's).
   */
  add(
    entry: LexiconEntry,
    paradigms: Record<string, string[]>,
    source: TermEntry['source'],
    action: Decision,
    category?: Category,
  ) {
    const words = normaliseTerm(entry.term);
    if (words.length === 0) return false;
    const endingList =
      typeof entry.endings === 'string' ? (paradigms[entry.endings] ?? []) : (entry.endings ?? []);
    const endings = new Set(endingList.flatMap((e) => normaliseTerm(e)));
    const term: TermEntry = {
      id: this.entries.length,
      term: entry.term,
      category: category ?? entry.category,
      severity: action === 'approve' ? 'info' : action,
      grade: source === 'lexicon' ? entry.grade : null,
      insult: entry.insult === true,
      addressed: entry.addressed === true,
      pairedWith:
        entry.pairedWith !== undefined ? new Set(entry.pairedWith.flatMap((w) => normaliseTerm(w))) : null,
      unlessNext:
        entry.unlessNext !== undefined ? new Set(entry.unlessNext.flatMap((w) => normaliseTerm(w))) : null,
      rule: ruleFor(entry.category, action, source),
      lang: entry.lang ?? null,
      endings,
      source,
      detail: '',
      params: {},
      normalForm: words.join(' ') === entry.term,
      heads: entry.heads === undefined ? null : headSet(entry.heads),
    };
    term.detail = reasonDetail(term);
    const params: Record<string, string> = { term: term.term };
    if (term.rule === 'threat') params.kind = 'phrase';
    term.params = Object.freeze(params);
    this.entries.push(term);
    const ascii = entry.ascii !== false;
    const mode: MatchMode = words.length > 1 ? 'phrase' : entry.match;
    if (mode === 'phrase') {
      this.addPhrase(term, words, ascii);
      return true;
    }
    const base = words[0]!;
    const stem = entry.stem !== undefined ? (normaliseTerm(entry.stem)[0] ?? base) : base;
    const forms = new Set([base, ...[...endings].map((e) => stem + e)]);
    // A weak noun drops its -e before an ending that begins with a vowel: kukhue → kukhuet,
    // kukhuene; svartskalle → svartskallane, svartskalla.
    if (source === 'lexicon' && entry.stem === undefined && base.endsWith('e') && base.length > 4)
      for (const e of endings) if (/^[aeo]/.test(e)) forms.add(base.slice(0, -1) + e);
    // An insult of the weak nouns in -e with Bokmål endings only (dumskalle → dumskallen,
    // dumskaller) takes the Nynorsk plural too: dumskallar, dumskallane.
    if (
      source === 'lexicon' &&
      entry.insult === true &&
      entry.stem === undefined &&
      base.endsWith('e') &&
      endings.has('r') &&
      endings.has('ne') &&
      !endings.has('ar')
    )
      for (const e of ['ar', 'ane', 'ars', 'anes']) forms.add(base.slice(0, -1) + e);
    // A noun in -el drops its e before a plural ending: innvandrerjævel → innvandrerjævlene, -jævlane.
    if (source === 'lexicon' && entry.stem === undefined && base.endsWith('el') && base.length > 4)
      for (const e of endings) if (PLURAL.has(e)) forms.add(`${base.slice(0, -2)}l${e}`);
    // An insult's dialect plural in -a beside the Nynorsk -ar: idiota, drittsekka ("dokker e nokken idiota"),
    // and its definite in -an (Trøndersk, northern: "idiotan", "dustan").
    if (source === 'lexicon' && entry.insult === true && endings.has('ar')) {
      if (!endings.has('a')) forms.add(`${stem}a`);
      forms.add(`${stem}an`);
    }
    // An -er noun's definite as said in the east and in Trøndelag, -ern for -eren: negern, spassern,
    // a site's løgnern.
    if (base.endsWith('er') && base.length > 4 && forms.has(`${base}en`)) forms.add(`${base}n`);
    // Nouns take the genitive -s on every form ("negrenes", "drittsekkenes", a site's "sosialistenes").
    if (isNoun(endings)) for (const form of [...forms]) if (!form.endsWith('s')) forms.add(`${form}s`);
    // A site's -er noun in Nynorsk: løgner → løgnar, løgnarane; so a lexicon agent noun
    // (kuksuger → kuksugar, forræder → forrædar).
    if ((source === 'site' || entry.agent === true) && base.endsWith('er') && base.length > 4) {
      const nynorsk = `${base.slice(0, -2)}ar`;
      forms.add(nynorsk);
      // With the eastern definite plural in -ne and the genitives ("kuksugarne", "kuksugarnes").
      for (const ending of ['ane', 'ar', 'en', 'ens', 'anes', 'ne', 'nes']) forms.add(nynorsk + ending);
      // Its feminine in -ske: løgner → løgnerske, løgnersken, løgnerskene.
      if (source === 'site')
        for (const ending of ['ske', 'ska', 'sken', 'sker', 'skene', 'skas', 'skens'])
          forms.add(base + ending);
    }
    for (const form of forms) {
      for (const spelling of spellings(form, ascii)) {
        // A tail after heads only is no word of its own ("pakket" alone is no slur).
        if (term.heads === null) this.insert(this.forward, spelling, false, term, 'forms');
        if (
          term.heads === null &&
          source === 'lexicon' &&
          (entry.grade === 'strong' || entry.grade === 'slur')
        )
          this.addReversed(spelling);
        if (mode === 'end' || mode === 'both') {
          this.insert(this.backward, spelling, true, term, 'tails');
          if (term.heads !== null) this.headedTails.push({ spelling, term });
          this.minTailWord = Math.min(this.minTailWord, spelling.length + MIN_COMPOUND_PART);
        }
      }
    }
    if (mode === 'start' || mode === 'both') {
      for (const spelling of spellings(base, ascii))
        this.insert(this.forward, spelling, false, term, 'heads');
    }
    return true;
  }

  /**
   * Hashes of strong and slur forms written backwards ("neaf", "EROH"), of four letters or more,
   * neither the same both ways nor an ordinary word backwards (REVERSED_WORDS): a word whose hash
   * is one is walked again reversed (`scanReversed`).
   */
  private readonly reversedHashes = new Set<number>();
  /** A bit per hash & REVERSED_BITS_MASK: most words are turned away by one load. */
  private readonly reversedBits = new Uint8Array((REVERSED_BITS_MASK + 1) >> 3);

  private addReversed(form: string): void {
    if (form.length < 4 || form.length > MAX_WORD) return;
    let reversed = '';
    for (let k = form.length - 1; k >= 0; k--) reversed += form[k];
    if (reversed === form || REVERSED_WORDS.has(reversed)) return;
    for (let k = 0; k < reversed.length; k++) FORM_CODES[k] = reversed.charCodeAt(k);
    const hash = wordHash(FORM_CODES, 0, reversed.length);
    this.reversedHashes.add(hash);
    this.reversedBits[(hash & REVERSED_BITS_MASK) >> 3]! |= 1 << (hash & 7);
  }

  /** Strong and slur forms written backwards as words of the text, reversed and walked ("neaf" is faen). */
  private scanReversed(norm: NormalisedText, found: TermHit[]): void {
    const { hashes, formStarts, formEnds, chars } = norm;
    const bits = this.reversedBits;
    for (let t = 0; t < norm.count; t++) {
      const hash = hashes[t]!;
      if ((bits[(hash & REVERSED_BITS_MASK) >> 3]! & (1 << (hash & 7))) === 0) continue;
      if (!norm.isWord(t) || norm.isMasked(t) || !this.reversedHashes.has(hash)) continue;
      const start = formStarts[t]!;
      const end = formEnds[t]!;
      for (let k = 0; k < end - start; k++) FORM_CODES[k] = chars[end - 1 - k]!;
      const words: WalkHit[] = [];
      this.walk(FORM_CODES, 0, end - start, null, words);
      if (words.length > 0) keep(norm, t, words, found);
    }
  }

  allow(entry: AllowEntry): void {
    for (const form of normaliseTerm(entry.term)) {
      for (const spelling of spellings(form, true)) {
        const lang = entry.lang ?? null;
        if (entry.match === 'start') addAllow(this.allowPrefixes, spelling, false, lang);
        else if (entry.match === 'end') addAllow(this.allowSuffixes, spelling, true, lang);
        else this.allowWords.set(spelling, lang);
        this.allowWordTable = null;
      }
    }
  }

  private addPhrase(term: TermEntry, words: string[], ascii: boolean): void {
    const variants = words.map((w) => spellings(w, ascii));
    // Each later word may be written in any of its spellings.
    const parts = variants.slice(1).map((spelled) => spelled.map((w) => skeleton(w)));
    for (const first of variants[0]!) {
      const node = this.insert(this.forward, first, false, null, null);
      if (node.phrases === null) node.phrases = [];
      const secondFirst = parts[0]!.map((p) => p.key[0] ?? '').join('');
      node.phrases.push({ entry: term, firstRuns: skeleton(first).runs, parts, secondFirst });
      for (const c of secondFirst.split('')) if (!node.phraseFirsts.includes(c)) node.phraseFirsts += c;
    }
  }

  private insert(
    root: TrieNode,
    form: string,
    reversed: boolean,
    entry: TermEntry | null,
    slot: 'forms' | 'heads' | 'tails' | null,
  ): TrieNode {
    const { key, runs } = skeleton(form);
    let node = root;
    for (let k = 0; k < key.length; k++) {
      const c = key.charCodeAt(reversed ? key.length - 1 - k : k);
      if (this.sealed) throw new Error('TermMatcher: add terms before sealing');
      node.next ??= new Map();
      let child = node.next.get(c);
      if (child === undefined) {
        child = newNode();
        node.next.set(c, child);
      }
      node = child;
    }
    if (entry !== null && slot !== null) {
      let list = node[slot];
      if (list === null) {
        list = [];
        node[slot] = list;
      }
      const ordered = reversed ? runs.slice().reverse() : runs;
      if (
        !list.some((c) => sameRuns(c.runs, ordered) && (c.entry === entry || shadows(c.entry, entry, slot)))
      )
        list.push({ entry, runs: ordered });
    }
    return node;
  }

  /** True when an allowlist entry covers this word for text in `lang`. */
  isAllowed(form: string, lang: LanguageSource): boolean {
    this.allowWordTable ??= new WordTable(this.allowWords);
    const word = this.allowWordTable.getWord(form);
    if (word !== undefined && (word === null || word === languageOf(lang))) return true;
    // Character walks, no substrings: a prefix or suffix entry of two or more characters.
    return (
      allowWalk(this.allowPrefixes, form, false, lang) || allowWalk(this.allowSuffixes, form, true, lang)
    );
  }

  /**
   * Every whole-word spelling of a lexicon entry that `walkPair` can find (strong,
   * slur and threat grades), spelled out from the trie: what the split-pairs list
   * is made from (scripts/lexicon-split-pairs.ts).
   */
  pairableForms(includeMild = false): string[] {
    if (!this.sealed) this.seal();
    const trie = this.flatForward!;
    const out = new Set<string>();
    const visit = (id: number, key: string) => {
      const node = trie.data[id];
      for (const cand of node?.forms ?? []) {
        if (cand.entry.source !== 'lexicon' || (cand.entry.grade === 'mild' && !includeMild)) continue;
        let spelled = '';
        for (let k = 0; k < key.length; k++) spelled += key[k]!.repeat(cand.runs[k]!);
        out.add(spelled);
      }
      for (let e = trie.edgeStart[id]!; e < trie.edgeStart[id + 1]!; e++)
        visit(trie.edgeKid[e]!, key + String.fromCharCode(trie.edgeChar[e]!));
    };
    visit(0, '');
    return [...out].sort();
  }

  /** Every way a single normalised word matches, ignoring the allowlist. */
  matchForm(form: string, lang: TermLanguage | null, out: WordHit[] = []): WordHit[] {
    if (form.length > MAX_WORD) return out;
    for (let i = 0; i < form.length; i++) FORM_CODES[i] = form.charCodeAt(i);
    const hits: WalkHit[] = [];
    this.walk(FORM_CODES, 0, form.length, lang, hits);
    for (const h of hits)
      out.push({ entry: h.entry, kind: h.kind, rest: form.slice(h.restStart, h.restEnd) });
    return out;
  }

  /**
   * Adds the hits of the word chars[from, to) to `out`; returns the forward-trie
   * node the whole word leads to (for phrases), with its runs left in the forward
   * scratch arrays. Forward: whole-word forms and compound heads; then, for words
   * long enough to hold one, compound tails.
   */
  private walk(
    chars: Uint16Array,
    from: number,
    to: number,
    lang: TermLanguage | null,
    out: WalkHit[],
  ): TrieNode | null {
    const len = to - from;
    this.consumedAll = false;
    this.wholeId = -1;
    if (len === 0 || len > MAX_WORD) return null;
    if (!this.sealed) this.seal();
    let whole: TrieNode | null = null;
    const runs = SCRATCH_RUNS;
    const pos = SCRATCH_POS;
    const forward = this.flatForward!;
    let id = 0;
    let depth = 0;
    for (let i = from; i < to; ) {
      const c = chars[i]!;
      let r = 1;
      while (i + r < to && chars[i + r] === c) r++;
      id = childOf(forward, id, c);
      if (id < 0) break;
      runs[depth] = r;
      pos[depth] = i;
      depth++;
      i += r;
      const node = forward.data[id];
      if (node === null || node === undefined) continue;
      if (i === to) {
        whole = node;
        this.wholeDepth = depth;
        this.wholeId = id;
      }
      // Nodes holding hits are few: the walk itself stays small.
      if (node.forms !== null || node.heads !== null)
        collectForward(node, chars, depth, i === to, to, lang, out);
    }
    this.consumedAll =
      depth > 0 &&
      pos[depth - 1]! + runs[depth - 1]! === to &&
      id >= 0 &&
      (forward.below[id]! & BELOW_STRONG) !== 0;
    this.pairId = this.consumedAll ? id : -1;
    if (len >= this.minTailWord) this.walkTails(chars, from, to, lang, out);
    return whole;
  }

  /**
   * Whole-word forms matching a word with masked letters, chars[from, to): each
   * mask stands for one letter ("f**n" is faen, "h*re" hore, "j***a" jævla).
   * At least two real letters, and no more masks than real letters plus one, so
   * "k***" or "f*" match nothing. A depth-first walk of the trie; such words are rare.
   */
  private walkMasked(chars: Uint16Array, from: number, to: number, out: WalkHit[], minLetters = 2): void {
    const len = to - from;
    if (len > MAX_MASKED) return;
    let masks = 0;
    for (let i = from; i < to; i++) if (chars[i] === MASK) masks++;
    if (len - masks < minLetters || masks > len - masks + 1) return;
    if (!this.sealed) this.seal();
    const first = out.length;
    this.maskStep(this.flatForward!, chars, from, to, 0, 0, -1, out);
    if (len >= this.minTailWord) this.maskedTails(chars, from, to, out);
    // Mostly hidden ("h***e"): which word is not known. With more letters than masks ("p*kk*s") it is.
    if (masks >= len - masks) mildestOnly(out, first);
  }

  /**
   * Tails after heads in a masked word, chars[from, to): the tail's letters with masks among
   * them ("nepalerp*kket", "somalidj*vel") and the head as listed, or the head with masks among
   * its letters ("m*slimbikkja") and one listed head of its length that they spell. Each masked
   * part keeps at least half its letters (the head three), and the word has at most two masks,
   * apart, so a mask guesses no word.
   */
  private maskedTails(chars: Uint16Array, from: number, to: number, out: WalkHit[]): void {
    // At most two masks, apart: a run of them is a sign between words ("kve…der" reads as "kve***der").
    let masks = 0;
    for (let p = from; p < to; p++) {
      if (chars[p] !== MASK) continue;
      if (++masks > 2 || (p > from && chars[p - 1] === MASK)) return;
    }
    const tails = this.headedTails;
    let last: TermEntry | null = null;
    for (let i = 0; i < tails.length; i++) {
      const { spelling, term } = tails[i]!;
      const restEnd = to - spelling.length;
      if (restEnd - from < MIN_COMPOUND_PART || term === last) continue;
      let tailMasks = 0;
      let k = spelling.length - 1;
      for (; k >= 0; k--) {
        const c = chars[restEnd + k]!;
        if (c === MASK) tailMasks++;
        else if (c !== spelling.charCodeAt(k)) break;
      }
      if (k >= 0 || 2 * tailMasks > spelling.length) continue;
      let headMasks = 0;
      for (let p = from; p < restEnd; p++) if (chars[p] === MASK) headMasks++;
      if (tailMasks + headMasks === 0) continue;
      const headLength = restEnd - from;
      const fits =
        headMasks === 0
          ? term.heads!.has(chars, from, restEnd)
          : // One mask where a dash would be ("nepaler*pakket"), or masks among the head's letters.
            (headMasks === 1 && chars[restEnd - 1] === MASK && term.heads!.has(chars, from, restEnd - 1)) ||
            (2 * headMasks <= headLength &&
              headLength - headMasks >= 3 &&
              maskedHeadListed(headList(term.heads!), chars, from, restEnd));
      if (!fits) continue;
      out.push({ entry: term, kind: 'tail', restStart: from, restEnd });
      last = term;
    }
  }

  private maskStep(
    trie: FlatTrie,
    chars: Uint16Array,
    p: number,
    to: number,
    id: number,
    depth: number,
    last: number,
    out: WalkHit[],
  ): void {
    const runs = MASK_RUNS;
    // No lexicon form ahead, or none the letters left can reach (each new letter is one edge).
    if ((trie.below[id]! & BELOW_FORM) === 0 || to - p < trie.stepsToForm[id]!) return;
    if (p === to) {
      const node = trie.data[id];
      if (node === null || node === undefined || node.forms === null) return;
      for (const cand of node.forms) {
        if (cand.runs.length !== depth || cand.entry.source !== 'lexicon') continue;
        if (runsFitByLength(runs, cand.runs, depth))
          out.push({ entry: cand.entry, kind: 'form', restStart: to, restEnd: to });
      }
      return;
    }
    const c = chars[p]!;
    if (c !== MASK) {
      if (depth > 0 && c === last) {
        runs[depth - 1]!++;
        this.maskStep(trie, chars, p + 1, to, id, depth, last, out);
        runs[depth - 1]!--;
        return;
      }
      const kid = childOf(trie, id, c);
      if (kid < 0) return;
      runs[depth] = 1;
      this.maskStep(trie, chars, p + 1, to, kid, depth + 1, c, out);
      return;
    }
    // A masked letter: the current letter once more, or any letter that continues a spelling.
    if (depth > 0) {
      runs[depth - 1]!++;
      this.maskStep(trie, chars, p + 1, to, id, depth, last, out);
      runs[depth - 1]!--;
    }
    for (let e = trie.edgeStart[id]!; e < trie.edgeStart[id + 1]!; e++) {
      const letter = trie.edgeChar[e]!;
      if (letter === last) continue;
      runs[depth] = 1;
      this.maskStep(trie, chars, p + 1, to, trie.edgeKid[e]!, depth + 1, letter, out);
    }
  }

  /** `walkTrailingMasks` for every word followed by a mask ("drittsek*": the whole word beats its head "dritt"). */
  private scanTrailingMasks(norm: NormalisedText, found: TermHit[]): void {
    for (let t = 0; t < norm.count; t++) {
      if (!norm.isWord(t)) continue;
      if (!norm.isMasked(t)) {
        if (isMaskChar(norm.raw.charCodeAt(norm.ends[t]!))) this.walkTrailingMasks(norm, t, found);
      } else if (t > 0 && this.headedTails.length > 0) this.walkSeparatedTail(norm, t, found);
    }
  }

  /**
   * A masked word after a people's word, apart by a space: the group compound written in two
   * ("Somali r*tta", "nepaler p*kket"). The two are walked as one masked word, and only slurs
   * count; unmasked, two such words are left alone ("nepaler pakket" packed).
   */
  private walkSeparatedTail(norm: NormalisedText, t: number, found: TermHit[]): void {
    const h = t - 1;
    if (!norm.isWord(h) || norm.isMasked(h) || norm.hasAlt(h) || norm.seps[t] !== ' ') return;
    const { chars, formStarts, formEnds } = norm;
    const headLength = formEnds[h]! - formStarts[h]!;
    const length = headLength + formEnds[t]! - formStarts[t]!;
    if (length > TRAILING.length || !this.anyHead().has(chars, formStarts[h]!, formEnds[h]!)) return;
    TRAILING.set(chars.subarray(formStarts[h]!, formEnds[h]!), 0);
    TRAILING.set(chars.subarray(formStarts[t]!, formEnds[t]!), headLength);
    const hits: WalkHit[] = [];
    this.walkMasked(TRAILING, 0, length, hits, 3);
    for (const hit of hits) {
      if (hit.entry.category !== 'slur') continue;
      found.push({
        entry: hit.entry,
        kind: hit.kind,
        start: norm.starts[h]!,
        end: norm.ends[t]!,
        matched: `${norm.form(h)} ${norm.form(t)}`,
      });
    }
  }

  /** Every head a tail takes, of every tail: the words that may begin a group compound written apart. */
  private anyHeadSet: WordSet | null = null;
  private anyHead(): WordSet {
    if (this.anyHeadSet === null) {
      const heads = new Set<string>();
      for (const { term } of this.headedTails) for (const head of headList(term.heads!)) heads.add(head);
      this.anyHeadSet = new WordSet(heads);
    }
    return this.anyHeadSet;
  }

  /**
   * A word whose last letters are masked ("mong*", "neg**", "fitt*"): the normaliser
   * reads masks at a word's edge as punctuation ("Kari*", "4*"), so the word is walked
   * again with them as masked letters, for whole-word forms of strong, slur and threat
   * entries only, with at least three real letters and no more masks than letters.
   */
  private walkTrailingMasks(norm: NormalisedText, t: number, found: TermHit[]): void {
    const start = norm.formStarts[t]!;
    const end = norm.formEnds[t]!;
    const letters = end - start;
    const raw = norm.raw;
    let masks = 0;
    while (isMaskChar(raw.charCodeAt(norm.ends[t]! + masks))) masks++;
    const after = raw.charCodeAt(norm.ends[t]! + masks);
    // The masks end the word: a space, punctuation or the end of the text follows.
    if (letters < 3 || masks > letters || letters + masks > TRAILING.length || isWordChar(after)) return;
    // A short capitalised word inside a sentence is a name starred as a footnote ("Kari* og Per**").
    if (t > 0 && letters <= 4 && nameInSentence(norm, t)) return;
    for (let i = 0; i < letters; i++) {
      const c = norm.chars[start + i]!;
      if (c < 97 || (c > 122 && c !== 0xe6 && c !== 0xf8 && c !== 0xe5)) return;
      TRAILING[i] = c;
    }
    TRAILING.fill(MASK, letters, letters + masks);
    const hits: WalkHit[] = [];
    this.walkMasked(TRAILING, 0, letters + masks, hits, 3);
    for (const hit of hits) {
      if (hit.entry.grade === 'mild') continue;
      found.push({
        entry: hit.entry,
        kind: hit.kind,
        start: norm.starts[t]!,
        end: norm.ends[t]! + masks,
        matched: norm.form(t),
      });
    }
  }

  /**
   * Token t and the next one read as one word split in two ("FA EN", "helv
   * ete", "homs epakk"): whole-word forms of strong, slur and threat entries
   * only. A pair of ordinary words that happens to join into a form ("svar
   * tinger") counts only when both halves are capitals.
   */
  private walkPair(norm: NormalisedText, t: number, firstId: number, found: TermHit[]): void {
    const { chars, formStarts, formEnds } = norm;
    const trie = this.flatForward!;
    // The second half's first letter goes on from the first half's node, or its last run: else no pair.
    const next = chars[formStarts[t + 1]!]!;
    if (next !== chars[formEnds[t]! - 1] && (trie.pairBits[firstId]! & charBit(next)) === 0) return;
    const runs = MASK_RUNS;
    // The first word's walk is not repeated: it led to `firstId` (a node with a form above
    // mild below it, so each node on the way had one), and its runs are read again here.
    let depth = 0;
    let last = -1;
    for (let i = formStarts[t]!; i < formEnds[t]!; i++) {
      const c = chars[i]!;
      if (c === last) runs[depth - 1]!++;
      else {
        runs[depth++] = 1;
        last = c;
      }
    }
    RUN_WALK[0] = depth;
    RUN_WALK[1] = last;
    const id = walkRuns(trie, chars, formStarts[t + 1]!, formEnds[t + 1]!, firstId, BELOW_STRONG);
    if (id < 0) return;
    depth = RUN_WALK[0]!;
    const node = trie.data[id];
    if (node === null || node === undefined || node.forms === null) return;
    let pair: string | null = null;
    for (const cand of node.forms) {
      const entry = cand.entry;
      if (entry.source !== 'lexicon' || entry.grade === 'mild' || cand.runs.length !== depth) continue;
      if (!runsFitByLength(runs, cand.runs, depth)) continue;
      pair ??= `${norm.form(t)} ${norm.form(t + 1)}`;
      if (this.splitPairs.has(pair) && !(isCapitals(norm, t) && isCapitals(norm, t + 1))) return;
      found.push({
        entry,
        kind: 'form',
        start: norm.starts[t]!,
        end: norm.ends[t + 1]!,
        matched: pair.replace(' ', ''),
      });
    }
  }

  /**
   * Words written in chunks of one or two letters, one space apart ("jæ v la id i
   * ot", "f a en", "fi tt e", "c u nt"). Each run of chunks that holds an odd chunk
   * (no ordinary short word: see `NormalisedText.isOddChunk`) is read from each of
   * its chunks on: consecutive chunks whose letters spell a whole-word form of a
   * lexicon entry are one word, when they hold an odd chunk and a chunk of two letters
   * (single letters alone are the normaliser's joined spellings), and are three chunks
   * or two with a single letter (two of two letters are `walkPair`'s). A run of
   * ordinary short words ("er du på vei ut i år") is never read, and chunks that
   * spell no form are left as they are.
   */
  private scanChunks(norm: NormalisedText, found: TermHit[]): void {
    const count = norm.count;
    // Runs do not overlap: each token is read in one run at most.
    let floor = 0;
    for (let t = 0; t < count; t++) {
      if (!norm.isOddChunk(t)) continue;
      let first = t;
      while (first > floor && t - first < MAX_CHUNKS && norm.seps[first] === ' ' && norm.isChunk(first - 1))
        first--;
      let end = t + 1;
      while (end < count && end - first < MAX_CHUNKS && norm.seps[end] === ' ' && norm.isChunk(end)) end++;
      for (let a = first; a + 1 < end; a++) {
        // A word does not begin inside a spelled-out one ("fi s k e i n du s t r i e n").
        if (a === first || !spelledOut(norm, a - 1)) this.walkChunks(norm, a, end, found);
      }
      floor = end;
      t = end - 1;
    }
  }

  /** The words that chunks first, first + 1, … (before `end`) spell, as `scanChunks` reads them. */
  private walkChunks(norm: NormalisedText, first: number, end: number, found: TermHit[]): void {
    const { chars, formStarts, formEnds } = norm;
    const trie = this.flatForward!;
    const runs = MASK_RUNS;
    let id = 0;
    let letters = 0;
    let odd = false;
    let single = false;
    let double = false;
    RUN_WALK[0] = 0;
    RUN_WALK[1] = -1;
    for (let b = first; b < end; b++) {
      const from = formStarts[b]!;
      const to = formEnds[b]!;
      letters += to - from;
      if (letters > MAX_CHUNK_LETTERS) return;
      id = walkRuns(trie, chars, from, to, id, BELOW_FORM);
      if (id < 0) return;
      const depth = RUN_WALK[0]!;
      odd ||= norm.isOddChunk(b);
      if (to - from === 1) single = true;
      else double = true;
      const chunks = b - first + 1;
      if (!odd || !double || chunks < 2 || (chunks === 2 && !single) || letters < 3) continue;
      // Nor ends inside one ("a n n a ut no" is no "naut").
      if (b + 1 < end && spelledOut(norm, b)) continue;
      const node = trie.data[id];
      if (node === null || node === undefined || node.forms === null) continue;
      let matched: string | null = null;
      for (const cand of node.forms) {
        if (
          cand.entry.source !== 'lexicon' ||
          cand.runs.length !== depth ||
          !runsFitByLength(runs, cand.runs, depth)
        )
          continue;
        if (matched === null) {
          matched = '';
          for (let k = first; k <= b; k++) matched += norm.form(k);
        }
        found.push({
          entry: cand.entry,
          kind: 'form',
          start: norm.starts[first]!,
          end: norm.ends[b]!,
          matched,
        });
      }
    }
  }

  /** Adds the compound-tail hits of the word chars[from, to) to `out`: the backward trie, from its end. */
  private walkTails(chars: Uint16Array, from: number, to: number, lang: TermLanguage | null, out: WalkHit[]) {
    const backward = this.flatBackward!;
    let id = 0;
    let depth = 0;
    const backRuns = SCRATCH_BACK_RUNS;
    const backPos = SCRATCH_BACK_POS;
    // A tail reached from here ends its rest of the word by i at most (it takes at least the
    // run that begins there), and a rest needs MIN_COMPOUND_PART letters: stop before.
    for (let i = to - 1; i - from >= MIN_COMPOUND_PART; ) {
      const c = chars[i]!;
      let r = 1;
      while (i - r >= from && chars[i - r] === c) r++;
      id = childOf(backward, id, c);
      if (id < 0) break;
      backRuns[depth] = r;
      backPos[depth] = i - r + 1;
      depth++;
      i -= r;
      const node = backward.data[id];
      if (node !== null && node !== undefined && node.tails !== null) {
        collectTails(node.tails, chars, depth, from, lang, out);
      }
    }
  }

  /** Sets the rules' table of word roles, before the first text (see `classify`). */
  useWordRoles(roles: WordTable<number>): this {
    this.wordRoles = roles;
    return this;
  }

  /**
   * Every word of a text looked up once: its roles in the rules' word table, and
   * whether a walk found it clean before (then `scan` does not walk it again). Most
   * words are met in the word cache and cost that one lookup; a new word is looked up
   * in the table and kept. The result is shared scratch, valid until the next call.
   */
  classify(norm: NormalisedText): WordClasses {
    const out = WORD_CLASSES;
    out.reserve(norm.count);
    const { roles, states, nodes, hits, slots } = out;
    const { chars, formStarts, formEnds, hashes } = norm;
    const cache = this.wordCache;
    const table = this.wordRoles;
    for (let t = 0; t < norm.count; t++) {
      const start = formStarts[t]!;
      const end = formEnds[t]!;
      states[t] = 0;
      // Words with a second spelling are walked every time; numbers are never walked.
      if (end - start > MAX_CACHED || !norm.isWord(t) || norm.hasAlt(t)) {
        slots[t] = -1;
        roles[t] = table === null ? 0 : (table.get(chars, start, end) ?? 0);
        continue;
      }
      const hash = hashes[t]!;
      let slot = cache.find(hash, chars, start, end);
      if (slot >= 0) {
        slots[t] = slot;
        const state = cache.state(slot);
        states[t] = state;
        roles[t] = cache.roles(slot);
        nodes[t] = cache.node(slot);
        if ((state & HITS) !== 0) hits[t] = cache.hits[slot]!;
        continue;
      }
      const role = table === null ? 0 : (table.get(chars, start, end) ?? 0);
      roles[t] = role;
      // A letter beyond Latin-1 (a Cyrillic word): not kept, walked every time.
      if (!fits(chars, start, end)) {
        slots[t] = -1;
        continue;
      }
      slot = cache.place(hash);
      cache.keep(slot, hash, chars, start, end, 0, role, -1, null);
      slots[t] = slot;
    }
    return out;
  }

  /**
   * All term hits in a normalised text, one per place: when several entries
   * match the same words (the Norwegian and English "faen", "hore" and
   * "horebukk"), or a split word's part lies inside the whole ("d.r.i.t" in
   * "d.r.i.t.t"), the strongest and most specific is kept. Allowlisted words are skipped.
   */
  scan(
    norm: NormalisedText,
    language: TextLanguage | (() => TextLanguage) | LanguageGuess,
    classes: WordClasses = this.classify(norm),
  ): TermHit[] {
    const found: TermHit[] = [];
    // A fresh array after each word with hits: cheaper than clearing it with `length = 0`.
    let words: WalkHit[] = [];
    const chars = norm.chars;
    const formStarts = norm.formStarts;
    const formEnds = norm.formEnds;
    const cache = this.wordCache;
    const { states, nodes, hits: known, slots, roles } = classes;
    // Walk without a language; the guess is made only if a hit depends on it.
    for (let t = 0; t < norm.count; t++) {
      if (!norm.isWord(t)) continue;
      const start = formStarts[t]!;
      const end = formEnds[t]!;
      // A word walked before (most words): its hits as the walk found them, and the pair
      // and phrases it may begin, checked with the words after it as they are here.
      const state = states[t]!;
      if (state !== 0) {
        if ((state & PAIRABLE) !== 0 && end - start >= 2 && mayPair(norm, t))
          this.walkPair(norm, t, nodes[t]!, found);
        if ((state & PHRASE) !== 0) this.phrasesFrom(nodes[t]!, norm, t, found);
        if ((state & HITS) !== 0) keep(norm, t, known[t]!, found);
        continue;
      }
      if (norm.isMasked(t)) {
        this.walkMasked(chars, start, end, words);
        const hit = words.length > 0;
        if (slots[t]! >= 0)
          cache.keep(
            slots[t]!,
            norm.hashes[t]!,
            chars,
            start,
            end,
            hit ? HITS : CLEAN,
            roles[t]!,
            -1,
            hit ? words : null,
          );
        if (hit) {
          keep(norm, t, words, found);
          words = [];
        }
        continue;
      }
      const alt = norm.hasAlt(t);
      const whole = this.walk(chars, start, end, null, words);
      // A word split in two ("FA EN", "helv ete"): only when the first half begins a spelling.
      if (this.consumedAll && end - start >= 2 && mayPair(norm, t))
        this.walkPair(norm, t, this.pairId, found);
      if (mayBeginPhrase(whole, norm, t)) this.matchPhrases(whole!, norm, t, found);
      if (alt) {
        // The alternative spelling follows the form, as long as it.
        const wholeAlt = this.walk(chars, end, end + end - start, null, words);
        if (mayBeginPhrase(wholeAlt, norm, t)) this.matchPhrases(wholeAlt!, norm, t, found);
      } else if (slots[t]! >= 0) {
        // Kept with its hits and what a later meeting still checks (a split word, phrases from its node).
        const phrase = whole !== null && whole.phrases !== null;
        const state =
          (words.length > 0 ? HITS : CLEAN) | (this.consumedAll ? PAIRABLE : 0) | (phrase ? PHRASE : 0);
        // The node the whole word led to: where its phrases and a split word go on from.
        const node = phrase ? this.wholeId : this.pairId;
        cache.keep(
          slots[t]!,
          norm.hashes[t]!,
          chars,
          start,
          end,
          state,
          roles[t]!,
          node,
          words.length > 0 ? words : null,
        );
      }
      if (words.length > 0) {
        keep(norm, t, words, found);
        words = [];
      }
    }
    // Words written backwards ("neaf"): a bit of a table per word turns nearly all away.
    this.scanReversed(norm, found);
    // Words whose last letters are masked ("mong*"), in a pass of their own: rare, and the
    // loop above stays small enough for V8 to inline the trie walk into it.
    if (norm.raw.indexOf('*') >= 0 || norm.raw.indexOf('#') >= 0) this.scanTrailingMasks(norm, found);
    // Then the joined spellings of split and glued words, walked once and kept in the word
    // cache as a word is ("f.a.e.n" and "d r i t t" come back as a word does).
    for (let t = norm.count; t < norm.count + norm.joinedCount; t++) {
      const start = formStarts[t]!;
      const end = formEnds[t]!;
      const masked = norm.isMasked(t);
      const keepable = fits(chars, start, end);
      const hash = keepable ? wordHash(chars, start, end) ^ (masked ? JOINED_MASKED_KEY : JOINED_KEY) : 0;
      if (keepable) {
        const slot = cache.find(hash, chars, start, end);
        if (slot >= 0) {
          if ((cache.state(slot) & HITS) !== 0) keep(norm, t, cache.hits[slot]!, found);
          continue;
        }
      }
      // Dots and underscores are often just dots ("k.k."): such a masked spelling needs three letters.
      if (masked) this.walkMasked(chars, start, end, words, 3);
      else this.walk(chars, start, end, null, words);
      const hit = words.length > 0;
      if (keepable)
        cache.keep(cache.place(hash), hash, chars, start, end, hit ? HITS : CLEAN, 0, -1, hit ? words : null);
      if (hit) {
        keep(norm, t, words, found);
        words = [];
      }
    }
    // Words in chunks of one or two letters ("jæ v la", "f a en"): only around an odd chunk.
    if (norm.oddChunks > 0) this.scanChunks(norm, found);
    if (found.length === 0) return found;
    // The language is guessed only if a language-bound entry or allowlist entry asks.
    // No function words ("Slut!"): read as Norwegian, but an English-only entry still
    // fires on a word that is not also an ordinary Norwegian word.
    const lang = new ScanLanguage(language);
    // Hits come grouped by token (one word often hits several entries and spellings):
    // ask the allowlist once per matched word.
    const hits: TermHit[] = [];
    let lastMatched = '';
    let lastAllowed = false;
    for (let k = 0; k < found.length; k++) {
      const h = found[k]!;
      if (h.entry.lang !== null) {
        const none = lang.guess() === 'none';
        if (!langOk(h.entry, lang.effective()) && !(none && !this.norwegianWords.has(h.matched))) continue;
      }
      if (k === 0 || h.matched !== lastMatched) {
        lastMatched = h.matched;
        lastAllowed = this.isAllowed(h.matched, lang);
      }
      if (!lastAllowed) hits.push(h);
    }
    return hits.length <= 1 ? hits : strongestPerPlace(hits);
  }

  /**
   * The phrases a clean word kept with PHRASE may begin (token t, whose walk led to
   * forward-trie node `id`): checked as after its walk, the word's runs read again
   * only when the next word may continue one.
   */
  private phrasesFrom(id: number, norm: NormalisedText, t: number, hits: TermHit[]): void {
    const trie = this.flatForward!;
    if (t + 1 >= norm.count) return;
    // Most next words begin no phrase: said by the node's bits, before the node is read.
    const bits = trie.phraseBits[id]!;
    const next = t + 1;
    if (
      (bits & charBit(norm.chars[norm.formStarts[next]!]!)) === 0 &&
      !(norm.hasAlt(next) && (bits & charBit(norm.chars[norm.formEnds[next]!]!)) !== 0)
    )
      return;
    const whole = trie.data[id]!;
    if (!mayBeginPhrase(whole, norm, t)) return;
    this.wholeDepth = readRuns(norm.chars, norm.formStarts[t]!, norm.formEnds[t]!);
    this.matchPhrases(whole, norm, t, hits);
  }

  /**
   * Phrases whose first word token t completes (at `node`), checked against the
   * tokens after it; asked only once `mayBeginPhrase` holds.
   */
  private matchPhrases(node: TrieNode, norm: NormalisedText, t: number, hits: TermHit[]) {
    if (node.phrases === null) return;
    const depth = this.wholeDepth;
    const count = norm.count;
    const { chars, formStarts, formEnds } = norm;
    const first = chars[formStarts[t + 1]!]!;
    const firstAlt = norm.hasAlt(t + 1) ? chars[formEnds[t + 1]!]! : -1;
    outer: for (const cand of node.phrases) {
      if (t + cand.parts.length >= count) continue;
      // partFits needs the word's first character to be the part's first.
      if (!hasChar(cand.secondFirst, first) && (firstAlt < 0 || !hasChar(cand.secondFirst, firstAlt)))
        continue;
      if (!runsFit(cand.firstRuns, SCRATCH_RUNS, SCRATCH_POS, chars, depth)) continue;
      for (let k = 0; k < cand.parts.length; k++) {
        const next = t + 1 + k;
        const start = formStarts[next]!;
        const end = formEnds[next]!;
        const alt = norm.hasAlt(next);
        let fits = false;
        for (const part of cand.parts[k]!) {
          if (partFits(chars, start, end, part) || (alt && partFits(chars, end, end + end - start, part))) {
            fits = true;
            break;
          }
        }
        if (!fits) continue outer;
      }
      const matched = norm.forms(t, t + cand.parts.length);
      hits.push({
        entry: cand.entry,
        kind: 'phrase',
        start: norm.starts[t]!,
        end: norm.ends[t + cand.parts.length]!,
        matched,
      });
    }
  }
}

const KIND_RANK: Record<HitKind, number> = { form: 0, phrase: 1, head: 2, tail: 2 };
const SEVERITY_RANK: Record<Severity, number> = { reject: 2, hold: 1, info: 0 };

/** A noun's paradigm: definite or plural endings among its endings. */
function isNoun(endings: ReadonlySet<string>): boolean {
  if (endings.has('en') || endings.has('ene') || endings.has('ane') || endings.has('ne')) return true;
  // A neuter noun listed by its definite forms alone ("muslimpakk": -et, -a), which no verb's
  // paradigm (-e, -te, -ing beside its -et) is: its genitive too ("muslimpakkets").
  return (
    endings.has('et') && endings.has('a') && !endings.has('e') && !endings.has('te') && !endings.has('ing')
  );
}

function better(a: TermHit, b: TermHit): boolean {
  if (a.entry.severity !== b.entry.severity)
    return SEVERITY_RANK[a.entry.severity] > SEVERITY_RANK[b.entry.severity];
  if (a.end - a.start !== b.end - b.start) return a.end - a.start > b.end - b.start;
  if (KIND_RANK[a.kind] !== KIND_RANK[b.kind]) return KIND_RANK[a.kind] < KIND_RANK[b.kind];
  const exactA = a.matched === a.entry.term;
  if (exactA !== (b.matched === b.entry.term)) return exactA;
  // Two readings of one word, alike in all else ("f***e": føkke or fitte): the insult, which can be aimed.
  if (a.entry.insult !== b.entry.insult) return a.entry.insult;
  return a.entry.id < b.entry.id;
}

/**
 * Keeps, for each rule, the best hit among those whose spans overlap. Linear in
 * the hits: they are put in order of their start first (stable, so hits of one
 * place keep the order they were found in), and a hit is compared only with the
 * kept hits that can still reach it, found from the end of the kept list by the
 * running maximum of their ends (a text of a thousand "faen" compares each hit
 * with one kept hit, not with every earlier one).
 */
function strongestPerPlace(hits: TermHit[]): TermHit[] {
  sortByStart(hits);
  const kept: TermHit[] = [];
  // reach[k]: the furthest end among kept[0..k]; only grows along the list.
  const reach: number[] = [];
  for (let h = 0; h < hits.length; h++) {
    const hit = hits[h]!;
    let into = -1;
    for (let k = kept.length - 1; k >= 0 && reach[k]! > hit.start; k--) {
      const other = kept[k]!;
      // The first kept hit (in order) that overlaps and has the same rule.
      if (other.end > hit.start && other.start < hit.end && other.entry.rule === hit.entry.rule) into = k;
    }
    if (into < 0) {
      kept.push(hit);
      reach.push(Math.max(hit.end, reach.length > 0 ? reach[reach.length - 1]! : 0));
      continue;
    }
    if (!better(hit, kept[into]!)) continue;
    kept[into] = hit;
    for (let k = into; k < reach.length && reach[k]! < hit.end; k++) reach[k] = hit.end;
  }
  // A replacement begins later than the hit it replaced: in order of the start again.
  sortByStart(kept);
  return kept;
}

/**
 * Stable sort by start (V8's sort is a stable TimSort: the words' hits come in
 * order and the joined spellings of split words follow them, two runs it merges);
 * nothing to do when they are in order already, the usual case.
 */
function sortByStart(hits: TermHit[]): void {
  let ordered = true;
  for (let i = 1; i < hits.length && ordered; i++) ordered = hits[i - 1]!.start <= hits[i]!.start;
  if (!ordered) hits.sort((a, b) => a.start - b.start);
}

/**
 * Whether `earlier` makes `later` redundant at the same trie node and runs: every
 * hit of `later` would come with an equal hit of `earlier` (same rule and so
 * severity, language, span, kind, rest and, for compound heads, endings) that
 * `scan` keeps in its place, because `better()` prefers the lower id unless only
 * `later`'s term equals the matched word. Site lists repeat a word in many
 * spellings (shit, sh!t, sh1t, 5h1t): one candidate instead of ten keeps hits cheap.
 */
function shadows(earlier: TermEntry, later: TermEntry, slot: 'forms' | 'heads' | 'tails'): boolean {
  if (earlier.rule !== later.rule || earlier.lang !== later.lang) return false;
  // Same rule, different outcome or meaning: a lexicon "tulling" (mild, info) must not hide a site's hold.
  if (
    earlier.severity !== later.severity ||
    earlier.grade !== later.grade ||
    earlier.insult !== later.insult ||
    earlier.addressed !== later.addressed
  )
    return false;
  if (earlier.term !== later.term && later.normalForm) return false;
  if (slot !== 'heads') return true;
  if (earlier.endings.size !== later.endings.size) return false;
  for (const e of later.endings) if (!earlier.endings.has(e)) return false;
  return true;
}

function sameRuns(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A run in the text fits a run in the term when it is as long, or stretched:
 * three or more of a letter, or a doubled a, u, y, æ, ø or å. A doubled
 * consonant is a different word ("slutt" is not "slut", "titt" is not "tit"),
 * and so is a doubled o, e or i in English ("cook" is not "cok").
 */
function runsFit(
  need: Uint8Array,
  have: ArrayLike<number>,
  at: ArrayLike<number>,
  chars: Uint16Array,
  depth: number,
): boolean {
  if (need.length !== depth) return false;
  for (let k = 0; k < depth; k++) {
    const h = have[k]!;
    const n = need[k]!;
    if (h === n) continue;
    // `at[k]` is where run k begins in `chars`.
    if (h > n && (h >= 3 || isVowel(chars[at[k]!]!) === 1)) continue;
    return everyLetterDoubled(need, have, depth);
  }
  return true;
}

/**
 * A tail after heads whose first letter the head ends with ("nepalerrottene", "tyskerrotta"): the
 * walk read the two as one run; every other run as written.
 */
function boundaryRunFits(need: Uint8Array, have: ArrayLike<number>, depth: number): boolean {
  if (need.length !== depth) return false;
  for (let k = 0; k < depth - 1; k++) if (have[k] !== need[k]) return false;
  return have[depth - 1]! > need[depth - 1]!;
}

/**
 * Every letter of the form written twice ("ffiittttee", "ffaaeenn"): a way of hiding a word,
 * where no ordinary word of three letters or more doubles each of its letters.
 */
function everyLetterDoubled(need: Uint8Array, have: ArrayLike<number>, depth: number): boolean {
  if (depth < 3) return false;
  for (let k = 0; k < depth; k++) if (have[k] !== 2 * need[k]!) return false;
  return true;
}

/** Vowels whose doubling is a stretch, not a spelling: English doubles o, e and i ("cook" is not "cok"). */
const VOWEL_TABLE = new Uint8Array(256);
for (const c of 'auyæøå') VOWEL_TABLE[c.charCodeAt(0)] = 1;
const isVowel = (c: number): number => (c < 256 ? VOWEL_TABLE[c]! : 0);

/** Whether the word chars[from, to) matches one later word of a phrase, without building its skeleton. */
function partFits(
  chars: Uint16Array,
  from: number,
  to: number,
  part: { key: string; runs: Uint8Array },
): boolean {
  const { key, runs } = part;
  let k = 0;
  for (let i = from; i < to; k++) {
    const c = chars[i]!;
    let r = 1;
    while (i + r < to && chars[i + r] === c) r++;
    if (k >= key.length || key.charCodeAt(k) !== c) return false;
    const need = runs[k]!;
    if (r !== need && !(r > need && (r >= 3 || isVowel(c) === 1))) return false;
    i += r;
  }
  return k === key.length;
}

/**
 * The whole-word forms (when the word ends at `node`) and compound heads at a
 * forward-trie node the walk reached at `depth`, its runs in the scratch arrays.
 */
function collectForward(
  node: TrieNode,
  chars: Uint16Array,
  depth: number,
  whole: boolean,
  to: number,
  lang: TermLanguage | null,
  out: WalkHit[],
): void {
  const runs = SCRATCH_RUNS;
  const pos = SCRATCH_POS;
  if (whole && node.forms !== null) {
    for (const cand of node.forms) {
      if (langOk(cand.entry, lang) && runsFit(cand.runs, runs, pos, chars, depth)) {
        out.push({ entry: cand.entry, kind: 'form', restStart: to, restEnd: to });
      }
    }
  }
  if (node.heads !== null) {
    for (const cand of node.heads) {
      if (!langOk(cand.entry, lang) || !runsFit(cand.runs, runs, pos, chars, depth)) continue;
      const restStart = pos[depth - 1]! + cand.runs[depth - 1]!;
      if (restStart < to && restIsCompound(cand.entry, chars, restStart, to)) {
        out.push({ entry: cand.entry, kind: 'head', restStart, restEnd: to });
      }
    }
  }
}

/** The compound tails at a backward-trie node the walk of a word from `from` reached at `depth`. */
function collectTails(
  tails: Candidate[],
  chars: Uint16Array,
  depth: number,
  from: number,
  lang: TermLanguage | null,
  out: WalkHit[],
): void {
  const runs = SCRATCH_BACK_RUNS;
  const pos = SCRATCH_BACK_POS;
  for (const cand of tails) {
    const heads = cand.entry.heads;
    if (
      !langOk(cand.entry, lang) ||
      !(
        runsFit(cand.runs, runs, pos, chars, depth) ||
        (heads !== null && boundaryRunFits(cand.runs, runs, depth))
      )
    )
      continue;
    const restEnd = pos[depth - 1]! + runs[depth - 1]! - cand.runs[depth - 1]!;
    if (restEnd - from >= MIN_COMPOUND_PART && (heads === null || heads.has(chars, from, restEnd)))
      out.push({ entry: cand.entry, kind: 'tail', restStart: from, restEnd });
  }
}

/**
 * The runs of the word chars[from, to) into the forward scratch arrays, as a walk
 * that consumed it leaves them; returns how many.
 */
function readRuns(chars: Uint16Array, from: number, to: number): number {
  let depth = 0;
  for (let i = from; i < to; depth++) {
    const c = chars[i]!;
    let r = 1;
    while (i + r < to && chars[i + r] === c) r++;
    SCRATCH_RUNS[depth] = r;
    SCRATCH_POS[depth] = i;
    i += r;
  }
  return depth;
}

/**
 * Whether a phrase can begin at token t, whose walk ended at `whole`: some phrase
 * there, and a next word starting as one of their second words does. A cheap test
 * before `matchPhrases`: the words that begin phrases ("du", "you", "en") are common.
 */
function mayBeginPhrase(whole: TrieNode | null, norm: NormalisedText, t: number): boolean {
  if (whole === null || whole.phrases === null || t + 1 >= norm.count) return false;
  const next = norm.formStarts[t + 1]!;
  if (hasChar(whole.phraseFirsts, norm.chars[next]!)) return true;
  return norm.hasAlt(t + 1) && hasChar(whole.phraseFirsts, norm.chars[norm.formEnds[t + 1]!]!);
}

/** Whether `s` holds the code unit `c` (`s.includes(String.fromCharCode(c))` without the string). */
function hasChar(s: string, c: number): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === c) return true;
  return false;
}

function langOk(entry: TermEntry, lang: TermLanguage | null): boolean {
  return lang === null || entry.lang === null || entry.lang === lang;
}

/** Records the hits of entry t (a token or a joined spelling) with its span and form. */
function keep(norm: NormalisedText, t: number, words: WalkHit[], found: TermHit[]): void {
  const matched = norm.form(t);
  const start = norm.starts[t]!;
  const end = norm.ends[t]!;
  for (let k = 0; k < words.length; k++) {
    const w = words[k]!;
    found.push({ entry: w.entry, kind: w.kind, start, end, matched });
  }
}

/** The heads a tail entry takes as a word set, one set per list (the group tails share theirs). */
const HEAD_SETS = new WeakMap<readonly string[], WordSet>();
/** Each set's heads as a list, for a masked head ("m*slim"), which no set lookup can find. */
const HEAD_LISTS = new WeakMap<WordSet, readonly string[]>();
function headSet(heads: readonly string[]): WordSet {
  let set = HEAD_SETS.get(heads);
  if (set === undefined) {
    const normalised = heads.flatMap((head) => normaliseTerm(head));
    set = new WordSet(normalised);
    HEAD_SETS.set(heads, set);
    HEAD_LISTS.set(set, normalised);
  }
  return set;
}
const headList = (set: WordSet): readonly string[] => HEAD_LISTS.get(set) ?? [];

/** Whether one of the heads is spelled by chars[from, to), a mask standing for any one letter. */
function maskedHeadListed(heads: readonly string[], chars: Uint16Array, from: number, to: number): boolean {
  for (const head of heads) {
    if (head.length !== to - from) continue;
    let k = 0;
    while (k < head.length && (chars[from + k] === MASK || chars[from + k] === head.charCodeAt(k))) k++;
    if (k === head.length) return true;
  }
  return false;
}

/** Whether the rest of a word after a compound head, chars[start, end), makes it a compound. */
function restIsCompound(entry: TermEntry, chars: Uint16Array, start: number, end: number): boolean {
  for (const ending of entry.endings) if (spells(chars, start, end, ending)) return true;
  return end - start >= MIN_COMPOUND_PART && !DERIVATIONAL.has(chars, start, end);
}

function reasonDetail(entry: TermEntry): string {
  const label =
    entry.rule === 'slur'
      ? 'Slur'
      : entry.rule === 'threat'
        ? 'Threat phrase'
        : entry.source === 'site'
          ? entry.rule === 'banned_term'
            ? 'Term banned by the site'
            : 'Term the site holds for review'
          : entry.rule === 'banned_term'
            ? 'Banned term'
            : entry.severity === 'info'
              ? 'Mild term'
              : 'Suspect term';
  return `${label} "${entry.term}" (${entry.category})`;
}

function ruleFor(category: TermCategory, action: Decision, source: TermEntry['source']): RuleName {
  if (source === 'lexicon' && category === 'slur') return 'slur';
  if (source === 'lexicon' && category === 'threat') return 'threat';
  return action === 'reject' ? 'banned_term' : 'suspect_term';
}

/**
 * Reads a site term: several words make a phrase; a trailing `*` makes a
 * compound head ("drittsekk*"), a leading `*` a compound tail, both make both;
 * a plain word also matches with the usual Norwegian endings.
 */
export function siteTermEntry(raw: string): LexiconEntry | null {
  const trimmed = raw.trim();
  const head = trimmed.endsWith('*');
  const tail = trimmed.startsWith('*');
  const term = trimmed.replace(/^\*+|\*+$/g, '');
  if (normaliseTerm(term).length === 0) return null;
  const match: MatchMode = head && tail ? 'both' : head ? 'start' : tail ? 'end' : 'word';
  return { term, category: 'spam', grade: 'strong', match, endings: SITE_TERM_ENDINGS };
}

/** The policy's action per grade, defaults filled in. */
export function gradeActions(policy: Pick<ModerationPolicy, 'grades'>): GradeActions {
  return { ...DEFAULT_GRADE_ACTIONS, ...policy.grades };
}

/**
 * Compiles the lexicon and a site policy into one matcher; `wordRoles`, the rules'
 * table of word roles, is read by `classify` once per word met.
 */
export function compileMatcher(
  lexicon: Lexicon,
  policy: ModerationPolicy,
  wordRoles?: WordTable<number>,
): TermMatcher {
  const matcher = new TermMatcher();
  if (wordRoles !== undefined) matcher.useWordRoles(wordRoles);
  const actions = gradeActions(policy);
  for (const entry of lexicon.entries) matcher.add(entry, lexicon.paradigms, 'lexicon', actions[entry.grade]);
  const addSite = (raw: string, action: Decision) => {
    const entry = siteTermEntry(raw);
    if (entry === null) return;
    matcher.add(entry, lexicon.paradigms, 'site', action, 'site');
    // A plain word also heads a gang or an insult: "sosialistgjengen", "klimahysterikerkjerringa".
    if (entry.match !== 'word' || normaliseTerm(entry.term).length !== 1) return;
    for (const tail of lexicon.siteTails ?? []) {
      const compound: LexiconEntry = {
        ...entry,
        term: entry.term + tail.tail,
        endings: tail.endings,
        ...(tail.stem !== undefined ? { stem: entry.term + tail.stem } : {}),
      };
      matcher.add(compound, lexicon.paradigms, 'site', action, 'site');
    }
  };
  for (const raw of policy.bannedTerms) addSite(raw, 'reject');
  for (const raw of policy.suspectTerms) addSite(raw, 'hold');
  for (const allow of lexicon.allow) matcher.allow(allow);
  for (const word of lexicon.norwegianWords ?? []) matcher.norwegianWords.add(word);
  matcher.splitPairs = new Set(lexicon.splitPairs ?? []);
  for (const raw of policy.allowedTerms) {
    const trimmed = raw.trim();
    const start = trimmed.endsWith('*');
    matcher.allow({
      term: trimmed.replace(/\*+$/, ''),
      match: start ? 'start' : 'word',
      reason: 'site policy',
    });
  }
  return matcher.seal();
}
