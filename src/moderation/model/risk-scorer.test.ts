import assert from 'node:assert/strict';
import { test } from 'node:test';
import { moderate, normalise } from '../engine/index.js';
import { loadEvalSet } from '../../../bench/support/eval-set.js';
import { describe, extractFeatures, FeatureVector, scoreText, TextScore } from './features.js';
import { FtrlModel, SCORING_SCALE } from './ftrl.js';
import { RiskScorer } from './risk-models.js';

const EXAMPLES: [string, 0 | 1][] = [
  ['Takk for en god og grundig artikkel', 0],
  ['Innvandrerne ødelegger alt, send dem hjem', 1],
  ['Godt skrevet, dette var nyttig lesing', 0],
  ['Typisk dem, de kan aldri oppføre seg', 1],
];

/** A model that has learnt `examples`, `rounds` times over in order. */
function learnt(examples: [string, 0 | 1][], rounds: number): FtrlModel {
  const model = new FtrlModel();
  const features = new FeatureVector();
  for (let round = 0; round < rounds; round++)
    for (const [text, label] of examples) model.update(extractFeatures(normalise(text), features), label);
  return model;
}

test('the risk score of the text the engine normalised equals the score of the raw text', () => {
  const model = learnt(EXAMPLES, 5);
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

/** Pairs `featuresByTheBook` made after a word whose hash is negative (the pairs version 1 lost). */
let pairsAfterNegative = 0;

/** The features as features.ts documents them, computed the slow way from the token strings. */
function featuresByTheBook(text: string): { index: number; what: string }[] {
  const fnv = (seed: number, s: string) => {
    let h = seed;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return h;
  };
  const mask = (1 << 16) - 1;
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
    for (let s = 0; s + 4 <= padded.length && s < 32; s++) {
      for (let n = 4; n <= 5 && s + n <= padded.length; n++) {
        const h = fnv(0x9e3779b1, padded.slice(s, s + n));
        out.push({ index: (h ^ (h >>> 15)) & mask, what: padded.slice(s, s + n) });
      }
    }
  }
  return out;
}

test('features are the hashed words, word pairs and 4- and 5-grams of " word ", as documented', () => {
  const features = new FeatureVector();
  for (const text of [
    'F4EN ta deg, din idiot!',
    'Kort: ja. 42 er svaret',
    `${'a'.repeat(45)} b`,
    // Around the cuts: n-grams from the first 32 places (words of 31 to 34 letters), the first 40 letters.
    `${'abcdefghijklmnopqrstuvwxyzæøåabcdefghijklm'.slice(0, 31)} x ${'nopqrstuvwxyzæøåabcdefghijklmnopqrs'.slice(0, 32)}`,
    `${'ordskiftekommentarfeltmoderasjonen'.slice(0, 33)}, ${'ordskiftekommentarfeltmoderasjonen'.slice(0, 34)} og ${'q'.repeat(40)}`,
    'a b cd e',
    'Æsj, så dårlig ølet er',
  ]) {
    const norm = normalise(text);
    extractFeatures(norm, features);
    const expected = featuresByTheBook(text);
    assert.deepEqual(
      [...features.indices.subarray(0, features.count)],
      expected.map((f) => f.index),
      text,
    );
    assert.equal(features.value, 1 / Math.sqrt(expected.length));
    // Scoring reads the same features in the same order, and says where each came from:
    // with weight k + 1 for the k-th feature (distinct indices only), the strongest are the last.
    const weights = new Int16Array(1 << 16);
    const distinct = expected.filter((f, k) => expected.findIndex((g) => g.index === f.index) === k);
    distinct.forEach((f, k) => {
      weights[f.index] = k + 1;
    });
    const found = scoreText(norm, weights, 64, new TextScore());
    assert.equal(found.count, expected.length);
    const byTheBook = expected
      .map((f, k) => ({ k, what: f.what, weight: weights[f.index]! }))
      .filter((f) => f.k > 0)
      .sort((a, b) => b.weight - a.weight || a.k - b.k)
      .slice(0, 64);
    assert.deepEqual(
      [...found.origins.subarray(0, found.kept)].map((origin, j) => ({
        what: describe(norm, origin),
        weight: found.weights[j],
      })),
      byTheBook.map((f) => ({ what: f.what, weight: f.weight })),
      text,
    );
  }
  assert.ok(pairsAfterNegative > 0, 'the texts hold a pair after a word of negative hash');
});

test('a score is the sum of the scoring weights of the features, its explanation their strongest positive ones', () => {
  const items = loadEvalSet();
  const model = new FtrlModel();
  const features = new FeatureVector();
  for (const item of items.slice(0, 400))
    model.update(extractFeatures(normalise(item.text), features), item.label === 'approve' ? 0 : 1);
  const found = new TextScore();
  let explained = 0;
  for (const item of items.slice(400, 700)) {
    const norm = normalise(item.text);
    extractFeatures(norm, features);
    const indices = [...features.indices.subarray(0, features.count)];
    scoreText(norm, model.scoring, 5, found);
    assert.equal(found.count, features.count);
    assert.equal(
      found.sum,
      indices.reduce((sum, i) => sum + model.scoring[i]!, 0),
    );
    // The five strongest positive weights, strongest first, of equal ones the earlier feature;
    // the bias (feature 0) explains nothing.
    const book = featuresByTheBook(item.text);
    const strongest = indices
      .map((i, k) => ({ k, weight: model.scoring[i]! }))
      .filter((f) => f.k > 0 && f.weight > 0)
      .sort((a, b) => b.weight - a.weight || a.k - b.k)
      .slice(0, 5)
      .map((f) => `${book[f.k]!.what} ${f.weight}`);
    assert.deepEqual(
      [...found.origins.subarray(0, found.kept)].map((o, j) => `${describe(norm, o)} ${found.weights[j]}`),
      strongest,
    );
    explained += found.kept;
    // The scoring weights are the full-precision ones to within half a step each.
    const full = model.logit(features);
    const scored = (found.sum / SCORING_SCALE) * features.value;
    assert.ok(Math.abs(full - scored) <= (0.5 / SCORING_SCALE) * features.count * features.value + 1e-9);
  }
  assert.ok(explained > 300, `${explained} features explained`);
  // None asked for, none kept; the sum is the same.
  const norm = normalise(items[0]!.text);
  const sum = scoreText(norm, model.scoring, 5, found).sum;
  assert.equal(scoreText(norm, model.scoring, 0, found).kept, 0);
  assert.equal(found.sum, sum);
});

test('a fixed model scores fixed texts as it always has: the features, their order and the weights learnt are pinned', () => {
  // A change to the features (which, or in which order: the explanation keeps the earlier of
  // equal weights, and learning sums in that order) or to FTRL's defaults moves these figures,
  // and needs a new FEATURE_VERSION. Set for version 4 (4- and 5-grams, alpha 0.7, beta 0.3);
  // version 3 gave -2.8609421305009164, 0.6103 and 0.3635 (b269d52 to f8140a6). After the same
  // three rounds the faster rate pulls the two texts further apart (0.7699 and 0.163; version
  // 4's features with version 3's rate: 0.6022 and 0.366), and "Typisk dem!" is explained by
  // the word "dem" and its pieces with the spaces around it (no 3-grams such as "em " now),
  // then " idi" of "idioten".
  const model = learnt(
    [...EXAMPLES, ['Du er en idiot og burde holde kjeft', 1], ['Eg er samd med skribenten i dette', 0]],
    3,
  );
  let weighed = 0;
  for (let i = 0; i < model.w.length; i++) weighed += model.w[i]! * ((i % 7) + 1);
  assert.equal(weighed, -0.2797463983297348);
  const scorer = new RiskScorer();
  assert.deepEqual(scorer.score(model, 7, 'Typisk dem! Send idioten hjem, F4EN'), {
    score: 0.7699,
    modelVersion: 7,
    top: [
      { feature: 'dem', weight: 0.0633 },
      { feature: ' dem', weight: 0.0633 },
      { feature: ' dem ', weight: 0.0633 },
      { feature: 'dem ', weight: 0.0633 },
      { feature: ' idi', weight: 0.0391 },
    ],
  });
  assert.deepEqual(scorer.score(model, 7, 'Takk for en grundig og nyttig artikkel'), {
    score: 0.163,
    modelVersion: 7,
    top: [
      { feature: 'en', weight: 0.0008 },
      { feature: ' en ', weight: 0.0008 },
      { feature: 'og', weight: 0.0008 },
      { feature: ' og ', weight: 0.0008 },
    ],
  });
});
