import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Types } from 'mongoose';
import {
  articlePath,
  createSite,
  createStaff,
  startTestApp,
  type TestApp,
  TestDatabase,
} from '../support/harness.js';

const SITE = 'aapenhet';

/** Splits RFC 4180 CSV (quoted fields, doubled quotes, CRLF) into rows of fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

describe('the transparency report: figures equal what the test did, JSON and CSV', () => {
  let db: TestDatabase;
  let app: TestApp;
  let mod: { token: string };
  let mod2: { token: string };
  const from = new Date(Date.now() - 3600_000).toISOString();
  // Independent tally of everything the scenario does.
  const expected = {
    own: new Map<string, number>(),
    notices: {
      hate: { received: 0, removed: 0, kept: 0 },
      threat: { received: 0, removed: 0, kept: 0 },
      privacy: { received: 0, removed: 0, kept: 0 },
    } as Record<string, { received: number; removed: number; kept: number }>,
    appeals: { received: 0, upheld: 0, reversed: 0 },
  };
  const tally = (key: string) => expected.own.set(key, (expected.own.get(key) ?? 0) + 1);

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
    await createSite(app, SITE, { suspectTerms: ['tulling'] });
    mod = await createStaff(app, 'moderator', [SITE]);
    mod2 = await createStaff(app, 'moderator', [SITE]);
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  let n = 0;
  const post = async (body: string) => {
    const res = await app.request('POST', articlePath(SITE, 'sak'), {
      body: { body, authorName: `Leser ${++n}` },
    });
    assert.equal(res.status, 201);
    return {
      id: res.body.comment.id as string,
      status: res.body.comment.status as string,
      token: res.body.statusToken as string,
    };
  };
  const reject = async (id: string, reasonCode: string, token = mod.token) => {
    const res = await app.request('POST', `/api/v1/moderation/comments/${id}/actions`, {
      token,
      body: { action: 'reject', version: 1, reasonCode },
    });
    assert.equal(res.status, 200);
  };

  it('counts notices by category and outcome, own-initiative decisions by ground, type and automation, and appeals', async () => {
    // Engine decisions: detected and decided by automated means.
    for (let i = 0; i < 3; i++) {
      assert.equal((await post(`Du er en jævla idiot nummer ${i}`)).status, 'rejected');
      tally('terms|offensive_language|not_published|automated|automated');
    }
    assert.equal((await post('Jeg skal drepe deg')).status, 'rejected');
    tally('terms|violence|not_published|automated|automated');
    // Moderators on held comments (automated detection, human decision) and on published ones.
    const appealable: { id: string; token: string }[] = [];
    for (let i = 0; i < 2; i++) {
      const held = await post(`Du er en tulling ${i}`);
      await reject(held.id, 'personal_attack');
      tally('terms|personal_attack|not_published|automated|manual');
      appealable.push(held);
    }
    const published = await post('Publisert, så fjernet');
    await reject(published.id, 'hate_speech');
    tally('law|hate_speech|removed|manual|manual');
    appealable.push(published);
    // A restriction of an author.
    const author = await app.request('GET', `/api/v1/moderation/comments/${published.id}`, {
      token: mod.token,
    });
    const premod = await app.request(
      'POST',
      `/api/v1/moderation/sites/${SITE}/authors/${encodeURIComponent(author.body.comment.authorKey)}`,
      { token: mod.token, body: { action: 'premoderate' } },
    );
    assert.equal(premod.status, 200);
    tally('terms|site_rules|restricted|manual|manual');
    // Notices: two hate removed, one threat kept, one privacy still open.
    const notice = async (category: string) => {
      const c = await post(`En kommentar som meldes (${category} ${++n})`);
      const res = await app.request('POST', `${articlePath(SITE, 'sak')}/${c.id}/notices`, {
        body: { category, explanation: 'Dette mener jeg er ulovlig innhold.', goodFaith: true },
      });
      assert.equal(res.status, 201);
      expected.notices[category]!.received++;
      return res.body.notice.id as string;
    };
    const decide = async (id: string, action: 'remove' | 'keep', category: string) => {
      const res = await app.request('POST', `/api/v1/moderation/notices/${id}/actions`, {
        token: mod.token,
        body: { action, version: 1 },
      });
      assert.equal(res.status, 200);
      expected.notices[category]![action === 'remove' ? 'removed' : 'kept']++;
    };
    await decide(await notice('hate'), 'remove', 'hate');
    await decide(await notice('hate'), 'remove', 'hate');
    await decide(await notice('threat'), 'keep', 'threat');
    await notice('privacy');
    // Appeals: one reversed, one upheld, one open.
    const appeal = async (c: { id: string; token: string }) => {
      const res = await app.request('POST', `${articlePath(SITE, 'sak')}/${c.id}/appeals`, {
        body: { token: c.token, explanation: 'Jeg er uenig i avgjørelsen.' },
      });
      assert.equal(res.status, 201);
      expected.appeals.received++;
      return res.body.appeal.id as string;
    };
    for (const [i, action] of (['reverse', 'uphold', null] as const).entries()) {
      const id = await appeal(appealable[i]!);
      if (!action) continue;
      const res = await app.request('POST', `/api/v1/moderation/appeals/${id}/actions`, {
        token: mod2.token,
        body: { action, version: 1, reason: 'Vurdert på nytt.' },
      });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      expected.appeals[action === 'reverse' ? 'reversed' : 'upheld']++;
    }

    const to = new Date(Date.now() + 1000).toISOString();
    const admin = await app.adminToken();
    const res = await app.request('GET', `/api/v1/admin/sites/${SITE}/transparency?from=${from}&to=${to}`, {
      token: admin,
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const report = res.body;
    for (const [category, want] of Object.entries(expected.notices)) {
      const got = report.notices.byCategory.find((c: { category: string }) => c.category === category);
      assert.deepEqual(
        { received: got.received, removed: got.removed, kept: got.kept, pending: got.pending },
        { ...want, pending: want.received - want.removed - want.kept },
        category,
      );
    }
    assert.equal(report.notices.received, 4);
    assert.equal(
      report.notices.byCategory.find((c: { category: string }) => c.category === 'hate').euCategory,
      'STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH',
    );
    const own = new Map<string, number>(
      report.ownInitiative.items.map(
        (d: {
          ground: string;
          reasonCode: string;
          type: string;
          detection: string;
          decision: string;
          count: number;
        }) => [`${d.ground}|${d.reasonCode}|${d.type}|${d.detection}|${d.decision}`, d.count],
      ),
    );
    assert.deepEqual(Object.fromEntries(own), Object.fromEntries(expected.own), 'own-initiative decisions');
    assert.equal(
      report.ownInitiative.total,
      [...expected.own.values()].reduce((a, b) => a + b, 0),
    );
    assert.equal(
      report.ownInitiative.items.find((d: { reasonCode: string }) => d.reasonCode === 'hate_speech')
        .reference,
      'straffeloven § 185',
    );
    assert.deepEqual(
      {
        received: report.appeals.received,
        upheld: report.appeals.upheld,
        reversed: report.appeals.reversed,
        pending: report.appeals.pending,
      },
      {
        ...expected.appeals,
        pending: expected.appeals.received - expected.appeals.upheld - expected.appeals.reversed,
      },
    );

    const csv = await app.request(
      'GET',
      `/api/v1/admin/sites/${SITE}/transparency?from=${from}&to=${to}&format=csv`,
      { token: admin },
    );
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /^text\/csv; charset=utf-8/);
    assert.match(
      csv.headers.get('content-disposition') ?? '',
      /attachment; filename="?transparency-aapenhet-/,
    );
    const rows = parseCsv(csv.body as string);
    const header = rows[0]!;
    assert.deepEqual(header, [
      'section',
      'metric',
      'category',
      'eu_category',
      'ground',
      'reference',
      'reason_code',
      'type',
      'detection',
      'decision',
      'outcome',
      'value',
      'unit',
    ]);
    const records = rows.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]!])));
    assert.ok(records.every((r) => Object.keys(r).length === header.length));
    const value = (test: (r: Record<string, string>) => boolean) =>
      records.filter(test).map((r) => Number(r.value));
    assert.deepEqual(
      value((r) => r.metric === 'notices_received' && r.category === 'hate'),
      [2],
    );
    assert.deepEqual(
      value((r) => r.metric === 'notices_decided' && r.category === 'threat' && r.outcome === 'kept'),
      [1],
    );
    assert.deepEqual(
      value((r) => r.metric === 'complaints_decided' && r.outcome === 'reversed'),
      [1],
    );
    const ownRows = records.filter((r) => r.section!.startsWith('1.4') && r.metric === 'decisions');
    assert.equal(
      ownRows.reduce((s, r) => s + Number(r.value), 0),
      report.ownInitiative.total,
    );
    assert.ok(
      ownRows.some((r) => r.reference === 'straffeloven § 185' && r.ground === 'law'),
      'UTF-8 and § survive',
    );
    const auto = records.find(
      (r) => r.section!.startsWith('1.6') && r.detection === 'automated' && r.decision === 'automated',
    );
    assert.equal(Number(auto!.value), 4);
  });

  it('medians of the time to decision, from seeded times', async () => {
    await createSite(app, 'median', {});
    const base = Date.parse('2026-02-01T00:00:00Z');
    const hours = [1, 3, 10];
    await app.service.db.connection.collection('notices').insertMany(
      hours.map((h, i) => ({
        _id: new Types.ObjectId(),
        siteId: 'median',
        articleId: 'a',
        commentId: new Types.ObjectId().toHexString(),
        category: i === 2 ? 'threat' : 'hate',
        explanation: 'seeded',
        notifierName: null,
        notifierEmail: null,
        status: 'decided',
        decision: 'removed',
        automated: false,
        decidedBy: { id: 'x', name: 'x' },
        decidedAt: new Date(base + i * 60_000 + h * 3600_000),
        receivedAt: new Date(base + i * 60_000),
        version: 2,
      })),
    );
    const res = await app.request(
      'GET',
      '/api/v1/admin/sites/median/transparency?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z',
      { token: await app.adminToken() },
    );
    assert.equal(res.body.notices.medianHoursToDecision, 3);
    assert.equal(
      res.body.notices.byCategory.find((c: { category: string }) => c.category === 'hate')
        .medianHoursToDecision,
      1,
    );
    assert.equal(
      res.body.notices.byCategory.find((c: { category: string }) => c.category === 'threat')
        .medianHoursToDecision,
      10,
    );
  });

  it('is for admins only', async () => {
    const res = await app.request('GET', `/api/v1/admin/sites/${SITE}/transparency`, { token: mod.token });
    assert.equal(res.status, 403);
    assert.equal(
      (await app.request('GET', `/api/v1/admin/sites/nope/transparency`, { token: await app.adminToken() }))
        .status,
      404,
    );
  });
});
