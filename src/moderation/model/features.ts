/**
 * Features for the per-site risk model, read from the engine's normaliser (so
 * "F4EN", "f a e n" and "faen" look alike to the model too): hashed character
 * 4- and 5-grams of every word with its boundaries (" faen "), the words
 * themselves, adjacent word pairs and (since FEATURE_VERSION 6) skip pairs, a
 * word with the word two before it ("typisk … dem"). Each feature is an index into a table of
 * 2^BITS weights (the hashing trick: no vocabulary to store or grow) with the
 * value 1/√(number of features), so long and short texts weigh alike.
 *
 * One reader walks a text's features (`readFeatures`) for two uses:
 * `extractFeatures` lists their indices (what a decision stores and the model
 * learns from), and `scoreText` reads each one's weight as it hashes it, sums
 * them and keeps the heaviest words (a word with its n-grams), pairs and the
 * rules' reasons with where each came from, so they can be spelled out for a moderator.
 *
 * Since FEATURE_VERSION 5 a text's features also say what the rules found in
 * it (`reasonFeatures`): each text rule that fired, with its severity, its
 * category, its grade and its family (what kind of hit: "Veiled threat",
 * "Dehumanising", "Curse"…), hashed like the rest. They come from the reasons
 * stored with the comment when it was posted, so a decision taken days later
 * learns what the comment had; the matched lexicon entry never becomes one.
 */
import type { NormalisedText } from '../engine/normalise.js';

export const BITS = 16;
export const DIMENSION = 1 << BITS;
const MASK = DIMENSION - 1;
/**
 * Bumped whenever features change. Stored decisions of an older version are not
 * replayed as they are: RiskModels re-reads the comments they were made on and
 * learns them again with these features (see `upgrade` in risk-models.ts).
 * 2: every word is paired with the word before it (version 1 paired a word only
 * when the previous word's 32-bit hash was positive, about half the pairs).
 * 3: 3- and 4-grams (no 5-grams) into 2^16 weights (2^18 before): a fifth fewer
 * features and a table that stays in the cache (docs/MODERATION.md, "Model speed round").
 * 4: 4- and 5-grams instead of 3- and 4-grams, and FTRL's faster learning rate
 * (ftrl.ts: alpha 0.7, beta 0.3): a higher ROC AUC on every later batch (docs/MODERATION.md,
 * "Model quality round"). The weights learnt change with either, so a stored model is relearnt.
 * 5: the rules' reasons (`reasonFeatures`) after the text's features: the largest gain seen on
 * the leave-later-batch-out folds (docs/MODERATION.md, "The rules' reasons as features").
 * 6: skip pairs, each word with the word two before it in the same run of words ("alle … er",
 * "typisk … dem"), after the adjacent pair: with the base's beta 0.1 every leave-one-batch-out
 * fold of the base model ranked better, implicit abuse most (docs/MODERATION.md, "Skip pairs and the base's rate").
 */
export const FEATURE_VERSION = 6;

/** What a kept candidate of the explanation is (`origin >>> 28`). */
const KIND_WORD = 1;
const KIND_PAIR = 2;
const KIND_SKIP = 3;
const KIND_REASON = 4;
const BOUNDARY = 0x20;
const FNV_PRIME = 0x01000193;
/**
 * Per-kind seeds, so the word "faen" and the 4-gram "faen" are different features.
 * WORD_SEED is also where the normaliser's word hash starts (word-cache.ts), so a
 * word's hash is read from the normalised text, not computed again.
 */
const GRAM_SEED = 0x9e3779b1;
const REASON_SEED = 0x165667b1;
const WORD_SEED = 0x85ebca6b;
/** Where a skip pair's hash starts (before the word two back), so "a … b" is not the pair "a b". */
const SKIP_SEED = 0x2545f491;
const BIAS_INDEX = Math.imul(0x27d4eb2f, FNV_PRIME) & MASK;
const MAX_WORD = 40;
/** N-grams start at the first 32 places of a word (the offset has 5 bits in an origin). */
const MAX_STARTS = 32;

/** A text's features: their indices into the weight table. */
export class FeatureVector {
  count = 0;
  value = 0;
  indices = new Int32Array(1024);

  reset(): this {
    this.count = 0;
    return this;
  }

  push(index: number): void {
    if (this.count === this.indices.length) this.reserve(1);
    this.indices[this.count++] = index;
  }

  /** Makes room for `more` features after `count` (the array may be replaced). */
  reserve(more: number): void {
    const need = this.count + more;
    if (need <= this.indices.length) return;
    const indices = new Int32Array(Math.max(need, this.indices.length * 2));
    indices.set(this.indices.subarray(0, this.count));
    this.indices = indices;
  }
}

/** The most features one word adds: itself, its pair, its skip pair, and two n-grams (4 and 5) from each of at most 32 places. */
const PER_WORD = 3 + 2 * MAX_STARTS;
/** The hash of an n-gram's leading space: where every n-gram from a word's first place starts. */
const SPACE_GRAM = Math.imul(GRAM_SEED ^ BOUNDARY, FNV_PRIME);
/** The position of " word " where the 5-gram from the last place (MAX_STARTS - 1) ends. */
const LAST_POSITION = MAX_STARTS + 3;

/**
 * A word's hash: FNV-1a from WORD_SEED over its first MAX_WORD letters. That is
 * the normaliser's word hash (`norm.hashes`, word-cache.ts, which starts from the
 * same seed) for every word of at most MAX_WORD letters, so only a longer one's
 * is computed, here.
 */
function longWordHash(chars: Uint16Array, start: number): number {
  let word = WORD_SEED;
  for (let i = start; i < start + MAX_WORD; i++) word = Math.imul(word ^ chars[i]!, FNV_PRIME);
  return word;
}

/**
 * What `reasonFeatures` reads of a rules' reason (the engine's `ModerationReason`
 * as stored with a comment). `detail` only gives its family, the words before
 * the first quote or colon ("Veiled threat", "Slur", "Term banned by the site").
 */
export interface RuleReason {
  rule: string;
  severity: string;
  category?: string;
  grade?: string;
  detail?: string;
  params?: Readonly<Record<string, unknown>>;
}

/**
 * The rules whose reasons are features: what the rules read in the text. Not the
 * author's standing or the site's settings (premoderation, new_author,
 * banned_author, duplicate, the length limits), and not `risk_model`, which the
 * service adds after the model has scored.
 */
const TEXT_RULES: ReadonlySet<string> = new Set([
  'banned_term',
  'suspect_term',
  'slur',
  'threat',
  'personal_info',
  'too_many_links',
  'shouting',
]);

/** A family is a short label of letters and spaces: never a number, a term or a quote. */
const FAMILY = /^[A-Za-z][A-Za-z ]{0,39}$/;

/** The rules' reasons of one text as features: their indices and, for a moderator, the rules they came from. */
export class ReasonFeatures {
  count = 0;
  readonly indices = new Int32Array(64);
  /** The rules that fired (rule names, as a reason names them publicly), in order. */
  readonly rules: string[] = [];

  reset(): this {
    this.count = 0;
    // pop, not `length = 0`: setting an array's length is a call into the runtime.
    while (this.rules.length > 0) this.rules.pop();
    return this;
  }
}

/** No reasons: what a text scored without them has. */
export const NO_REASONS: ReasonFeatures = new ReasonFeatures();

/** A reason key's index: FNV-1a from REASON_SEED over its characters. */
function hashKey(key: string): number {
  let h = REASON_SEED;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), FNV_PRIME);
  return (h ^ (h >>> 15)) & MASK;
}

/** What a reason cache keeps under one first key; a value past it is computed every time. */
const CACHED = 4096;

/**
 * A bounded cache by two strings (kind and value, rule and severity, rule and
 * detail): a comment's reasons are a handful of the same few hundred, whose keys
 * need not be built, hashed or parsed again for every comment. Values are found
 * by the first string and then the second, never by a key string built per call.
 */
class ReasonCache<T> {
  readonly #byFirst = new Map<string, Map<string, T>>();

  get(first: string, second: string): T | undefined {
    return this.#byFirst.get(first)?.get(second);
  }

  /** Keeps `value` (while there is room) and returns it. */
  keep(first: string, second: string, value: T): T {
    let bySecond = this.#byFirst.get(first);
    if (bySecond === undefined) {
      bySecond = new Map();
      this.#byFirst.set(first, bySecond);
    }
    if (bySecond.size < CACHED || bySecond.has(second)) bySecond.set(second, value);
    return value;
  }
}

/** `<kind>:<value>` (rule, category, grade, aimed) by kind and value. */
const KEYS = new ReasonCache<number>();
/** `rule:<rule>/<severity>` by rule and severity. */
const SEVERITIES = new ReasonCache<number>();

const keyIndex = (kind: string, value: string): number =>
  KEYS.get(kind, value) ?? KEYS.keep(kind, value, hashKey(`${kind}:${value}`));

/**
 * A reason's features, in order: `rule:<rule>`, `rule:<rule>/<severity>`,
 * `category:<c>`, `grade:<g>`, `family:<rule>/<family>` and `aimed:<at>` (where
 * it has them), with what they were read from. A lexicon entry's detail is one
 * string made when the matcher is compiled, so the reasons of the same entry
 * find one shape by rule and detail and compare the rest.
 */
interface ReasonShape {
  readonly rule: string;
  readonly severity: string;
  readonly category: string | undefined;
  readonly grade: string | undefined;
  readonly aimed: unknown;
  readonly indices: readonly number[];
  /** The text whose features it was last added to (`reasonFeatures`' count of texts). */
  seen: number;
}

/**
 * Shapes by detail, of any rule (one map lookup a reason): the same entry's reasons may
 * differ in severity ("info" or "hold"). What is kept only saves work: a shape not kept is
 * made again, with the same indices.
 */
const SHAPES = new Map<string, ReasonShape[]>();
/** Details kept in SHAPES. */
const DETAILS = 4 * CACHED;
/** Shapes kept for one detail. */
const VARIANTS = 16;

function shapeOf(r: RuleReason): ReasonShape {
  const detail = r.detail ?? '';
  const aimed = r.params?.aimed;
  let shapes = SHAPES.get(detail);
  if (shapes === undefined) {
    shapes = [];
    if (SHAPES.size < DETAILS) SHAPES.set(detail, shapes);
  }
  for (const shape of shapes) {
    if (
      shape.rule === r.rule &&
      shape.severity === r.severity &&
      shape.category === r.category &&
      shape.grade === r.grade &&
      shape.aimed === aimed
    )
      return shape;
  }
  const indices = [
    keyIndex('rule', r.rule),
    SEVERITIES.get(r.rule, r.severity) ??
      SEVERITIES.keep(r.rule, r.severity, hashKey(`rule:${r.rule}/${r.severity}`)),
  ];
  if (r.category !== undefined) indices.push(keyIndex('category', r.category));
  if (r.grade !== undefined) indices.push(keyIndex('grade', r.grade));
  // The family: the detail's words before its first quote or colon, when they are a label.
  const family = detail.split(/["':]/, 1)[0]?.trim() ?? '';
  if (r.detail !== undefined && FAMILY.test(family)) indices.push(hashKey(`family:${r.rule}/${family}`));
  if (typeof aimed === 'string' && FAMILY.test(aimed)) indices.push(keyIndex('aimed', aimed));
  const shape = {
    rule: r.rule,
    severity: r.severity,
    category: r.category,
    grade: r.grade,
    aimed,
    indices,
    seen: 0,
  };
  if (shapes.length < VARIANTS) shapes.push(shape);
  return shape;
}

/**
 * The reason indices added to the text being read (`reasonFeatures`), by a small
 * open-addressed table whose slots are stamped with the text: an index is looked
 * up in one or two slots instead of a scan of those added (17 a comment with
 * reasons in bench:moderation's comments, a scan of 7 each). It holds at most
 * what `out` holds (64), so a probe always meets a free slot.
 */
const SEEN_SLOTS = 128;
const SEEN_INDICES = new Int32Array(SEEN_SLOTS);
const SEEN_TEXTS = new Int32Array(SEEN_SLOTS);

/** Adds `index` to `out` unless it is there (for the text `text`). */
function addReason(out: ReasonFeatures, index: number, text: number): void {
  for (let slot = Math.imul(index, 0x9e3779b1) >>> 25; ; slot = (slot + 1) & (SEEN_SLOTS - 1)) {
    if (SEEN_TEXTS[slot] !== text) {
      if (out.count === out.indices.length) return;
      SEEN_TEXTS[slot] = text;
      SEEN_INDICES[slot] = index;
      out.indices[out.count++] = index;
      return;
    }
    if (SEEN_INDICES[slot] === index) return;
  }
}

/** Texts `reasonFeatures` has read (a shape's `seen`, SEEN_TEXTS): an int32, never 0 (a free slot). */
let texts = 0;

/**
 * The features of the rules' reasons for a text, each once however often it
 * fired: for each reason of a text rule, `rule:<rule>`, `rule:<rule>/<severity>`,
 * `category:<category>`, `grade:<grade>`, `family:<rule>/<family>` and
 * `aimed:<at>` (an insult aimed at a person), in that order, hashed. No reasons
 * (or none of a text rule): no features, and the text scores as under version
 * 4's features. A reason of a shape already read in this text adds nothing and
 * is passed over.
 */
export function reasonFeatures(
  reasons: readonly RuleReason[] | undefined,
  out: ReasonFeatures,
): ReasonFeatures {
  out.reset();
  if (reasons === undefined || reasons.length === 0) return out;
  texts = (texts + 1) | 0 || 1;
  const text = texts;
  for (const r of reasons) {
    if (!TEXT_RULES.has(r.rule)) continue;
    const shape = shapeOf(r);
    if (shape.seen === text) continue;
    shape.seen = text;
    if (!out.rules.includes(r.rule)) out.rules.push(r.rule);
    for (const index of shape.indices) addReason(out, index, text);
  }
  return out;
}

/** The most candidates `scoreText` keeps for an explanation. */
const MAX_TOP = 64;

/** What `scoreText` found: the sum of the weights read, how many, and the heaviest candidates for the explanation. */
export class TextScore {
  /** Sum of the weights of every feature (in the weight table's units). */
  sum = 0;
  count = 0;
  /**
   * The heaviest candidates (words, pairs, the reasons: see `readFeatures`), heaviest
   * first (of equal ones, the one read first), each with its origin (`kind << 28 | token << 8`).
   */
  kept = 0;
  readonly weights = new Int32Array(MAX_TOP);
  readonly origins = new Int32Array(MAX_TOP);
}

/**
 * The candidates being kept while `readFeatures` runs (one text at a time: synchronous),
 * copied to its TextScore at the end. Module constants, not the TextScore's own arrays:
 * TurboFan knows a constant typed array's place and length, so `keep` reads and moves
 * them with no check of what they are (about a tenth of the score, counted).
 */
const KEPT_WEIGHTS = new Int32Array(MAX_TOP);
const KEPT_ORIGINS = new Int32Array(MAX_TOP);
/** How many are kept (0) and the most that may be (1), while `readFeatures` runs. */
const KEEPING = new Int32Array(2);

/** Puts a weight above the floor among the strongest; returns the new floor (0 while there is room). */
function keep(weight: number, origin: number): number {
  const most = KEEPING[1]!;
  const kept = KEEPING[0]!;
  let j = kept;
  if (kept < most) KEEPING[0] = kept + 1;
  else j = kept - 1;
  for (; j > 0 && weight > KEPT_WEIGHTS[j - 1]!; j--) {
    KEPT_WEIGHTS[j] = KEPT_WEIGHTS[j - 1]!;
    KEPT_ORIGINS[j] = KEPT_ORIGINS[j - 1]!;
  }
  KEPT_WEIGHTS[j] = weight;
  KEPT_ORIGINS[j] = origin;
  return kept + 1 >= most ? KEPT_WEIGHTS[most - 1]! : 0;
}

/**
 * Fills `out` with the features of a normalised text and the rules' reasons for
 * it (what a decision stores and the model learns from).
 */
export function extractFeatures(
  norm: NormalisedText,
  out: FeatureVector,
  reasons: ReasonFeatures = NO_REASONS,
): FeatureVector {
  out.reset();
  readFeatures(norm, reasons, NO_WEIGHTS, 0, EXTRACTED, out);
  out.value = 1 / Math.sqrt(out.count);
  return out;
}

/**
 * Scores a normalised text under an integer weight table (FtrlModel.scoring):
 * the sum of its features' weights, how many there are, and the `most`
 * heaviest candidates for the explanation (words, pairs, the rules' reasons;
 * see `readFeatures` and `describe`); the bias counts in the sum and explains nothing.
 */
export function scoreText(
  norm: NormalisedText,
  weights: Int16Array,
  most: number,
  out: TextScore,
  reasons: ReasonFeatures = NO_REASONS,
): TextScore {
  readFeatures(norm, reasons, weights, most, out, null);
  return out;
}

/** Zero weights, for `extractFeatures`: it reads them and keeps none. */
const NO_WEIGHTS = new Int16Array(DIMENSION);
const EXTRACTED = new TextScore();
/** The indices `readFeatures` reads from when it writes none. */
const NO_INDICES = new Int32Array(0);

/**
 * The one reader of a text's features, for both: it writes each feature's index
 * into `out` (when scoring, none: a score needs the sum and the count, and
 * writing them cost an eighth of it) and sums its weight in `weights`. For the
 * explanation it weighs candidates, not single features: each word (the sum of
 * the positive weights of the word and its n-grams, so a word is named once
 * however many of its pieces weighed), each word pair, and the rules' reasons
 * together (the sum of their positive weights); a candidate above the floor (0
 * while there is room among the `most` strongest, then the weakest kept) is
 * kept. The positive part of a weight costs a shift, a NOT and an AND per
 * feature, not a branch; a word pays one comparison with the floor.
 *
 * The n-grams of " word " are hashed in one walk over the word's letters in the
 * normalised text, with no copy of the word: FNV-1a runs left to right, so at each
 * position the grams that started at the positions before it step on together
 * (`g1` from this position, `g2` from the one before, … `g5` from four before: the
 * 5-gram ending here). At each position the 5-gram from place s (ending here) and
 * then the 4-gram from place s + 1 come out, so the features come in the order of
 * their places, 4-gram then 5-gram; the spaces around the word are the constant
 * SPACE_GRAM at its start and one more step with BOUNDARY at its end.
 */
function readFeatures(
  norm: NormalisedText,
  reasons: ReasonFeatures,
  weights: Int16Array,
  most: number,
  found: TextScore,
  out: FeatureVector | null,
): void {
  // The module's constants as local int32 values: a module constant read in a loop is a
  // context load and a hole check each time (and a seed above 2^31 a conversion).
  const prime = FNV_PRIME | 0;
  const gramSeed = GRAM_SEED | 0;
  const skipSeed = SKIP_SEED | 0;
  const spaceGram = SPACE_GRAM | 0;
  const lastPosition = LAST_POSITION | 0;
  const boundary = BOUNDARY | 0;
  const mask = MASK | 0;
  const maxWord = MAX_WORD | 0;
  const keeping = Math.max(0, Math.min(most, MAX_TOP));
  KEEPING[0] = 0;
  KEEPING[1] = keeping;
  let floor = keeping === 0 ? 1 << 30 : 0;
  // A predictable branch per feature: cheaper than the store it saves.
  const write = out !== null;
  out?.reserve(1);
  const begin = out?.count ?? 0;
  let indices = out?.indices ?? NO_INDICES;
  let count = begin;
  let sum = weights[BIAS_INDEX]!;
  if (write) indices[count] = BIAS_INDEX;
  count = (count + 1) | 0;
  const chars = norm.chars;
  const formStarts = norm.formStarts;
  const formEnds = norm.formEnds;
  const hashes = norm.hashes;
  const tokens = Math.min(norm.count, 1 << 20);
  let previousWord = 0;
  let beforePrevious = 0;
  // Words so far in this run of words (a token that is not a word ends it): 0, 1, or 2 for two or more.
  let run = 0;
  for (let t = 0; t < tokens; t++) {
    if (!norm.isWord(t)) {
      run = 0;
      continue;
    }
    if (write && count + PER_WORD > indices.length) {
      out.count = count;
      out.reserve(PER_WORD);
      indices = out.indices;
    }
    const start = formStarts[t]!;
    const whole = formEnds[t]!;
    const word = whole - start <= maxWord ? hashes[t]! : longWordHash(chars, start);
    let index = word & mask;
    if (write) indices[count] = index;
    count = (count + 1) | 0;
    let weight = weights[index]!;
    sum = (sum + weight) | 0;
    // The word's weight for the explanation: its own and its n-grams', the positive parts.
    let mine = weight & ~(weight >> 31);
    if (run > 0) {
      index = Math.imul(previousWord ^ word, prime) & mask;
      if (write) indices[count] = index;
      count = (count + 1) | 0;
      weight = weights[index]!;
      sum = (sum + weight) | 0;
      if (weight > floor) floor = keep(weight, (KIND_PAIR << 28) | (t << 8));
      if (run > 1) {
        // The skip pair: this word with the word two before it.
        const skip = Math.imul(Math.imul(skipSeed ^ beforePrevious, prime) ^ word, prime);
        index = (skip ^ (skip >>> 15)) & mask;
        if (write) indices[count] = index;
        count = (count + 1) | 0;
        weight = weights[index]!;
        sum = (sum + weight) | 0;
        if (weight > floor) floor = keep(weight, (KIND_SKIP << 28) | (t << 8));
      }
      run = 2;
    } else run = 1;
    beforePrevious = previousWord;
    previousWord = word;
    // Character 4- and 5-grams of " word " (its first MAX_WORD letters), from places
    // 0..MAX_STARTS - 1. Position 0 is the space before the word, 1..letters its letters,
    // letters + 1 the space after; after position i, gK is the gram of the K positions to i.
    // Positions 1-3 (no 5-gram yet) and the last (the space after, or MAX_STARTS + 3) are
    // taken apart from the loop over the letters between, which reads a letter and two grams
    // with no other condition. The grams' weights go to `grams`, their negative parts to
    // `negative`: the word's positive part is the difference (one operation fewer a gram).
    const letters = Math.min(whole - start, maxWord);
    let grams = 0;
    let negative = 0;
    if (letters >= 3) {
      const c1 = chars[start]!;
      const c2 = chars[start + 1]!;
      const c3 = chars[start + 2]!;
      // After position 3: g4 the 4-gram from place 0 (" abc"), g3 and g2 those from places 1
      // and 2 so far, g1 from place 3.
      let g2 = Math.imul(spaceGram ^ c1, prime);
      let g1 = Math.imul(gramSeed ^ c1, prime);
      let g3 = Math.imul(g2 ^ c2, prime);
      g2 = Math.imul(g1 ^ c2, prime);
      g1 = Math.imul(gramSeed ^ c2, prime);
      let g4 = Math.imul(g3 ^ c3, prime);
      g3 = Math.imul(g2 ^ c3, prime);
      g2 = Math.imul(g1 ^ c3, prime);
      g1 = Math.imul(gramSeed ^ c3, prime);
      index = (g4 ^ (g4 >>> 15)) & mask;
      if (write) indices[count] = index;
      count = (count + 1) | 0;
      weight = weights[index]!;
      grams = weight;
      negative = weight & (weight >> 31);
      // Positions 4 … min(letters, LAST_POSITION - 1), each a letter: the 5-gram from place
      // i - 4, then the 4-gram from place i - 3.
      const first = (start + 3) | 0;
      const through = (start + Math.min(letters, lastPosition - 1)) | 0;
      for (let p = first; p < through; p = (p + 1) | 0) {
        const c = chars[p]!;
        const g5 = Math.imul(g4 ^ c, prime);
        g4 = Math.imul(g3 ^ c, prime);
        g3 = Math.imul(g2 ^ c, prime);
        g2 = Math.imul(g1 ^ c, prime);
        g1 = Math.imul(gramSeed ^ c, prime);
        const five = (g5 ^ (g5 >>> 15)) & mask;
        const four = (g4 ^ (g4 >>> 15)) & mask;
        if (write) {
          indices[count] = five;
          indices[count + 1] = four;
        }
        count = (count + 2) | 0;
        const w5 = weights[five]!;
        const w4 = weights[four]!;
        grams = (grams + w5 + w4) | 0;
        negative = (negative + (w5 & (w5 >> 31)) + (w4 & (w4 >> 31))) | 0;
      }
      // The last position: the space after the word, with both grams while it is before
      // LAST_POSITION; else LAST_POSITION (a letter or the space), the 5-gram from place
      // MAX_STARTS - 1 only (no 4-gram starts there).
      const c = letters > lastPosition - 1 ? chars[through]! : boundary;
      const g5 = Math.imul(g4 ^ c, prime);
      index = (g5 ^ (g5 >>> 15)) & mask;
      if (write) indices[count] = index;
      count = (count + 1) | 0;
      weight = weights[index]!;
      grams = (grams + weight) | 0;
      negative = (negative + (weight & (weight >> 31))) | 0;
      if (letters < lastPosition - 1) {
        g4 = Math.imul(g3 ^ c, prime);
        index = (g4 ^ (g4 >>> 15)) & mask;
        if (write) indices[count] = index;
        count = (count + 1) | 0;
        weight = weights[index]!;
        grams = (grams + weight) | 0;
        negative = (negative + (weight & (weight >> 31))) | 0;
      }
    } else if (letters === 2) {
      // " ab ": one 4-gram (a word of one letter has none).
      const g4 = Math.imul(
        Math.imul(Math.imul(spaceGram ^ chars[start]!, prime) ^ chars[start + 1]!, prime) ^ boundary,
        prime,
      );
      index = (g4 ^ (g4 >>> 15)) & mask;
      if (write) indices[count] = index;
      count = (count + 1) | 0;
      grams = weights[index]!;
      negative = grams & (grams >> 31);
    }
    sum = (sum + grams) | 0;
    mine = (mine + grams - negative) | 0;
    if (mine > floor) floor = keep(mine, (KIND_WORD << 28) | (t << 8));
  }
  // The rules' reasons, after the text's features.
  if (reasons.count > 0) {
    if (write) {
      out.count = count;
      out.reserve(reasons.count);
      indices = out.indices;
    }
    let theirs = 0;
    for (let k = 0; k < reasons.count; k++) {
      const index = reasons.indices[k]!;
      if (write) indices[count] = index;
      count = (count + 1) | 0;
      const weight = weights[index]!;
      sum = (sum + weight) | 0;
      theirs += weight & ~(weight >> 31);
    }
    if (theirs > floor) keep(theirs, KIND_REASON << 28);
  }
  const kept = KEEPING[0]!;
  for (let j = 0; j < kept; j++) {
    found.weights[j] = KEPT_WEIGHTS[j]!;
    found.origins[j] = KEPT_ORIGINS[j]!;
  }
  found.kept = kept;
  found.sum = sum;
  found.count = count - begin;
  if (write) out.count = count;
}

/** One item of a score's explanation: a word, a word pair, a skip pair or the rules' reasons, with its weight. */
export interface Explained {
  feature: string;
  /** Its weight in the weight table's units: a word's is the sum of the positive weights of it and its n-grams. */
  weight: number;
}

/**
 * What a kept candidate is, for a moderator: a word (`"dem"`, for the word and
 * its n-grams " dem", "dem ", " dem "…), a pair (`"send dem"`), a skip pair
 * (`"typisk … dem"`: the word between left out), or the rules' reasons (`(rules: threat, slur)`: the rules that fired, never a lexicon entry).
 */
export function describe(norm: NormalisedText, origin: number, reasons: ReasonFeatures = NO_REASONS): string {
  const kind = origin >>> 28;
  const t = (origin >>> 8) & 0xfffff;
  if (kind === KIND_REASON) return `(rules: ${reasons.rules.join(', ')})`;
  if (kind === KIND_PAIR) return `${norm.form(t - 1)} ${norm.form(t)}`;
  if (kind === KIND_SKIP) return `${norm.form(t - 2)} … ${norm.form(t)}`;
  return norm.form(t);
}

/**
 * The explanation of a score: the candidates `scoreText` kept (words, pairs, the
 * rules' reasons), the same word or pair at two places merged into one item
 * weighing their sum; the `most` heaviest, heaviest first (of equal ones, the
 * one kept first).
 */
export function explanation(
  norm: NormalisedText,
  found: TextScore,
  reasons: ReasonFeatures,
  most: number,
): Explained[] {
  // A handful of candidates (at most MAX_TOP): merged by a scan, in the order kept.
  const items: Explained[] = [];
  for (let j = 0; j < found.kept; j++) {
    const feature = describe(norm, found.origins[j]!, reasons);
    const weight = found.weights[j]!;
    let k = 0;
    while (k < items.length && items[k]!.feature !== feature) k++;
    if (k === items.length) items.push({ feature, weight });
    else items[k]!.weight += weight;
  }
  // Heaviest first, of equal weights the one kept first: an insertion sort (stable, a handful).
  for (let i = 1; i < items.length; i++) {
    const item = items[i]!;
    let j = i;
    for (; j > 0 && items[j - 1]!.weight < item.weight; j--) items[j] = items[j - 1]!;
    items[j] = item;
  }
  while (items.length > most) items.pop();
  return items;
}
