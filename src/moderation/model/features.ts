/**
 * Features for the per-site risk model, read from the engine's normaliser (so
 * "F4EN", "f a e n" and "faen" look alike to the model too): hashed character
 * 3-, 4- and 5-grams of every word with its boundaries (" faen "), the words
 * themselves and adjacent word pairs. Each feature is an index into a table of
 * 2^BITS weights (the hashing trick: no vocabulary to store or grow) with the
 * value 1/√(number of features), so long and short texts weigh alike.
 *
 * Every feature also records where it came from (kind, token, offset, length),
 * so the few that weighed most can be spelled out for a moderator.
 */
import type { NormalisedText } from '../engine/normalise.js';

export const BITS = 18;
export const DIMENSION = 1 << BITS;
const MASK = DIMENSION - 1;
/**
 * Bumped whenever features change. Stored decisions of an older version are not
 * replayed as they are: RiskModels re-reads the comments they were made on and
 * learns them again with these features (see `upgrade` in risk-models.ts).
 * 2: every word is paired with the word before it (version 1 paired a word only
 * when the previous word's 32-bit hash was positive, about half the pairs).
 */
export const FEATURE_VERSION = 2;

const KIND_GRAM = 0;
const KIND_WORD = 1;
const KIND_PAIR = 2;
const KIND_BIAS = 3;
const BOUNDARY = 0x20;
const FNV_PRIME = 0x01000193;
/** Per-kind seeds, so the word "faen" and the 4-gram "faen" are different features. */
const SEEDS = [0x9e3779b1, 0x85ebca6b, 0xc2b2ae35, 0x27d4eb2f];
const MAX_WORD = 40;

/** A text's features: indices, and where each came from (for explanations). */
export class FeatureVector {
  count = 0;
  value = 0;
  indices = new Int32Array(1024);
  /** kind << 28 | token << 8 | offset << 3 | length-in-grams (3 bits), see `describe`. */
  origins = new Int32Array(1024);

  reset(): void {
    this.count = 0;
  }

  push(index: number, origin: number): void {
    if (this.count === this.indices.length) this.reserve(1);
    this.indices[this.count] = index;
    this.origins[this.count++] = origin;
  }

  /** Makes room for `more` features after `count` (the arrays may be replaced). */
  reserve(more: number): void {
    const need = this.count + more;
    if (need <= this.indices.length) return;
    const size = Math.max(need, this.indices.length * 2);
    const indices = new Int32Array(size);
    indices.set(this.indices.subarray(0, this.count));
    this.indices = indices;
    const origins = new Int32Array(size);
    origins.set(this.origins.subarray(0, this.count));
    this.origins = origins;
  }
}

/** A word between spaces (" faen "), the n-grams are read from: at most MAX_WORD letters and the two spaces. */
const PADDED = new Uint16Array(MAX_WORD + 2);
/** The most features one word adds: itself, its pair, and three n-grams from each of at most 32 places. */
const PER_WORD = 2 + 3 * 32;

/** Fills `out` with the features of a normalised text. */
export function extractFeatures(norm: NormalisedText, out: FeatureVector): FeatureVector {
  out.reset();
  out.push(Math.imul(SEEDS[KIND_BIAS]!, FNV_PRIME) & MASK, KIND_BIAS << 28);
  const chars = norm.chars;
  const wordSeed = SEEDS[KIND_WORD]!;
  const gramSeed = SEEDS[KIND_GRAM]!;
  const padded = PADDED;
  padded[0] = BOUNDARY;
  // Written straight into the arrays, room made once per word (the hot loop of scoring).
  let count = out.count;
  let indices = out.indices;
  let origins = out.origins;
  let previousWord = 0;
  let paired = false;
  for (let t = 0; t < norm.count && t < 1 << 20; t++) {
    if (!norm.isWord(t)) {
      paired = false;
      continue;
    }
    if (count + PER_WORD > indices.length) {
      out.count = count;
      out.reserve(PER_WORD);
      indices = out.indices;
      origins = out.origins;
    }
    const start = norm.formStarts[t]!;
    const end = Math.min(norm.formEnds[t]!, start + MAX_WORD);
    const length = end - start;
    // The word, hashed once; its pair with the previous word.
    let word = wordSeed;
    for (let i = start; i < end; i++) {
      const c = chars[i]!;
      word = Math.imul(word ^ c, FNV_PRIME);
      padded[i - start + 1] = c;
    }
    const origin = t << 8;
    indices[count] = word & MASK;
    origins[count++] = (KIND_WORD << 28) | origin;
    if (paired) {
      indices[count] = Math.imul(previousWord ^ word, FNV_PRIME) & MASK;
      origins[count++] = (KIND_PAIR << 28) | origin;
    }
    previousWord = word;
    paired = true;
    // Character n-grams of " word ": from each position, hashes of length 3, 4 and 5.
    const size = length + 2;
    padded[size - 1] = BOUNDARY;
    for (let s = 0; s + 3 <= size && s < 32; s++) {
      const at = (KIND_GRAM << 28) | origin | (s << 3);
      let h = Math.imul(gramSeed ^ padded[s]!, FNV_PRIME);
      h = Math.imul(h ^ padded[s + 1]!, FNV_PRIME);
      h = Math.imul(h ^ padded[s + 2]!, FNV_PRIME);
      indices[count] = (h ^ (h >>> 15)) & MASK;
      origins[count++] = at | 3;
      if (s + 3 === size) continue;
      h = Math.imul(h ^ padded[s + 3]!, FNV_PRIME);
      indices[count] = (h ^ (h >>> 15)) & MASK;
      origins[count++] = at | 4;
      if (s + 4 === size) continue;
      h = Math.imul(h ^ padded[s + 4]!, FNV_PRIME);
      indices[count] = (h ^ (h >>> 15)) & MASK;
      origins[count++] = at | 5;
    }
  }
  out.count = count;
  out.value = 1 / Math.sqrt(count);
  return out;
}

/** What a feature is, for a moderator: `"faen"`, `"er en"`, `«aen »` (a piece of a word). */
export function describe(norm: NormalisedText, origin: number): string {
  const kind = origin >>> 28;
  const t = (origin >>> 8) & 0xfffff;
  if (kind === KIND_BIAS) return '(base rate)';
  if (kind === KIND_WORD) return norm.form(t);
  if (kind === KIND_PAIR) return `${norm.form(t - 1)} ${norm.form(t)}`;
  const offset = (origin >>> 3) & 0x1f;
  const length = origin & 0x7;
  const padded = ` ${norm.form(t)} `;
  return padded.slice(offset, offset + length);
}
