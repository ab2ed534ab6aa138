/**
 * Online logistic regression, FTRL-Proximal (McMahan et al., "Ad Click
 * Prediction: a View from the Trenches", 2013): per-coordinate adaptive
 * learning rates and L1 regularisation, so a site's model learns from each
 * moderator decision as it comes and keeps most weights at exactly zero.
 *
 * State is two numbers per coordinate (z, n); the weights are derived from them
 * and kept dense, updated only where an example touched: at full precision for
 * learning, and as 16-bit integers for scoring comments (`scoring`).
 */
import { DIMENSION, type FeatureVector } from './features.js';

export interface FtrlParams {
  alpha: number;
  beta: number;
  l1: number;
  l2: number;
}

/**
 * alpha 0.7, beta 0.3 since FEATURE_VERSION 4 (0.5 and 1 before): a comment's
 * features are worth 1/√count each (about 0.1), so with beta 1 a new feature
 * learnt slowly; the faster rate ranks later batches better and predicts them
 * better (log loss), chosen on the leave-later-batch-out folds (docs/MODERATION.md,
 * "Model quality round"). A change here changes the weights learnt: it needs a
 * new FEATURE_VERSION, so stored models are relearnt from their decisions.
 */
export const DEFAULT_FTRL: FtrlParams = { alpha: 0.7, beta: 0.3, l1: 0.0005, l2: 0.001 };

/**
 * Weights as `scoring` holds them: w × SCORING_SCALE, rounded, as 16-bit integers
 * (steps of 1/1024, up to ±32; a weight seldom passes 5). A quarter of the
 * table's bytes, so scoring a comment reads a table that stays in the cache.
 */
export const SCORING_SCALE = 1024;
const SCORING_LIMIT = 32767;
const saturate = (v: number): number => Math.max(-SCORING_LIMIT, Math.min(SCORING_LIMIT, v));
/** A weight in `scoring`'s units (rounded, saturating): also how the base model's weights are stored. */
export const scoringWeight = (w: number): number => saturate(Math.round(w * SCORING_SCALE));

export class FtrlModel {
  readonly z = new Float64Array(DIMENSION);
  readonly n = new Float64Array(DIMENSION);
  readonly w = new Float32Array(DIMENSION);
  /**
   * What comments are scored from, in the units of SCORING_SCALE, kept in step with `w`:
   * the offset's weight plus `w`'s (saturating), so a score reads one table however it was learnt.
   */
  readonly scoring = new Int16Array(DIMENSION);

  /**
   * `offset`: fixed weights (in SCORING_SCALE units, the shipped base model's, base-model.ts)
   * this model learns on top of: its logit is the offset's plus its own (p = σ(base·x + w·x)),
   * so its own weights learn what the offset gets wrong. Null: it learns from nothing.
   */
  constructor(
    readonly params: FtrlParams = DEFAULT_FTRL,
    readonly offset: Int16Array | null = null,
  ) {
    if (offset !== null) this.scoring.set(offset);
  }

  /** The logit for a feature vector, at full precision (learning; comments are scored from `scoring`). */
  logit(features: FeatureVector): number {
    const { indices, count, value } = features;
    const w = this.w;
    let sum = 0;
    for (let k = 0; k < count; k++) sum += w[indices[k]!]!;
    const offset = this.offset;
    if (offset === null) return sum * value;
    let fixed = 0;
    for (let k = 0; k < count; k++) fixed += offset[indices[k]!]!;
    return (sum + fixed / SCORING_SCALE) * value;
  }

  predict(features: FeatureVector): number {
    return sigmoid(this.logit(features));
  }

  /** One gradient step towards `label` (1: should be rejected, 0: fine), weighted by `importance`. */
  update(features: FeatureVector, label: 0 | 1, importance = 1): void {
    const p = this.predict(features);
    const { alpha, beta, l1, l2 } = this.params;
    const x = features.value;
    // A feature that occurs twice in a text counts twice: merge before stepping.
    const counts = new Map<number, number>();
    for (let k = 0; k < features.count; k++) {
      const i = features.indices[k]!;
      counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    for (const [i, times] of counts) {
      const g = (p - label) * x * times * importance;
      const n = this.n[i]!;
      const sigma = (Math.sqrt(n + g * g) - Math.sqrt(n)) / alpha;
      this.z[i] = this.z[i]! + g - sigma * this.w[i]!;
      this.n[i] = n + g * g;
      const z = this.z[i]!;
      this.w[i] =
        Math.abs(z) <= l1 ? 0 : -(z - Math.sign(z) * l1) / ((beta + Math.sqrt(this.n[i]!)) / alpha + l2);
      this.scoring[i] = this.#scoringAt(i);
    }
  }

  /** `scoring`'s entry for coordinate i: the offset's weight and `w`'s. */
  #scoringAt(i: number): number {
    const own = scoringWeight(this.w[i]!);
    return this.offset === null ? own : saturate(this.offset[i]! + own);
  }

  /** The non-zero state, for storage: coordinates with their z and n. */
  toSparse(): { indices: Int32Array; z: Float64Array; n: Float64Array } {
    let count = 0;
    for (let i = 0; i < DIMENSION; i++) if (this.n[i] !== 0) count++;
    const indices = new Int32Array(count);
    const z = new Float64Array(count);
    const n = new Float64Array(count);
    let k = 0;
    for (let i = 0; i < DIMENSION; i++) {
      if (this.n[i] === 0) continue;
      indices[k] = i;
      z[k] = this.z[i]!;
      n[k++] = this.n[i]!;
    }
    return { indices, z, n };
  }

  static fromSparse(
    state: { indices: Int32Array; z: Float64Array; n: Float64Array },
    params = DEFAULT_FTRL,
    offset: Int16Array | null = null,
  ): FtrlModel {
    const model = new FtrlModel(params, offset);
    const { alpha, beta, l1, l2 } = params;
    for (let k = 0; k < state.indices.length; k++) {
      const i = state.indices[k]!;
      const z = state.z[k]!;
      model.z[i] = z;
      model.n[i] = state.n[k]!;
      model.w[i] =
        Math.abs(z) <= l1 ? 0 : -(z - Math.sign(z) * l1) / ((beta + Math.sqrt(state.n[k]!)) / alpha + l2);
      model.scoring[i] = model.#scoringAt(i);
    }
    return model;
  }
}

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-Math.max(-30, Math.min(30, x))));
