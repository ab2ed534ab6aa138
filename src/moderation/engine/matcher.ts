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
import type { AllowEntry, Lexicon, LexiconEntry, MatchMode, TermCategory, TermLanguage } from './lexicon.js';
import { type NormalisedText, normaliseTerm, type Token } from './normalise.js';
import type { Category, ModerationPolicy, RuleName } from './types.js';

export interface TermEntry {
  id: number;
  /** The term as written in the lexicon or policy, for the reason detail. */
  term: string;
  category: Category;
  severity: 'reject' | 'hold';
  rule: RuleName;
  lang: TermLanguage | null;
  /** Normalised endings, to tell "fitta" (inflection) from "pikkende" (another word). */
  endings: ReadonlySet<string>;
  source: 'lexicon' | 'site';
  /** The reason detail for a hit, built once when the matcher is compiled (hits must be cheap). */
  detail: string;
  /** The term is written as the normaliser would write a word, so a matched word can equal it. */
  normalForm: boolean;
}

/** How a token matched: the whole word is a form, or the term heads or tails a compound. */
export type HitKind = 'form' | 'head' | 'tail' | 'phrase';

export interface WordHit {
  entry: TermEntry;
  kind: HitKind;
  /** The rest of the word around the term for `head`/`tail` hits ("bukk" in "horebukk"). */
  rest: string;
}

export interface TermHit extends WordHit {
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
  /** Every phrase's `secondFirst` together: no phrase here can fit a next word starting otherwise. */
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
}

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
  return { alphabet, alphabetSize, tableAt, tables, edgeStart, edgeChar, edgeKid, data };
}

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
const DERIVATIONAL = new Set([
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
];

function skeleton(form: string): { key: string; runs: Uint8Array; vowels: Uint8Array } {
  let key = '';
  const runs: number[] = [];
  const vowels: number[] = [];
  for (let i = 0; i < form.length; ) {
    const c = form.charCodeAt(i);
    let r = 1;
    while (i + r < form.length && form.charCodeAt(i + r) === c) r++;
    key += form[i];
    runs.push(Math.min(r, 255));
    vowels.push(isVowel(c));
    i += r;
  }
  return { key, runs: Uint8Array.from(runs), vowels: Uint8Array.from(vowels) };
}

/** The æ/ø/å spellings people use instead: digraphs always, bare ASCII unless it is another word. */
function spellings(form: string, ascii: boolean): string[] {
  if (!/[æøå]/.test(form)) return [form];
  const out = [form, form.replace(/æ/g, 'ae').replace(/ø/g, 'oe').replace(/å/g, 'aa')];
  if (ascii) out.push(form.replace(/æ/g, 'a').replace(/ø/g, 'o').replace(/å/g, 'a'));
  return out;
}

/** A character trie of allowlist prefixes or (reversed) suffixes; `lang` set on nodes that end an entry. */
interface AllowNode {
  kids: Map<number, AllowNode> | null;
  /** undefined: no entry ends here; null: allowed in every language. */
  lang: TermLanguage | null | undefined;
}

const newAllowNode = (): AllowNode => ({ kids: null, lang: undefined });

function addAllow(root: AllowNode, key: string, reversed: boolean, lang: TermLanguage | null): void {
  let node = root;
  for (let k = 0; k < key.length; k++) {
    const c = key.charCodeAt(reversed ? key.length - 1 - k : k);
    node.kids ??= new Map();
    let kid = node.kids.get(c);
    if (kid === undefined) {
      kid = newAllowNode();
      node.kids.set(c, kid);
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
    const kid = node.kids?.get(form.charCodeAt(reversed ? len - 1 - k : k));
    if (kid === undefined) return false;
    node = kid;
    if (k >= 1 && node.lang !== undefined && (node.lang === null || node.lang === languageOf(lang)))
      return true;
  }
  return false;
}

const SCRATCH_RUNS = new Int32Array(256);
const SCRATCH_POS = new Int32Array(256);
const SCRATCH_VOWELS = new Uint8Array(256);
const SCRATCH_BACK_RUNS = new Int32Array(256);
const SCRATCH_BACK_POS = new Int32Array(256);
const SCRATCH_BACK_VOWELS = new Uint8Array(256);

export class TermMatcher {
  private readonly forward = newNode();
  private readonly backward = newNode();
  private readonly allowWords = new Map<string, TermLanguage | null>();
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
   */
  private minTailWord = Number.POSITIVE_INFINITY;

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

  /** Adds a lexicon entry; returns false when it normalises to nothing. */
  add(
    entry: LexiconEntry,
    paradigms: Record<string, string[]>,
    source: TermEntry['source'],
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
      severity: entry.category === 'slur' || entry.category === 'threat' ? 'reject' : entry.severity,
      rule: ruleFor(entry.category, entry.severity, source),
      lang: entry.lang ?? null,
      endings,
      source,
      detail: '',
      normalForm: words.join(' ') === entry.term,
    };
    term.detail = reasonDetail(term);
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
    for (const form of forms) {
      for (const spelling of spellings(form, ascii)) {
        this.insert(this.forward, spelling, false, term, 'forms');
        if (mode === 'end' || mode === 'both') {
          this.insert(this.backward, spelling, true, term, 'tails');
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

  allow(entry: AllowEntry): void {
    for (const form of normaliseTerm(entry.term)) {
      for (const spelling of spellings(form, true)) {
        const lang = entry.lang ?? null;
        if (entry.match === 'start') addAllow(this.allowPrefixes, spelling, false, lang);
        else if (entry.match === 'end') addAllow(this.allowSuffixes, spelling, true, lang);
        else this.allowWords.set(spelling, lang);
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
      node.phraseFirsts += secondFirst;
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
    const word = this.allowWords.get(form);
    if (word !== undefined && (word === null || word === languageOf(lang))) return true;
    // Character walks, no substrings: a prefix or suffix entry of two or more characters.
    return (
      allowWalk(this.allowPrefixes, form, false, lang) || allowWalk(this.allowSuffixes, form, true, lang)
    );
  }

  /** Every way a single normalised word matches, ignoring the allowlist. */
  matchForm(form: string, lang: TermLanguage | null, out: WordHit[] = []): WordHit[] {
    this.walk(form, lang, out);
    return out;
  }

  /**
   * Adds the word's hits to `out`; returns the forward-trie node the whole word
   * leads to (for phrases), with its runs left in the forward scratch arrays.
   */
  private walk(form: string, lang: TermLanguage | null, out: WordHit[]): TrieNode | null {
    const len = form.length;
    if (len === 0 || len > 255) return null;
    if (!this.sealed) this.seal();
    let whole: TrieNode | null = null;
    const runs = SCRATCH_RUNS;
    const pos = SCRATCH_POS;
    const vowels = SCRATCH_VOWELS;
    // Forward: whole-word forms and compound heads.
    const forward = this.flatForward!;
    let id = 0;
    let depth = 0;
    for (let i = 0; i < len; ) {
      const c = form.charCodeAt(i);
      let r = 1;
      while (i + r < len && form.charCodeAt(i + r) === c) r++;
      id = childOf(forward, id, c);
      if (id < 0) break;
      runs[depth] = r;
      pos[depth] = i;
      vowels[depth] = isVowel(c);
      depth++;
      i += r;
      const node = forward.data[id];
      if (node === null || node === undefined) continue;
      if (i === len) {
        whole = node;
        this.wholeDepth = depth;
        if (node.forms !== null) {
          for (const cand of node.forms) {
            if (langOk(cand.entry, lang) && runsFit(cand.runs, runs, vowels, depth)) {
              out.push({ entry: cand.entry, kind: 'form', rest: '' });
            }
          }
        }
      }
      if (node.heads !== null) {
        for (const cand of node.heads) {
          if (!langOk(cand.entry, lang) || !runsFit(cand.runs, runs, vowels, depth)) continue;
          const rest = form.slice(pos[depth - 1]! + cand.runs[depth - 1]!);
          if (rest.length > 0 && restIsCompound(cand.entry, rest))
            out.push({ entry: cand.entry, kind: 'head', rest });
        }
      }
    }
    // Backward: compound tails.
    if (len < this.minTailWord) return whole;
    const backward = this.flatBackward!;
    id = 0;
    depth = 0;
    const backRuns = SCRATCH_BACK_RUNS;
    const backPos = SCRATCH_BACK_POS;
    const backVowels = SCRATCH_BACK_VOWELS;
    for (let i = len - 1; i >= 0; ) {
      const c = form.charCodeAt(i);
      let r = 1;
      while (i - r >= 0 && form.charCodeAt(i - r) === c) r++;
      id = childOf(backward, id, c);
      if (id < 0) break;
      backRuns[depth] = r;
      backPos[depth] = i - r + 1;
      backVowels[depth] = isVowel(c);
      depth++;
      i -= r;
      const node = backward.data[id];
      if (node !== null && node !== undefined && node.tails !== null) {
        for (const cand of node.tails) {
          if (!langOk(cand.entry, lang) || !runsFit(cand.runs, backRuns, backVowels, depth)) continue;
          const rest = form.slice(0, backPos[depth - 1]! + backRuns[depth - 1]! - cand.runs[depth - 1]!);
          if (rest.length >= MIN_COMPOUND_PART) out.push({ entry: cand.entry, kind: 'tail', rest });
        }
      }
    }
    return whole;
  }

  /**
   * All term hits in a normalised text, one per place: when several entries
   * match the same words (the Norwegian and English "faen", "hore" and
   * "horebukk"), or a split word's part lies inside the whole ("d.r.i.t" in
   * "d.r.i.t.t"), the strongest and most specific is kept. Allowlisted words are skipped.
   */
  scan(norm: NormalisedText, language: TextLanguage | (() => TextLanguage) | LanguageGuess): TermHit[] {
    const found: TermHit[] = [];
    // A fresh array after each word with hits: cheaper than clearing it with `length = 0`.
    let words: WordHit[] = [];
    const tokens = norm.tokens;
    // Walk without a language; the guess is made only if a hit depends on it.
    for (let t = 0; t < tokens.length; t++) {
      const token = tokens[t]!;
      if (!token.word) continue;
      const whole = this.walk(token.form, null, words);
      if (whole !== null && whole.phrases !== null) this.matchPhrases(whole, tokens, t, found);
      if (token.alt !== null) {
        const wholeAlt = this.walk(token.alt, null, words);
        if (wholeAlt !== null && wholeAlt.phrases !== null) this.matchPhrases(wholeAlt, tokens, t, found);
      }
      if (words.length > 0) {
        keep(token, words, found);
        words = [];
      }
    }
    const joined = norm.joined;
    for (let t = 0; t < joined.length; t++) {
      const token = joined[t]!;
      this.walk(token.form, null, words);
      if (words.length > 0) {
        keep(token, words, found);
        words = [];
      }
    }
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

  private matchPhrases(node: TrieNode, tokens: readonly Token[], t: number, hits: TermHit[]) {
    if (node.phrases === null) return;
    const depth = this.wholeDepth;
    if (t + 1 >= tokens.length) return;
    const second = tokens[t + 1]!;
    const first = second.form.charCodeAt(0);
    const firstAlt = second.alt === null ? -1 : second.alt.charCodeAt(0);
    if (!hasChar(node.phraseFirsts, first) && (firstAlt < 0 || !hasChar(node.phraseFirsts, firstAlt))) return;
    outer: for (const cand of node.phrases) {
      if (t + cand.parts.length >= tokens.length) continue;
      // partFits needs the word's first character to be the part's first.
      if (!hasChar(cand.secondFirst, first) && (firstAlt < 0 || !hasChar(cand.secondFirst, firstAlt)))
        continue;
      if (!runsFit(cand.firstRuns, SCRATCH_RUNS, SCRATCH_VOWELS, depth)) continue;
      for (let k = 0; k < cand.parts.length; k++) {
        const next = tokens[t + 1 + k]!;
        let fits = false;
        for (const part of cand.parts[k]!) {
          if (partFits(next.form, part) || (next.alt !== null && partFits(next.alt, part))) {
            fits = true;
            break;
          }
        }
        if (!fits) continue outer;
      }
      const last = tokens[t + cand.parts.length]!;
      let matched = tokens[t]!.form;
      for (let k = 1; k <= cand.parts.length; k++) matched += ` ${tokens[t + k]!.form}`;
      hits.push({
        entry: cand.entry,
        kind: 'phrase',
        rest: '',
        start: tokens[t]!.start,
        end: last.end,
        matched,
      });
    }
  }
}

const KIND_RANK: Record<HitKind, number> = { form: 0, phrase: 1, head: 2, tail: 2 };

function better(a: TermHit, b: TermHit): boolean {
  if (a.entry.severity !== b.entry.severity) return a.entry.severity === 'reject';
  if (a.end - a.start !== b.end - b.start) return a.end - a.start > b.end - b.start;
  if (KIND_RANK[a.kind] !== KIND_RANK[b.kind]) return KIND_RANK[a.kind] < KIND_RANK[b.kind];
  const exactA = a.matched === a.entry.term;
  if (exactA !== (b.matched === b.entry.term)) return exactA;
  return a.entry.id < b.entry.id;
}

/** Keeps, for each rule, the best hit among those whose spans overlap. */
function strongestPerPlace(hits: TermHit[]): TermHit[] {
  const kept: TermHit[] = [];
  for (const hit of hits) {
    let merged = false;
    for (let k = 0; k < kept.length; k++) {
      const other = kept[k]!;
      if (other.entry.rule !== hit.entry.rule || hit.start >= other.end || other.start >= hit.end) continue;
      if (better(hit, other)) kept[k] = hit;
      merged = true;
      break;
    }
    if (!merged) kept.push(hit);
  }
  // Stable insertion sort by start: the hits come almost in order, and a comparator
  // sort costs more than the rest of this function (same order as a stable sort).
  for (let i = 1; i < kept.length; i++) {
    const hit = kept[i]!;
    let j = i - 1;
    if (kept[j]!.start <= hit.start) continue;
    while (j >= 0 && kept[j]!.start > hit.start) {
      kept[j + 1] = kept[j]!;
      j--;
    }
    kept[j + 1] = hit;
  }
  return kept;
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
  vowels: ArrayLike<number>,
  depth: number,
): boolean {
  if (need.length !== depth) return false;
  for (let k = 0; k < depth; k++) {
    const h = have[k]!;
    const n = need[k]!;
    if (h === n) continue;
    if (h > n && (h >= 3 || vowels[k] === 1)) continue;
    return false;
  }
  return true;
}

/** Vowels whose doubling is a stretch, not a spelling: English doubles o, e and i ("cook" is not "cok"). */
const VOWEL_TABLE = new Uint8Array(256);
for (const c of 'auyæøå') VOWEL_TABLE[c.charCodeAt(0)] = 1;
const isVowel = (c: number): number => (c < 256 ? VOWEL_TABLE[c]! : 0);

/** Whether a whole word matches one later word of a phrase, without building its skeleton. */
function partFits(form: string, part: { key: string; runs: Uint8Array }): boolean {
  const { key, runs } = part;
  let k = 0;
  for (let i = 0; i < form.length; k++) {
    const c = form.charCodeAt(i);
    let r = 1;
    while (i + r < form.length && form.charCodeAt(i + r) === c) r++;
    if (k >= key.length || key.charCodeAt(k) !== c) return false;
    const need = runs[k]!;
    if (r !== need && !(r > need && (r >= 3 || isVowel(c) === 1))) return false;
    i += r;
  }
  return k === key.length;
}

/** Whether `s` holds the code unit `c` (`s.includes(String.fromCharCode(c))` without the string). */
function hasChar(s: string, c: number): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === c) return true;
  return false;
}

function langOk(entry: TermEntry, lang: TermLanguage | null): boolean {
  return lang === null || entry.lang === null || entry.lang === lang;
}

function keep(token: Token, words: WordHit[], found: TermHit[]): void {
  for (let k = 0; k < words.length; k++) {
    const w = words[k]!;
    found.push({
      entry: w.entry,
      kind: w.kind,
      rest: w.rest,
      start: token.start,
      end: token.end,
      matched: token.form,
    });
  }
}

function restIsCompound(entry: TermEntry, rest: string): boolean {
  if (entry.endings.has(rest)) return true;
  return rest.length >= MIN_COMPOUND_PART && !DERIVATIONAL.has(rest);
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
            : 'Suspect term';
  return `${label} "${entry.term}" (${entry.category})`;
}

function ruleFor(category: TermCategory, severity: 'reject' | 'hold', source: TermEntry['source']): RuleName {
  if (source === 'lexicon' && category === 'slur') return 'slur';
  if (source === 'lexicon' && category === 'threat') return 'threat';
  return severity === 'reject' ? 'banned_term' : 'suspect_term';
}

/**
 * Reads a site term: several words make a phrase; a trailing `*` makes a
 * compound head ("drittsekk*"), a leading `*` a compound tail, both make both;
 * a plain word also matches with the usual Norwegian endings.
 */
export function siteTermEntry(raw: string, severity: 'reject' | 'hold'): LexiconEntry | null {
  const trimmed = raw.trim();
  const head = trimmed.endsWith('*');
  const tail = trimmed.startsWith('*');
  const term = trimmed.replace(/^\*+|\*+$/g, '');
  if (normaliseTerm(term).length === 0) return null;
  const match: MatchMode = head && tail ? 'both' : head ? 'start' : tail ? 'end' : 'word';
  return { term, category: 'spam', severity, match, endings: SITE_TERM_ENDINGS };
}

/** Compiles the lexicon and a site policy into one matcher. */
export function compileMatcher(lexicon: Lexicon, policy: ModerationPolicy): TermMatcher {
  const matcher = new TermMatcher();
  for (const entry of lexicon.entries) matcher.add(entry, lexicon.paradigms, 'lexicon');
  for (const raw of policy.bannedTerms) {
    const entry = siteTermEntry(raw, 'reject');
    if (entry !== null) matcher.add(entry, lexicon.paradigms, 'site', 'site');
  }
  for (const raw of policy.suspectTerms) {
    const entry = siteTermEntry(raw, 'hold');
    if (entry !== null) matcher.add(entry, lexicon.paradigms, 'site', 'site');
  }
  for (const allow of lexicon.allow) matcher.allow(allow);
  for (const word of lexicon.norwegianWords ?? []) matcher.norwegianWords.add(word);
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
