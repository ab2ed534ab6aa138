/**
 * The risk model's automatic hold threshold through the real API and store: a
 * site that turns the hold on gets the fixed threshold 0.8 unless it asks for
 * `threshold: "auto"`; with it, after moderators'
 * decisions through the workbench, the admin site read shows the threshold the
 * model chose by precision with its precision, recall and the model's version,
 * the same on a second instance of the service (the model is shared through
 * MongoDB), and a new comment scoring at or above it is held with it. The
 * window counts only decisions on comments the rules approved (a comment the
 * model held among them), never those the rules held. The rules' reasons
 * stored with a comment are features of the decision on it, and a new comment
 * is scored with its own.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { normalise } from '../../src/moderation/engine/index.js';
import {
  extractFeatures,
  FeatureVector,
  ReasonFeatures,
  reasonFeatures,
} from '../../src/moderation/model/features.js';
import {
  articlePath,
  createSite,
  createStaff,
  startTestApp,
  type TestApp,
  TestDatabase,
} from '../support/harness.js';

const SITE = 'terskel';
/** A site that turns the hold on without a threshold: the fixed default. */
const FIXED = 'terskel-fast';
const CLEAN = [
  'Takk for en grundig sak om ferjetilbudet',
  'Fint at kommunen lytter til dem som bor her',
  'Godt skrevet, dette var nyttig lesing for oss',
  'Endelig en sak om veien som folk faktisk bruker',
];
const ABUSIVE = [
  'Typisk dem, kommer hit og krever alt av oss',
  'Sånne folk har aldri jobbet en dag i livet',
  'Send dem tilbake dit de kom fra, alle sammen',
];
/** Held by the rules (lexicon): decisions on them are learnt, never in the gate's window. */
const RULE_HELD = ['Hold kjeft, din dust', 'Din idiot, du skjønner ingenting'];
const PLACES = ['Bodø', 'Voss', 'Hamar', 'Molde', 'Alta', 'Florø', 'Røros', 'Lom', 'Odda', 'Vik', 'Ål'];

describe('the automatic hold threshold, through the API', () => {
  let db: TestDatabase;
  let app: TestApp;
  let second: TestApp;
  let moderator: { token: string };
  let ip = 0;

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db, { trustProxy: 1 });
    second = await startTestApp(db, { trustProxy: 1 }, app.dbName);
    await createSite(app, SITE, {
      riskModel: { hold: true, threshold: 'auto', minDecisions: 20, window: 100, minPositives: 5 },
    });
    await createSite(app, FIXED, { riskModel: { hold: true } });
    moderator = await createStaff(app, 'moderator', [SITE], 'terskel@mod.test');
  });
  after(async () => {
    await second?.close();
    await app?.close();
    await db?.stop();
  });

  const decide = async (commentId: string, action: 'approve' | 'reject') => {
    const res = await app.request('POST', `/api/v1/moderation/comments/${commentId}/actions`, {
      token: moderator.token,
      body: { action, version: 1 },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  };
  const post = async (body: string, n: number) => {
    const res = await app.request('POST', articlePath(SITE, `sak-${n % 7}`), {
      body: { body, authorName: `Leser ${n}` },
      headers: { 'x-forwarded-for': `10.8.${(++ip >> 8) & 255}.${ip & 255}` },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { comment: { id: string }; moderation: { decision: string } };
  };
  const siteRead = async (on: TestApp, siteId = SITE) => {
    const res = await on.request('GET', `/api/v1/admin/sites/${siteId}`, { token: await on.adminToken() });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };

  it('is opt-in: a site that turns the hold on without a threshold holds at the fixed 0.8', async () => {
    const read = await siteRead(app, FIXED);
    assert.equal(read.site.policy.riskModel.threshold, 0.8);
    assert.deepEqual([read.riskModel.thresholdMode, read.riskModel.threshold], ['fixed', 0.8]);
  });

  it('is chosen by precision from the decisions, shown with the site on every instance, and held at', async () => {
    const before = await siteRead(app);
    assert.equal(before.site.policy.riskModel.threshold, 'auto');
    assert.deepEqual(
      [before.riskModel.thresholdMode, before.riskModel.threshold, before.riskModel.holding],
      ['auto', null, false],
    );
    const decisions = 60;
    let ruleHeldId = '';
    for (let k = 0; k < decisions; k++) {
      const reject = k % 5 < 2;
      const pool = reject ? ABUSIVE : CLEAN;
      const { comment, moderation } = await post(
        `${pool[k % pool.length]!}, skriver en fra ${PLACES[k % PLACES.length]!}`,
        k,
      );
      // The rules approve these; once the gate opens the model holds some (the rules approved them).
      assert.notEqual(moderation.decision, 'reject');
      await decide(comment.id, reject ? 'reject' : 'approve');
      if (k % 3 === 0) {
        const held = await post(`${RULE_HELD[k % 2]!}, skriver en fra ${PLACES[k % PLACES.length]!}`, k);
        assert.equal(held.moderation.decision, 'hold');
        await decide(held.comment.id, 'reject');
        ruleHeldId = held.comment.id;
      }
    }
    const ruleHeld = decisions / 3;
    const { riskModel } = await siteRead(app);
    assert.equal(riskModel.thresholdMode, 'auto');
    assert.equal(riskModel.holding, true, JSON.stringify(riskModel));
    assert.ok(riskModel.threshold >= 0.5 && riskModel.threshold < 1, JSON.stringify(riskModel));
    assert.ok(riskModel.precision >= 0.9 && riskModel.positives >= 5, JSON.stringify(riskModel));
    assert.ok(riskModel.recall > 0 && riskModel.recall <= 1);
    // Every decision is learnt; the window holds only those on comments the rules approved.
    assert.deepEqual(
      [riskModel.version, riskModel.decisions, riskModel.measuredOn],
      [decisions + ruleHeld, decisions + ruleHeld, decisions],
    );
    // Another instance reads the same decisions from the store and chooses the same.
    assert.deepEqual((await siteRead(second)).riskModel, riskModel);

    // The decision on a comment the rules held learnt its text and the rules' reasons stored with it.
    const heldComment = (
      await app.request('GET', `/api/v1/moderation/comments/${ruleHeldId}`, { token: moderator.token })
    ).body.comment;
    assert.ok(heldComment.moderation.reasons.length > 0);
    const expected = extractFeatures(
      normalise(heldComment.body),
      new FeatureVector(),
      reasonFeatures(heldComment.moderation.reasons, new ReasonFeatures()),
    );
    const event = await app.service.db.connection
      .collection('risk_model_events')
      .findOne({ siteId: SITE, commentId: ruleHeldId });
    const stored = event?.features.buffer as Uint8Array;
    assert.deepEqual(
      [...new Int32Array(stored.buffer.slice(stored.byteOffset, stored.byteOffset + stored.byteLength))],
      [...expected.indices.subarray(0, expected.count)],
    );

    const { comment, moderation } = await post(`${ABUSIVE[0]!}, skriver en fra Vardø`, decisions);
    assert.equal(moderation.decision, 'hold');
    const mod = await app.request('GET', `/api/v1/moderation/comments/${comment.id}`, {
      token: moderator.token,
    });
    const reason = mod.body.comment.moderation.reasons.find((r: { rule: string }) => r.rule === 'risk_model');
    assert.ok(reason, JSON.stringify(mod.body.comment.moderation));
    assert.equal(reason.params.threshold, riskModel.threshold);
    assert.ok(mod.body.comment.risk.score >= riskModel.threshold);
    // The rules approved what the model held: the moderator's decision on it enters the window.
    await decide(comment.id, 'reject');
    assert.equal((await siteRead(app)).riskModel.measuredOn, decisions + 1);

    // A new comment the rules hold is scored with their reasons: learnt from every rejection of
    // such comments, they are among what pushed its score up.
    const again = await post(`${RULE_HELD[0]!}, skriver en fra Vardø`, decisions + 1);
    const scored = await app.request('GET', `/api/v1/moderation/comments/${again.comment.id}`, {
      token: moderator.token,
    });
    const top = scored.body.comment.risk.top as { feature: string }[];
    assert.ok(
      top.some((t) => t.feature.startsWith('(rules: ')),
      JSON.stringify(top),
    );

    // A fixed threshold still works as before: measured at it, not chosen.
    const patched = await app.request('PATCH', `/api/v1/admin/sites/${SITE}`, {
      token: await app.adminToken(),
      body: { policy: { riskModel: { hold: true, minDecisions: 20, window: 40, threshold: 0.99 } } },
    });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    const fixed = (await siteRead(app)).riskModel;
    assert.deepEqual([fixed.thresholdMode, fixed.threshold], ['fixed', 0.99]);
  });
});
