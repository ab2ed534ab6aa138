/**
 * Moderation quality on our own labelled set (test/fixtures/moderation-eval/):
 * precision, recall, F1 and the clean false-positive rate per category, for
 * the Ordskifte engine and, in the same run over the same texts, for bad-words
 * (`isProfane`, its default list plus the site's terms) and obscenity (its
 * English dataset with the recommended transformers).
 *
 *   npm run bench:quality            (every split; targets judged on each)
 *   npm run bench:quality -- --split=holdout17
 *   npm run bench:quality -- --model-cv (only the risk model's
 *                                      leave-later-batch-out folds, see
 *                                      support/model-eval.ts; with
 *                                      --text-only the same folds without
 *                                      the rules' reasons first)
 *   npm run bench:quality -- --misses (the misses of every split but an
 *                                      unread blind batch (UNREAD_HOLDOUTS:
 *                                      holdout16, which measured the
 *                                      eighteenth rounds blind, and
 *                                      holdout17), whose are
 *                                      printed only when asked for with
 *                                      --split=…)
 *
 * Splits: dev (the rules are written from it), test (held out until the
 * fourth round of issue 15, seen since), holdout2 (written before the fourth
 * round's rules, seen since the fifth), holdout3 (written before the fifth
 * round's rules, seen since the sixth), holdout4 (written before the sixth
 * round's rules, seen since the seventh), holdout5 (written before the
 * seventh round's rules, seen since the eighth), holdout6 (written before
 * the eighth round's rules, seen since the ninth), holdout7 (written before
 * the ninth round's rules, seen since the tenth), holdout8 (written blind
 * before the tenth round's rules, seen since the eleventh), holdout9
 * (written blind before the eleventh round's rules, seen since the
 * twelfth), holdout10 (written blind before the twelfth round's rules,
 * seen since the thirteenth), holdout11 (written blind before the
 * thirteenth round's rules, seen since the fifteenth), holdout12 (written
 * blind before the threat grammar and the base model, seen since the
 * fifteenth round), holdout13 (written blind before the fifteenth round,
 * seen since its words and threats rounds), holdout14 (written blind
 * during those rounds, seen since the sixteenth), holdout15 (written blind
 * during the sixteenth rounds, registered after them, seen since the
 * seventeenth), holdout16 (written blind during the seventeenth rounds,
 * registered after them, measured the eighteenth blind, unread), holdout17
 * (written blind during the eighteenth rounds, registered before the
 * twentieth: the honest held-out figure) and all of them together.
 *
 * An item is abusive when labelled hold or reject. A contender flags an item
 * when it would not publish it (the engine: hold or reject; the baselines:
 * profane). Precision, recall and F1 are over abusive items; "clean FP" is the
 * share of items labelled approve that are flagged. "reject recall" is the share of
 * reject-worthy items the engine rejects outright (the baselines cannot tell
 * hold from reject, so theirs is their recall on those items). Targets: reject
 * recall ≥ 90 % and clean FP ≤ 3 % for the engine, over the whole set.
 *
 * Then the rules + per-site model contender (support/model-eval.ts): the risk
 * model learns the seen splits' labels as moderator decisions and holds on the
 * fresh split, which it never learns from (printed unless --split names another).
 */
import { Filter } from 'bad-words';
import { englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';
import { type ModerationContext, moderate } from '../src/moderation/engine/index.js';
import {
  EVAL_SITE_POLICY,
  type EvalCategory,
  type EvalItem,
  FRESH_HOLDOUT,
  HOLDOUT_BATCHES,
  type HoldoutBatch,
  UNREAD_HOLDOUTS,
  loadEvalSet,
  loadHoldouts,
} from './support/eval-set.js';
import { loadBaseModel } from '../src/moderation/model/base-model.js';
import { BASE_PASSES, baseCv, baseCvLines, baseFreshLines } from './support/base-model-training.js';
import {
  CV_FOLDS,
  evaluateModel,
  type Judged,
  modelCv,
  modelCvLines,
  modelEvalLines,
} from './support/model-eval.js';

type Verdict = 'approve' | 'hold' | 'reject';

interface Contender {
  name: string;
  judge: (text: string) => Verdict;
}

const context: ModerationContext = { policyKey: 'bench:quality', policy: EVAL_SITE_POLICY };
const badWords = new Filter();
badWords.addWords(...EVAL_SITE_POLICY.suspectTerms);
const obscenity = new RegExpMatcher({ ...englishDataset.build(), ...englishRecommendedTransformers });

const contenders: Contender[] = [
  { name: 'Ordskifte engine', judge: (text) => moderate(text, context).decision },
  { name: 'bad-words isProfane', judge: (text) => (badWords.isProfane(text) ? 'reject' : 'approve') },
  { name: 'obscenity', judge: (text) => (obscenity.hasMatch(text) ? 'reject' : 'approve') },
];

interface Counts {
  tp: number;
  fp: number;
  fn: number;
  clean: number;
  abusive: number;
  rejectWorthy: number;
  rejected: number;
  exact: number;
  items: number;
}

const empty = (): Counts => ({
  tp: 0,
  fp: 0,
  fn: 0,
  clean: 0,
  abusive: 0,
  rejectWorthy: 0,
  rejected: 0,
  exact: 0,
  items: 0,
});

function add(c: Counts, item: EvalItem, verdict: Verdict): void {
  const flagged = verdict !== 'approve';
  const abusive = item.label !== 'approve';
  c.items++;
  if (verdict === item.label) c.exact++;
  if (abusive) {
    c.abusive++;
    if (flagged) c.tp++;
    else c.fn++;
  } else {
    c.clean++;
    if (flagged) c.fp++;
  }
  if (item.label === 'reject') {
    c.rejectWorthy++;
    if (verdict === 'reject') c.rejected++;
  }
}

const pct = (n: number, d: number): string =>
  d === 0 ? '    –' : `${((100 * n) / d).toFixed(1)}`.padStart(5);

function row(label: string, c: Counts): string {
  const precision = c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp);
  const recall = c.abusive === 0 ? 0 : c.tp / c.abusive;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return [
    label.padEnd(16),
    String(c.items).padStart(5),
    pct(c.tp, c.tp + c.fp).padStart(7),
    pct(c.tp, c.abusive).padStart(7),
    (c.abusive === 0 ? '    –' : (100 * f1).toFixed(1)).padStart(7),
    pct(c.fp, c.clean).padStart(9),
    pct(c.rejected, c.rejectWorthy).padStart(10),
    pct(c.exact, c.items).padStart(8),
  ].join('');
}

if (process.argv.includes('--base-cv')) {
  // The shipped base model's leave-one-batch-out folds: seen batches only (the fresh one is never opened).
  const folds = (
    process.argv.find((a) => a.startsWith('--folds='))?.slice(8) ??
    'holdout8,holdout9,holdout10,holdout11,holdout12'
  ).split(',');
  const passes = (process.argv.find((a) => a.startsWith('--passes='))?.slice(9) ?? String(BASE_PASSES))
    .split(',')
    .map(Number);
  console.log(baseCvLines(baseCv(folds, passes)).join('\n'));
  process.exit(0);
}

if (process.argv.includes('--model-cv')) {
  // Only the batches up to the last fold are read: a newer blind batch is never opened.
  const batches = HOLDOUT_BATCHES.slice(0, HOLDOUT_BATCHES.indexOf(CV_FOLDS[CV_FOLDS.length - 1]!) + 1);
  const judged = new Map<string, Judged>();
  const judge = (text: string): Judged => {
    const known = judged.get(text);
    if (known !== undefined) return known;
    const result = moderate(text, context);
    judged.set(text, result);
    return result;
  };
  const items = [...loadEvalSet(), ...loadHoldouts(batches)];
  if (process.argv.includes('--text-only')) {
    // The same folds with the model given no rules' reasons (version 4's features): before and after in one run.
    console.log("Without the rules' reasons (text features only):");
    console.log(modelCvLines(await modelCv(items, { batches, judge, reasons: false })).join('\n'));
    console.log("\nWith the rules' reasons (FEATURE_VERSION 5):");
  }
  const folds = await modelCv(items, { batches, judge });
  console.log(modelCvLines(folds).join('\n'));
  process.exit(0);
}

const splitArg = process.argv.find((a) => a.startsWith('--split='))?.slice(8);
const all = [...loadEvalSet(), ...loadHoldouts()];
const SPLITS = ['dev', 'test', ...HOLDOUT_BATCHES];
const splits = splitArg ? [splitArg] : [...SPLITS, 'all'];
const SPLIT_NAMES: Record<string, string> = {
  dev: 'dev split (the rules are written from it)',
  test: 'test split (old held-out, seen since the fourth round)',
  holdout2: 'holdout2 split (written 6 Dec 2026 before the rules of the fourth round, seen since the fifth)',
  holdout3: 'holdout3 split (written 6 Dec 2026 before the rules of the fifth round, seen since the sixth)',
  holdout4: 'holdout4 split (written 6 Dec 2026 before the rules of the sixth round, seen since the seventh)',
  holdout5: 'holdout5 split (written 6 Dec 2026 before the seventh round, seen since the eighth)',
  holdout6: 'holdout6 split (written 6 Dec 2026 before the rules of the eighth round, seen since the ninth)',
  holdout7: 'holdout7 split (written 6 Dec 2026 before the rules of the ninth round, seen since the tenth)',
  holdout8: 'holdout8 split (written 6 Dec 2026 before the tenth round, seen since the eleventh)',
  holdout9: 'holdout9 split (written 6 Dec 2026 before the eleventh round, seen since the twelfth)',
  holdout10:
    'holdout10 split (written 7 Dec 2026 before the rules of the twelfth round, seen since the thirteenth)',
  holdout11:
    'holdout11 split (written 7 Dec 2026 before the rules of the thirteenth round, seen since the fifteenth)',
  holdout12:
    'holdout12 split (written blind 7 Dec 2026 before the threat grammar and the base model, seen since the fifteenth round)',
  holdout13:
    'holdout13 split (written blind 7 Dec 2026 before the fifteenth round, which read holdout11 and holdout12; seen since the fifteenth threats round read its misses)',
  holdout14:
    'holdout14 split (written blind 7 Dec 2026 during the fifteenth words and threats rounds; seen since the sixteenth rounds read its misses)',
  holdout15:
    'holdout15 split (written blind 7 Dec 2026 during the sixteenth words and threats rounds, registered after them at 46.3 % / 3.2 %; seen since the seventeenth rounds read its misses)',
  holdout16:
    'holdout16 split (written blind 7 Dec 2026 during the seventeenth words and threats rounds, registered after them at 39.2 % / 3.3 %; measured the eighteenth rounds blind, still unread)',
  holdout17:
    'holdout17 split (written blind 7 Dec 2026 during the eighteenth words and threats rounds, registered before the twentieth at 47.9 % / 1.2 %: the honest held-out figure)',
  all: `whole set (${SPLITS.join(' + ')})`,
};
const categories = [...new Set(all.map((i) => i.category))] as EvalCategory[];

console.log(
  `Moderation quality: ${all.length} labelled comments (${SPLITS.map((s) => `${all.filter((i) => i.split === s).length} ${s}`).join(', ')}), ${categories.length} categories`,
);
console.log('abusive = labelled hold or reject; flagged = not approved (baselines: profane)\n');

let failed = false;
for (const split of splits) {
  const items = split === 'all' ? all : all.filter((i) => i.split === split);
  for (const contender of contenders) {
    const perCategory = new Map<string, Counts>();
    const total = empty();
    for (const item of items) {
      const verdict = contender.judge(item.text);
      const c = perCategory.get(item.category) ?? empty();
      add(c, item, verdict);
      add(total, item, verdict);
      perCategory.set(item.category, c);
    }
    console.log(`${contender.name}, ${SPLIT_NAMES[split] ?? `${split} split`}`);
    console.log(
      `${'category'.padEnd(16)}${'items'.padStart(5)}${'prec %'.padStart(7)}${'rec %'.padStart(7)}${'F1 %'.padStart(7)}${'clean FP%'.padStart(9)}${'reject rec'.padStart(10)}${'exact %'.padStart(8)}`,
    );
    for (const category of categories) {
      const c = perCategory.get(category);
      if (c) console.log(row(category, c));
    }
    console.log(row('all', total));
    if (contender.name === 'Ordskifte engine') {
      const rejectRecall = total.rejectWorthy === 0 ? 1 : total.rejected / total.rejectWorthy;
      const cleanFp = total.clean === 0 ? 0 : total.fp / total.clean;
      const okRecall = rejectRecall >= 0.9;
      const okFp = cleanFp <= 0.03;
      console.log(
        `${okRecall ? 'PASS' : 'FAIL'}  reject recall ${(100 * rejectRecall).toFixed(1)} % (target ≥ 90 %)   ${okFp ? 'PASS' : 'FAIL'}  clean FP ${(100 * cleanFp).toFixed(1)} % (target ≤ 3 %)`,
      );
      if (split === 'all' && (!okRecall || !okFp)) failed = true;
    }
    console.log('');
  }
}
if (splitArg === undefined || splitArg === FRESH_HOLDOUT || splitArg === 'all') {
  const judge = (text: string): Judged => moderate(text, context);
  const result = await evaluateModel(all, { batches: HOLDOUT_BATCHES, fresh: FRESH_HOLDOUT, judge });
  console.log(`${modelEvalLines(result).join('\n')}\n`);
  const fresh = all.filter((i) => i.split === FRESH_HOLDOUT);
  console.log(`${baseFreshLines(loadBaseModel(), fresh, FRESH_HOLDOUT).join('\n')}\n`);
}
if (process.argv.includes('--misses')) {
  for (const item of all.filter((i) =>
    splitArg ? i.split === splitArg : !UNREAD_HOLDOUTS.includes(i.split as HoldoutBatch),
  )) {
    const verdict = contenders[0]!.judge(item.text);
    if (verdict !== item.label)
      console.log(`${item.id} [${item.split}] ${item.label} → ${verdict}: ${item.text}`);
  }
}
if (failed) process.exitCode = 1;
