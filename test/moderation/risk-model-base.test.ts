/**
 * The shipped base model (config/model/base-model.json, `npm run model:base`):
 * learnt from exactly the splits it lists, which are every split written
 * before the fresh holdout and never the fresh one (the hash of the items it
 * records is the hash of those splits' items as they are now); learnt with
 * the code's FEATURE_VERSION; and the file is what a fresh training run writes,
 * byte for byte. When one fails: `npm run model:base` and commit the file.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  BASE_FTRL,
  buildBaseModel,
  itemsHash,
  serialise,
  trainingItems,
  trainingSplits,
} from '../../bench/support/base-model-training.js';
import { FRESH_HOLDOUT } from '../../bench/support/eval-set.js';
import {
  BASE_MODEL_URL,
  type BaseModelFile,
  decodeBaseModel,
  loadBaseModel,
} from '../../src/moderation/model/base-model.js';
import { DIMENSION, FEATURE_VERSION } from '../../src/moderation/model/features.js';

const committed = readFileSync(BASE_MODEL_URL, 'utf8');
const file = JSON.parse(committed) as BaseModelFile;
const retrain = 'run npm run model:base and commit config/model/base-model.json';

describe('the shipped base model', () => {
  it('was learnt from every split before the fresh holdout, never the fresh one', () => {
    assert.ok(!file.trainedOn.includes(FRESH_HOLDOUT), `it learnt ${FRESH_HOLDOUT}, the fresh holdout`);
    assert.deepEqual(
      file.trainedOn,
      trainingSplits(),
      `it learnt other splits than the training splits: ${retrain}`,
    );
  });

  it('was learnt from exactly the items of the splits it lists (their hash)', () => {
    // The fresh holdout is never read, also when the file lists it.
    assert.throws(() => trainingItems([...file.trainedOn, FRESH_HOLDOUT]), /never holdout/);
    const items = trainingItems(file.trainedOn);
    assert.equal(file.items, items.length, `item count: ${retrain}`);
    assert.equal(
      file.itemsHash,
      itemsHash(items),
      `the items of ${file.trainedOn.join(', ')} differ: ${retrain}`,
    );
  });

  it("was learnt with the code's FEATURE_VERSION, dimension and FTRL parameters, and loads", () => {
    assert.equal(file.featureVersion, FEATURE_VERSION, `FEATURE_VERSION changed: ${retrain}`);
    assert.equal(file.dimension, DIMENSION);
    assert.deepEqual(file.ftrl, BASE_FTRL, `FTRL parameters changed: ${retrain}`);
    const base = loadBaseModel();
    assert.equal(base.id, file.id);
    assert.equal(base.weights.filter((w) => w !== 0).length, file.weights.nonzero);
    assert.equal(base.window.length, file.outOfFold.approved.labels.length);
    assert.throws(
      () => decodeBaseModel({ ...file, featureVersion: FEATURE_VERSION + 1 }),
      /npm run model:base/,
    );
  });

  it('is what a fresh training run writes, byte for byte', () => {
    const fresh = serialise(buildBaseModel());
    if (fresh === committed) return;
    const again = JSON.parse(fresh) as BaseModelFile;
    // Say what moved: the rules or the normaliser reading the items differently, or the learning.
    assert.equal(
      again.featuresHash,
      file.featuresHash,
      `the items' features or the rules' verdicts changed: ${retrain}`,
    );
    assert.equal(fresh, committed, `a fresh run learns other weights: ${retrain}`);
  });
});
