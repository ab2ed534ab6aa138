/**
 * Text normalisation for matching: one pass over the raw text that yields word
 * tokens in a canonical spelling, each with its span in the original text.
 *
 * Per code point: NFKC, case folding, format characters dropped, Cyrillic and
 * Greek look-alikes, small capitals and letters with a stroke mapped to Latin,
 * accents stripped except on æ/ø/å (ä/ö are read as æ/ø, which is how Swedish
 * spellings of Norwegian swearing appear; ǿ is an o).
 * Per token: leet inside words (0→o, 1→i or l, 3→e, 4→a, 5→s, 7→t, @→a, $→s, €→e,
 * and ! or + only inside a word). Across tokens: letters split by spaces, dots,
 * dashes, underscores, slashes, commas, semicolons or one emoji each ("f a e n",
 * "d.r.i.t.t", "f/a/e/n", "f,i,t,t,e", "F🔥A🔥E🔥N") and words
 * split by a single dash, dot, underscore or bracket ("fa-en", "p(i)kk") are
 * offered to the matcher joined as well, and two words parted by an emoji with a
 * masked letter for it ("j🤬vla" → j*vla).
 * Repeated letters are not collapsed here: the matcher compares run-collapsed
 * spellings (see skeleton matching in matcher.ts) so "ass" never becomes "as".
 *
 * The tokens are kept as parallel arrays over one buffer of character codes
 * (see `NormalisedText`), not as an object and a string per word: the rules
 * read the forms in place, and a word becomes a string only when one is needed
 * (a hit to report, the words around a threat verb).
 */

import { CONFUSABLE_PAIRS } from './confusables.js';
import * as fingerprint from './fingerprint.js';
import * as wordCache from './word-cache.js';

// Copied into this module once: the hot loop must not read another module's bindings
// (under tsx, as `npm start` runs it, each read of an imported binding is a getter call).
const FNV_PRIME = fingerprint.FNV_PRIME;
const LANE_A = fingerprint.LANE_A;
const LANE_B = fingerprint.LANE_B;
const SPACE = fingerprint.SPACE;
const finishFingerprint = fingerprint.finishFingerprint;
const WORD_OFFSET = wordCache.FNV_OFFSET;

/** Character classes after mapping. */
const CLS_NONE = 0; // separator or punctuation
const CLS_LETTER = 1;
const CLS_DIGIT = 2;
const CLS_SYMBOL = 3; // @ $ € (leet anywhere in a word)
const CLS_INNER = 4; // ! + (leet only between word characters), * # (a masked letter between word characters)
const CLS_SPACE = 5;
const CLS_DROP = 6; // format characters, combining marks: removed without a trace
const FLAG_LETTER = 1;
const FLAG_UPPER = 2;
const FLAG_PLAIN = 4;

interface MappedChar {
  out: string;
  /** `out`'s first code unit (a plain letter's whole mapping), 0 when `out` is empty. */
  code: number;
  cls: number;
  /** A letter whose lower-case form is its mapping, so a word of them is `raw.slice().toLowerCase()`. */
  plain: boolean;
  /** The original character counts as a letter for the shouting rule. */
  letter: boolean;
  upper: boolean;
  /**
   * A punctuation mark or symbol read inside a word: as leet or a mask (@ $ € ! + * #) or as the
   * letter it is shaped like (© ¢ ¥ ™); `joinSigned` reads it as a masked letter or as nothing too.
   */
  sign: boolean;
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
  // Signs shaped like a letter: "fu©k", "¢unt", "sk¥te", "ƒaen"
  '©': 'c',
  '¢': 'c',
  '¥': 'y',
  ƒ: 'f',
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
  // Letters with a stroke, which NFKC and the accent strip keep: "ħore", "ŧosk"
  ħ: 'h',
  ŧ: 't',
  ƀ: 'b',
  ɨ: 'i',
  ǥ: 'g',
  ɍ: 'r',
  ɏ: 'y',
  ƶ: 'z',
  ȼ: 'c',
  ɇ: 'e',
  ʉ: 'u',
  // An ø with an accent is no Norwegian letter: an o dressed up ("hǿre")
  ǿ: 'o',
  // Small capitals, which NFKC keeps: "ʜᴇʟᴠᴇᴛᴇ", "ᴋᴜᴋ"
  ᴀ: 'a',
  ʙ: 'b',
  ᴄ: 'c',
  ᴅ: 'd',
  ᴇ: 'e',
  ꜰ: 'f',
  ɢ: 'g',
  ʜ: 'h',
  ɪ: 'i',
  ᴊ: 'j',
  ᴋ: 'k',
  ʟ: 'l',
  ᴍ: 'm',
  ɴ: 'n',
  ᴏ: 'o',
  ᴘ: 'p',
  ʀ: 'r',
  ꜱ: 's',
  ᴛ: 't',
  ᴜ: 'u',
  ᴠ: 'v',
  ᴡ: 'w',
  ʏ: 'y',
  ᴢ: 'z',
  ᴁ: 'æ',
};

/**
 * Greek capitals read by their shape, not by the letter their small form is: "ΗΟRΕΒUΚΚ"
 * (Eta looks like H, where η is read as n; Nu like N, Mu like M, Upsilon like Y, Zeta like Z).
 */
const CAPITAL_GLYPHS: Record<string, string> = {
  Ζ: 'z',
  Η: 'h',
  Ν: 'n',
  Μ: 'm',
  Υ: 'y',
};

/**
 * Letters turned upside down, as text "flipped" for a joke or to hide a word is written ("ǝɹoɥ",
 * "ǝʇʇıɟ", "¡ʇoıpı"): the letter each stands for the right way up. (ı is read as i already.)
 */
const UPSIDE_DOWN: Record<string, string> = {
  ǝ: 'e',
  ɐ: 'a',
  ɔ: 'c',
  ɟ: 'f',
  ƃ: 'g',
  ɥ: 'h',
  ᴉ: 'i',
  ɾ: 'j',
  ʞ: 'k',
  ɯ: 'm',
  ɹ: 'r',
  ʇ: 't',
  ʌ: 'v',
  ʍ: 'w',
  ʎ: 'y',
  ᴂ: 'æ',
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
const BRAILLE_BLANK = '\u2800';
const RE_SIGN_CHAR = /^[\p{P}\p{S}]$/u;
/** An emoji or pictograph that is no letter, digit or sign read as one (© is c). */
const RE_PICTOGRAPH = /^\p{Extended_Pictographic}$/u;

function foldChar(ch: string): string {
  const capital = CAPITAL_GLYPHS[ch];
  if (capital !== undefined) return capital;
  const lower = ch.toLowerCase();
  const glyph = HOMOGLYPHS[lower];
  if (glyph !== undefined) return glyph;
  if (KEEP.has(lower) || lower.charCodeAt(0) < 0x80) return lower;
  return lower.normalize('NFD').replace(/\p{M}/gu, '');
}

function mapCodePoint(cp: number): MappedChar {
  const m = mapCodePointClass(cp);
  const ch = String.fromCodePoint(cp);
  // A letter turned upside down is no plain letter: its word is read again the right way up (`joinTurned`).
  m.plain =
    m.cls === CLS_LETTER &&
    cp <= 0xffff &&
    m.out === ch.toLowerCase() &&
    m.out.length === 1 &&
    UPSIDE_DOWN[ch] === undefined;
  m.sign = (m.cls === CLS_SYMBOL || m.cls === CLS_INNER || m.cls === CLS_LETTER) && RE_SIGN_CHAR.test(ch);
  return m;
}

/**
 * Letters drawn in a box, a circle or brackets that NFKC does not read as letters: regional
 * indicators ("🇩 🇷 🇮 🇹 🇹"), negative circled and squared capitals ("🅗🅞🅡🅔", "🅷🅾🆁🅴") and
 * parenthesised small letters ("⒡⒜⒠⒩"). The letter's code, or 0.
 */
function enclosedLetter(cp: number): number {
  if (cp >= 0x1f1e6 && cp <= 0x1f1ff) return 0x61 + cp - 0x1f1e6;
  if (cp >= 0x1f150 && cp <= 0x1f169) return 0x61 + cp - 0x1f150;
  if (cp >= 0x1f170 && cp <= 0x1f189) return 0x61 + cp - 0x1f170;
  if (cp >= 0x249c && cp <= 0x24b5) return 0x61 + cp - 0x249c;
  return 0;
}

/**
 * Letters of other scripts and signs shaped like a Latin letter (confusables.ts, generated from
 * Unicode's confusables as obscenity carries them): code point → the letter's code. A turned
 * letter ("ʌ", "ǝ") is left to `joinTurned`, which reads its word the right way up.
 */
const CONFUSABLE = new Map<number, number>();
for (let at = 0; at < CONFUSABLE_PAIRS.length; ) {
  const cp = CONFUSABLE_PAIRS.codePointAt(at)!;
  at += cp > 0xffff ? 2 : 1;
  if (UPSIDE_DOWN[String.fromCodePoint(cp)] === undefined)
    CONFUSABLE.set(cp, CONFUSABLE_PAIRS.charCodeAt(at));
  at++;
}

function mapCodePointClass(cp: number): MappedChar {
  const confusable = CONFUSABLE.get(cp);
  if (confusable !== undefined) {
    const ch = String.fromCodePoint(cp);
    const letter = RE_LETTER.test(ch);
    return {
      out: String.fromCharCode(confusable),
      code: confusable,
      cls: CLS_LETTER,
      plain: false,
      letter,
      upper: letter && ch !== ch.toLowerCase(),
      sign: false,
    };
  }
  const enclosed = enclosedLetter(cp);
  if (enclosed !== 0)
    return {
      out: String.fromCharCode(enclosed),
      code: enclosed,
      cls: CLS_LETTER,
      plain: false,
      letter: true,
      upper: false,
      sign: false,
    };
  // Hangul fillers are letters that show as a blank: read as the braille blank, a sign between letters.
  if (cp === 0x3164 || cp === 0x115f || cp === 0x1160 || cp === 0xffa0)
    return {
      out: BRAILLE_BLANK,
      code: 0x2800,
      cls: CLS_NONE,
      plain: false,
      letter: false,
      upper: false,
      sign: false,
    };
  const ch = String.fromCodePoint(cp);
  if (RE_FORMAT.test(ch))
    return { out: '', code: 0, cls: CLS_DROP, plain: false, letter: false, upper: false, sign: false };
  const letter = RE_LETTER.test(ch);
  const upper = letter && ch !== ch.toLowerCase();
  if (RE_SPACE.test(ch))
    return { out: ' ', code: 0x20, cls: CLS_SPACE, plain: false, letter, upper, sign: false };
  let out = '';
  for (const c of ch.normalize('NFKC')) out += foldChar(c);
  // A spacing accent (¨ ´ ¸ ¯ ˜) is a space and a combining mark to NFKC: a sign, not a space ("h¨re").
  if (RE_SPACE.test(out) && RE_SIGN_CHAR.test(ch))
    return { out: ch, code: cp, cls: CLS_NONE, plain: false, letter, upper, sign: false };
  if (out.length === 0) return { out: '', code: 0, cls: CLS_DROP, plain: false, letter, upper, sign: false };
  let cls = CLS_NONE;
  if (out === '@' || out === '$' || out === '€') cls = CLS_SYMBOL;
  else if (out === '!' || out === '+' || out === '*' || out === '#') cls = CLS_INNER;
  else if (RE_ASCII_DIGIT.test(out)) cls = CLS_DIGIT;
  else if ([...out].every((c) => RE_LETTER.test(c))) cls = CLS_LETTER;
  else if (RE_SPACE.test(out)) cls = CLS_SPACE;
  return { out, code: out.charCodeAt(0), cls, plain: false, letter, upper, sign: false };
}

/** Code points below this are mapped through ASCII_TABLE (Latin, with its extensions); the rest are cached. */
const TABLE_SIZE = 0x250;
const ASCII_TABLE: MappedChar[] = [];
for (let cp = 0; cp < TABLE_SIZE; cp++) ASCII_TABLE.push(mapCodePoint(cp));
const CACHE = new Map<number, MappedChar>();
/** The hot path's view of ASCII_TABLE: bit 1 letter, 2 upper-case, 4 plain letter. */
const FLAGS = new Uint8Array(TABLE_SIZE);
for (let cp = 0; cp < TABLE_SIZE; cp++) {
  const m = ASCII_TABLE[cp]!;
  FLAGS[cp] = (m.letter ? FLAG_LETTER : 0) | (m.upper ? FLAG_UPPER : 0) | (m.plain ? FLAG_PLAIN : 0);
}
/** A plain letter's lower-case code unit (its form), for the hot path. */
const LOWER = new Uint16Array(TABLE_SIZE);
for (let cp = 0; cp < TABLE_SIZE; cp++) if (ASCII_TABLE[cp]!.plain) LOWER[cp] = ASCII_TABLE[cp]!.code;

/** LEET by code unit: the letter a digit or symbol stands for inside a word, 0 for none. */
const LEET_CODES = new Uint16Array(128);
for (const [symbol, letter] of Object.entries(LEET)) LEET_CODES[symbol.charCodeAt(0)] = letter.charCodeAt(0);
/** The euro sign stands for an e ("h€lv€t€", "N€GER"): a symbol, read as leet anywhere in a word, like @ and $. */
const EURO = 0x20ac;
const LETTER_E = 0x65;
const leetOf = (c: number): number => (c < 128 ? LEET_CODES[c]! : c === EURO ? LETTER_E : 0);
const DIGIT_ONE = 0x31;
const LETTER_L = 0x6c;

function mapped(cp: number): MappedChar {
  if (cp < TABLE_SIZE) return ASCII_TABLE[cp]!;
  let m = CACHE.get(cp);
  if (m === undefined) {
    m = mapCodePoint(cp);
    if (CACHE.size < 50_000) CACHE.set(cp, m);
  }
  return m;
}

/** One token as an object: the view tests and tools use (see `NormalisedText.tokens`). */
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

/** Token flags. */
const TOKEN_WORD = 1;
/** The alternative spelling (1 read as l) follows the form in `chars`, as long as the form. */
const TOKEN_ALT = 2;
/** The form is `raw.slice(start, end)`, lower-cased when TOKEN_UPPER is set. */
const TOKEN_SLICE = 4;
const TOKEN_UPPER = 8;
/** The separator before the token is a single dash, dot or underscore ("fa-en"): it may be glued on. */
const TOKEN_AFTER_JOINER = 16;

/** The form holds masked letters (`*`, written for `*`, `#`, or dots and underscores inside a word): "f**n". */
const TOKEN_MASK = 32;
/** A word of one or two letters standing alone, not glued to a neighbour ("isn't" is no "t"): a chunk, perhaps. */
const TOKEN_CHUNK = 64;
/** A chunk that is no ordinary short word ("jæ", "v", "ot"). */
const TOKEN_ODD_CHUNK = 128;
/** A masked letter in a form. */
export const MASK = 0x2a;
const HASH = 0x23;

/**
 * TOKEN_AFTER_JOINER for a separator that glues two words: a single dash, dot,
 * underscore, apostrophe, bracket, semicolon or middle dot ("fa-en", "fa'en", "p(i)kk",
 * "f[i]tte", "helv;ete", "syrer•pakket"), a closing and an opening bracket or guillemet
 * ("j(æ)(v)(l)(a)", "f[a][e]n", "«kuk»«suger»"), or two or three dots or underscores
 * ("f..n", a masked word), else 0.
 */
function joinerFlag(sep: string): number {
  const c = sep.charCodeAt(0);
  if (sep.length === 1)
    return c === 45 ||
      c === 46 ||
      c === 95 ||
      c === 39 ||
      c === 0x2019 ||
      c === 40 ||
      c === 41 ||
      c === 91 ||
      c === 93 ||
      c === 59 ||
      c === 0xb7 ||
      c === 0x2022 ||
      c === 0x2219 ||
      isMaskSign(c)
      ? TOKEN_AFTER_JOINER
      : 0;
  // Two quoted halves glued ("«kuk»«suger»") are one word too.
  if (
    sep.length === 2 &&
    ((c === 41 && sep.charCodeAt(1) === 40) ||
      (c === 93 && sep.charCodeAt(1) === 91) ||
      (c === 0xbb && sep.charCodeAt(1) === 0xab))
  )
    return TOKEN_AFTER_JOINER;
  if (sep.length > 3 || (c !== 46 && c !== 95 && !isMaskSign(c))) return 0;
  for (let k = 1; k < sep.length; k++) if (sep.charCodeAt(k) !== c) return 0;
  return TOKEN_AFTER_JOINER;
}

/**
 * The number of masked letters a joiner stands for: dots, underscores and the mask signs, else 0.
 * A dash or a bracket joins the pieces of a compound or wraps a letter ("EU-land", "p(i)kk"): no mask.
 */
function maskedLetters(sep: string): number {
  const c = sep.charCodeAt(0);
  if (c === 45 || c === 40 || c === 41 || c === 91 || c === 93) return 0;
  return c === 46 || c === 95 || isMaskSign(c) ? sep.length : 0;
}

/**
 * Signs written for a letter or glued into a word with no space either side, as a dot or an
 * underscore is ("j=vla", "h%re", "fi&&e", "drit:tsekk", "Somalier^pakket", "f§en", "hel|vete",
 * "h~re", "jæv–la", "f?en"): since round 20 every punctuation mark and symbol of the table's range
 * (`RE_SIGN`) but the pictographs (an emoji between two words is read by `joinEmojiMasks`) and the
 * signs read as leet or masks inside a word (! + * # @ $ €, never a separator between letters).
 */
function isMaskSign(c: number): boolean {
  return c < MASK_SIGN_RANGE && MASK_SIGNS[c] === 1;
}

/**
 * Whether a separator is one emoji alone (its variation selector is dropped):
 * between two words with no space it may stand for a letter ("j🤬vla", "F😡EN").
 */
function isPictograph(sep: string): boolean {
  return sep.length <= 2 && sep.length > 0 && sep.charCodeAt(0) >= PICTOGRAPH_FROM && RE_PICTOGRAPH.test(sep);
}

/** No pictograph is below this code unit (`isPictograph`). */
const PICTOGRAPH_FROM = 0x2000;

/** Mask signs are looked up below this code unit: Latin, the general punctuation, symbols and CJK punctuation. */
const MASK_SIGN_RANGE = 0x3040;
const MASK_SIGNS = new Uint8Array(MASK_SIGN_RANGE);
for (let c = 0x21; c < MASK_SIGN_RANGE; c++) {
  const ch = String.fromCharCode(c);
  if (/^[\p{P}\p{S}]$/u.test(ch) && !(c >= PICTOGRAPH_FROM && RE_PICTOGRAPH.test(ch))) MASK_SIGNS[c] = 1;
}

/** Whether a character's normalised form `out` has a code unit from PICTOGRAPH_FROM up. */
function reachesPictographs(out: string): boolean {
  for (let k = 0; k < out.length; k++) if (out.charCodeAt(k) >= PICTOGRAPH_FROM) return true;
  return false;
}

/**
 * Two words parted by one emoji and no space offered as one word with a masked
 * letter ("j🤬vla" → j*vla), not glued without it: words an emoji stands between
 * ("feite🤬jævla") are still read apart.
 */
function joinEmojiMasks(text: NormalisedText): void {
  const { count, seps, formStarts, formEnds } = text;
  for (let t = 1; t < count; t++) {
    const sep = seps[t]!;
    if (sep.length === 0 || sep.length > 2 || sep.charCodeAt(0) < 0x2000 || !isPictograph(sep)) continue;
    if (!text.isWord(t - 1) || !text.isWord(t)) continue;
    const lengthA = formEnds[t - 1]! - formStarts[t - 1]!;
    const lengthB = formEnds[t]! - formStarts[t]!;
    const out = text.reserveChars(lengthA + 1 + lengthB);
    const from = text.charLength;
    out.copyWithin(from, formStarts[t - 1]!, formEnds[t - 1]!);
    out[from + lengthA] = MASK;
    out.copyWithin(from + lengthA + 1, formStarts[t]!, formEnds[t]!);
    text.charLength = from + lengthA + 1 + lengthB;
    text.addJoined(text.starts[t - 1]!, text.ends[t]!, from, text.charLength, true);
  }
}

/**
 * At most this many tokens in a text of `length` code units: each token takes at
 * least one, and a separator stands between two tokens.
 */
const maxTokens = (length: number): number => Math.max(4, (length >> 1) + 2);

/** `fresh` holding `old`'s entries. */
function grown<T extends Int32Array | Uint16Array | Uint8Array>(old: T, fresh: T): T {
  fresh.set(old);
  return fresh;
}

/** Buffers larger than this (in entries) are not kept for the next text. */
const RETAIN_LIMIT = 1 << 16;

/** The string of the code units codes[start, end). */
function codesToString(codes: Uint16Array, start: number, end: number): string {
  // A word is short: one character at a time costs a third of `fromCharCode.apply` over a
  // subarray. Longer ranges go in chunks that stay far below the engine's argument limit.
  let s = '';
  if (end - start <= 16) {
    for (let i = start; i < end; i++) s += String.fromCharCode(codes[i]!);
    return s;
  }
  const CHUNK = 4096;
  for (let at = start; at < end; at += CHUNK) {
    s += String.fromCharCode.apply(
      null,
      codes.subarray(at, Math.min(end, at + CHUNK)) as unknown as number[],
    );
  }
  return s;
}

/**
 * A normalised text, as parallel arrays. Entry t < `count` is a token: its span
 * in the raw text is [starts[t], ends[t]); its form is the code units
 * chars[formStarts[t], formEnds[t]) (followed by its alternative spelling when
 * it has one); seps[t] is what separated it from the previous token. Entries
 * from `count` to `count + joinedCount` are the joined spellings of split and
 * glued words, offered to the matcher only.
 *
 * `normalise()` fills one; `moderate()` refills the same one for every text, so
 * the arrays are allocated once and a text costs no allocation per word.
 */
export class NormalisedText {
  raw = '';
  count = 0;
  joinedCount = 0;
  chars: Uint16Array;
  starts: Int32Array;
  ends: Int32Array;
  formStarts: Int32Array;
  formEnds: Int32Array;
  flags: Uint8Array;
  /** Each token's `wordHash` (word-cache.ts) of its form, the key the matcher's word cache looks it up by. */
  hashes: Int32Array;
  /** The separators before the tokens, normalised ('' before the first); mostly one shared ' '. */
  readonly seps: string[] = [];
  /** `fingerprintTokens(tokens)` (see fingerprint.ts). */
  fingerprint = '';
  letters = 0;
  upperLetters = 0;
  /** Code points in the raw text, and those that are not white space. */
  codePoints = 0;
  nonSpace = 0;
  digits = 0;
  /** Code units of `chars` in use. */
  charLength = 0;
  /** Tokens that are odd chunks (see `isOddChunk`): 0 in most texts. */
  oddChunks = 0;
  /** A token holds a letter turned upside down ("ǝɹoɥ"): false in most texts (see `joinTurned`). */
  turned = false;
  /** A word holds a sign read as a letter or a mask ("fan@en", "f!en", "hel*vete"): false in most texts (see `joinSigned`). */
  signed = false;
  private tokenList: Token[] | null = null;
  private joinedList: Token[] | null = null;
  /** `chars` as bytes, for the native copy of the raw text (`readRaw`); made again when `chars` is. */
  private charBytes: Buffer | null = null;

  /** `length`: the expected raw text length, to size the buffers. */
  constructor(length = 256) {
    const chars = Math.max(16, length + 8);
    const tokens = maxTokens(length);
    this.chars = new Uint16Array(chars);
    this.starts = new Int32Array(tokens);
    this.ends = new Int32Array(tokens);
    this.formStarts = new Int32Array(tokens);
    this.formEnds = new Int32Array(tokens);
    this.flags = new Uint8Array(tokens);
    this.hashes = new Int32Array(tokens);
  }

  /** Empties the text for `raw`, dropping buffers a very long text left behind. */
  reset(raw: string): void {
    if (this.chars.length > RETAIN_LIMIT || this.starts.length > RETAIN_LIMIT) {
      const fresh = new NormalisedText(raw.length);
      this.chars = fresh.chars;
      this.starts = fresh.starts;
      this.ends = fresh.ends;
      this.formStarts = fresh.formStarts;
      this.formEnds = fresh.formEnds;
      this.flags = fresh.flags;
      this.hashes = fresh.hashes;
      this.seps.length = 0;
    }
    // Room for every token up front, so the arrays stay put while the text is read.
    if (this.starts.length < maxTokens(raw.length)) this.growEntries(maxTokens(raw.length));
    this.raw = raw;
    this.count = 0;
    this.joinedCount = 0;
    this.fingerprint = '';
    this.letters = 0;
    this.upperLetters = 0;
    this.codePoints = 0;
    this.nonSpace = 0;
    this.digits = 0;
    this.charLength = 0;
    this.oddChunks = 0;
    this.turned = false;
    this.signed = false;
    this.tokenList = null;
    this.joinedList = null;
  }

  isWord(t: number): boolean {
    return (this.flags[t]! & TOKEN_WORD) !== 0;
  }

  hasAlt(t: number): boolean {
    return (this.flags[t]! & TOKEN_ALT) !== 0;
  }

  /** Entry t's form has masked letters (MASK): "f**n", "h_re". */
  isMasked(t: number): boolean {
    return (this.flags[t]! & TOKEN_MASK) !== 0;
  }

  /**
   * Token t is a word of one or two letters, not glued to the word before or after it
   * by a dash, dot, apostrophe or underscore: it may be a chunk of a word written in
   * chunks ("jæ v la", "f a en"; see `TermMatcher`'s chunk walk).
   */
  isChunk(t: number): boolean {
    return (this.flags[t]! & TOKEN_CHUNK) !== 0;
  }

  /**
   * Token t is a chunk that no ordinary Bokmål, Nynorsk or English short word spells
   * ("jæ", "v", "ot"; not "i", "på", "en", "kl"): only around one are chunks joined.
   */
  isOddChunk(t: number): boolean {
    return (this.flags[t]! & TOKEN_ODD_CHUNK) !== 0;
  }

  /** Entry t's form as a string. */
  form(t: number): string {
    const flags = this.flags[t]!;
    if ((flags & TOKEN_SLICE) !== 0) {
      const slice = this.raw.slice(this.starts[t], this.ends[t]);
      return (flags & TOKEN_UPPER) !== 0 ? slice.toLowerCase() : slice;
    }
    return codesToString(this.chars, this.formStarts[t]!, this.formEnds[t]!);
  }

  /**
   * The forms of tokens first..last joined by single spaces (a phrase). Words of plain
   * letters with a space between them are that span of the raw text, lower-cased.
   */
  forms(first: number, last: number): string {
    let upper = false;
    let slice = true;
    for (let t = first; t <= last && slice; t++) {
      const flags = this.flags[t]!;
      slice = (flags & TOKEN_SLICE) !== 0 && (t === first || this.seps[t] === ' ');
      if ((flags & TOKEN_UPPER) !== 0) upper = true;
    }
    if (slice) {
      const span = this.raw.slice(this.starts[first], this.ends[last]);
      return upper ? span.toLowerCase() : span;
    }
    let joined = this.form(first);
    for (let t = first + 1; t <= last; t++) joined += ` ${this.form(t)}`;
    return joined;
  }

  /** Entry t's alternative spelling (1 read as l), or null. */
  alt(t: number): string | null {
    if (!this.hasAlt(t)) return null;
    const end = this.formEnds[t]!;
    return codesToString(this.chars, end, end + end - this.formStarts[t]!);
  }

  /** The tokens as objects, built on first use. */
  get tokens(): Token[] {
    this.tokenList ??= this.entries(0, this.count);
    return this.tokenList;
  }

  /** The joined spellings as objects, built on first use. */
  get joined(): Token[] {
    this.joinedList ??= this.entries(this.count, this.count + this.joinedCount);
    return this.joinedList;
  }

  private entries(from: number, to: number): Token[] {
    const list: Token[] = [];
    for (let t = from; t < to; t++) {
      list.push({
        form: this.form(t),
        alt: this.alt(t),
        start: this.starts[t]!,
        end: this.ends[t]!,
        word: this.isWord(t),
        sep: t < this.count ? this.seps[t]! : '',
      });
    }
    return list;
  }

  /** Makes room for `more` code units after `charLength`; returns `chars` (reallocated if it grew). */
  reserveChars(more: number): Uint16Array {
    const need = this.charLength + more;
    if (need > this.chars.length) {
      const chars = new Uint16Array(Math.max(need, this.chars.length * 2));
      chars.set(this.chars);
      this.chars = chars;
    }
    return this.chars;
  }

  /**
   * Copies the raw text's code units into chars[0, raw.length) by one native call
   * (`Buffer#write` as UTF-16 LE, lone surrogates kept) and sets `charLength` after
   * them: a token of plain letters has its form in place there, at its own span, and
   * every other form is written after. Returns `chars`.
   */
  readRaw(raw: string): Uint16Array {
    const chars = this.reserveChars(raw.length);
    let bytes = this.charBytes;
    if (bytes === null || bytes.buffer !== chars.buffer) {
      bytes = Buffer.from(chars.buffer, chars.byteOffset, chars.byteLength);
      this.charBytes = bytes;
    }
    bytes.write(raw, 0, 'utf16le');
    this.charLength = raw.length;
    return chars;
  }

  /** Adds a token of plain letters, its form in place at its span of `chars` (see `readRaw`). */
  addSlice(start: number, end: number, flags: number, sep: string): void {
    const t = this.count;
    this.addEntry(t, start, end, start, end, flags | joinerFlag(sep));
    this.seps[t] = sep;
    this.count = t + 1;
  }

  /**
   * Adds a token whose form (and alternative spelling, when flagged) are the last
   * code units written to `chars`.
   */
  addToken(start: number, end: number, formStart: number, formEnd: number, flags: number, sep: string): void {
    const t = this.count;
    this.addEntry(t, start, end, formStart, formEnd, flags | joinerFlag(sep));
    this.seps[t] = sep;
    this.charLength = (flags & TOKEN_ALT) !== 0 ? formEnd + (formEnd - formStart) : formEnd;
    this.count = t + 1;
  }

  /** Adds a joined spelling, once every token is in. */
  addJoined(start: number, end: number, formStart: number, formEnd: number, masked = false): void {
    this.addEntry(
      this.count + this.joinedCount,
      start,
      end,
      formStart,
      formEnd,
      masked ? TOKEN_WORD | TOKEN_MASK : TOKEN_WORD,
    );
    this.joinedCount++;
  }

  private addEntry(t: number, start: number, end: number, formStart: number, formEnd: number, flags: number) {
    if (t === this.starts.length) this.growEntries(2 * t);
    this.starts[t] = start;
    this.ends[t] = end;
    this.formStarts[t] = formStart;
    this.formEnds[t] = formEnd;
    this.flags[t] = flags;
  }

  private growEntries(size: number): void {
    this.starts = grown(this.starts, new Int32Array(size));
    this.ends = grown(this.ends, new Int32Array(size));
    this.formStarts = grown(this.formStarts, new Int32Array(size));
    this.formEnds = grown(this.formEnds, new Int32Array(size));
    this.flags = grown(this.flags, new Uint8Array(size));
    this.hashes = grown(this.hashes, new Int32Array(size));
  }
}

const COMBINING_RING = 0x030a;
const COMBINING_DIAERESIS = 0x0308;
const LETTER_A = 0x61;
const LETTER_O = 0x6f;
const A_RING = 0xe5; // å
const AE = 0xe6; // æ
const O_SLASH = 0xf8; // ø

// Scratch buffers for a token that is not a slice of the raw text, reused across calls
// (the engine is synchronous): each code unit of its form, with its class and span.
let scratchCodes = new Uint16Array(256);
let scratchClasses = new Int32Array(256);
let scratchStarts = new Int32Array(256);
let scratchEnds = new Int32Array(256);

function reserveScratch(size: number): void {
  if (size <= scratchCodes.length) return;
  const capacity = Math.max(size, scratchCodes.length * 2);
  scratchCodes = grown(scratchCodes, new Uint16Array(capacity));
  scratchClasses = grown(scratchClasses, new Int32Array(capacity));
  scratchStarts = grown(scratchStarts, new Int32Array(capacity));
  scratchEnds = grown(scratchEnds, new Int32Array(capacity));
}

/**
 * Moves the token read so far (n plain letters from raw offset `start`, their
 * forms in place there, see `readRaw`) into the scratch buffers.
 */
function fillScratch(text: NormalisedText, start: number, n: number): void {
  reserveScratch(n + 8);
  const chars = text.chars;
  for (let k = 0; k < n; k++) {
    scratchCodes[k] = chars[start + k]!;
    scratchClasses[k] = CLS_LETTER;
    scratchStarts[k] = start + k;
    scratchEnds[k] = start + k + 1;
  }
}

/**
 * Adds the token in the scratch buffers (n code units; `plain`: letters only)
 * after the separator `sep`; returns the separator that follows it so far.
 */
function buildToken(text: NormalisedText, n: number, plain: boolean, sep: string): string {
  const codes = scratchCodes;
  const classes = scratchClasses;
  if (plain) {
    // Letters only, though not a slice of the raw text (a dropped character or a ligature inside).
    const chars = text.reserveChars(n);
    const at = text.charLength;
    for (let k = 0; k < n; k++) chars[at + k] = codes[k]!;
    if (!text.turned && hasTurnedLetter(chars, at, at + n)) text.turned = true;
    text.addToken(scratchStarts[0]!, scratchEnds[n - 1]!, at, at + n, TOKEN_WORD, sep);
    return '';
  }
  // ! and + count only between word characters.
  let lo = 0;
  let hi = n;
  while (lo < hi && classes[lo] === CLS_INNER) lo++;
  while (hi > lo && classes[hi - 1] === CLS_INNER) hi--;
  // Nothing but ! and +: they take the place of the separator read so far.
  if (lo === hi) return codesToString(codes, 0, n);
  // One sign between every two letters parts them ("k+u+k", "f!i!t!t!e", "h*o*r*e"): the letters are the word.
  if (hi - lo >= 5 && classes[lo + 1] === CLS_INNER && signParted(lo, hi)) {
    // Read again with the signs as masks too ("f+a+n" is f*a*n): see `joinSigned`.
    text.signed = true;
    const letters = (hi - lo + 1) >> 1;
    const chars = text.reserveChars(letters);
    const at = text.charLength;
    for (let k = 0; k < letters; k++) chars[at + k] = codes[lo + 2 * k]!;
    const before = lo === 0 ? sep : sep + codesToString(codes, 0, lo);
    text.addToken(scratchStarts[lo]!, scratchEnds[hi - 1]!, at, at + letters, TOKEN_WORD, before);
    return hi === n ? '' : codesToString(codes, hi, n);
  }
  let hasLetter = false;
  let hasOne = false;
  let symbolsOnly = hi - lo >= 2;
  for (let k = lo; k < hi; k++) {
    const cls = classes[k];
    if (cls === CLS_LETTER) hasLetter = true;
    else if (codes[k] === DIGIT_ONE) hasOne = true;
    if (cls !== CLS_SYMBOL) symbolsOnly = false;
    // A leet or mask sign inside the word, not at its edge: `joinSigned` reads the word again.
    else if (k > lo && k < hi - 1) text.signed = true;
    if (cls === CLS_INNER && k > lo && k < hi - 1) text.signed = true;
  }
  // "@$$" is a word written in symbols only.
  if (symbolsOnly) hasLetter = true;
  const length = hi - lo;
  const withAlt = hasLetter && hasOne;
  const chars = text.reserveChars(withAlt ? 2 * length : length);
  const at = text.charLength;
  let masked = false;
  for (let k = lo; k < hi; k++) {
    const c = codes[k]!;
    if (hasLetter && (c === MASK || c === HASH)) {
      chars[at + k - lo] = MASK;
      masked = true;
    } else chars[at + k - lo] = hasLetter && classes[k] !== CLS_LETTER ? leetOf(c) || c : c;
  }
  if (withAlt) {
    for (let k = lo; k < hi; k++) {
      const c = codes[k]!;
      chars[at + length + k - lo] =
        c === DIGIT_ONE ? LETTER_L : classes[k] !== CLS_LETTER ? leetOf(c) || c : c;
    }
  }
  const flags = (hasLetter ? TOKEN_WORD : 0) | (withAlt ? TOKEN_ALT : 0) | (masked ? TOKEN_MASK : 0);
  // Leading ones end the separator before the token, trailing ones begin the next.
  const before = lo === 0 ? sep : sep + codesToString(codes, 0, lo);
  text.addToken(scratchStarts[lo]!, scratchEnds[hi - 1]!, at, at + length, flags, before);
  return hi === n ? '' : codesToString(codes, hi, n);
}

/** Whether the scratch codes lo..hi alternate a letter and one same sign (`CLS_INNER`), letters at both ends. */
function signParted(lo: number, hi: number): boolean {
  if (((hi - lo) & 1) === 0) return false;
  const sign = scratchCodes[lo + 1]!;
  for (let k = lo; k < hi; k += 2) if (scratchClasses[k] !== CLS_LETTER) return false;
  for (let k = lo + 1; k < hi; k += 2)
    if (scratchClasses[k] !== CLS_INNER || scratchCodes[k] !== sign) return false;
  return true;
}

/** The fingerprint's two lanes, passed to and from `hashForm`. */
const LANES = new Int32Array(2);

/**
 * Hashes entry t's form into LANES (see fingerprint.ts), after a space unless it is
 * the first token, and sets its word hash.
 */
function hashForm(text: NormalisedText, t: number): void {
  const chars = text.chars;
  let a = LANES[0]!;
  let b = LANES[1]!;
  let word = WORD_OFFSET;
  if (t > 0) {
    a = Math.imul(a ^ SPACE, FNV_PRIME);
    b = Math.imul(b ^ SPACE, FNV_PRIME) ^ (b >>> 15);
  }
  const end = text.formEnds[t]!;
  for (let i = text.formStarts[t]!; i < end; i++) {
    const c = chars[i]!;
    a = Math.imul(a ^ c, FNV_PRIME);
    b = Math.imul(b ^ c, FNV_PRIME) ^ (b >>> 15);
    word = Math.imul(word ^ c, FNV_PRIME);
  }
  LANES[0] = a;
  LANES[1] = b;
  text.hashes[t] = word;
}

/**
 * Normalises `raw` into tokens with spans and the counters the rules need.
 * `into`: a NormalisedText to refill instead of allocating one; it is valid
 * until its next use.
 */
export function normalise(raw: string, into?: NormalisedText): NormalisedText {
  const text = into ?? new NormalisedText(raw.length);
  text.reset(raw);
  let letters = 0;
  let upperLetters = 0;
  let codePoints = 0;
  let nonSpace = 0;
  let digits = 0;
  // The token under construction: n code units. While every one is a plain letter
  // (the common case) it is `sliceable`: a lower-cased slice of the raw text, its
  // form the raw text's code units in place in `chars` (see `readRaw`), an upper-case
  // letter lowered where it stands. The first other character moves it into the
  // scratch buffers.
  let n = 0;
  let plain = true;
  let sliceable = true;
  let upper = false;
  let tokenStart = 0;
  // The raw text's code units, which the character loop reads (not `charCodeAt` per
  // character: a string's representation is checked on every call, a sliced or cons
  // string's unwrapped), and the forms of sliceable tokens. Read again after a token
  // built in the scratch buffers, which may have moved it.
  let chars = text.readRaw(raw);
  /** The separator read since the last token. */
  let sep = '';
  // The fingerprint (see fingerprint.ts) over the forms joined by spaces, hashed as
  // the text is read, where the CPU has other work to overlap it with (a pass of its
  // own costs twice as much): a sliceable token character by character, any other
  // once it is built. (savedA, savedB) is the hash before the current token.
  let hashA = LANE_A;
  let hashB = LANE_B;
  let savedA = hashA;
  let savedB = hashB;
  // The current sliceable token's word hash (word-cache.ts), hashed alongside.
  let word = WORD_OFFSET;
  // The token arrays do not move while the text is read (see `reset`).
  const { starts, ends, formStarts, formEnds, flags: tokenFlags, hashes, seps } = text;
  const length = raw.length;
  // A code unit read or written from PICTOGRAPH_FROM up: only then can a separator begin with a pictograph.
  let high = false;
  for (let i = 0; i < length; ) {
    const unit = chars[i]!;
    if (unit < TABLE_SIZE && sliceable && (FLAGS[unit]! & FLAG_PLAIN) !== 0) {
      // Hot path: a run of plain letters extends the current token; lower-case
      // ASCII letters cost two comparisons each, the counters are added once.
      if (n === 0) {
        tokenStart = i;
        savedA = hashA;
        savedB = hashB;
        word = WORD_OFFSET;
        if (text.count > 0) {
          hashA = Math.imul(hashA ^ SPACE, FNV_PRIME);
          hashB = Math.imul(hashB ^ SPACE, FNV_PRIME) ^ (hashB >>> 15);
        }
      }
      let j = i;
      let up = 0;
      let a = hashA;
      let b = hashB;
      let w = word;
      while (j < length) {
        let c = chars[j]!;
        if (c < 97 || c > 122) {
          if (c >= TABLE_SIZE) break;
          const flags = FLAGS[c]!;
          if ((flags & FLAG_PLAIN) === 0) break;
          if ((flags & FLAG_UPPER) !== 0) up++;
          c = LOWER[c]!;
          chars[j] = c;
        }
        a = Math.imul(a ^ c, FNV_PRIME);
        b = Math.imul(b ^ c, FNV_PRIME) ^ (b >>> 15);
        w = Math.imul(w ^ c, FNV_PRIME);
        j++;
      }
      hashA = a;
      hashB = b;
      word = w;
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
      if (i < length && chars[i] === SPACE) {
        // The usual end of a word, a space: the token is added here (`addToken` written
        // out, the commonest step of all) and the space is the next separator, as the
        // general path below would do it.
        const t = text.count;
        starts[t] = tokenStart;
        ends[t] = i;
        formStarts[t] = tokenStart;
        formEnds[t] = i;
        // The usual separator, one space, glues nothing: no call to read it.
        const joiner = sep === ' ' ? 0 : joinerFlag(sep);
        tokenFlags[t] = TOKEN_WORD | TOKEN_SLICE | (upper ? TOKEN_UPPER : 0) | joiner;
        hashes[t] = word;
        seps[t] = sep;
        text.count = t + 1;
        sep = ' ';
        n = 0;
        upper = false;
        codePoints++;
        i++;
      }
      continue;
    }
    const cp = unit < 0xd800 ? unit : raw.codePointAt(i)!;
    const m = cp < TABLE_SIZE ? ASCII_TABLE[cp]! : mapped(cp);
    if (!high) high = cp >= PICTOGRAPH_FROM || reachesPictographs(m.out);
    const cls = m.cls;
    codePoints++;
    if (m.letter) {
      letters++;
      if (m.upper) upperLetters++;
    }
    if (m.plain && sliceable) {
      // A plain letter outside the hot path's table (Cyrillic, Greek): one code unit too.
      nonSpace++;
      if (n === 0) {
        tokenStart = i;
        savedA = hashA;
        savedB = hashB;
        word = WORD_OFFSET;
        if (text.count > 0) {
          hashA = Math.imul(hashA ^ SPACE, FNV_PRIME);
          hashB = Math.imul(hashB ^ SPACE, FNV_PRIME) ^ (hashB >>> 15);
        }
      }
      if (m.upper) upper = true;
      const c = m.code;
      chars[i] = c;
      hashA = Math.imul(hashA ^ c, FNV_PRIME);
      hashB = Math.imul(hashB ^ c, FNV_PRIME) ^ (hashB >>> 15);
      word = Math.imul(word ^ c, FNV_PRIME);
      n++;
      i++;
      continue;
    }
    const width = cp > 0xffff ? 2 : 1;
    if (cls === CLS_SPACE || cls === CLS_NONE) {
      if (cls === CLS_NONE) nonSpace++;
      if (n > 0) {
        if (sliceable) {
          // `addSlice` written out, as after a space above (a call here, some ten a text, cost
          // more than its stores: TurboFan does not inline it into a function this large).
          const t = text.count;
          const end = tokenStart + n;
          starts[t] = tokenStart;
          ends[t] = end;
          formStarts[t] = tokenStart;
          formEnds[t] = end;
          const joiner = sep === ' ' ? 0 : joinerFlag(sep);
          tokenFlags[t] = TOKEN_WORD | TOKEN_SLICE | (upper ? TOKEN_UPPER : 0) | joiner;
          hashes[t] = word;
          seps[t] = sep;
          text.count = t + 1;
          sep = '';
        } else {
          const before = text.count;
          sep = buildToken(text, n, plain, sep);
          chars = text.chars;
          if (text.count > before) {
            LANES[0] = hashA;
            LANES[1] = hashB;
            hashForm(text, before);
            hashA = LANES[0]!;
            hashB = LANES[1]!;
          }
        }
        n = 0;
        plain = true;
        sliceable = true;
        upper = false;
      }
      sep = sep.length === 0 ? m.out : sep + m.out;
    } else if (cls === CLS_DROP) {
      // Dropped inside a word: the word is no longer a slice of the raw text.
      if (n > 0 && sliceable) {
        fillScratch(text, tokenStart, n);
        sliceable = false;
        hashA = savedA;
        hashB = savedB;
      }
      // Decomposed å, æ/ø written with a combining mark after a/o.
      if (n > 0 && (cp === COMBINING_RING || cp === COMBINING_DIAERESIS)) {
        const prev = scratchCodes[n - 1]!;
        if (cp === COMBINING_RING && prev === LETTER_A) scratchCodes[n - 1] = A_RING;
        else if (cp === COMBINING_DIAERESIS && prev === LETTER_A) scratchCodes[n - 1] = AE;
        else if (cp === COMBINING_DIAERESIS && prev === LETTER_O) scratchCodes[n - 1] = O_SLASH;
        scratchEnds[n - 1] = i + width;
      }
    } else {
      nonSpace++;
      // A sign read as a letter ("fu©k", "dust¤"); leet and mask signs are seen where the word is built.
      if (m.sign && cls === CLS_LETTER) text.signed = true;
      if (cls === CLS_DIGIT) digits++;
      if (cls !== CLS_LETTER) plain = false;
      if (sliceable) {
        fillScratch(text, tokenStart, n);
        sliceable = false;
        // The token read so far is hashed again once it is built.
        if (n > 0) {
          hashA = savedA;
          hashB = savedB;
        }
      }
      // NFKC may expand one code point into several letters (ligatures): all share its span.
      const out = m.out;
      reserveScratch(n + out.length);
      for (let k = 0; k < out.length; k++) {
        scratchCodes[n] = out.charCodeAt(k);
        scratchClasses[n] = cls;
        scratchStarts[n] = i;
        scratchEnds[n] = i + width;
        n++;
      }
    }
    i += width;
  }
  if (n > 0) {
    if (sliceable) {
      const flags = TOKEN_WORD | TOKEN_SLICE | (upper ? TOKEN_UPPER : 0);
      hashes[text.count] = word;
      text.addSlice(tokenStart, tokenStart + n, flags, sep);
    } else {
      const before = text.count;
      buildToken(text, n, plain, sep);
      if (text.count > before) {
        LANES[0] = hashA;
        LANES[1] = hashB;
        hashForm(text, before);
        hashA = LANES[0]!;
        hashB = LANES[1]!;
      }
    }
  }
  if (scratchCodes.length > RETAIN_LIMIT) {
    scratchCodes = new Uint16Array(256);
    scratchClasses = new Int32Array(256);
    scratchStarts = new Int32Array(256);
    scratchEnds = new Int32Array(256);
  }
  text.letters = letters;
  text.upperLetters = upperLetters;
  text.codePoints = codePoints;
  text.nonSpace = nonSpace;
  text.digits = digits;
  text.fingerprint = finishFingerprint(hashA, hashB);
  joinSplitWords(text);
  // Most texts have no code unit from U+2000 up, so no separator that can be a pictograph.
  if (high) joinEmojiMasks(text);
  if (text.turned) joinTurned(text);
  if (text.signed) joinSigned(text);
  markChunks(text);
  return text;
}

/** A turned letter's code → the letter's code the right way up; p/d, b/q and n/u turn into each other. */
const TURNED = new Map<number, number>(
  [
    ...Object.entries(UPSIDE_DOWN),
    ['p', 'd'],
    ['d', 'p'],
    ['b', 'q'],
    ['q', 'b'],
    ['n', 'u'],
    ['u', 'n'],
  ].map(([from, to]) => [from!.charCodeAt(0), to!.charCodeAt(0)]),
);
const UPSIDE_DOWN_CODES = new Set(Object.keys(UPSIDE_DOWN).map((c) => c.charCodeAt(0)));
/** The lowest code of a turned letter (ƃ): every letter below it, æ, ø and å among them, is none. */
const LOWEST_TURNED = Math.min(...UPSIDE_DOWN_CODES);

/**
 * Words written by turning the text upside down ("ǝʇʇıɟ", "ǝɹoɥ": each letter turned and their
 * order reversed), offered to the matcher the right way up. Only texts holding a turned letter
 * come here (`NormalisedText.turned`, set where such a token is built): an ordinary text pays nothing.
 */
function joinTurned(text: NormalisedText): void {
  const { count, formStarts, formEnds, flags } = text;
  for (let t = 0; t < count; t++) {
    const start = formStarts[t]!;
    const length = formEnds[t]! - start;
    if (
      (flags[t]! & TOKEN_SLICE) === 0 &&
      length >= 2 &&
      hasTurnedLetter(text.chars, start, start + length)
    ) {
      addTurned(text, t);
      addUpright(text, t);
    }
  }
}

function hasTurnedLetter(chars: Uint16Array, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = chars[k]!;
    if (c >= LOWEST_TURNED && UPSIDE_DOWN_CODES.has(c)) return true;
  }
  return false;
}

/** Turned letters that look like another letter than the one they turn ("ʌ" is a turned v and looks like a Λ). */
const CONFUSABLE_LOOKS: Record<string, string> = { ʌ: 'a', ɾ: 'r', ɯ: 'w', ʍ: 'm', ƃ: 'b' };

/** A turned letter's code → the letter it looks like the right way up, as Unicode's confusables read it. */
const UPRIGHT = new Map<number, number>(
  Object.keys(UPSIDE_DOWN).map((c) => {
    const look = CONFUSABLE_LOOKS[c] ?? UPSIDE_DOWN[c]!;
    return [c.charCodeAt(0), look.charCodeAt(0)];
  }),
);

/** Token t's form turned back, its order reversed, as a joined spelling over its span. */
function addTurned(text: NormalisedText, t: number): void {
  addLettersMapped(text, t, TURNED, true);
}

/**
 * Token t's form with only its turned letters read as the letter each is shaped like, the order
 * kept: a look-alike among others of other scripts ("fȺǝƝ", "sΆʇΛɴᏚ"), as a joined spelling.
 */
function addUpright(text: NormalisedText, t: number): void {
  addLettersMapped(text, t, UPRIGHT, false);
}

/** Token t's form with each letter `letters` maps read as its letter (`reversed`: in reverse order), as a joined spelling. */
function addLettersMapped(
  text: NormalisedText,
  t: number,
  letters: Map<number, number>,
  reversed: boolean,
): void {
  const start = text.formStarts[t]!;
  const length = text.formEnds[t]! - start;
  const out = text.reserveChars(length);
  const from = text.charLength;
  for (let k = 0; k < length; k++) {
    const c = out[reversed ? start + length - 1 - k : start + k]!;
    out[from + k] = letters.get(c) ?? c;
  }
  text.charLength = from + length;
  text.addJoined(text.starts[t]!, text.ends[t]!, from, from + length);
}

/**
 * The two readings `joinSigned` writes of a word: its signs as masks, and without them. A word of
 * MAX_SIGNED code units fits however its characters expand (NFKC gives at most 18 for one).
 */
const signedMasked = new Uint16Array(1024);
const signedBare = new Uint16Array(1024);

/**
 * A sign inside a word is read as the letter it is leet for or is shaped like ("f@en", "fu©k"); a
 * reader also writes one for another letter ("fan@en", "f!en", "pi$$a") or puts one between two
 * letters ("hel*vete", "faens@kap"). Each word with a sign between two of its letters is offered
 * again with every such sign a masked letter, and with none of them (only texts with a sign in a
 * word come here, `NormalisedText.signed`).
 */
function joinSigned(text: NormalisedText): void {
  const { count, starts, ends, raw } = text;
  for (let t = 0; t < count; t++) {
    if (!text.isWord(t)) continue;
    const end = ends[t]!;
    if (end - starts[t]! > MAX_SIGNED) continue;
    let masked = 0;
    let bare = 0;
    let signs = 0;
    let lettersBefore = false;
    // Signs read so far that a letter has not yet followed: at a word's edge they are no masks.
    let pending = 0;
    for (let i = starts[t]!; i < end; ) {
      const cp = raw.codePointAt(i)!;
      i += cp > 0xffff ? 2 : 1;
      const m = mapped(cp);
      if (m.cls === CLS_DROP) continue;
      if (m.sign && lettersBefore) {
        signedMasked[masked++] = MASK;
        pending++;
        continue;
      }
      if (pending > 0) {
        signs += pending;
        pending = 0;
      }
      const out = m.out;
      for (let k = 0; k < out.length; k++) {
        const c = out.charCodeAt(k);
        const letter = m.cls === CLS_LETTER ? c : leetOf(c) || c;
        signedMasked[masked++] = letter;
        signedBare[bare++] = letter;
      }
      lettersBefore = true;
    }
    // Trailing signs are the word's punctuation ("dust¤"): the readings end before them.
    masked -= pending;
    if ((signs === 0 && pending === 0) || bare < 2) continue;
    if (signs === 0) {
      addReading(text, t, signedBare, bare, false);
      continue;
    }
    // A word read masked already ("h*re") is offered without its masks only ("hel*vete").
    if (!text.isMasked(t)) addReading(text, t, signedMasked, masked, true);
    addReading(text, t, signedBare, bare, false);
  }
}

/** Words longer than this (in code units) are not read again for their signs. */
const MAX_SIGNED = 40;

function addReading(
  text: NormalisedText,
  t: number,
  codes: Uint16Array,
  length: number,
  masked: boolean,
): void {
  const out = text.reserveChars(length);
  const from = text.charLength;
  for (let k = 0; k < length; k++) out[from + k] = codes[k]!;
  text.charLength = from + length;
  text.addJoined(text.starts[t]!, text.ends[t]!, from, from + length, masked);
}

/**
 * Ordinary words of one or two letters: Bokmål, Nynorsk, dialect and English
 * words, their spellings without æ/ø/å ("pa", "na", "ar"), and the
 * abbreviations a newsroom writes without a dot. Any other word this short is
 * an odd chunk. Chunks are joined into a hidden word only across an odd one, so
 * a run of these ("er du på vei ut i år") is never read as one.
 */
const ORDINARY_SHORT_WORDS = [
  // One letter: "i", "å", Nynorsk and dialect "e" (er) and "æ" (jeg), English "a".
  'a e i å æ',
  // Bokmål and Nynorsk
  'at av bi bo bu by bø da de di do du dø då eg ei en er et fe fy få fø gi gå ha hi ho hu hå ja jo ku kø',
  'la le li lo ly lå me mi mo må ne ni no nu ny nå og om os på re ri ro ry rå sa se si sy så ta te ti to',
  'tå tø ur ut va ve vi yr åk ål år ås åt øk øl øm ør øs øv øy',
  // Dialect: ka (hva), dæ, mæ, sæ (deg, meg, seg), ke (hva), æ (jeg) above
  'ka ke dæ mæ sæ',
  // Without æ/ø/å
  'pa na ma ga fa ar al as ol oy ov fo ko',
  // English
  'ad ah am an as be by do eh go he hi id if in is it me my no of oh ok on or ow ox so to uh up us we ye yo',
  // Abbreviations written without a dot
  'ca cm dn dr eu fn jf kg kl km kr mm mr nb nr pc ps sp st sv tv uk vg vs ap bl pr',
].flatMap((line) => line.split(' '));

/** A letter's place in the short-word table: a-z, æ, ø, å; -1 for anything else. */
const LETTER_INDEX = new Int8Array(256).fill(-1);
for (let c = 97; c <= 122; c++) LETTER_INDEX[c] = c - 97;
LETTER_INDEX[AE] = 26;
LETTER_INDEX[O_SLASH] = 27;
LETTER_INDEX[A_RING] = 28;
/** The second index of a one-letter word. */
const NO_LETTER = 29;
const TABLE_WIDTH = 30;
const letterIndex = (c: number): number => (c < 256 ? LETTER_INDEX[c]! : -1);
/** 1 at first * TABLE_WIDTH + second for each ordinary short word. */
const ORDINARY_SHORT = new Uint8Array(TABLE_WIDTH * TABLE_WIDTH);
for (const word of ORDINARY_SHORT_WORDS) {
  const second = word.length === 2 ? letterIndex(word.charCodeAt(1)) : NO_LETTER;
  ORDINARY_SHORT[letterIndex(word.charCodeAt(0)) * TABLE_WIDTH + second] = 1;
}

/** Whether `word` (normalised, one or two letters) is an ordinary short word. */
export function isOrdinaryShortWord(word: string): boolean {
  if (word.length === 0 || word.length > 2) return false;
  const first = letterIndex(word.charCodeAt(0));
  const second = word.length === 2 ? letterIndex(word.charCodeAt(1)) : NO_LETTER;
  return first >= 0 && second >= 0 && ORDINARY_SHORT[first * TABLE_WIDTH + second] === 1;
}

/** Marks the chunks (TOKEN_CHUNK) and those of them that are no ordinary short word (TOKEN_ODD_CHUNK). */
function markChunks(text: NormalisedText): void {
  const { count, formStarts, formEnds, flags, chars } = text;
  let odd = 0;
  for (let t = 0; t < count; t++) {
    const start = formStarts[t]!;
    const length = formEnds[t]! - start;
    // Most words are longer; numbers, masked words and words with a second spelling are no chunks.
    if (length > 2 || (flags[t]! & (TOKEN_WORD | TOKEN_ALT | TOKEN_MASK | TOKEN_AFTER_JOINER)) !== TOKEN_WORD)
      continue;
    if (t + 1 < count && (flags[t + 1]! & TOKEN_AFTER_JOINER) !== 0) continue;
    const first = letterIndex(chars[start]!);
    const second = length === 2 ? letterIndex(chars[start + 1]!) : NO_LETTER;
    if (first < 0 || second < 0) continue;
    if (ORDINARY_SHORT[first * TABLE_WIDTH + second] === 1) flags[t] = flags[t]! | TOKEN_CHUNK;
    else {
      flags[t] = flags[t]! | TOKEN_CHUNK | TOKEN_ODD_CHUNK;
      odd++;
    }
  }
  text.oddChunks = odd;
}

const MAX_RUN = 40;
/**
 * A slash, a comma or a semicolon between letters spells a word as a dot does ("f/a/e/n",
 * "f,i,t,t,e", "i;h;j;e;l"), only between single letters; so does one emoji ("F🔥A🔥E🔥N").
 */
const SLASH = 0x2f;
const COMMA = 0x2c;
const SEMICOLON = 0x3b;
const MAX_GLUED = 10;
const RE_LETTER_SEP = /^[\s._/-]{1,3}$/;

/**
 * Any one punctuation mark or symbol between single letters spells a word as a dot does, since round 14
 * ("h:o:r:e", "f=i=t=t=e", "j\\æ\\v\\l\\a", "k|u|k", "d–r–i–t–t", "h·o·r·e"): the run needs the same sign
 * in every gap and two real letters, so "10:30", "a=b" and "E6 – E18" spell nothing.
 */
const RE_SIGN = /^[\p{P}\p{S}]$/u;

/** `RE_LETTER_SEP.test(sep)`, one sign or one emoji, without the regular expression for the usual single space, dot, dash or underscore. */
function isLetterSep(sep: string): boolean {
  if (sep.length === 1) {
    const c = sep.charCodeAt(0);
    if (c === 32 || c === 45 || c === 46 || c === 95 || c === SLASH || c === COMMA || c === SEMICOLON)
      return true;
    return RE_LETTER_SEP.test(sep) || RE_SIGN.test(sep);
  }
  return RE_LETTER_SEP.test(sep) || isPictograph(sep) || bracketPair(sep);
}

/** A closing and an opening bracket: the gap between letters each in brackets ("d(r)(i)(t)(t)", "h[o][r][e]"). */
const bracketPair = (sep: string): boolean => sep === ')(' || sep === '][';

/**
 * Whether gap `later` of a run of single letters is the run's own `first` gap: the same
 * separator, or the bracket pair after a first letter outside the brackets ("d(r)(i)(t)(t)").
 */
const sameGap = (first: string, later: string): boolean =>
  first === later || (bracketPair(later) && first.length === 1 && first === later[1]);

/** The letter a one-character token stands for (a digit or symbol read as leet), or -1. */
function singleLetter(text: NormalisedText, t: number): number {
  const start = text.formStarts[t]!;
  if (text.formEnds[t]! - start !== 1 || text.hasAlt(t)) return -1;
  const c = text.chars[start]!;
  if (text.isWord(t)) return c;
  return leetOf(c) || -1;
}

/** Where each glued word's form begins in the joined spelling, and where the last ends. */
const GLUED_OFFSETS = new Int32Array(MAX_GLUED + 1);

/**
 * Spellings hidden by separators: runs of three or more single letters
 * ("f a e n", "d.r.i.t.t"), every sub-run of them too (so "i f a e n" still
 * yields "faen"), and words glued by a single dash, dot or underscore
 * ("fa-en", "cock-head"). A run's letters (or the glued words' forms) are
 * written once; each sub-run's spelling is a range of them.
 */
function joinSplitWords(text: NormalisedText): void {
  const { count, seps, formStarts, formEnds, flags } = text;
  let i = 0;
  // Token i is the last letter of a run that ended where the gap changed (see below).
  let overlap = false;
  while (i < count) {
    // Most tokens begin neither: longer than one character, and no joiner after them.
    if (
      formEnds[i]! - formStarts[i]! !== 1 &&
      (i + 1 === count || (flags[i + 1]! & TOKEN_AFTER_JOINER) === 0)
    ) {
      i++;
      continue;
    }
    // Single letters.
    let j = i;
    let realLetters = 0;
    let gapChanged = false;
    while (j < count && j - i < MAX_RUN) {
      if (singleLetter(text, j) < 0) break;
      if (j > i && !isLetterSep(seps[j]!)) break;
      // Another gap than the run's own ends a word: "J Æ V L A  I D I O T", "j.æ.v.l.a i.d.i.o.t".
      if (j > i + 1 && !sameGap(seps[i + 1]!, seps[j]!)) {
        gapChanged = true;
        break;
      }
      if (text.isWord(j)) realLetters++;
      j++;
    }
    if (j - i >= 3 && realLetters >= 2) {
      const chars = text.reserveChars(j - i);
      const base = text.charLength - i;
      for (let k = i; k < j; k++) chars[base + k] = singleLetter(text, k);
      text.charLength += j - i;
      for (let a = i; a < j; a++) {
        for (let b = a + 1; b < j; b++)
          text.addJoined(text.starts[a]!, text.ends[b]!, base + a, base + b + 1);
      }
      // Where the gap changes, the letter before it may begin the next run as well as end
      // this one: one-letter words before a dotted word ("a a k.i.k.e") are read as a run
      // of their own, and the dotted word's first letter still begins its run.
      overlap = gapChanged;
      // A run in brackets that a longer word ends, glued on ("d(r)(i)(t)(t)sekk"): read as glued words too.
      const gluedOn =
        !gapChanged && j < count && bracketPair(seps[j - 1]!) && (flags[j]! & TOKEN_AFTER_JOINER) !== 0;
      if (!gluedOn) {
        i = gapChanged ? j - 1 : j;
        continue;
      }
    }
    // No run begins at that letter: on after it, as if it had not been read again.
    if (overlap) {
      overlap = false;
      i++;
      continue;
    }
    // Words glued by one joiner character.
    j = i + 1;
    while (j < count && j - i < MAX_GLUED && (flags[j]! & TOKEN_AFTER_JOINER) !== 0) j++;
    if (j - i >= 2) {
      let size = 0;
      for (let k = i; k < j; k++) size += formEnds[k]! - formStarts[k]!;
      const chars = text.reserveChars(size);
      let at = text.charLength;
      for (let k = i; k < j; k++) {
        GLUED_OFFSETS[k - i] = at;
        chars.copyWithin(at, formStarts[k]!, formEnds[k]!);
        at += formEnds[k]! - formStarts[k]!;
      }
      GLUED_OFFSETS[j - i] = at;
      text.charLength = at;
      for (let a = i; a < j; a++) {
        // A glued word with a masked part is masked as a whole ("somali-r*tta", "j*de-svin").
        let masked = (flags[a]! & TOKEN_MASK) !== 0;
        for (let b = a + 1; b < j; b++) {
          masked ||= (flags[b]! & TOKEN_MASK) !== 0;
          text.addJoined(
            text.starts[a]!,
            text.ends[b]!,
            GLUED_OFFSETS[a - i]!,
            GLUED_OFFSETS[b - i + 1]!,
            masked,
          );
        }
      }
      // Two words glued by dots or underscores may be one word with masked letters ("h_re", "f..n").
      for (let a = i; a + 1 < j; a++) {
        const masks = maskedLetters(seps[a + 1]!);
        if (masks === 0) continue;
        const lengthA = formEnds[a]! - formStarts[a]!;
        const lengthB = formEnds[a + 1]! - formStarts[a + 1]!;
        const out = text.reserveChars(lengthA + masks + lengthB);
        const from = text.charLength;
        out.copyWithin(from, formStarts[a]!, formEnds[a]!);
        out.fill(MASK, from + lengthA, from + lengthA + masks);
        out.copyWithin(from + lengthA + masks, formStarts[a + 1]!, formEnds[a + 1]!);
        text.charLength = from + lengthA + masks + lengthB;
        text.addJoined(text.starts[a]!, text.ends[a + 1]!, from, text.charLength, true);
      }
    }
    i = j - i >= 2 ? j : i + 1;
  }
}

/** The canonical text: token forms joined by single spaces (what the fingerprint hashes). */
export function canonicalText(norm: NormalisedText): string {
  return norm.tokens.map((t) => t.form).join(' ');
}

/** Normalises a single lexicon or policy term the way text is normalised. */
export function normaliseTerm(term: string): string[] {
  const text = normalise(term);
  const forms: string[] = [];
  for (let t = 0; t < text.count; t++) forms.push(text.form(t));
  return forms;
}
