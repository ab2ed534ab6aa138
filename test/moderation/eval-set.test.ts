/**
 * The shape of the labelled evaluation set (test/fixtures/moderation-eval/):
 * every file parses (the loader throws on a malformed line), no comment is in
 * it twice (a text in two splits would count a seen sentence as held out),
 * and every held-out batch holds, in each category, both clean look-alikes
 * and abusive items, so a category's clean FP rate and recall both mean
 * something. Every batch folder on disk is registered, with all seven category
 * files, and the fresh batch is the newest registered (a folder left out of
 * HOLDOUT_BATCHES, or a file moved out of one, would silently shrink a split),
 * except one newer batch that may wait unregistered as PENDING_HOLDOUT: no
 * benchmark loads it, but it is checked here like the registered ones.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  type EvalItem,
  FRESH_HOLDOUT,
  HOLDOUT_BATCHES,
  loadEvalSet,
  loadHoldouts,
  loadPendingHoldout,
  PENDING_HOLDOUT,
} from '../../bench/support/eval-set.js';

const CATEGORIES = ['general', 'masked', 'missing', 'site_terms', 'threat', 'false_positive', 'implicit'];
const DIR = new URL('../fixtures/moderation-eval/', import.meta.url);

describe('the labelled evaluation set', () => {
  const base = loadEvalSet();
  const holdouts = [...loadHoldouts(), ...loadPendingHoldout()];
  const all = [...base, ...holdouts];
  const batches: string[] = [...HOLDOUT_BATCHES, ...(PENDING_HOLDOUT ? [PENDING_HOLDOUT] : [])];

  it('hashes the original set into dev and test, and gives each held-out batch its own split', () => {
    assert.deepEqual([...new Set(base.map((i) => i.split))].sort(), ['dev', 'test']);
    assert.deepEqual([...new Set(holdouts.map((i) => i.split))].sort(), [...batches].sort());
  });

  it('registers every held-out folder, oldest first, with the newest registered as the fresh one', () => {
    const folders = readdirSync(DIR)
      .filter((name) => /^holdout\d+$/.test(name))
      .sort((a, b) => Number(a.slice(7)) - Number(b.slice(7)));
    const registered = folders.filter((name) => name !== PENDING_HOLDOUT);
    assert.deepEqual([...HOLDOUT_BATCHES], registered);
    assert.equal(FRESH_HOLDOUT, registered.at(-1));
    if (PENDING_HOLDOUT)
      assert.equal(PENDING_HOLDOUT, folders.at(-1), 'the pending batch is the newest folder');
  });

  for (const batch of batches) {
    it(`${batch}: holds one file for each of the seven categories`, () => {
      const files = readdirSync(new URL(`${batch}/`, DIR)).filter((f) => f.endsWith('.tsv'));
      const categories = files.map((f) => f.replace(/\.tsv$/, '').replace(/-/g, '_')).sort();
      assert.deepEqual(categories, [...CATEGORIES].sort());
    });
  }

  it('holds no comment twice, within a split or across splits (case and spacing aside)', () => {
    const seen = new Map<string, Pick<EvalItem, 'id'> & { split: string }>();
    const twice: string[] = [];
    for (const item of all) {
      const key = item.text.toLowerCase().replace(/\s+/g, ' ').trim();
      const first = seen.get(key);
      if (first) twice.push(`${item.split}/${item.id} repeats ${first.split}/${first.id}`);
      else seen.set(key, item);
    }
    assert.deepEqual(twice, []);
  });

  for (const batch of batches) {
    it(`${batch}: every category has clean look-alikes and abusive items`, () => {
      const items = holdouts.filter((i) => i.split === batch);
      for (const category of CATEGORIES) {
        const inCategory = items.filter((i) => i.category === category);
        assert.ok(
          inCategory.some((i) => i.label === 'approve'),
          `${batch} ${category}: no clean item`,
        );
        assert.ok(
          inCategory.some((i) => i.label !== 'approve'),
          `${batch} ${category}: no abusive item`,
        );
      }
    });
  }

  // Every batch from holdout3 on (holdout2, the first, holds 337).
  for (const batch of batches.filter((b) => b !== 'holdout2')) {
    it(`${batch}: at least 400 comments, 60 of them Nynorsk, about half clean`, () => {
      const items = holdouts.filter((i) => i.split === batch);
      assert.ok(items.length >= 400, `${items.length} items`);
      assert.ok(items.filter((i) => i.lang === 'nn').length >= 60);
      const clean = items.filter((i) => i.label === 'approve').length / items.length;
      assert.ok(clean >= 0.4 && clean <= 0.6, `${(100 * clean).toFixed(1)} % approve`);
    });
  }
});
