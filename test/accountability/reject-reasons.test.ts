import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_REJECT_REASONS } from '../../src/sites/reject-reasons.js';
import {
  articlePath,
  createSite,
  createStaff,
  startTestApp,
  type TestApp,
  TestDatabase,
} from '../support/harness.js';

const SITE = 'grunnavisa';

describe('the per-site reject-reason catalogue', () => {
  let db: TestDatabase;
  let app: TestApp;
  let moderator: { token: string };

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
    await createSite(app, SITE, { suspectTerms: ['tulling'] });
    moderator = await createStaff(app, 'moderator', [SITE]);
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  const held = async (text = 'Du er en tulling') => {
    const res = await app.request('POST', articlePath(SITE, 'sak'), {
      body: { body: text, authorName: 'Per' },
    });
    assert.equal(res.body.comment.status, 'pending', JSON.stringify(res.body));
    return res.body.comment.id as string;
  };
  const act = (id: string, body: Record<string, unknown>) =>
    app.request('POST', `/api/v1/moderation/comments/${id}/actions`, { token: moderator.token, body });

  it('new sites and the demo site start with the defaults: terms and law, in nb, nn and en', async () => {
    for (const siteId of [SITE, 'demo']) {
      const res = await app.request('GET', `/api/v1/moderation/sites/${siteId}/reject-reasons`, {
        token: await app.adminToken(),
      });
      assert.equal(res.status, 200);
      assert.equal(res.body.language, 'nb');
      const codes = res.body.items.map((r: { code: string }) => r.code);
      assert.deepEqual(
        codes,
        DEFAULT_REJECT_REASONS.map((r) => r.code),
      );
      const byCode = new Map(res.body.items.map((r: { code: string }) => [r.code, r]));
      assert.deepEqual((byCode.get('hate_speech') as { ground: unknown }).ground, {
        type: 'law',
        reference: 'straffeloven § 185',
        explanation: DEFAULT_REJECT_REASONS.find((r) => r.code === 'hate_speech')!.ground.explanation,
      });
      assert.equal(
        (byCode.get('threat') as { ground: { reference: string } }).ground.reference,
        'straffeloven § 263',
      );
      assert.equal((byCode.get('spam') as { ground: { type: string } }).ground.type, 'terms');
    }
    for (const reason of DEFAULT_REJECT_REASONS) {
      for (const lang of ['nb', 'nn', 'en'] as const) {
        assert.ok(
          reason.labels[lang].length > 0 && reason.ground.explanation[lang].length > 20,
          `${reason.code} ${lang}`,
        );
      }
      assert.notEqual(reason.labels.nb, reason.labels.en, `${reason.code} is translated`);
    }
  });

  it('a reject with one of the site’s codes is applied and the code recorded; an unknown code is a 422', async () => {
    const id = await held();
    const wrong = await act(id, { action: 'reject', version: 1, reasonCode: 'not_a_code' });
    assert.equal(wrong.status, 422);
    assert.equal(wrong.body.error.code, 'validation_failed');
    assert.equal(wrong.body.error.details[0].path, 'body.reasonCode');
    const malformed = await act(id, { action: 'reject', version: 1, reasonCode: 'Ugyldig kode!' });
    assert.equal(malformed.status, 422);
    const ok = await act(id, { action: 'reject', version: 1, reasonCode: 'personal_attack', reason: 'Hets' });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.comment.lastAction.reasonCode, 'personal_attack');
    const audit = await app.request('GET', `/api/v1/moderation/comments/${id}`, { token: moderator.token });
    assert.equal(audit.body.comment.lastAction.reasonCode, 'personal_attack');
  });

  it('an admin replaces the catalogue; codes must be unique and well formed; the new codes are the valid ones', async () => {
    const admin = await app.adminToken();
    const own = {
      code: 'vaer_varsom',
      labels: { nb: 'Presseetikk', nn: 'Presseetikk', en: 'Press ethics' },
      ground: {
        type: 'terms',
        reference: 'Vær Varsom-plakaten 4.17',
        explanation: {
          nb: 'Forklaring på bokmål.',
          nn: 'Forklaring på nynorsk.',
          en: 'Explanation in English.',
        },
      },
    };
    const dup = await app.request('PATCH', `/api/v1/admin/sites/${SITE}`, {
      token: admin,
      body: { policy: { rejectReasons: [own, own] } },
    });
    assert.equal(dup.status, 422);
    const bad = await app.request('PATCH', `/api/v1/admin/sites/${SITE}`, {
      token: admin,
      body: { policy: { rejectReasons: [{ ...own, ground: { ...own.ground, type: 'feelings' } }] } },
    });
    assert.equal(bad.status, 422);
    const set = await app.request('PATCH', `/api/v1/admin/sites/${SITE}`, {
      token: admin,
      body: { policy: { rejectReasons: [own], language: 'nn' } },
    });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.deepEqual(set.body.site.policy.rejectReasons, [own]);
    const listed = await app.request('GET', `/api/v1/moderation/sites/${SITE}/reject-reasons`, {
      token: moderator.token,
    });
    assert.deepEqual(listed.body, { items: [own], language: 'nn', timeZone: 'Europe/Oslo' });
    const id = await held('Enda en tulling');
    assert.equal((await act(id, { action: 'reject', version: 1, reasonCode: 'spam' })).status, 422);
    assert.equal((await act(id, { action: 'reject', version: 1, reasonCode: 'vaer_varsom' })).status, 200);
  });

  it('a site stored before the catalogue existed falls back to the defaults and keeps the DSA profile off', async () => {
    await app.service.db.connection.collection('sites').insertOne({
      _id: 'gammel' as never,
      name: 'Gammel',
      origins: [],
      policy: {
        mode: 'post',
        maxLinks: 1,
        reportThreshold: 3,
        bannedTerms: [],
        suspectTerms: ['tulling'],
        allowedTerms: [],
      },
      policyVersion: 1,
      ssoSecrets: [],
      createdAt: new Date(),
      updatedAt: new Date(),
    });
    const admin = await app.adminToken();
    const read = await app.request('GET', '/api/v1/admin/sites/gammel', { token: admin });
    assert.equal(read.status, 200);
    assert.equal(read.body.site.policy.dsa, false);
    assert.equal(read.body.site.policy.rejectReasons.length, DEFAULT_REJECT_REASONS.length);
    const patched = await app.request('PATCH', '/api/v1/admin/sites/gammel', {
      token: admin,
      body: { policy: { maxLinks: 2 } },
    });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.site.policy.dsa, false, 'an unrelated change does not switch the profile on');
    const created = await createSite(app, 'nyavisa');
    assert.equal(created.policy.dsa, true, 'new sites have the DSA profile');
  });
});
