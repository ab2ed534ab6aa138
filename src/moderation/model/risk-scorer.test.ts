import assert from 'node:assert/strict';
import { test } from 'node:test';
import { moderate, normalise } from '../engine/index.js';
import { extractFeatures, FeatureVector } from './features.js';
import { FtrlModel } from './ftrl.js';
import { RiskScorer } from './risk-models.js';

test('the risk score of the text the engine normalised equals the score of the raw text', () => {
  const model = new FtrlModel();
  const features = new FeatureVector();
  const examples: [string, 0 | 1][] = [
    ['Takk for en god og grundig artikkel', 0],
    ['Innvandrerne ødelegger alt, send dem hjem', 1],
    ['Godt skrevet, dette var nyttig lesing', 0],
    ['Typisk dem, de kan aldri oppføre seg', 1],
  ];
  for (let round = 0; round < 5; round++)
    for (const [text, label] of examples) model.update(extractFeatures(normalise(text), features), label);
  const scorer = new RiskScorer();
  for (const text of ['Typisk dem, send dem hjem', 'Takk for artikkelen', 'F4EN ta dem']) {
    const norm = normalise(text);
    moderate(norm, {
      policyKey: 'risk-scorer',
      policy: { bannedTerms: [], suspectTerms: [], allowedTerms: [], maxLinks: 1 },
    });
    assert.deepEqual(scorer.score(model, 3, norm), scorer.score(model, 3, text));
  }
});
