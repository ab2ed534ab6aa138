/**
 * Online logistic regression, FTRL-Proximal (McMahan et al., "Ad Click
 * Prediction: a View from the Trenches", 2013): per-coordinate adaptive
 * learning rates and L1 regularisation, so a site's model learns from each
 * moderator decision as it comes and keeps most weights at exactly zero.
 *
 * State is two numbers per coordinate (z, n); the weights are derived from them
 * and kept in a dense array for scoring, updated only where an example touched.
 */
import { DIMENSION, type FeatureVector } from './features.js';

export interface FtrlParams {
  alpha: number;
  beta: number;
  l1: number;
  l2: number;
}

export const DEFAULT_FTRL: FtrlParams = { alpha: 0.5, beta: 1, l1: 0.0005, l2: 0.001 };

export interface Contribution {
  /** Index into the feature vector. */
  at: number;
  weight: number;
}

/** Scratch for `logit`: a text's weights, gathered; kept for the next text up to RETAIN_WEIGHTS. */
let WEIGHTS = new Float32Array(1024);
const RETAIN_WEIGHTS = 1 << 16;
/** The strongest weights so far and their features, for `logit` (at most MAX_TOP). */
const MAX_TOP = 64;
const TOP_WEIGHTS = new Float32Array(MAX_TOP);
const TOP_AT = new Int32Array(MAX_TOP);

export class FtrlModel {
  readonly z = new Float64Array(DIMENSION);
  readonly n = new Float64Array(DIMENSION);
  readonly w = new Float32Array(DIMENSION);

  constructor(readonly params: FtrlParams = DEFAULT_FTRL) {}

  /** The logit for a feature vector, and the `top` features pushing it up most (into `best`). */
  logit(features: FeatureVector, best?: Contribution[], top = 5): number {
    const { indices, count, value } = features;
    const w = this.w;
    let sum = 0;
    if (best === undefined) {
      for (let k = 0; k < count; k++) sum += w[indices[k]!]!;
      return sum * value;
    }
    // Two passes: the weights are gathered by a loop with nothing else in it (the reads
    // into the table, which is far larger than the caches, overlap), then the strongest
    // are picked from the copy. The sum is the same, added in the same order.
    let gathered = WEIGHTS;
    if (gathered.length < count) {
      gathered = new Float32Array(count);
      if (count <= RETAIN_WEIGHTS) WEIGHTS = gathered;
    }
    for (let k = 0; k < count; k++) {
      const weight = w[indices[k]!]!;
      gathered[k] = weight;
      sum += weight;
    }
    best.length = 0;
    const most = Math.min(top, MAX_TOP);
    // The strongest positive weights, strongest first; of equal ones, the earlier feature.
    // The bias (feature 0) explains nothing and is left out.
    // A weight gets in when above `floor`: 0 while there is room, then the weakest kept
    // (positive), so the usual weight costs one comparison that goes the same way.
    let kept = 0;
    let floor = 0;
    for (let k = 1; k < count && most > 0; k++) {
      const weight = gathered[k]!;
      if (weight <= floor) continue;
      let j = kept < most ? kept++ : kept - 1;
      for (; j > 0 && weight > TOP_WEIGHTS[j - 1]!; j--) {
        TOP_WEIGHTS[j] = TOP_WEIGHTS[j - 1]!;
        TOP_AT[j] = TOP_AT[j - 1]!;
      }
      TOP_WEIGHTS[j] = weight;
      TOP_AT[j] = k;
      if (kept === most) floor = TOP_WEIGHTS[kept - 1]!;
    }
    for (let j = 0; j < kept; j++) best.push({ at: TOP_AT[j]!, weight: TOP_WEIGHTS[j]! * value });
    return sum * value;
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
    }
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
  ): FtrlModel {
    const model = new FtrlModel(params);
    const { alpha, beta, l1, l2 } = params;
    for (let k = 0; k < state.indices.length; k++) {
      const i = state.indices[k]!;
      const z = state.z[k]!;
      model.z[i] = z;
      model.n[i] = state.n[k]!;
      model.w[i] =
        Math.abs(z) <= l1 ? 0 : -(z - Math.sign(z) * l1) / ((beta + Math.sqrt(state.n[k]!)) / alpha + l2);
    }
    return model;
  }
}

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-Math.max(-30, Math.min(30, x))));
