import assert from 'node:assert/strict';
import { test } from 'node:test';
import { moderate, normalise } from '../engine/index.js';
import { describe, extractFeatures, FeatureVector } from './features.js';
import { type Contribution, FtrlModel } from './ftrl.js';
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

test('a score is explained by its strongest positive features, strongest first, ties in text order', () => {
  const model = new FtrlModel();
  const features = new FeatureVector();
  // Feature 0 is the bias: it counts in the sum but explains nothing.
  const weights = [9, 1, -2, 3, 0.5, 3, 7, 0, 3, -8, 2];
  weights.forEach((weight, k) => {
    model.w[100 + k] = weight;
    features.push(100 + k, k);
  });
  features.value = 0.5;
  const best: Contribution[] = [];
  const logit = model.logit(features, best, 4);
  assert.equal(logit, weights.reduce((a, b) => a + b, 0) * 0.5);
  assert.equal(model.logit(features), logit);
  assert.deepEqual(best, [
    { at: 6, weight: 3.5 },
    { at: 3, weight: 1.5 },
    { at: 5, weight: 1.5 },
    { at: 8, weight: 1.5 },
  ]);
  // Fewer positive weights than asked for: only those, and none at all when none is positive.
  model.logit(features, best, 20);
  assert.deepEqual(
    best.map((c) => c.at),
    [6, 3, 5, 8, 10, 1, 4],
  );
  for (let k = 1; k < weights.length; k++) model.w[100 + k] = -1;
  model.logit(features, best, 4);
  assert.deepEqual(best, []);
});

/** Pairs `featuresByTheBook` made after a word whose hash is negative (the pairs version 1 lost). */
let pairsAfterNegative = 0;

/** The features as features.ts documents them, computed the slow way from the token strings. */
function featuresByTheBook(text: string): { index: number; what: string }[] {
  const fnv = (seed: number, s: string) => {
    let h = seed;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return h;
  };
  const mask = (1 << 18) - 1;
  const out = [{ index: Math.imul(0x27d4eb2f, 0x01000193) & mask, what: '(base rate)' }];
  let previous: number | null = null;
  let previousForm = '';
  for (const token of normalise(text).tokens) {
    if (!token.word) {
      previous = null;
      continue;
    }
    const form = token.form.slice(0, 40);
    const word = fnv(0x85ebca6b, form);
    out.push({ index: word & mask, what: token.form });
    // Every word after a word is paired with it (FEATURE_VERSION 2; 1 lost the pairs after
    // a word whose 32-bit hash was negative).
    if (previous !== null) {
      if (previous < 0) pairsAfterNegative++;
      out.push({
        index: Math.imul(previous ^ word, 0x01000193) & mask,
        what: `${previousForm} ${token.form}`,
      });
    }
    previous = word;
    previousForm = token.form;
    const padded = ` ${form} `;
    for (let s = 0; s + 3 <= padded.length && s < 32; s++) {
      for (let n = 3; n <= 5 && s + n <= padded.length; n++) {
        const h = fnv(0x9e3779b1, padded.slice(s, s + n));
        out.push({ index: (h ^ (h >>> 15)) & mask, what: padded.slice(s, s + n) });
      }
    }
  }
  return out;
}

test('features are the hashed words, word pairs and 3- to 5-grams of " word ", as documented', () => {
  const features = new FeatureVector();
  for (const text of [
    'F4EN ta deg, din idiot!',
    'Kort: ja. 42 er svaret',
    `${'a'.repeat(45)} b`,
    'Æsj, så dårlig ølet er',
  ]) {
    const norm = normalise(text);
    extractFeatures(norm, features);
    const expected = featuresByTheBook(text);
    const got = [...features.indices.subarray(0, features.count)].map((index, k) => ({
      index,
      what: describe(norm, features.origins[k]!),
    }));
    assert.deepEqual(got, expected, text);
    assert.equal(features.value, 1 / Math.sqrt(expected.length));
  }
  assert.ok(pairsAfterNegative > 0, 'the texts hold a pair after a word of negative hash');
});
