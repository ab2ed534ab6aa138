import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Types } from 'mongoose';
import { storedComment } from '../support/factories.js';
import { createSite, createStaff, startTestApp, type TestApp, TestDatabase } from '../support/harness.js';

const SITE = 'tallavisa';
const START = Date.parse('2026-03-02T06:00:00.000Z');
const HOUR = 3_600_000;
const MIN = 60_000;

/** A small deterministic random generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Nearest rank, written independently of the service's own. */
function nearestRank(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((x, y) => x - y);
  const index = Math.ceil((p / 100) * sorted.length) - 1;
  return Math.round(sorted[Math.max(0, index)]! / 1000);
}

describe('statistics: figures equal counts made independently from seeded data', () => {
  let db: TestDatabase;
  let app: TestApp;
  const mods: { id: string; token: string; name: string }[] = [];
  const rnd = random(20260302);
  const comments: { id: string; createdAt: number; decision: string }[] = [];
  const actions: {
    commentId: string;
    at: number;
    action: string;
    actor: string;
    beforeStatus: string;
    reported: boolean;
    createdAt: number;
  }[] = [];
  const firstReport = new Map<string, number>();
  const notices: { receivedAt: number; decidedAt: number | null; by: string | null }[] = [];
  const appeals: { receivedAt: number; decidedAt: number | null; by: string | null }[] = [];
  const authorActions: { at: number; actor: string }[] = [];

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
    await createSite(app, SITE, {});
    for (const name of ['anna', 'bjorn', 'cecilie']) {
      const staff = await createStaff(app, 'moderator', [SITE], `${name}@avisa.test`);
      mods.push({ ...staff, name: `moderator ${name}` });
    }
    const conn = app.service.db.connection;
    const docs = [];
    const audit = [];
    const reports = [];
    for (let i = 0; i < 400; i++) {
      const createdAt = START + Math.floor(rnd() * 6 * HOUR);
      const decision = ['approve', 'approve', 'hold', 'reject'][Math.floor(rnd() * 4)]!;
      const doc = storedComment({
        siteId: SITE,
        createdAt: new Date(createdAt),
        moderation: { decision, reasons: [] },
        status: decision === 'approve' ? 'approved' : decision === 'hold' ? 'pending' : 'rejected',
      });
      docs.push(doc);
      const id = doc._id.toHexString();
      comments.push({ id, createdAt, decision });
      const actor = mods[Math.floor(rnd() * mods.length)]!;
      if (decision === 'hold' && rnd() < 0.8) {
        const at = createdAt + Math.floor(rnd() * 90 * MIN);
        actions.push({
          commentId: id,
          at,
          action: rnd() < 0.6 ? 'approve' : 'reject',
          actor: actor.id,
          beforeStatus: 'pending',
          reported: false,
          createdAt,
        });
      } else if (decision === 'approve' && rnd() < 0.25) {
        const reportAt = createdAt + Math.floor(rnd() * 30 * MIN);
        const count = 1 + Math.floor(rnd() * 3);
        for (let r = 0; r < count; r++) {
          reports.push({
            _id: new Types.ObjectId(),
            siteId: SITE,
            articleId: 'article',
            commentId: id,
            reporterKey: `anon:${i}-${r}`,
            reason: 'abuse',
            note: null,
            createdAt: new Date(reportAt + r * MIN),
          });
        }
        firstReport.set(id, reportAt);
        const at = reportAt + count * MIN + Math.floor(rnd() * 120 * MIN);
        actions.push({
          commentId: id,
          at,
          action: rnd() < 0.5 ? 'reject' : 'approve',
          actor: actor.id,
          beforeStatus: 'approved',
          reported: true,
          createdAt,
        });
      } else if (decision === 'approve' && rnd() < 0.1) {
        actions.push({
          commentId: id,
          at: createdAt + 5 * MIN,
          action: 'feature',
          actor: actor.id,
          beforeStatus: 'approved',
          reported: false,
          createdAt,
        });
      }
    }
    for (const a of actions) {
      audit.push({
        _id: new Types.ObjectId(),
        siteId: SITE,
        entity: 'comment',
        entityId: a.commentId,
        action: a.action,
        actor: { id: a.actor, email: 'x@avisa.test', name: 'x' },
        reason: null,
        before: { status: a.beforeStatus, featured: false, reported: a.reported, version: 1 },
        after: { id: a.commentId, createdAt: new Date(a.createdAt).toISOString() },
        at: new Date(a.at),
      });
    }
    for (let i = 0; i < 12; i++) {
      const at = START + Math.floor(rnd() * 6 * HOUR);
      const actor = mods[i % mods.length]!.id;
      authorActions.push({ at, actor });
      audit.push({
        _id: new Types.ObjectId(),
        siteId: SITE,
        entity: 'author',
        entityId: `${SITE}:anon:${i}`,
        action: 'premoderate',
        actor: { id: actor, email: 'x', name: 'x' },
        reason: null,
        before: null,
        after: null,
        at: new Date(at),
      });
    }
    const noticeDocs = [];
    for (let i = 0; i < 40; i++) {
      const receivedAt = START + Math.floor(rnd() * 5 * HOUR);
      const decided = rnd() < 0.75;
      const decidedAt = decided ? receivedAt + Math.floor(rnd() * 80 * MIN) : null;
      const by = decided ? mods[Math.floor(rnd() * mods.length)]!.id : null;
      notices.push({ receivedAt, decidedAt, by });
      noticeDocs.push({
        _id: new Types.ObjectId(),
        siteId: SITE,
        articleId: 'article',
        commentId: comments[i]!.id,
        category: 'hate',
        explanation: 'Seeded notice text',
        notifierName: null,
        notifierEmail: null,
        status: decided ? 'decided' : 'received',
        decision: decided ? (rnd() < 0.5 ? 'removed' : 'kept') : null,
        automated: false,
        decidedBy: by ? { id: by, name: 'x' } : null,
        decidedAt: decidedAt ? new Date(decidedAt) : null,
        receivedAt: new Date(receivedAt),
        version: 1,
      });
    }
    const appealDocs = [];
    for (let i = 0; i < 15; i++) {
      const receivedAt = START + Math.floor(rnd() * 5 * HOUR);
      const decided = rnd() < 0.7;
      const decidedAt = decided ? receivedAt + Math.floor(rnd() * 60 * MIN) : null;
      const by = decided ? mods[Math.floor(rnd() * mods.length)]!.id : null;
      appeals.push({ receivedAt, decidedAt, by });
      appealDocs.push({
        _id: new Types.ObjectId(),
        siteId: SITE,
        articleId: 'article',
        commentId: comments[i]!.id,
        statementId: new Types.ObjectId().toHexString(),
        authorKey: 'anon:x',
        explanation: 'Seeded appeal',
        status: decided ? 'decided' : 'received',
        outcome: decided ? 'upheld' : null,
        pending: null,
        decidedBy: by ? { id: by, name: 'x' } : null,
        decisionReason: null,
        decidedAt: decidedAt ? new Date(decidedAt) : null,
        receivedAt: new Date(receivedAt),
        version: 1,
      });
    }
    await conn.collection('comments').insertMany(docs);
    await conn.collection('audit').insertMany(audit);
    if (reports.length) await conn.collection('reports').insertMany(reports);
    await conn.collection('notices').insertMany(noticeDocs);
    await conn.collection('appeals').insertMany(appealDocs);
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  const expectedFor = (from: number, to: number) => {
    const inside = (t: number | null) => t !== null && t >= from && t < to;
    const engine = { approve: 0, hold: 0, reject: 0 } as Record<string, number>;
    for (const c of comments) if (inside(c.createdAt)) engine[c.decision]!++;
    const decisions = actions.filter(
      (a) => inside(a.at) && (a.action === 'approve' || a.action === 'reject'),
    );
    const moderator = { approve: 0, reject: 0 } as Record<string, number>;
    for (const a of decisions) moderator[a.action]!++;
    const held = decisions.filter((a) => a.beforeStatus === 'pending').map((a) => a.at - a.createdAt);
    const fromReport = decisions.filter((a) => a.reported).map((a) => a.at - firstReport.get(a.commentId)!);
    const fromNotice = notices.filter((n) => inside(n.decidedAt)).map((n) => n.decidedAt! - n.receivedAt);
    const perMod = new Map<string, { comments: number; authors: number; notices: number; appeals: number }>();
    const row = (id: string) => {
      if (!perMod.has(id)) perMod.set(id, { comments: 0, authors: 0, notices: 0, appeals: 0 });
      return perMod.get(id)!;
    };
    for (const a of actions) if (inside(a.at)) row(a.actor).comments++;
    for (const a of authorActions) if (inside(a.at)) row(a.actor).authors++;
    for (const n of notices) if (inside(n.decidedAt)) row(n.by!).notices++;
    for (const a of appeals) if (inside(a.decidedAt)) row(a.by!).appeals++;
    const summary = (values: number[]) => ({
      count: values.length,
      p50Seconds: nearestRank(values, 50),
      p95Seconds: nearestRank(values, 95),
    });
    return {
      decisions: { engine, moderator },
      heldWait: summary(held),
      reportToAction: summary(fromReport),
      noticeToAction: summary(fromNotice),
      perMod,
    };
  };

  const compare = (
    got: Record<string, unknown> & {
      actionsByModerator: {
        id: string;
        comments: number;
        authors: number;
        notices: number;
        appeals: number;
        actions: number;
        name: string;
      }[];
    },
    want: ReturnType<typeof expectedFor>,
    label: string,
  ) => {
    assert.deepEqual(got.decisions, want.decisions, `${label}: decisions`);
    assert.deepEqual(got.heldWait, want.heldWait, `${label}: held wait`);
    assert.deepEqual(got.reportToAction, want.reportToAction, `${label}: report to action`);
    assert.deepEqual(got.noticeToAction, want.noticeToAction, `${label}: notice to action`);
    const rows = Object.fromEntries(
      got.actionsByModerator.map((r) => [
        r.id,
        { comments: r.comments, authors: r.authors, notices: r.notices, appeals: r.appeals },
      ]),
    );
    assert.deepEqual(rows, Object.fromEntries(want.perMod), `${label}: actions per moderator`);
    for (const r of got.actionsByModerator) {
      assert.equal(r.actions, r.comments + r.authors + r.notices + r.appeals);
      assert.equal(r.name, mods.find((m) => m.id === r.id)!.name.replace('moderator ', 'moderator '));
    }
  };

  it('per hour and in total, every figure matches', async () => {
    const from = new Date(START).toISOString();
    const to = new Date(START + 8 * HOUR).toISOString();
    const res = await app.request(
      'GET',
      `/api/v1/moderation/sites/${SITE}/stats?from=${from}&to=${to}&bucket=hour`,
      {
        token: mods[0]!.token,
      },
    );
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.buckets.length, 8);
    for (const [i, bucket] of res.body.buckets.entries()) {
      const start = START + i * HOUR;
      assert.equal(bucket.start, new Date(start).toISOString());
      compare(bucket, expectedFor(start, start + HOUR), `hour ${i}`);
    }
    compare(res.body.totals, expectedFor(START, START + 8 * HOUR), 'totals');
    assert.ok(res.body.totals.heldWait.count > 50, 'the seed exercises the held queue');
    assert.ok(res.body.totals.reportToAction.count > 10, 'and reports');
    assert.equal(res.body.truncated, false);
  });

  it('per day, a range cutting into a day counts only what lies inside it', async () => {
    const from = START + 90 * MIN;
    const to = START + 4 * HOUR + 17 * MIN;
    const res = await app.request(
      'GET',
      `/api/v1/moderation/sites/${SITE}/stats?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}&bucket=day`,
      { token: mods[1]!.token },
    );
    assert.equal(res.status, 200);
    assert.equal(res.body.buckets.length, 1);
    compare(res.body.buckets[0], expectedFor(from, to), 'partial day');
  });

  it('refuses a bad period and too many buckets with 422; other sites’ moderators get 403', async () => {
    const token = mods[0]!.token;
    const path = `/api/v1/moderation/sites/${SITE}/stats`;
    assert.equal((await app.request('GET', `${path}?from=yesterday`, { token })).status, 422);
    assert.equal(
      (await app.request('GET', `${path}?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z`, { token }))
        .status,
      422,
    );
    const long = await app.request(
      'GET',
      `${path}?from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&bucket=hour`,
      { token },
    );
    assert.equal(long.status, 422);
    assert.equal(long.body.error.details[0].path, 'query.bucket');
    const stranger = await createStaff(app, 'moderator', ['demo']);
    assert.equal((await app.request('GET', path, { token: stranger.token })).status, 403);
  });
});
