/**
 * `npm run model:base`: learns the shipped base model from every labelled
 * split written before the fresh holdout and writes config/model/base-model.json
 * (bench/support/base-model-training.ts says how; docs/MODERATION.md, "The
 * shipped base model"). Deterministic: the same items, rules and code give the
 * same file byte for byte. Run it when a batch is registered as the new fresh
 * holdout (the old one becomes training data), when FEATURE_VERSION changes,
 * or when the rules change what they say about the items.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildBaseModel, serialise } from '../bench/support/base-model-training.js';
import { BASE_MODEL_URL } from '../src/moderation/model/base-model.js';

const started = process.hrtime.bigint();
const file = buildBaseModel();
const text = serialise(file);
writeFileSync(BASE_MODEL_URL, text);
const op = file.outOfFold.operatingPoint;
console.log(
  [
    `${fileURLToPath(BASE_MODEL_URL).replace(`${process.cwd()}/`, '')}: ${(text.length / 1024).toFixed(0)} KB, id ${file.id}`,
    `learnt from ${file.items} items (${file.trainedOn.join(', ')}), ${file.passes} passes, FEATURE_VERSION ${file.featureVersion}, ${file.weights.nonzero} nonzero weights`,
    `out of fold (${file.outOfFold.method}): AUC ${file.outOfFold.auc.all} (rules-approved items ${file.outOfFold.auc.approved})`,
    `operating point for precision ≥ ${op.precisionFloor} (lower bound, ≥ ${op.minPositives} rejections): threshold ${op.threshold ?? 'none'}, precision ${op.precision ?? '–'}, recall ${op.recall ?? '–'} on ${file.outOfFold.approved.labels.length} rules-approved items (${op.flagged} held)`,
    `${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`,
  ].join('\n'),
);
