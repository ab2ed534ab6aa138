import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MemoryRiskLog } from '../../../bench/support/model-eval.js';
import { normalise } from '../engine/index.js';
import { extractFeatures, FeatureVector } from './features.js';
import { FtrlModel } from './ftrl.js';
import { RiskModels } from './risk-models.js';
import {
  chooseThreshold,
  type HeldOut,
  measureAt,
  precisionLowerBound,
  type RulesVerdict,
  rulesVerdictOf,
} from './threshold.js';

/** A site that asks for the automatic threshold (the default is a fixed 0.8), window 60. */
const AUTO_60 = {
  hold: true,
  threshold: 'auto' as const,
  minDecisions: 20,
  window: 60,
  minPositives: 10,
  precisionFloor: 0.9,
};
const SYL = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'te', 'vo', 'bi', 'du', 'fe', 'go'];
let seed = 7;
/** A made-up word of three syllables, from a fixed sequence (`seed`). */
const word = () =>
  Array.from({ length: 3 }, () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return SYL[Math.floor((seed / 2 ** 32) * SYL.length)]!;
  }).join('');
const pick = (s: { version: number; measuredOn: number }) => [s.version, s.measuredOn];
const many = (n: number, score: number, label: 0 | 1): HeldOut[] =>
  Array.from({ length: n }, () => ({ score, label }));

describe('the automatic hold threshold', () => {
  it('is the lowest threshold whose precision reaches the floor: 0.6 passes, 0.5 to 0.59 do not', () => {
    const window = [
      ...many(20, 0.95, 1),
      ...many(5, 0.65, 1),
      // Approved, just under 0.6: at 0.5 (and up to 0.59) precision is 25 / 30 = 0.83.
      ...many(5, 0.595, 0),
      // Rejected, but scored low: recall stays below 1.
      ...many(5, 0.4, 1),
      ...many(40, 0.2, 0),
    ];
    const at = chooseThreshold(window, 0.9, 20);
    assert.deepEqual(at, { threshold: 0.6, precision: 1, recall: 25 / 30, positives: 25, flagged: 25 });
    // A lower floor takes the lowest candidate: 25 / 30 = 0.83 has the lower bound 0.73.
    assert.equal(chooseThreshold(window, 0.7, 20)?.threshold, 0.5);
    assert.equal(chooseThreshold(window, 0.8, 20)?.threshold, 0.6);
  });

  it("needs the floor reached with confidence: the lower bound of the window's precision, not the figure itself", () => {
    // At 0.7 to 0.72, 45 of 50 are rejections: precision 0.9, the floor exactly, but on 50
    // decisions the precision may well be lower (lower bound 0.832): not chosen. Above the
    // clean ones (0.73), 45 of 45 qualify.
    const window = [...many(45, 0.75, 1), ...many(5, 0.72, 0), ...many(50, 0.2, 0)];
    assert.equal(measureAt(window, 0.7).precision, 0.9);
    assert.ok(Math.abs(precisionLowerBound(45, 50) - 0.832) < 0.001);
    assert.equal(chooseThreshold(window, 0.9, 20)?.threshold, 0.73);
    // Above the clean ones, 45 of 45: lower bound 1 / (1 + z² / 45) = 0.965.
    const cleaner = [...many(45, 0.75, 1), ...many(5, 0.6, 0), ...many(50, 0.2, 0)];
    assert.deepEqual(chooseThreshold(cleaner, 0.9, 20), {
      threshold: 0.61,
      precision: 1,
      recall: 1,
      positives: 45,
      flagged: 45,
    });
    assert.ok(Math.abs(precisionLowerBound(45, 45) - 0.965) < 0.001);
    assert.equal(precisionLowerBound(0, 0), 0);
    // Nothing above the clean ones: none.
    assert.equal(chooseThreshold([...many(45, 0.75, 1), ...many(5, 0.99, 0)], 0.9, 20), null);
  });

  it('is never chosen from a handful of rejections', () => {
    const window = [
      // Thirty rejections high up: precision 1 (lower bound 0.948), but only thirty.
      ...many(30, 0.95, 1),
      // Below them a mix that fails the floor: 45 / 50 at 0.7.
      ...many(15, 0.7, 1),
      ...many(5, 0.7, 0),
      ...many(40, 0.1, 0),
    ];
    assert.equal(chooseThreshold(window, 0.9, 40), null);
    assert.deepEqual(chooseThreshold(window, 0.9, 20), {
      threshold: 0.71,
      precision: 1,
      recall: 30 / 45,
      positives: 30,
      flagged: 30,
    });
    // Ten at precision 1 are too few for the floor 0.9 whatever the minimum: lower bound 0.859.
    assert.equal(chooseThreshold([...many(10, 0.95, 1), ...many(40, 0.1, 0)], 0.9, 5), null);
  });

  it('is none when no threshold reaches the floor: the model stays in shadow mode', async () => {
    assert.equal(chooseThreshold([...many(30, 0.9, 1), ...many(10, 0.9, 0)], 0.9, 5), null);
    assert.equal(chooseThreshold([], 0.9, 5), null);
    // Through the model: the same texts decided both ways teach it nothing to hold by.
    const risk = new RiskModels(new MemoryRiskLog(), { now: () => 0 });
    const policy = { hold: true, threshold: 'auto' as const, minDecisions: 20, window: 40, minPositives: 5 };
    for (let k = 0; k < 60; k++) {
      // Measured again as the model's version moves, not kept from an earlier one.
      if (k === 30) assert.deepEqual(pick(await risk.status('s', policy)), [30, 30]);
      await risk.learnFromModerator({
        reasons: [],
        siteId: 's',
        commentId: `c${k}`,
        decisionId: `d${k}`,
        body: `Hva mener dere om ferja ${k % 3}?`,
        action: k % 2 === 0 ? 'reject' : 'approve',
        rules: 'approve',
      });
    }
    const status = await risk.status('s', policy);
    assert.deepEqual(pick(status), [60, 40]);
    assert.equal(status.thresholdMode, 'auto');
    assert.equal(status.threshold, null);
    assert.equal(status.holding, false);
    const assessment = await risk.assess('s', policy, 'Hva mener dere om ferja 1?', []);
    assert.equal(assessment.hold, false);
  });

  it("is chosen from each decision's score before the model learnt it", async () => {
    // Rejections and a quarter of the approved comments open alike; each ends in words of its own,
    // which the model memorises once it has learnt the comment.
    seed = 7;
    const decisions = Array.from({ length: 160 }, (_, k) => {
      const label: 0 | 1 = k % 5 < 2 ? 1 : 0;
      const head = label === 1 || k % 4 === 0 ? 'typisk dem altså' : 'takk for saken';
      return { body: `${head} ${word()} ${word()} ${word()}`, label };
    });
    const { risk, heldOut, rescored } = await replay(decisions);
    const policy = AUTO_60;
    const status = await risk.status('s', policy);
    // By the book, the look-alikes score with the rejections: no threshold reaches 0.9.
    assert.equal(chooseThreshold(heldOut.slice(-60), 0.9, 10), null);
    assert.deepEqual(
      [status.threshold, status.holding, status.measuredOn, status.version],
      [null, false, 60, 160],
    );
    // Scored after learning, the same window would open the gate.
    assert.notEqual(chooseThreshold(rescored.slice(-60), 0.9, 10), null);
  });

  it('is chosen, and a fixed one measured, only on decisions on comments the rules approved', async () => {
    // What the rules held are easy: rejections that open alike, which the model learns at once.
    // What the rules approved are hard: rejections and a quarter of the approved comments open
    // alike. Over every decision the easy ones carry the precision over the floor; over the
    // decisions the model could act on (what the rules approved) no threshold reaches it.
    seed = 11;
    const decisions = Array.from({ length: 240 }, (_, k) => {
      if (k % 2 === 0)
        return {
          body: `fy faen for en gjeng ${word()} ${word()}`,
          label: 1 as const,
          rules: 'hold' as const,
        };
      const j = (k - 1) / 2;
      const label: 0 | 1 = j % 5 < 2 ? 1 : 0;
      const head = label === 1 || j % 4 === 0 ? 'typisk dem altså' : 'takk for saken';
      return { body: `${head} ${word()} ${word()} ${word()}`, label, rules: 'approve' as const };
    });
    const { risk, heldOut, approved } = await replay(decisions);
    // Measured over every decision (as before), the window would qualify...
    const overAll = chooseThreshold(heldOut.slice(-60), 0.9, 10);
    assert.ok(overAll, 'over every decision a threshold reaches the floor');
    // ...over the rules-approved ones it does not: the model stays in shadow mode.
    assert.equal(chooseThreshold(approved.slice(-60), 0.9, 10), null);
    const status = await risk.status('s', AUTO_60);
    assert.deepEqual(
      [status.threshold, status.holding, status.measuredOn, status.decisions],
      [null, false, 60, 240],
    );
    // A fixed threshold is measured on the same window: shut, where every decision would open it.
    const fixed = await risk.status('s', { ...AUTO_60, threshold: overAll.threshold });
    assert.deepEqual(
      [fixed.precision, fixed.recall, fixed.positives],
      (({ precision, recall, positives }) => [precision, recall, positives])(
        measureAt(approved.slice(-60), overAll.threshold),
      ),
    );
    assert.ok(measureAt(heldOut.slice(-60), overAll.threshold).precision! >= 0.9);
    assert.equal(fixed.holding, false);
  });

  it("takes the rules' verdict from a comment's moderation: what the model held, the rules approved", () => {
    const reason = (rule: string) => ({ rule });
    assert.equal(rulesVerdictOf({ decision: 'hold', reasons: [reason('risk_model')] }), 'approve');
    assert.equal(rulesVerdictOf({ decision: 'hold', reasons: [reason('lexicon')] }), 'hold');
    assert.equal(rulesVerdictOf({ decision: 'reject', reasons: [reason('threat')] }), 'reject');
    assert.equal(rulesVerdictOf({ decision: 'approve', reasons: [] }), 'approve');
  });

  it('holds at the threshold it chose, and a fixed threshold is measured, not chosen', async () => {
    const clean = [
      'Takk for en god sak',
      'Fint skrevet om kommunen',
      'Bra at ferja går igjen',
      'Nyttig lesing',
    ];
    const abusive = ['Typisk dem, send dem hjem', 'Sånne folk jobber aldri', 'De kommer hit og krever alt'];
    const decisions = Array.from({ length: 120 }, (_, k) => {
      const label: 0 | 1 = k % 5 < 2 ? 1 : 0;
      const pool = label === 1 ? abusive : clean;
      return { body: `${pool[k % pool.length]!} ${['i dag', 'igjen', 'nå', 'altså'][k % 4]!}`, label };
    });
    const { risk, heldOut } = await replay(decisions);
    const policy = AUTO_60;
    const expected = chooseThreshold(heldOut.slice(-60), 0.9, 10);
    assert.ok(expected, 'the window qualifies');
    const status = await risk.status('s', policy);
    assert.deepEqual(
      {
        threshold: status.threshold,
        precision: status.precision,
        recall: status.recall,
        positives: status.positives,
      },
      (({ threshold, precision, recall, positives }) => ({ threshold, precision, recall, positives }))(
        expected,
      ),
    );
    assert.deepEqual([status.thresholdMode, status.holding, status.measuredOn], ['auto', true, 60]);
    const held = await risk.assess('s', policy, 'Typisk dem, send dem hjem i dag', []);
    assert.ok(held.risk && held.risk.score >= expected.threshold);
    assert.deepEqual([held.hold, held.threshold], [true, expected.threshold]);
    assert.equal((await risk.assess('s', policy, 'Takk for en god sak i dag', [])).hold, false);
    const fixed = await risk.status('s', { ...policy, threshold: 0.97 });
    assert.deepEqual([fixed.thresholdMode, fixed.threshold], ['fixed', 0.97]);
  });
});

/**
 * Feeds `decisions` to a RiskModels as moderator decisions (on comments the rules approved
 * unless `rules` says otherwise), and to a model of its own that scores each before learning
 * it (`heldOut`: every decision; `approved`: those on comments the rules approved);
 * `rescored`: the same decisions scored after all.
 */
async function replay(decisions: { body: string; label: 0 | 1; rules?: RulesVerdict }[]) {
  const risk = new RiskModels(new MemoryRiskLog(), { now: () => 0 });
  const model = new FtrlModel();
  const features = new FeatureVector();
  const heldOut: HeldOut[] = [];
  const approved: HeldOut[] = [];
  for (const [k, d] of decisions.entries()) {
    const rules = d.rules ?? 'approve';
    await risk.learnFromModerator({
      reasons: [],
      siteId: 's',
      commentId: `c${k}`,
      decisionId: `d${k}`,
      body: d.body,
      action: d.label === 1 ? 'reject' : 'approve',
      rules,
    });
    extractFeatures(normalise(d.body), features);
    heldOut.push({ score: model.predict(features), label: d.label });
    if (rules === 'approve') approved.push(heldOut.at(-1)!);
    model.update(features, d.label);
  }
  const rescored = decisions.map((d) => ({
    score: model.predict(extractFeatures(normalise(d.body), features)),
    label: d.label,
  }));
  return { risk, heldOut, approved, rescored };
}
