import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { articlePath, createSite, startTestApp, type TestApp, TestDatabase } from '../support/harness.js';

/**
 * A site's own banned and suspect terms take effect with the PATCH that sets
 * them: the next comment is moderated with a matcher built from the new list
 * (the engine caches one compiled matcher per policy), and a term taken off the
 * list stops counting at once.
 */
describe("a site's banned and suspect terms, changed through the admin API", () => {
  let db: TestDatabase;
  let app: TestApp;
  let n = 0;

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
    await createSite(app, 'ordliste');
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  /** A comment with `word` in it; each text is new, so the duplicate rule stays out of the way. */
  const post = async (word: string) => {
    n++;
    const res = await app.request('POST', articlePath('ordliste', 'sak'), {
      body: { body: `Innlegg ${n}: dette er ${word}, synes jeg.`, authorName: `Leser ${n}` },
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return {
      status: res.body.comment.status as string,
      rules: (res.body.moderation.reasons as { rule: string }[]).map((r) => r.rule),
    };
  };
  const setPolicy = async (policy: Record<string, unknown>) => {
    const res = await app.request('PATCH', '/api/v1/admin/sites/ordliste', {
      token: await app.adminToken(),
      body: { policy },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  };

  it('the next comment after each PATCH is moderated with the new list', async () => {
    assert.deepEqual(await post('pølsevev'), { status: 'approved', rules: [] });

    await setPolicy({ bannedTerms: ['pølsevev'] });
    const banned = await post('pølsevev');
    assert.equal(banned.status, 'rejected');
    assert.ok(banned.rules.includes('banned_term'), JSON.stringify(banned));
    // Norwegian endings count for a plain site term.
    assert.equal((await post('pølseveven')).status, 'rejected');

    await setPolicy({ bannedTerms: [], suspectTerms: ['pølsevev'] });
    const suspect = await post('pølsevev');
    assert.equal(suspect.status, 'pending');
    assert.ok(suspect.rules.includes('suspect_term'), JSON.stringify(suspect));

    await setPolicy({ suspectTerms: [] });
    assert.deepEqual(await post('pølsevev'), { status: 'approved', rules: [] });
  });
});
