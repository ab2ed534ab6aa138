/**
 * Text normalisation for matching: one pass over the raw text that yields word
 * tokens in a canonical spelling, each with its span in the original text.
 *
 * Per code point: NFKC, case folding, format characters dropped, Cyrillic and
 * Greek look-alikes mapped to Latin, accents stripped except on æ/ø/å (ä/ö are
 * read as æ/ø, which is how Swedish spellings of Norwegian swearing appear).
 * Per token: leet inside words (0→o, 1→i or l, 3→e, 4→a, 5→s, 7→t, @→a, $→s,
 * and ! or + only inside a word). Across tokens: letters split by spaces, dots,
 * dashes or underscores ("f a e n", "d.r.i.t.t") and words split by a single
 * dash, dot or underscore ("fa-en") are offered to the matcher joined as well.
 * Repeated letters are not collapsed here: the matcher compares run-collapsed
 * spellings (see skeleton matching in matcher.ts) so "ass" never becomes "as".
 */

import * as fingerprint from './fingerprint.js';

// Copied into this module once: the hot loop must not read another module's bindings
// (under tsx, the benchmark's runner, each read of an imported binding is a getter call).
const FNV_PRIME = fingerprint.FNV_PRIME;
const LANE_A = fingerprint.LANE_A;
const LANE_B = fingerprint.LANE_B;
const SPACE = fingerprint.SPACE;
const finishFingerprint = fingerprint.finishFingerprint;

/** Character classes after mapping. */
const CLS_NONE = 0; // separator or punctuation
const CLS_LETTER = 1;
const CLS_DIGIT = 2;
const CLS_SYMBOL = 3; // @ $ (leet anywhere in a word)
const CLS_INNER = 4; // ! + (leet only between word characters)
const CLS_SPACE = 5;
const CLS_DROP = 6; // format characters, combining marks: removed without a trace
const FLAG_LETTER = 1;
const FLAG_UPPER = 2;
const FLAG_PLAIN = 4;

interface MappedChar {
  out: string;
  cls: number;
  /** A letter whose lower-case form is its mapping, so a word of them is `raw.slice().toLowerCase()`. */
  plain: boolean;
  /** The original character counts as a letter for the shouting rule. */
  letter: boolean;
  upper: boolean;
}

const HOMOGLYPHS: Record<string, string> = {
  // Cyrillic
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ї: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  һ: 'h',
  ԛ: 'q',
  ԝ: 'w',
  ɡ: 'g',
  // Greek
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ω: 'w',
  ς: 's',
  σ: 's',
  μ: 'u',
  // Latin extras that NFKC keeps
  ı: 'i',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ß: 'ss',
  œ: 'oe',
  ä: 'æ',
  ö: 'ø',
};

const KEEP = new Set(['æ', 'ø', 'å']);

const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  '!': 'i',
  '+': 't',
};

/** Format characters (zero-width space and joiners, soft hyphen, BOM) and marks, variation selectors included. */
const RE_FORMAT = /^[\p{Cf}\p{Mn}\p{Me}]$/u;
const RE_LETTER = /^\p{L}$/u;
const RE_ASCII_DIGIT = /^[0-9]$/;
const RE_SPACE = /^\s$/u;

function foldChar(ch: string): string {
  const lower = ch.toLowerCase();
  const glyph = HOMOGLYPHS[lower];
  if (glyph !== undefined) return glyph;
  if (KEEP.has(lower) || lower.charCodeAt(0) < 0x80) return lower;
  return lower.normalize('NFD').replace(/\p{M}/gu, '');
}

function mapCodePoint(cp: number): MappedChar {
  const m = mapCodePointClass(cp);
  const ch = String.fromCodePoint(cp);
  m.plain = m.cls === CLS_LETTER && cp <= 0xffff && m.out === ch.toLowerCase() && m.out.length === 1;
  return m;
}

function mapCodePointClass(cp: number): MappedChar {
  const ch = String.fromCodePoint(cp);
  if (RE_FORMAT.test(ch)) return { out: '', cls: CLS_DROP, plain: false, letter: false, upper: false };
  const letter = RE_LETTER.test(ch);
  const upper = letter && ch !== ch.toLowerCase();
  if (RE_SPACE.test(ch)) return { out: ' ', cls: CLS_SPACE, plain: false, letter, upper };
  let out = '';
  for (const c of ch.normalize('NFKC')) out += foldChar(c);
  if (out.length === 0) return { out: '', cls: CLS_DROP, plain: false, letter, upper };
  let cls = CLS_NONE;
  if (out === '@' || out === '$') cls = CLS_SYMBOL;
  else if (out === '!' || out === '+') cls = CLS_INNER;
  else if (RE_ASCII_DIGIT.test(out)) cls = CLS_DIGIT;
  else if ([...out].every((c) => RE_LETTER.test(c))) cls = CLS_LETTER;
  else if (RE_SPACE.test(out)) cls = CLS_SPACE;
  return { out, cls, plain: false, letter, upper };
}

const ASCII_TABLE: MappedChar[] = [];
for (let cp = 0; cp < 0x250; cp++) ASCII_TABLE.push(mapCodePoint(cp));
const CACHE = new Map<number, MappedChar>();
/** The hot path's view of ASCII_TABLE: bit 1 letter, 2 upper-case, 4 plain letter. */
const FLAGS = new Uint8Array(ASCII_TABLE.length);
for (let cp = 0; cp < ASCII_TABLE.length; cp++) {
  const m = ASCII_TABLE[cp]!;
  FLAGS[cp] = (m.letter ? FLAG_LETTER : 0) | (m.upper ? FLAG_UPPER : 0) | (m.plain ? FLAG_PLAIN : 0);
}
/** A plain letter's lower-case code unit (its form), for the fingerprint hashed on the hot path. */
const LOWER = new Uint16Array(ASCII_TABLE.length);
for (let cp = 0; cp < ASCII_TABLE.length; cp++)
  if (ASCII_TABLE[cp]!.plain) LOWER[cp] = ASCII_TABLE[cp]!.out.charCodeAt(0);

/** The fingerprint's two lanes while a built token is hashed (see `hashToken`). */
const LANES = new Int32Array(2);

/** Hashes a whole token's form into LANES, after a space unless it is the first token. */
function hashToken(form: string, first: boolean): void {
  let a = LANES[0]!;
  let b = LANES[1]!;
  if (!first) {
    a = Math.imul(a ^ SPACE, FNV_PRIME);
    b = Math.imul(b ^ SPACE, FNV_PRIME) ^ (b >>> 15);
  }
  for (let i = 0; i < form.length; i++) {
    const c = form.charCodeAt(i);
    a = Math.imul(a ^ c, FNV_PRIME);
    b = Math.imul(b ^ c, FNV_PRIME) ^ (b >>> 15);
  }
  LANES[0] = a;
  LANES[1] = b;
}

function mapped(cp: number): MappedChar {
  if (cp < 0x250) return ASCII_TABLE[cp]!;
  let m = CACHE.get(cp);
  if (m === undefined) {
    m = mapCodePoint(cp);
    if (CACHE.size < 50_000) CACHE.set(cp, m);
  }
  return m;
}

export interface Token {
  /** Canonical lower-case spelling with leet resolved (1 read as i). */
  form: string;
  /** The same word with 1 read as l, when the word had a 1 in it. */
  alt: string | null;
  /** Span in the original text (UTF-16 offsets, end exclusive). */
  start: number;
  end: number;
  /** Has at least one letter; a token of digits only is a number. */
  word: boolean;
  /** What separated this token from the previous one, normalised ('' for the first token). */
  sep: string;
}

export interface NormalisedText {
  tokens: Token[];
  /** Extra spellings built from tokens split by separators, offered to the matcher only. */
  joined: Token[];
  /** `fingerprintTokens(tokens)`, hashed while the text is read. */
  fingerprint: string;
  letters: number;
  upperLetters: number;
  /** Code points in the raw text, and those that are not white space. */
  codePoints: number;
  nonSpace: number;
  digits: number;
}

const COMBINING_RING = 0x030a;
const COMBINING_DIAERESIS = 0x0308;

/** Normalises `raw` into tokens with spans and the counters the rules need. */
// Scratch buffers for the token under construction, reused across calls (the engine is synchronous).
let scratchChars: string[] = [];
let scratchClasses = new Int32Array(256);
let scratchStarts = new Int32Array(256);
let scratchEnds = new Int32Array(256);

function growScratch(): void {
  const size = scratchClasses.length * 2;
  const classes = new Int32Array(size);
  const starts = new Int32Array(size);
  const ends = new Int32Array(size);
  classes.set(scratchClasses);
  starts.set(scratchStarts);
  ends.set(scratchEnds);
  scratchClasses = classes;
  scratchStarts = starts;
  scratchEnds = ends;
}

function sliceForm(raw: string, start: number, n: number, upper: boolean): string {
  const slice = raw.slice(start, start + n);
  return upper ? slice.toLowerCase() : slice;
}

function joinScratch(n: number): string {
  let form = '';
  for (let k = 0; k < n; k++) form += scratchChars[k];
  return form;
}

/** Writes the plain letters raw[start, start + n) into the scratch buffers. */
function fillScratch(raw: string, start: number, n: number): void {
  while (scratchClasses.length < n + 8) growScratch();
  for (let k = 0; k < n; k++) {
    scratchChars[k] = ASCII_TABLE[raw.charCodeAt(start + k)]?.out ?? raw[start + k]!.toLowerCase();
    scratchClasses[k] = CLS_LETTER;
    scratchStarts[k] = start + k;
    scratchEnds[k] = start + k + 1;
  }
}

/** Builds a token from the scratch buffers; returns the separator characters it trimmed. */
function buildToken(
  n: number,
  plain: string | null,
  sep: string,
  tokens: Token[],
  sliceStart: number,
  sliced: boolean,
): string {
  const chars = scratchChars;
  const classes = scratchClasses;
  if (plain !== null) {
    const start = sliced ? sliceStart : scratchStarts[0]!;
    const end = sliced ? sliceStart + n : scratchEnds[n - 1]!;
    tokens.push({ form: plain, alt: null, start, end, word: true, sep });
    return '';
  }
  // ! and + count only between word characters.
  let lo = 0;
  let hi = n;
  while (lo < hi && classes[lo] === CLS_INNER) lo++;
  while (hi > lo && classes[hi - 1] === CLS_INNER) hi--;
  let trimmed = '';
  for (let k = 0; k < lo; k++) trimmed += chars[k];
  if (lo === hi) return trimmed;
  let hasLetter = false;
  let hasOne = false;
  let symbolsOnly = hi - lo >= 2;
  for (let k = lo; k < hi; k++) {
    if (classes[k] === CLS_LETTER) hasLetter = true;
    else if (chars[k] === '1') hasOne = true;
    if (classes[k] !== CLS_SYMBOL) symbolsOnly = false;
  }
  // "@$$" is a word written in symbols only.
  if (symbolsOnly) hasLetter = true;
  let form = '';
  for (let k = lo; k < hi; k++) {
    const c = chars[k]!;
    form += hasLetter && classes[k] !== CLS_LETTER ? (LEET[c] ?? c) : c;
  }
  let alt: string | null = null;
  if (hasLetter && hasOne) {
    alt = '';
    for (let k = lo; k < hi; k++) {
      const c = chars[k]!;
      alt += c === '1' ? 'l' : classes[k] !== CLS_LETTER ? (LEET[c] ?? c) : c;
    }
  }
  tokens.push({
    form,
    alt,
    start: scratchStarts[lo]!,
    end: scratchEnds[hi - 1]!,
    word: hasLetter,
    sep: sep + trimmed,
  });
  let after = '';
  for (let k = hi; k < n; k++) after += chars[k];
  return after;
}

/** Normalises `raw` into tokens with spans and the counters the rules need. */
export function normalise(raw: string): NormalisedText {
  const tokens: Token[] = [];
  let letters = 0;
  let upperLetters = 0;
  let codePoints = 0;
  let nonSpace = 0;
  let digits = 0;
  // The token under construction: n characters. While every one is a plain letter
  // (the common case) the token is a lower-cased slice of the raw text.
  let n = 0;
  let plain = true;
  let sliceable = true;
  let upper = false;
  let sep = '';

  // While `sliceable`, the token is raw[tokenStart, tokenStart + n) lower-cased and
  // the scratch buffers are not written; the first other character fills them in.
  let tokenStart = 0;
  // The fingerprint (see fingerprint.ts), hashed as the text is read: a token of plain
  // letters from the hot path is hashed character by character (`inline`), any other
  // token once it is built. (savedA, savedB) is the hash before the current token.
  let hashA = LANE_A;
  let hashB = LANE_B;
  let savedA = hashA;
  let savedB = hashB;
  let inline = false;
  const length = raw.length;
  for (let i = 0; i < length; ) {
    const unit = raw.charCodeAt(i);
    if (unit < 0x250 && sliceable && (FLAGS[unit]! & FLAG_PLAIN) !== 0) {
      // Hot path: a run of plain letters extends the current token; lower-case
      // ASCII letters cost two comparisons each, the counters are added once.
      if (n === 0) {
        tokenStart = i;
        savedA = hashA;
        savedB = hashB;
        inline = true;
        if (tokens.length > 0) {
          hashA = Math.imul(hashA ^ SPACE, FNV_PRIME);
          hashB = Math.imul(hashB ^ SPACE, FNV_PRIME) ^ (hashB >>> 15);
        }
      }
      let j = i;
      let up = 0;
      if (inline) {
        let a = hashA;
        let b = hashB;
        while (j < length) {
          const u = raw.charCodeAt(j);
          let c = u;
          if (u < 97 || u > 122) {
            if (u >= 0x250) break;
            const flags = FLAGS[u]!;
            if ((flags & FLAG_PLAIN) === 0) break;
            if ((flags & FLAG_UPPER) !== 0) up++;
            c = LOWER[u]!;
          }
          a = Math.imul(a ^ c, FNV_PRIME);
          b = Math.imul(b ^ c, FNV_PRIME) ^ (b >>> 15);
          j++;
        }
        hashA = a;
        hashB = b;
      } else {
        while (j < length) {
          const u = raw.charCodeAt(j);
          if (u >= 97 && u <= 122) {
            j++;
            continue;
          }
          if (u >= 0x250) break;
          const flags = FLAGS[u]!;
          if ((flags & FLAG_PLAIN) === 0) break;
          if ((flags & FLAG_UPPER) !== 0) up++;
          j++;
        }
      }
      const run = j - i;
      codePoints += run;
      letters += run;
      nonSpace += run;
      if (up > 0) {
        upperLetters += up;
        upper = true;
      }
      n += run;
      i = j;
      continue;
    }
    const cp = unit < 0xd800 ? unit : raw.codePointAt(i)!;
    const m = cp < 0x250 ? ASCII_TABLE[cp]! : mapped(cp);
    const cls = m.cls;
    codePoints++;
    if (m.letter) {
      letters++;
      if (m.upper) upperLetters++;
    }
    if (m.plain && sliceable) {
      // Outside the hot path's table: the token is hashed once it is built.
      if (inline) {
        hashA = savedA;
        hashB = savedB;
        inline = false;
      }
      nonSpace++;
      if (n === 0) tokenStart = i;
      if (m.upper) upper = true;
      n++;
      i++;
      continue;
    }
    const width = cp > 0xffff ? 2 : 1;
    if (cls === CLS_SPACE || cls === CLS_NONE) {
      if (cls === CLS_NONE) nonSpace++;
      if (n > 0) {
        if (sliceable && plain) {
          // The common word: a lower-cased slice of the raw text (buildToken's first case, inlined).
          const form = sliceForm(raw, tokenStart, n, upper);
          if (!inline) {
            LANES[0] = hashA;
            LANES[1] = hashB;
            hashToken(form, tokens.length === 0);
            hashA = LANES[0]!;
            hashB = LANES[1]!;
          }
          tokens.push({ form, alt: null, start: tokenStart, end: tokenStart + n, word: true, sep });
          sep = '';
        } else {
          const form = !plain ? null : joinScratch(n);
          const before = tokens.length;
          sep = buildToken(n, form, sep, tokens, tokenStart, sliceable);
          if (tokens.length > before) {
            LANES[0] = hashA;
            LANES[1] = hashB;
            hashToken(tokens[before]!.form, before === 0);
            hashA = LANES[0]!;
            hashB = LANES[1]!;
          }
        }
        inline = false;
        n = 0;
        plain = true;
        sliceable = true;
        upper = false;
      }
      sep = sep.length === 0 ? m.out : sep + m.out;
    } else if (cls === CLS_DROP) {
      // Dropped inside a word: the word is no longer a slice of the raw text.
      if (n > 0 && sliceable) {
        fillScratch(raw, tokenStart, n);
        sliceable = false;
        if (inline) {
          hashA = savedA;
          hashB = savedB;
          inline = false;
        }
      }
      // Decomposed å, æ/ø written with a combining mark after a/o.
      if (n > 0 && (cp === COMBINING_RING || cp === COMBINING_DIAERESIS)) {
        const prev = scratchChars[n - 1];
        let next = prev;
        if (cp === COMBINING_RING && prev === 'a') next = 'å';
        else if (cp === COMBINING_DIAERESIS && prev === 'a') next = 'æ';
        else if (cp === COMBINING_DIAERESIS && prev === 'o') next = 'ø';
        if (next !== prev && next !== undefined) scratchChars[n - 1] = next;
        scratchEnds[n - 1] = i + width;
      }
    } else {
      nonSpace++;
      if (cls === CLS_DIGIT) digits++;
      if (cls !== CLS_LETTER) plain = false;
      if (sliceable) {
        fillScratch(raw, tokenStart, n);
        sliceable = false;
        if (inline) {
          hashA = savedA;
          hashB = savedB;
          inline = false;
        }
      }
      // NFKC may expand one code point into several letters (ligatures): all share its span.
      const out = m.out;
      for (let k = 0; k < out.length; k++) {
        if (n === scratchClasses.length) growScratch();
        scratchChars[n] = out.length === 1 ? out : out[k]!;
        scratchClasses[n] = cls;
        scratchStarts[n] = i;
        scratchEnds[n] = i + width;
        n++;
      }
    }
    i += width;
  }
  if (n > 0) {
    const form = !plain ? null : sliceable ? sliceForm(raw, tokenStart, n, upper) : joinScratch(n);
    const before = tokens.length;
    buildToken(n, form, sep, tokens, tokenStart, sliceable);
    if (!(sliceable && inline) && tokens.length > before) {
      LANES[0] = hashA;
      LANES[1] = hashB;
      hashToken(tokens[before]!.form, before === 0);
      hashA = LANES[0]!;
      hashB = LANES[1]!;
    }
  }
  if (scratchChars.length > 4096) scratchChars = [];

  return {
    tokens,
    joined: joinSplitWords(tokens),
    fingerprint: finishFingerprint(hashA, hashB),
    letters,
    upperLetters,
    codePoints,
    nonSpace,
    digits,
  };
}

const MAX_RUN = 40;
const RE_LETTER_SEP = /^[\s._-]{1,3}$/;
/** `RE_LETTER_SEP.test(sep)`, without the regular expression for the usual single space, dot, dash or underscore. */
function isLetterSep(sep: string): boolean {
  if (sep.length === 1) {
    const c = sep.charCodeAt(0);
    if (c === 32 || c === 45 || c === 46 || c === 95) return true;
  }
  return RE_LETTER_SEP.test(sep);
}
const isWordJoiner = (sep: string): boolean => {
  if (sep.length !== 1) return false;
  const c = sep.charCodeAt(0);
  return c === 45 || c === 46 || c === 95; // - . _
};

function singleLetter(t: Token): string | null {
  if (t.form.length !== 1 || t.alt !== null) return null;
  if (t.word) return t.form;
  return LEET[t.form] ?? null;
}

/**
 * A cheap pass that rules out most texts: joining needs three single-character
 * tokens in a row or a token glued on by a joiner character.
 */
function mayJoin(tokens: readonly Token[]): boolean {
  let singles = 0;
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t]!;
    if (isWordJoiner(token.sep)) return true;
    if (token.form.length === 1) {
      if (++singles >= 3) return true;
    } else singles = 0;
  }
  return false;
}

/**
 * Spellings hidden by separators: runs of three or more single letters
 * ("f a e n", "d.r.i.t.t"), every sub-run of them too (so "i f a e n" still
 * yields "faen"), and words glued by a single dash, dot or underscore
 * ("fa-en", "cock-head").
 */
function joinSplitWords(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  if (!mayJoin(tokens)) return out;
  let i = 0;
  while (i < tokens.length) {
    // Single letters.
    let j = i;
    let realLetters = 0;
    while (j < tokens.length && j - i < MAX_RUN) {
      const t = tokens[j]!;
      const letter = singleLetter(t);
      if (letter === null) break;
      if (j > i && !isLetterSep(t.sep)) break;
      if (t.word) realLetters++;
      j++;
    }
    if (j - i >= 3 && realLetters >= 2) {
      for (let a = i; a < j; a++) {
        let form = '';
        for (let b = a; b < j; b++) {
          form += singleLetter(tokens[b]!)!;
          if (b - a >= 1) {
            out.push({ form, alt: null, start: tokens[a]!.start, end: tokens[b]!.end, word: true, sep: '' });
          }
        }
      }
      i = j;
      continue;
    }
    // Words glued by one joiner character.
    j = i + 1;
    while (j < tokens.length && j - i < 6 && isWordJoiner(tokens[j]!.sep)) j++;
    if (j - i >= 2) {
      for (let a = i; a < j; a++) {
        let form = tokens[a]!.form;
        for (let b = a + 1; b < j; b++) {
          form += tokens[b]!.form;
          out.push({ form, alt: null, start: tokens[a]!.start, end: tokens[b]!.end, word: true, sep: '' });
        }
      }
    }
    i = j - i >= 2 ? j : i + 1;
  }
  return out;
}

/** The canonical text: token forms joined by single spaces (what the fingerprint hashes). */
export function canonicalText(norm: NormalisedText): string {
  return norm.tokens.map((t) => t.form).join(' ');
}

/** Normalises a single lexicon or policy term the way text is normalised. */
export function normaliseTerm(term: string): string[] {
  return normalise(term).tokens.map((t) => t.form);
}
