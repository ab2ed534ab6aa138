/**
 * Every site's risk model starts from the shipped base model: a site with no
 * decisions scores with the base alone, its decisions are learnt on top of the
 * base (the base's logit is the FTRL's offset), a model stored before the base
 * (or on another one) is learnt again from the site's log on this base, the
 * base's own gate holds only with `hold` and `baseHold` and until the site's
 * gate has its decisions, and the explanation shows no push below MIN_PUSH.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scoreWith } from '../../bench/support/base-model-training.js';
import { MemoryRiskLog } from '../../bench/support/model-eval.js';
import { normalise } from '../../src/moderation/engine/normalise.js';
import { loadBaseModel } from '../../src/moderation/model/base-model.js';
import { extractFeatures, FeatureVector } from '../../src/moderation/model/features.js';
import { DEFAULT_FTRL, FtrlModel } from '../../src/moderation/model/ftrl.js';
import { DEFAULT_RISK_POLICY, MIN_PUSH, RiskModels } from '../../src/moderation/model/risk-models.js';
import { chooseThreshold } from '../../src/moderation/model/threshold.js';

const base = loadBaseModel();
const features = (text: string) => {
  const v = extractFeatures(normalise(text), new FeatureVector());
  return v.indices.slice(0, v.count);
};
const CLEAN = 'Kan noen forklare hvorfor vannavgiften har økt så mye i år?';
const ABUSE = 'Dere er noen ekle parasitter alle sammen, forsvinn fra landet vårt';

/** A site's decisions: the same ferry question rejected `n` times (the base thinks it fine). */
async function decide(risk: RiskModels, site: string, n: number, from = 0): Promise<void> {
  for (let k = from; k < from + n; k++)
    await risk.learnFromModerator({
      siteId: site,
      commentId: `c${k}`,
      decisionId: `d${k}`,
      body: `Når går egentlig ferja til Hareid om morgenen ${k % 4}?`,
      reasons: [],
      action: 'reject',
      rules: 'approve',
    });
}

describe('the base model in a site’s risk model', () => {
  it('scores a site with no decisions with the base alone (without a base: no score)', async () => {
    const risk = new RiskModels(new MemoryRiskLog(), { now: () => 0, base });
    const assessed = await risk.assess('new', undefined, ABUSE, []);
    assert.equal(assessed.risk?.score, scoreWith(base.weights, features(ABUSE)));
    assert.equal(assessed.risk?.modelVersion, 0);
    assert.ok(assessed.risk!.score > (await risk.assess('new', undefined, CLEAN, [])).risk!.score);
    const alone = new RiskModels(new MemoryRiskLog(), { now: () => 0 });
    assert.equal((await alone.assess('new', undefined, ABUSE, [])).risk, null);
  });

  it("learns a site's decisions on top of the base: p = σ(base·x + site·x)", async () => {
    const risk = new RiskModels(new MemoryRiskLog(), { now: () => 0, base });
    const text = 'Når går egentlig ferja til Hareid om morgenen 9?';
    const before = risk.score('s', text) ?? (await risk.assess('s', undefined, text, [])).risk!;
    await decide(risk, 's', 30);
    const after = risk.score('s', text)!;
    assert.ok(after.score > before.score + 0.2, `${before.score} → ${after.score}`);
    // The same decisions learnt from nothing: the site's own weights alone, which the base moves.
    const alone = new RiskModels(new MemoryRiskLog(), { now: () => 0 });
    await decide(alone, 's', 30);
    assert.notEqual(alone.score('s', ABUSE)!.score, risk.score('s', ABUSE)!.score);
    // The offset: the model's logit is the base's plus its own.
    const model = new FtrlModel(DEFAULT_FTRL, base.weights);
    const v = new FeatureVector();
    extractFeatures(normalise(ABUSE), v);
    const logit = model.logit(v);
    assert.ok(Math.abs(logit - Math.log(scoreOdds(ABUSE))) < 1e-9, `${logit}`);
    model.update(v, 0);
    // After a step, its own weights and the base's: not the base's alone.
    assert.ok(Math.abs(model.logit(v) - (new FtrlModel(DEFAULT_FTRL).logit(v) + logit)) > 1e-6);
  });

  it('learns a model stored without the base (or on another) again from the log, on this base', async () => {
    const log = new MemoryRiskLog();
    const old = new RiskModels(log, { now: () => 0 });
    await decide(old, 's', 60);
    const stored = await log.loadSnapshot();
    assert.equal(stored?.version, 50);
    assert.equal(stored?.baseModel, null);
    const upgraded = new RiskModels(log, { now: () => 0, base });
    const fresh = new RiskModels(new MemoryRiskLog(), { now: () => 0, base });
    await decide(fresh, 's', 60);
    const a = await upgraded.assess('s', undefined, ABUSE, []);
    const b = await fresh.assess('s', undefined, ABUSE, []);
    assert.equal(a.risk?.score, b.risk?.score);
    assert.equal((await upgraded.status('s', undefined)).decisions, 60);
    // Its next snapshot is of this base, though of the same version as the old one.
    await decide(upgraded, 's', 50, 60);
    assert.equal((await log.loadSnapshot())?.baseModel, base.id);
  });

  it("holds from day one only with hold and baseHold, at the out-of-fold threshold for the site's floor", async () => {
    const risk = new RiskModels(new MemoryRiskLog(), { now: () => 0, base });
    const chosen = chooseThreshold(base.window, 0.9, 20)!;
    assert.equal(chosen.threshold, base.file.outOfFold.operatingPoint.threshold);
    const off = await risk.status('s', { hold: true });
    assert.deepEqual([off.gate, off.holding], ['site', false]);
    // Under the default fixed threshold: the chosen one, or the site's when that is higher.
    const atDefault = Math.max(chosen.threshold, DEFAULT_RISK_POLICY.threshold as number);
    const on = await risk.status('s', { hold: true, baseHold: true });
    assert.deepEqual([on.gate, on.holding, on.threshold, on.baseModel], ['base', true, atDefault, base.id]);
    assert.equal((await risk.status('s', { hold: false, baseHold: true })).holding, false);
    // A site's fixed threshold above the chosen one is kept; below it, the chosen one.
    assert.equal((await risk.status('s', { hold: true, baseHold: true, threshold: 0.95 })).threshold, 0.95);
    assert.equal(
      (await risk.status('s', { hold: true, baseHold: true, threshold: 0.5 })).threshold,
      chosen.threshold,
    );
    // A floor the base cannot reach out of fold: no hold.
    assert.equal((await risk.status('s', { hold: true, baseHold: true, precisionFloor: 1 })).holding, false);
    const held = await risk.assess('s', { hold: true, baseHold: true }, ABUSE, []);
    assert.equal(held.hold, held.risk!.score >= atDefault);
    assert.equal((await risk.assess('s', { hold: true, baseHold: true }, CLEAN, [])).hold, false);
    // Once the site has its decisions and a full window, its own gate decides.
    const policy = { ...DEFAULT_RISK_POLICY, hold: true, baseHold: true, minDecisions: 20, window: 20 };
    await decide(risk, 's', 20);
    assert.equal((await risk.status('s', policy)).gate, 'site');
  });

  it('shows no push weighing less than MIN_PUSH', async () => {
    const risk = new RiskModels(new MemoryRiskLog(), { now: () => 0, base });
    await risk.status('s', undefined);
    for (const text of [CLEAN, ABUSE, 'Jeg og du er enige om at det er greit, og det er fint.']) {
      const top = risk.score('s', text)!.top;
      for (const item of top) assert.ok(item.weight >= MIN_PUSH, `${item.feature} ${item.weight}`);
    }
  });
});

/** The base's odds for a text at full precision of its integer weights (the offset's part of the logit). */
function scoreOdds(text: string): number {
  const f = features(text);
  let sum = 0;
  for (const i of f) sum += base.weights[i]!;
  return Math.exp(sum / 1024 / Math.sqrt(f.length));
}
