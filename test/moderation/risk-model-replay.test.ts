/**
 * The per-site risk model learns from moderators through the real API: the dev
 * part of our labelled set is posted as reader comments and decided by a
 * moderator (approve for items labelled approve, reject for hold and reject:
 * what a moderator does with what was held), then the test part is posted and
 * each comment's stored risk score is read from the workbench API. ROC AUC on
 * that unseen part must beat the rules alone (their decision as the score) on
 * implicit abuse, which rules cannot reach.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type EvalItem, loadEvalSet } from '../../bench/support/eval-set.js';
import { rocAuc, shuffled } from '../../bench/support/model-eval.js';
import {
  articlePath,
  createSite,
  createStaff,
  startTestApp,
  type TestApp,
  TestDatabase,
} from '../support/harness.js';

const SITE = 'replay';

describe('the per-site risk model, replayed through the API', () => {
  let db: TestDatabase;
  let app: TestApp;
  let moderator: { token: string };
  let ip = 0;
  const all = loadEvalSet();

  before(async () => {
    db = await TestDatabase.start();
    // The site's own learning alone: the shipped base model learnt these very splits.
    app = await startTestApp(db, { trustProxy: 1, riskBaseModel: false });
    await createSite(app, SITE, { maxCommentLength: 3000 });
    moderator = await createStaff(app, 'moderator', [SITE], 'replay@mod.test');
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  const post = async (item: EvalItem, n: number) => {
    const res = await app.request('POST', articlePath(SITE, `sak-${n % 40}`), {
      body: { body: item.text, authorName: `Leser ${n}` },
      headers: { 'x-forwarded-for': `10.9.${(++ip >> 8) & 255}.${ip & 255}` },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { comment: { id: string }; moderation: { decision: string } };
  };
  const modComment = async (id: string) => {
    const res = await app.request('GET', `/api/v1/moderation/comments/${id}`, { token: moderator.token });
    assert.equal(res.status, 200);
    return res.body.comment;
  };

  it('ranks unseen implicit abuse better than the rules, and explains its scores', async () => {
    // 300 decisions: every implicit item of the dev split and others of every category; the
    // unseen part: every implicit item of the test split and as many others. REPLAY_FULL=1
    // streams the whole dev split and scores the whole test split (about 2,100 requests).
    const full = process.env.REPLAY_FULL === '1';
    const dev = all.filter((i) => i.split === 'dev');
    const implicitDev = dev.filter((i) => i.category === 'implicit');
    const stream = full
      ? shuffled(dev, 15)
      : shuffled(
          [
            ...implicitDev,
            ...shuffled(
              dev.filter((i) => i.category !== 'implicit'),
              15,
            ).slice(0, 300 - implicitDev.length),
          ],
          17,
        );
    let n = 0;
    for (const item of stream) {
      const { comment } = await post(item, n++);
      const action = item.label === 'approve' ? 'approve' : 'reject';
      const res = await app.request('POST', `/api/v1/moderation/comments/${comment.id}/actions`, {
        token: moderator.token,
        body: { action, version: 1 },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    const test = all.filter((i) => i.split === 'test');
    const implicitTest = test.filter((i) => i.category === 'implicit');
    const unseen = full
      ? test
      : [
          ...implicitTest,
          ...shuffled(
            test.filter((i) => i.category !== 'implicit'),
            16,
          ).slice(0, implicitTest.length),
        ];
    const scored: { item: EvalItem; model: number; rules: number; risk: { top: unknown[] } }[] = [];
    for (const item of unseen) {
      const { comment, moderation } = await post(item, n++);
      const mod = await modComment(comment.id);
      assert.ok(mod.risk, 'every comment gets a risk score once the model has learnt');
      assert.equal(mod.risk.modelVersion, stream.length);
      scored.push({
        item,
        model: mod.risk.score,
        rules: moderation.decision === 'reject' ? 2 : moderation.decision === 'hold' ? 1 : 0,
        risk: mod.risk,
      });
    }
    const auc = (category: string | null, by: 'model' | 'rules') =>
      rocAuc(
        scored
          .filter((s) => category === null || s.item.category === category)
          .map((s) => ({ score: s[by], abusive: s.item.label !== 'approve' })),
      );
    const figures = {
      implicit: { model: auc('implicit', 'model'), rules: auc('implicit', 'rules') },
      all: { model: auc(null, 'model'), rules: auc(null, 'rules') },
    };
    console.log(
      `risk model replay (${stream.length} decisions, ${unseen.length} unseen): ${JSON.stringify(figures)}`,
    );
    assert.ok(
      figures.implicit.model > figures.implicit.rules,
      `implicit abuse: model AUC ${figures.implicit.model} must beat rules ${figures.implicit.rules}`,
    );
    // Explanations: the features that pushed a high score up.
    const worst = scored.reduce((a, b) => (b.model > a.model ? b : a));
    assert.ok(worst.risk.top.length > 0);
    // The queue sorts by risk, highest first, through pages (the rejected queue: the largest here).
    const seen: number[] = [];
    let cursor = '';
    for (let page = 0; page < 3; page++) {
      const res = await app.request(
        'GET',
        `/api/v1/moderation/sites/${SITE}/queue?status=rejected&sort=risk&limit=20${cursor}`,
        { token: moderator.token },
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      for (const item of res.body.items) seen.push(item.risk?.score ?? -1);
      if (!res.body.nextCursor) break;
      cursor = `&cursor=${encodeURIComponent(res.body.nextCursor)}`;
    }
    assert.ok(seen.length > 20, `${seen.length} rejected`);
    assert.deepEqual(
      seen,
      seen.slice().sort((a, b) => b - a),
    );
  });
});
