/**
 * The shipped base model: risk-model weights learnt from the whole labelled
 * set (every split but the fresh holdout, `npm run model:base`,
 * scripts/train-base-model.ts), committed as config/model/base-model.json and
 * every site's starting point. A site's own model learns on top of it (its
 * FTRL's offset, ftrl.ts: p = σ(base·x + site·x)), so a site with no decisions
 * scores with the base alone and its moderators' decisions adjust the base
 * rather than start from nothing (docs/MODERATION.md, "The shipped base model").
 *
 * The artifact holds the nonzero weights in the scoring table's units (16-bit
 * integers, SCORING_SCALE), the FEATURE_VERSION and FTRL parameters they were
 * learnt with, what they were learnt from (the splits and a hash of the items)
 * and the out-of-fold scores of the items the rules approved, from which the
 * base model's own gate measures its holds under a site's policy (threshold.ts).
 */
import { readFileSync } from 'node:fs';
import { DIMENSION, FEATURE_VERSION } from './features.js';
import type { FtrlParams } from './ftrl.js';
import type { HeldOut } from './threshold.js';

/** The artifact's format (the JSON's shape, not the weights). */
export const BASE_FORMAT = 1;

/** The committed artifact, as written by the training script. */
export interface BaseModelFile {
  format: number;
  /** A hash of the weights and of what they were learnt from: names the base a site's model learnt on. */
  id: string;
  featureVersion: number;
  dimension: number;
  /** FTRL's parameters the base was learnt with (a site's own learning uses DEFAULT_FTRL). */
  ftrl: FtrlParams;
  /** Passes over the items, each in its own fixed shuffle. */
  passes: number;
  seed: number;
  /** The splits learnt (the fresh holdout never), in order. */
  trainedOn: string[];
  items: number;
  /** sha256 over the items learnt, each `split TAB id TAB label TAB lang TAB text` in order of split and id. */
  itemsHash: string;
  /** sha256 over those items' features (text and the rules' reasons) and the rules' verdicts: changes when the rules or the normaliser read them differently. */
  featuresHash: string;
  outOfFold: {
    /** How the out-of-fold scores were made. */
    method: string;
    /** ROC AUC of the out-of-fold scores: every item, and the items the rules approved. */
    auc: { all: number; approved: number };
    /**
     * The items the rules approved (what the base may hold), each scored by a model that
     * did not learn its split: scores × 10,000 as base64 little-endian uint16, labels as "0"/"1".
     */
    approved: { scores: string; labels: string };
    /** The threshold chosen on them for the floor (threshold.ts, `chooseThreshold`), and how it does there. */
    operatingPoint: {
      precisionFloor: number;
      minPositives: number;
      threshold: number | null;
      precision: number | null;
      recall: number | null;
      positives: number;
      flagged: number;
    };
  };
  /**
   * Every weight of the table (`dimension` of them, SCORING_SCALE units) as base64 little-endian
   * int16: smaller than index and value pairs once more than half are nonzero (two thirds are).
   */
  weights: { nonzero: number; values: string };
}

/** The base model as a site's model uses it. */
export interface BaseModel {
  id: string;
  /** Dense, in SCORING_SCALE units: a site's FTRL offset. */
  weights: Int16Array;
  /** Out-of-fold held-out scores of the items the rules approved: the base's gate window. */
  window: HeldOut[];
  file: BaseModelFile;
}

const bytesOf = (base64: string): Buffer => Buffer.from(base64, 'base64');

/** Reads an artifact; throws when it is not of this code's format, dimension or FEATURE_VERSION. */
export function decodeBaseModel(file: BaseModelFile): BaseModel {
  if (file.format !== BASE_FORMAT)
    throw new Error(`base model: format ${file.format}, expected ${BASE_FORMAT}`);
  if (file.featureVersion !== FEATURE_VERSION || file.dimension !== DIMENSION)
    throw new Error(
      `base model: learnt with FEATURE_VERSION ${file.featureVersion} (dimension ${file.dimension}); the code has ${FEATURE_VERSION} (${DIMENSION}): run npm run model:base`,
    );
  const values = bytesOf(file.weights.values);
  if (values.length !== 2 * DIMENSION)
    throw new Error(`base model: ${values.length / 2} weights, expected ${DIMENSION}`);
  const weights = new Int16Array(DIMENSION);
  for (let i = 0; i < DIMENSION; i++) weights[i] = values.readInt16LE(2 * i);
  const scores = bytesOf(file.outOfFold.approved.scores);
  const labels = file.outOfFold.approved.labels;
  const window: HeldOut[] = [];
  for (let k = 0; k < labels.length; k++)
    window.push({ score: scores.readUInt16LE(2 * k) / 10_000, label: labels[k] === '1' ? 1 : 0 });
  return { id: file.id, weights, window, file };
}

/** Where the committed artifact is (the same from src/ and dist/). */
export const BASE_MODEL_URL = new URL('../../../config/model/base-model.json', import.meta.url);

/** The committed base model (config/model/base-model.json). */
export function loadBaseModel(url: URL = BASE_MODEL_URL): BaseModel {
  return decodeBaseModel(JSON.parse(readFileSync(url, 'utf8')) as BaseModelFile);
}
