import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalise } from '../../moderation/engine/index.js';
import { RULE_NAMES } from '../../moderation/engine/types.js';
import {
  extractFeatures,
  FeatureVector,
  ReasonFeatures,
  reasonFeatures,
} from '../../moderation/model/features.js';
import { FtrlModel } from '../../moderation/model/ftrl.js';
import { RiskScorer } from '../../moderation/model/risk-models.js';
import { en } from './strings/en.js';
import { nb } from './strings/nb.js';
import { nn } from './strings/nn.js';
import { explainedRules, ruleLabel } from './views/labels.js';

test('every rule the engine can name has a name in each language (the filter by rule offers them all)', () => {
  const missing = [nb, nn, en].flatMap((s, i) =>
    RULE_NAMES.filter((rule) => ruleLabel(rule, s) === rule).map(
      (rule) => `${['nb', 'nn', 'en'][i]} ${rule}`,
    ),
  );
  assert.deepEqual(missing, []);
});

test("the risk model's item for the rules' reasons is read back as the rules, words and pairs as none", () => {
  const reasons = [
    {
      rule: 'threat' as const,
      severity: 'reject' as const,
      category: 'threat' as const,
      detail: 'Threat: violent verb aimed at a person',
      params: { verb: 'slå', target: 'deg' },
    },
    {
      rule: 'shouting' as const,
      severity: 'hold' as const,
      detail: '90 % of 30 letters are capitals',
      params: { percent: 90, letters: 30 },
    },
  ];
  const text = 'Jeg skal slå deg, DU ER EN SKAM FOR BYGDA';
  const model = new FtrlModel();
  for (let i = 0; i < 3; i++)
    model.update(
      extractFeatures(normalise(text), new FeatureVector(), reasonFeatures(reasons, new ReasonFeatures())),
      1,
    );
  // What the workbench receives as `risk.top`, made by the model itself.
  const top = new RiskScorer().score(model, 3, text, reasons).top;
  const read = top.map((item) => explainedRules(item.feature));
  assert.deepEqual(
    read.filter((rules) => rules !== null),
    [['threat', 'shouting']],
    JSON.stringify(top),
  );
  assert.ok(
    read.some((rules) => rules === null),
    'the words are not rules',
  );
  assert.deepEqual(
    ['threat', 'shouting'].map((rule) => ruleLabel(rule, nb)),
    ['Mulig trussel', 'Store bokstaver'],
  );
});
