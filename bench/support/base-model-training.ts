/**
 * How the shipped base model (src/moderation/model/base-model.ts) is learnt:
 * the product's own features (the engine's normaliser, the rules' reasons
 * under the set's site policy) and FTRL, from every labelled split written
 * before the fresh holdout, in a fixed order, so the same items give the same
 * artifact byte for byte. Used by `npm run model:base` (scripts/train-base-model.ts)
 * and by the test that checks the committed artifact (test/moderation/base-model.test.ts).
 *
 * Order: the items sorted by split (dev, test, holdout2, …), category and line;
 * each pass learns them in its own fixed shuffle of that order (seed + pass).
 * Labels as a moderator decides: approve → 0, hold or reject → 1. FTRL's rate is
 * BASE_FTRL (a site learns on top with DEFAULT_FTRL).
 *
 * The out-of-fold scores (for the base's gate and the operating point): each
 * split in turn is left out, a model learnt the same way from the others
 * scores it; the scores of the items the rules approved are the base's window.
 */
import { createHash } from 'node:crypto';
import { type ModerationContext, moderate } from '../../src/moderation/engine/index.js';
import { normalise } from '../../src/moderation/engine/normalise.js';
import { BASE_FORMAT, type BaseModel, type BaseModelFile } from '../../src/moderation/model/base-model.js';
import {
  DIMENSION,
  extractFeatures,
  FEATURE_VERSION,
  FeatureVector,
  ReasonFeatures,
  reasonFeatures,
} from '../../src/moderation/model/features.js';
import {
  DEFAULT_FTRL,
  FtrlModel,
  type FtrlParams,
  SCORING_SCALE,
  sigmoid,
} from '../../src/moderation/model/ftrl.js';
import { chooseThreshold, type HeldOut, type RulesVerdict } from '../../src/moderation/model/threshold.js';
import {
  EVAL_SITE_POLICY,
  type EvalItem,
  FRESH_HOLDOUT,
  HOLDOUT_BATCHES,
  type HoldoutBatch,
  loadEvalSet,
  loadHoldouts,
} from './eval-set.js';
import { rocAuc, seenSplits, shuffled } from './model-eval.js';

/** Passes over the items (chosen on the leave-one-batch-out folds: docs/MODERATION.md, "The shipped base model"). */
export const BASE_PASSES = 3;
export const BASE_SEED = 15;
/**
 * FTRL for the base, learnt offline in three passes: beta 0.1 (a site's own learning keeps
 * DEFAULT_FTRL's 0.3, whose calibration its gate was measured with). On the leave-one-batch-out
 * folds it ranks better than 0.3 on every fold (docs/MODERATION.md, "Skip pairs and the base's rate").
 */
export const BASE_FTRL: FtrlParams = { ...DEFAULT_FTRL, beta: 0.1 };

/** The operating point chosen out of fold: the site policy's default floor and minimum of rejections. */
export const BASE_FLOOR = 0.9;
export const BASE_MIN_POSITIVES = 20;

/** One item as learnt: its features (with the rules' reasons), its label and the rules' verdict. */
export interface Prepared {
  item: EvalItem;
  features: Int32Array;
  label: 0 | 1;
  rules: RulesVerdict;
}

/** The splits the base model learns: dev, test and every batch written before the fresh one. */
export function trainingSplits(
  batches: readonly string[] = HOLDOUT_BATCHES,
  fresh: string = FRESH_HOLDOUT,
): string[] {
  return seenSplits(batches, fresh);
}

const lineOf = (id: string): number => Number(id.slice(id.lastIndexOf(':') + 1));

/**
 * The items of `splits`, in the fixed order (split as listed, category, line); no other batch is
 * opened, and the fresh holdout (or a batch after it) never: asked for one, it throws unread.
 */
export function trainingItems(splits: readonly string[]): EvalItem[] {
  const allowed = trainingSplits();
  const refused = splits.filter((s) => !allowed.includes(s));
  if (refused.length > 0)
    throw new Error(`the base model learns only ${allowed.join(', ')}, never ${refused.join(', ')}`);
  const batches = HOLDOUT_BATCHES.filter((b) => splits.includes(b)) as HoldoutBatch[];
  const items = [
    ...loadEvalSet().filter((i) => splits.includes(i.split)),
    ...(batches.length === 0 ? [] : loadHoldouts(batches)),
  ];
  const order = (i: EvalItem) => splits.indexOf(i.split);
  return items.sort(
    (a, b) =>
      order(a) - order(b) ||
      (a.category < b.category ? -1 : a.category > b.category ? 1 : 0) ||
      lineOf(a.id) - lineOf(b.id),
  );
}

const sha256 = (parts: Iterable<string>): string => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return `sha256:${hash.digest('hex')}`;
};

/** The hash of the items learnt: split, id, label, language and text of each, in order. */
export function itemsHash(items: readonly EvalItem[]): string {
  return sha256(items.map((i) => `${i.split}\t${i.id}\t${i.label}\t${i.lang}\t${i.text}\n`));
}

const context: ModerationContext = { policyKey: 'base-model', policy: EVAL_SITE_POLICY };

/** Each item's features as the product reads them: its normalised text and the rules' reasons for it. */
export function prepare(items: readonly EvalItem[]): Prepared[] {
  const features = new FeatureVector();
  const reasons = new ReasonFeatures();
  return items.map((item) => {
    const norm = normalise(item.text);
    const result = moderate(norm, context);
    extractFeatures(norm, features, reasonFeatures(result.reasons, reasons));
    return {
      item,
      features: features.indices.slice(0, features.count),
      label: item.label === 'approve' ? 0 : 1,
      rules: result.decision,
    };
  });
}

/**
 * The hash of each item's features (its text's and the rules' reasons') and the rules' verdict:
 * it changes when the normaliser or the rules read the items differently.
 */
export function featuresHash(prepared: readonly Prepared[]): string {
  return sha256(prepared.map((p) => `${p.rules}:${p.features.join(',')}\n`));
}

const vectorOf = (features: Int32Array, out: FeatureVector): FeatureVector => {
  out.reset();
  out.reserve(features.length);
  out.indices.set(features);
  out.count = features.length;
  out.value = 1 / Math.sqrt(features.length);
  return out;
};

/** Learns `prepared` in `passes` fixed shuffles (seed + pass), on top of `offset` when given. */
export function train(
  prepared: readonly Prepared[],
  passes = BASE_PASSES,
  seed = BASE_SEED,
  offset: Int16Array | null = null,
): FtrlModel {
  const model = new FtrlModel(BASE_FTRL, offset);
  const vector = new FeatureVector();
  for (let pass = 0; pass < passes; pass++)
    for (const p of shuffled(prepared, seed + pass)) model.update(vectorOf(p.features, vector), p.label);
  return model;
}

/** A text's score from a scoring table (as RiskScorer reads it), 0..1 rounded to 4 places. */
export function scoreWith(scoring: Int16Array, features: Int32Array): number {
  let sum = 0;
  for (let k = 0; k < features.length; k++) sum += scoring[features[k]!]!;
  return Math.round(sigmoid(sum / Math.sqrt(features.length) / SCORING_SCALE) * 10_000) / 10_000;
}

/** Each item's score by a model learnt (the same way) from every split but its own. */
export function outOfFold(
  prepared: readonly Prepared[],
  splits: readonly string[],
  passes = BASE_PASSES,
  seed = BASE_SEED,
): number[] {
  const scores = new Array<number>(prepared.length).fill(0);
  for (const split of splits) {
    const model = train(
      prepared.filter((p) => p.item.split !== split),
      passes,
      seed,
    );
    prepared.forEach((p, k) => {
      if (p.item.split === split) scores[k] = scoreWith(model.scoring, p.features);
    });
  }
  return scores;
}

const base64 = (array: Uint16Array | Int16Array): string =>
  Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');

const round = (v: number | null): number | null => (v === null ? null : Math.round(v * 10_000) / 10_000);

/** Learns the base model from `splits` and builds the artifact. */
export function buildBaseModel(splits: readonly string[] = trainingSplits()): BaseModelFile {
  const items = trainingItems(splits);
  const prepared = prepare(items);
  const model = train(prepared);
  let nonzero = 0;
  for (let i = 0; i < DIMENSION; i++) if (model.scoring[i] !== 0) nonzero++;
  const oof = outOfFold(prepared, splits);
  const approved = prepared.flatMap((p, k) => (p.rules === 'approve' ? [k] : []));
  const window: HeldOut[] = approved.map((k) => ({ score: oof[k]!, label: prepared[k]!.label }));
  const at = chooseThreshold(window, BASE_FLOOR, BASE_MIN_POSITIVES);
  const auc = (ks: number[]) =>
    round(rocAuc(ks.map((k) => ({ score: oof[k]!, abusive: prepared[k]!.label === 1 })))) ?? 0;
  const weights = { nonzero, values: base64(model.scoring) };
  const file: Omit<BaseModelFile, 'id'> = {
    format: BASE_FORMAT,
    featureVersion: FEATURE_VERSION,
    dimension: DIMENSION,
    ftrl: { ...BASE_FTRL },
    passes: BASE_PASSES,
    seed: BASE_SEED,
    trainedOn: [...splits],
    items: items.length,
    itemsHash: itemsHash(items),
    featuresHash: featuresHash(prepared),
    outOfFold: {
      method: 'leave-one-split-out: each split scored by a model learnt the same way from the others',
      auc: { all: auc(prepared.map((_, k) => k)), approved: auc(approved) },
      approved: {
        scores: base64(Uint16Array.from(window, (w) => Math.round(w.score * 10_000))),
        labels: window.map((w) => w.label).join(''),
      },
      operatingPoint: {
        precisionFloor: BASE_FLOOR,
        minPositives: BASE_MIN_POSITIVES,
        threshold: at?.threshold ?? null,
        precision: round(at?.precision ?? null),
        recall: round(at?.recall ?? null),
        positives: at?.positives ?? 0,
        flagged: at?.flagged ?? 0,
      },
    },
    weights,
  };
  // The id names the weights and what they were learnt from: a site's model records the base it learnt on.
  const id = sha256([JSON.stringify(file)]).slice('sha256:'.length, 'sha256:'.length + 16);
  const { format, ...rest } = file;
  return { format, id, ...rest };
}

/** The artifact as committed: stable key order, one field per line, the base64 strings whole. */
export function serialise(file: BaseModelFile): string {
  return `${JSON.stringify(file, null, 1)}\n`;
}

/** One leave-one-batch-out fold of the base model: learnt without `fold`, measured on it. */
export interface BaseFold {
  fold: string;
  passes: number;
  items: number;
  /**
   * ROC AUC of the base score on the fold: every item, the implicit and the threat items, the items
   * the rules approved (of them, the implicit ones); the rules' verdict as a score.
   */
  auc: {
    all: number;
    implicit: number;
    threat: number;
    approved: number;
    implicitApproved: number;
    rules: number;
  };
  /** The threshold chosen out of fold on the training splits (null: none reached the floor). */
  threshold: number | null;
  /** Reject-worthy items caught (held or rejected), 0..1: rules alone, rules + the base's holds. */
  rejectCaught: { rules: number; withBase: number };
  /** Abusive (hold or reject) items caught, the same two ways. */
  abusiveCaught: { rules: number; withBase: number };
  cleanFp: { rules: number; withBase: number };
  holds: number;
  /** Share of the base's holds that were abusive. */
  holdPrecision: number | null;
}

const RULES_SCORE: Record<RulesVerdict, number> = { approve: 0, hold: 1, reject: 2 };

/**
 * The honest check of the base model: for each `fold` (a seen batch), the base
 * learnt as `npm run model:base` learns it from every other training split,
 * its threshold chosen out of fold on those splits, then the fold scored blind.
 */
export function baseCv(folds: readonly string[], passes: readonly number[] = [BASE_PASSES]): BaseFold[] {
  const splits = trainingSplits();
  const prepared = prepare(trainingItems(splits));
  const out: BaseFold[] = [];
  for (const fold of folds) {
    const learnt = prepared.filter((p) => p.item.split !== fold);
    const blind = prepared.filter((p) => p.item.split === fold);
    const others = splits.filter((s) => s !== fold);
    for (const n of passes) {
      const model = train(learnt, n);
      const oof = outOfFold(learnt, others, n);
      const window = learnt.flatMap((p, k) =>
        p.rules === 'approve' ? [{ score: oof[k]!, label: p.label }] : [],
      );
      const threshold = chooseThreshold(window, BASE_FLOOR, BASE_MIN_POSITIVES)?.threshold ?? null;
      const scored = blind.map((p) => ({ p, score: scoreWith(model.scoring, p.features) }));
      const held = (s: (typeof scored)[number]) =>
        s.p.rules === 'approve' && threshold !== null && s.score >= threshold;
      const share = (among: typeof scored, flagged: (s: (typeof scored)[number]) => boolean) =>
        among.filter(flagged).length / among.length;
      const byRules = (s: (typeof scored)[number]) => s.p.rules !== 'approve';
      const byBoth = (s: (typeof scored)[number]) => byRules(s) || held(s);
      const rejectWorthy = scored.filter((s) => s.p.item.label === 'reject');
      const abusive = scored.filter((s) => s.p.label === 1);
      const clean = scored.filter((s) => s.p.label === 0);
      const holds = scored.filter(held);
      const aucOf = (wanted: (s: (typeof scored)[number]) => boolean) =>
        rocAuc(scored.filter(wanted).map((s) => ({ score: s.score, abusive: s.p.label === 1 })));
      const approvedByRules = (s: (typeof scored)[number]) => s.p.rules === 'approve';
      const implicit = (s: (typeof scored)[number]) => s.p.item.category === 'implicit';
      out.push({
        fold,
        passes: n,
        items: blind.length,
        auc: {
          all: aucOf(() => true),
          implicit: aucOf(implicit),
          threat: aucOf((s) => s.p.item.category === 'threat'),
          approved: aucOf(approvedByRules),
          implicitApproved: aucOf((s) => approvedByRules(s) && implicit(s)),
          rules: rocAuc(scored.map((s) => ({ score: RULES_SCORE[s.p.rules], abusive: s.p.label === 1 }))),
        },
        threshold,
        rejectCaught: { rules: share(rejectWorthy, byRules), withBase: share(rejectWorthy, byBoth) },
        abusiveCaught: { rules: share(abusive, byRules), withBase: share(abusive, byBoth) },
        cleanFp: { rules: share(clean, byRules), withBase: share(clean, byBoth) },
        holds: holds.length,
        holdPrecision: holds.length === 0 ? null : holds.filter((s) => s.p.label === 1).length / holds.length,
      });
    }
  }
  return out;
}

/** The fold table of `baseCv`. */
export function baseCvLines(folds: readonly BaseFold[]): string[] {
  const p = (v: number | null) => (v === null ? '–' : (100 * v).toFixed(1));
  const a = (v: number) => (Number.isNaN(v) ? '–' : v.toFixed(3));
  const head = [
    'fold',
    'passes',
    'items',
    'AUC base',
    'implicit',
    'threat',
    'approved',
    'impl appr',
    'rules AUC',
    'threshold',
    'reject: rules',
    '+base',
    'abusive: rules',
    '+base',
    'clean FP: rules',
    '+base',
    'holds',
    'hold prec',
  ];
  const widths = head.map((h) => Math.max(8, h.length + 2));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(10) : c.padStart(widths[i]!))).join('');
  return [
    `Base model, leave-one-batch-out: learnt from every training split but the fold (as npm run model:base), threshold chosen out of fold on those splits for precision ≥ ${BASE_FLOOR}; the fold scored blind. AUC of the base score: every item, implicit, threat, the items the rules approved (approved) and the implicit ones among them (impl appr). Caught and clean FP in %; +base = with the base's holds (only what the rules approve).`,
    line(head),
    ...folds.map((f) =>
      line([
        f.fold,
        String(f.passes),
        String(f.items),
        a(f.auc.all),
        a(f.auc.implicit),
        a(f.auc.threat),
        a(f.auc.approved),
        a(f.auc.implicitApproved),
        a(f.auc.rules),
        f.threshold === null ? '–' : f.threshold.toFixed(2),
        p(f.rejectCaught.rules),
        p(f.rejectCaught.withBase),
        p(f.abusiveCaught.rules),
        p(f.abusiveCaught.withBase),
        p(f.cleanFp.rules),
        p(f.cleanFp.withBase),
        String(f.holds),
        p(f.holdPrecision),
      ]),
    ),
  ];
}

/**
 * bench:quality's lines for the shipped base model on a split it never learnt (the fresh
 * holdout): a new site with `hold` and `baseHold`, the rules plus the base's holds at its
 * out-of-fold operating point, beside the rules alone. Refuses a split the base learnt.
 */
export function baseFreshLines(base: BaseModel, items: readonly EvalItem[], split: string): string[] {
  if (base.file.trainedOn.includes(split))
    throw new Error(`the base model learnt ${split}: not a blind figure`);
  const threshold = base.file.outOfFold.operatingPoint.threshold;
  const scored = prepare(items).map((p) => ({ p, score: scoreWith(base.weights, p.features) }));
  const held = (s: (typeof scored)[number]) =>
    s.p.rules === 'approve' && threshold !== null && s.score >= threshold;
  const pct = (among: typeof scored, flagged: (s: (typeof scored)[number]) => boolean) =>
    among.length === 0 ? '–' : `${((100 * among.filter(flagged).length) / among.length).toFixed(1)} %`;
  const byRules = (s: (typeof scored)[number]) => s.p.rules !== 'approve';
  const byBoth = (s: (typeof scored)[number]) => byRules(s) || held(s);
  const rejectWorthy = scored.filter((s) => s.p.item.label === 'reject');
  const clean = scored.filter((s) => s.p.label === 0);
  const holds = scored.filter(held);
  const auc = (among: typeof scored) =>
    rocAuc(among.map((s) => ({ score: s.score, abusive: s.p.label === 1 }))).toFixed(3);
  return [
    `Shipped base model ${base.id} (learnt from ${base.file.trainedOn.join(', ')}) on ${split}, a new site with hold and baseHold (threshold ${threshold ?? 'none'}, chosen out of fold for precision ≥ ${base.file.outOfFold.operatingPoint.precisionFloor}):`,
    `  ROC AUC of the base score: ${auc(scored)} (items the rules approved: ${auc(scored.filter((s) => s.p.rules === 'approve'))}; rules' verdict as a score ${rocAuc(scored.map((s) => ({ score: RULES_SCORE[s.p.rules], abusive: s.p.label === 1 }))).toFixed(3)})`,
    `  reject-worthy caught: rules ${pct(rejectWorthy, byRules)}, rules + base holds ${pct(rejectWorthy, byBoth)}; clean FP: rules ${pct(clean, byRules)}, rules + base holds ${pct(clean, byBoth)}`,
    `  base holds: ${holds.length}, abusive ${pct(holds, (s) => s.p.label === 1)}`,
  ];
}
