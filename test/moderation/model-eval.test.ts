/**
 * bench:quality's rules + per-site model contender never learns from the fresh
 * split: the split selection leaves it (and any batch after it) out, a run over
 * the real set records one moderator decision per seen item and none for a
 * fresh one (also after scoring the fresh split), and the fresh scores it
 * reports are those of a model rebuilt from those recorded decisions alone.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FRESH_HOLDOUT, HOLDOUT_BATCHES, loadEvalSet, loadHoldouts } from '../../bench/support/eval-set.js';
import { evaluateModel, MemoryRiskLog, seenSplits } from '../../bench/support/model-eval.js';
import { RiskModels } from '../../src/moderation/model/risk-models.js';

describe("bench:quality's model contender", () => {
  it('learns from dev, test and the batches written before the fresh one, never from the fresh one', () => {
    const seen = seenSplits(HOLDOUT_BATCHES, FRESH_HOLDOUT);
    assert.ok(!seen.includes(FRESH_HOLDOUT), `${seen.join(', ')} holds ${FRESH_HOLDOUT}`);
    assert.deepEqual(seen.slice(0, 2), ['dev', 'test']);
    // A new fresh batch: the one before it becomes seen; a batch after the fresh one is not.
    const batches = ['holdout2', 'holdout3', 'holdout4', 'holdout5', 'holdout6', 'holdout7'];
    assert.deepEqual(seenSplits(batches, 'holdout7'), ['dev', 'test', ...batches.slice(0, 5)]);
    assert.deepEqual(seenSplits(batches, 'holdout6'), ['dev', 'test', ...batches.slice(0, 4)]);
    assert.throws(() => seenSplits(batches, 'holdout8'), /not one of the held-out batches/);
  });

  it('records a decision for each seen item and none for a fresh one, and scores the fresh split from those alone', async () => {
    // The first four held-out batches of the real set, the third of them as the fresh one and
    // the fourth after it: the claims are about how a run treats the seen, the fresh and a later
    // split, whatever their size (the whole set made this one test 160 s of CI).
    const batches = HOLDOUT_BATCHES.slice(0, 4);
    const fresh = batches[2]!;
    const all = [...loadEvalSet(), ...loadHoldouts(batches)];
    const freshAt = batches.indexOf(fresh);
    const seenItems = all.filter(
      (i) => i.split === 'dev' || i.split === 'test' || batches.indexOf(i.split) < freshAt,
    );
    const freshItems = all.filter((i) => i.split === fresh);
    assert.ok(
      all.some((i) => i.split === batches[3]),
      'a batch after the fresh one is in the run',
    );
    const log = new MemoryRiskLog();
    const result = await evaluateModel(all, {
      batches,
      fresh,
      judge: () => ({ decision: 'approve', reasons: [] }),
      log,
    });

    const learnt = log.events.map((e) => e.commentId);
    const freshIds = new Set(freshItems.map((i) => `${i.split}/${i.id}`));
    assert.deepEqual(
      learnt.filter((id) => id !== null && freshIds.has(id)),
      [],
    );
    assert.deepEqual(learnt.slice().sort(), seenItems.map((i) => `${i.split}/${i.id}`).sort());
    assert.equal(result.status.decisions, seenItems.length);
    assert.deepEqual(
      log.events.map((e) => e.label),
      result.seen.map((c) => (c.item.label === 'approve' ? 0 : 1)),
      'approve teaches 0, hold and reject teach 1, in the order learnt',
    );

    // A model rebuilt from the recorded decisions gives every fresh item the score the bench reports.
    const replica = new RiskModels(log, { now: () => 0 });
    const siteId = log.events[0]!.siteId;
    assert.equal(result.freshItems.length, freshItems.length);
    for (const c of result.freshItems) {
      const again = await replica.assess(siteId, result.policy, c.item.text, c.reasons);
      assert.equal(again.risk?.score, c.score, c.item.id);
    }
    // The automatic threshold is the one those seen decisions alone give.
    assert.equal(result.auto.version, seenItems.length);
    assert.deepEqual(await replica.status(siteId, { ...result.policy, threshold: 'auto' }), result.auto);
  });
});
