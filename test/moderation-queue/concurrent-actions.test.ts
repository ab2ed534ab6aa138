import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  articlePath,
  collect,
  connect,
  connected,
  createSite,
  createStaff,
  emitAck,
  startTestApp,
  type TestApp,
  TestDatabase,
  type TestResponse,
  waitFor,
} from '../support/harness.js';

const MODERATORS = 20;
const COMMENTS = 100;
const SITE = 'samtidig';
/** jongodb scans whole collections, so only some requests carry keys (every one would work, slowly). */
const KEYED_PER_MODERATOR = 8;

/** A small deterministic PRNG, so a failing interleaving can be re-run. */
function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('20 moderators acting concurrently over HTTP on the same 100 comments', () => {
  let db: TestDatabase;
  let app: TestApp;
  let moderators: { token: string; id: string }[] = [];
  const commentIds: string[] = [];

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
    await createSite(app, SITE, { mode: 'pre' });
    moderators = await Promise.all(
      Array.from({ length: MODERATORS }, (_, i) =>
        createStaff(app, 'moderator', [SITE], `mod${i}@samtidig.test`),
      ),
    );
    for (let i = 0; i < COMMENTS; i++) {
      const res = await app.request('POST', articlePath(SITE, `sak-${i % 5}`), {
        body: { body: `Innlegg nummer ${i} om kommunebudsjettet.`, authorName: `Leser ${i % 7}` },
      });
      assert.equal(res.status, 201);
      assert.equal(res.body.comment.status, 'pending');
      commentIds.push(res.body.comment.id);
    }
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  it('applies exactly one action per version, one audit record each, retries return the first outcome, events in seq order', async () => {
    const watcher = connect(app.url, '/moderation', { auth: { token: await app.adminToken() } });
    await connected(watcher);
    const joined = await emitAck<{ ok: boolean; lastSeq: { comments: number } }>(watcher, 'join', {
      siteId: SITE,
    });
    assert.equal(joined.ok, true);
    const startSeq = joined.lastSeq.comments;
    const updates = collect<{ id: string; seq: number; version: number }>(watcher, 'comment.updated');

    const act = (m: number, commentId: string, body: Record<string, unknown>, key: string | null) =>
      app.request('POST', `/api/v1/moderation/comments/${commentId}/actions`, {
        token: moderators[m]!.token,
        body,
        headers: key ? { 'Idempotency-Key': key } : {},
      });

    // Each moderator of the round acts on every comment at the round's version, then retries some requests.
    const round = async (
      n: number,
      participants: number,
      chooseBody: (m: number, commentId: string) => Record<string, unknown>,
    ) => {
      const first = new Map<string, TestResponse>();
      await Promise.all(
        moderators.slice(0, participants).map(async (_, m) => {
          const random = prng(n * 1000 + m);
          // Some actions carry an action id (Idempotency-Key) and are sent again below.
          const keyed = new Set(shuffled(commentIds, random).slice(0, KEYED_PER_MODERATOR));
          for (const commentId of shuffled(commentIds, random)) {
            const key = `r${n}-m${m}-${commentId}`;
            first.set(
              key,
              await act(m, commentId, chooseBody(m, commentId), keyed.has(commentId) ? key : null),
            );
          }
          // Retries with the same action id (as after a lost response) give the first answer back.
          for (const commentId of keyed) {
            const key = `r${n}-m${m}-${commentId}`;
            const again = await act(m, commentId, chooseBody(m, commentId), key);
            const original = first.get(key)!;
            assert.equal(again.status, original.status, `retry of ${key}`);
            if (original.status === 200) assert.deepEqual(again.body.comment, original.body.comment);
          }
        }),
      );
      return first;
    };

    const verdicts = new Map(commentIds.map((id, i) => [id, i % 3 === 0 ? 'reject' : 'approve']));
    // Round 1: all 20 at version 1. Round 2, at version 2, with 5 of them: enough to race, lighter on jongodb.
    const round1 = await round(1, MODERATORS, (m, id) => ({
      action: verdicts.get(id),
      version: 1,
      reason: `moderator ${m}`,
    }));
    const round2 = await round(2, 5, (m, id) => ({
      action: verdicts.get(id) === 'approve' ? 'feature' : 'approve',
      version: 2,
      reason: `moderator ${m} second look`,
    }));

    const winners = new Map<string, string[]>();
    for (const [n, results] of [
      [1, round1],
      [2, round2],
    ] as const) {
      for (const [key, res] of results) {
        assert.ok(
          res.status === 200 || res.status === 409,
          `${key}: ${res.status} ${JSON.stringify(res.body)}`,
        );
        const commentId = key.split('-').at(-1)!;
        if (res.status === 409) {
          assert.equal(res.body.error.code, 'conflict');
          assert.ok(res.body.error.details[0].current.version > n, 'the 409 carries the current comment');
          continue;
        }
        assert.equal(res.body.comment.version, n + 1);
        const list = winners.get(`${n}:${commentId}`) ?? [];
        list.push(key);
        winners.set(`${n}:${commentId}`, list);
      }
    }
    for (const id of commentIds) {
      assert.equal(winners.get(`1:${id}`)?.length, 1, `round 1 winner of ${id}`);
      assert.equal(winners.get(`2:${id}`)?.length, 1, `round 2 winner of ${id}`);
    }

    const { connection } = app.service.db;
    const docs = await connection.collection('comments').find({ siteId: SITE }).toArray();
    assert.equal(docs.length, COMMENTS);
    const audits = await connection.collection('audit').find({ siteId: SITE, entity: 'comment' }).toArray();
    assert.equal(audits.length, COMMENTS * 2, 'exactly one audit record per applied action');
    for (const doc of docs) {
      const id = doc._id.toHexString();
      assert.equal(doc.version, 3);
      const expected = verdicts.get(id) === 'approve' ? ['approved', true] : ['approved', false];
      assert.deepEqual([doc.status, doc.featured], expected);
      const trail = audits
        .filter((a) => a.entityId === id)
        .sort((a, b) => a.before.version - b.before.version);
      assert.deepEqual(
        trail.map((a) => a.before.version),
        [1, 2],
      );
      assert.equal(trail[0]!.before.status, 'pending');
      assert.equal(trail[1]!.after.version, 3);
      // The winner of each round is the actor on record.
      const winner1 = Number(winners.get(`1:${id}`)![0]!.split('-')[1]!.slice(1));
      const winner2 = Number(winners.get(`2:${id}`)![0]!.split('-')[1]!.slice(1));
      assert.equal(trail[0]!.actor.id, moderators[winner1]!.id);
      assert.equal(trail[1]!.actor.id, moderators[winner2]!.id);
      assert.equal(doc.lastAction.id, trail[1]!._id.toHexString());
    }

    const queue = await app.request('GET', `/api/v1/moderation/sites/${SITE}/queue?status=approved&limit=1`, {
      token: moderators[0]!.token,
    });
    assert.deepEqual(queue.body.counts, { pending: 0, reported: 0, rejected: 0, approved: COMMENTS });

    // One comment.updated per applied action, sent in seq order with no gap.
    await waitFor(() => updates.length >= COMMENTS * 2, 10_000, 'all comment.updated events');
    assert.equal(updates.length, COMMENTS * 2);
    assert.deepEqual(
      updates.map((u) => u.seq),
      Array.from({ length: COMMENTS * 2 }, (_, i) => startSeq + 1 + i),
    );
    watcher.close();
  });
});
