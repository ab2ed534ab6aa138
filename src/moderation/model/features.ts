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
/** Bumped whenever features change: stored events of another version are not replayed. */
export const FEATURE_VERSION = 1;

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
    if (this.count === this.indices.length) {
      const indices = new Int32Array(this.count * 2);
      indices.set(this.indices);
      this.indices = indices;
      const origins = new Int32Array(this.count * 2);
      origins.set(this.origins);
      this.origins = origins;
    }
    this.indices[this.count] = index;
    this.origins[this.count++] = origin;
  }
}

/** Fills `out` with the features of a normalised text. */
export function extractFeatures(norm: NormalisedText, out: FeatureVector): FeatureVector {
  out.reset();
  out.push(Math.imul(SEEDS[KIND_BIAS]!, FNV_PRIME) & MASK, KIND_BIAS << 28);
  const chars = norm.chars;
  let previousWord = -1;
  for (let t = 0; t < norm.count && t < 1 << 20; t++) {
    if (!norm.isWord(t)) {
      previousWord = -1;
      continue;
    }
    const start = norm.formStarts[t]!;
    const end = Math.min(norm.formEnds[t]!, start + MAX_WORD);
    const length = end - start;
    // The word, hashed once; its pair with the previous word.
    let word = SEEDS[KIND_WORD]!;
    for (let i = start; i < end; i++) word = Math.imul(word ^ chars[i]!, FNV_PRIME);
    out.push(word & MASK, (KIND_WORD << 28) | (t << 8));
    if (previousWord >= 0) {
      out.push(Math.imul(previousWord ^ word, FNV_PRIME) & MASK, (KIND_PAIR << 28) | (t << 8));
    }
    previousWord = word;
    // Character n-grams of " word ": from each position, hashes of length 3, 4 and 5.
    const padded = length + 2;
    for (let s = 0; s + 3 <= padded && s < 32; s++) {
      let h = SEEDS[KIND_GRAM]!;
      for (let n = 0; n < 5 && s + n < padded; n++) {
        const p = s + n;
        const c = p === 0 || p === padded - 1 ? BOUNDARY : chars[start + p - 1]!;
        h = Math.imul(h ^ c, FNV_PRIME);
        if (n >= 2) out.push((h ^ (h >>> 15)) & MASK, (KIND_GRAM << 28) | (t << 8) | (s << 3) | (n + 1));
      }
    }
  }
  out.value = 1 / Math.sqrt(out.count);
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
