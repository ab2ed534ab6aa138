import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  articlePath,
  collect,
  connect,
  connected,
  createdEventsLogged,
  createSite,
  createStaff,
  emitAck,
  startTestApp,
  type TestApp,
  TestDatabase,
  waitFor,
} from '../support/harness.js';
import {
  type Attempt,
  assertNoBrokenRaces,
  judgeRace,
  prng,
  raceRounds,
  raceSeed,
  shuffled,
} from '../support/race.js';

/**
 * Exactly-once moderator actions under real contention. Every round, all
 * moderators act on one comment in a single Promise.all, at the version they
 * all saw, with many comments in flight at once; one of each comment's
 * actions is also sent twice at the same time under one action id (a double
 * click, a retry while the first is in flight). This is a guarantee test: CI
 * runs it against deliberately broken variants (scripts/broken-variants.mjs)
 * and against the jongodb lane with its one-connection serialisation off,
 * and it must fail on each of them.
 */
const MODERATORS = 5;
/**
 * 96 races. The broken variants this file is run against break the first race or
 * two they meet (docs/TESTING.md, "Stop 31": races to the first failure, per variant);
 * 100 comments (300 races) cost 81 s alone and caught no more.
 */
const COMMENTS = 32;
const ROUNDS = 3;
/** Comments raced at the same time (each with MODERATORS + 1 requests in flight). */
const IN_FLIGHT = 8;
const SITE = 'samtidig';

type Action = 'approve' | 'reject' | 'feature' | 'unfeature';
interface State {
  version: number;
  status: string;
  featured: boolean;
}

/** What an action leads to (the contract's rules, restated so the test can predict the winner's effect). */
function expectedAfter(state: State, action: Action): Omit<State, 'version'> {
  switch (action) {
    case 'approve':
      return { status: 'approved', featured: state.featured };
    case 'reject':
      return { status: 'rejected', featured: false };
    case 'feature':
      return { status: 'approved', featured: true };
    case 'unfeature':
      return { status: state.status, featured: false };
  }
}

/** Each moderator's choice: different moderators want different outcomes, all valid at this state. */
function choose(m: number, state: State): Action {
  if (m % 3 === 0) return 'approve';
  if (m % 3 === 1) return 'reject';
  if (state.status !== 'approved') return 'approve';
  return state.featured ? 'unfeature' : 'feature';
}

/** The fields a race decides; author history and timestamps move with other comments' races. */
const view = (item: Record<string, unknown>) => {
  const c = item as {
    version: number;
    status: string;
    featured: boolean;
    lastAction: { by: { id: string } };
  };
  return { version: c.version, status: c.status, featured: c.featured, by: c.lastAction?.by.id };
};

describe(`${MODERATORS} moderators racing on each of ${COMMENTS} comments over HTTP, ${ROUNDS} rounds`, () => {
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
    // The events the watcher's lastSeq is taken after: the actions' events follow them.
    await createdEventsLogged(app, SITE, COMMENTS);
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  it('one 200 per version, 409 with the current comment for the rest, one audit record and one event per applied action', async () => {
    const seed = raceSeed();
    const random = prng(seed);
    const context = `(RACE_SEED=${seed})`;
    const watcher = connect(app.url, '/moderation', { auth: { token: await app.adminToken() } });
    await connected(watcher);
    const joined = await emitAck<{ ok: boolean; lastSeq: { comments: number } }>(watcher, 'join', {
      siteId: SITE,
    });
    assert.equal(joined.ok, true);
    const updates = collect<{ id: string; seq: number; version: number }>(watcher, 'comment.updated');

    const act = (m: number, commentId: string, body: Record<string, unknown>, key: string | null) =>
      app.request('POST', `/api/v1/moderation/comments/${commentId}/actions`, {
        token: moderators[m]!.token,
        body,
        headers: key ? { 'Idempotency-Key': key } : {},
      });

    const states = new Map<string, State>(
      commentIds.map((id) => [id, { version: 1, status: 'pending', featured: false }]),
    );
    /** Per comment, the winner of each round: who, which action, at which version. */
    const winners = new Map<string, { actor: number; action: Action; version: number }[]>();

    /**
     * All moderators at one comment in one Promise.all, in a random order. Each
     * action carries its own action id (as a client that retries sends) but at most one, and
     * one moderator sends theirs twice at once (a double click).
     */
    const race = async (round: number, commentId: string) => {
      const state = states.get(commentId)!;
      const twin = Math.floor(random() * MODERATORS);
      // A request without an action id skips the key's reads and so nearly always wins: only a
      // quarter of the races have one, or the keyed path (and its duplicates) would never win.
      const unkeyed =
        random() < 0.25 ? (twin + 1 + Math.floor(random() * (MODERATORS - 1))) % MODERATORS : -1;
      const keyOf = (m: number) => (m === unkeyed ? null : `r${round}-m${m}-${commentId}`);
      const bodies = moderators.map((_, m) => ({
        action: choose(m, state),
        version: state.version,
        reason: `moderator ${m}, round ${round}`,
      }));
      const attempts: Attempt[] = await Promise.all(
        shuffled([...moderators.keys(), twin], random).map(async (m) => ({
          actor: m,
          key: keyOf(m),
          version: state.version,
          body: bodies[m]!,
          res: await act(m, commentId, bodies[m]!, keyOf(m)),
        })),
      );
      const what = `comment ${commentId}, round ${round}`;
      const winner = judgeRace(what, attempts, view, (body) => body.comment);
      const action = winner.body.action as Action;
      const won = winner.res.body.comment;
      assert.deepEqual(
        { status: won.status, featured: won.featured },
        expectedAfter(state, action),
        `${what}: the comment ends as the winner's ${action} leaves it`,
      );
      assert.equal(won.lastAction.by.id, moderators[winner.actor]!.id);
      states.set(commentId, { version: won.version, status: won.status, featured: won.featured });
      winners.set(commentId, [
        ...(winners.get(commentId) ?? []),
        { actor: winner.actor, action, version: state.version },
      ]);
      // The winner's and the twin's actions, sent again after the race (a retry after a lost answer).
      for (const m of new Set([winner.actor, twin])) {
        const key = keyOf(m);
        if (key === null) continue;
        const first = attempts.find((a) => a.actor === m)!;
        const again = await act(m, commentId, bodies[m]!, key);
        assert.equal(again.status, first.res.status, `${what}: a retry of ${key} answers as the first time`);
        if (first.res.status === 200)
          assert.deepEqual(view(again.body.comment), view(first.res.body.comment));
      }
    };

    const result = await raceRounds({
      ids: commentIds,
      rounds: ROUNDS,
      inFlight: IN_FLIGHT,
      live: (id, round) => states.get(id)!.version === round,
      race,
    });
    assertNoBrokenRaces(result, seed);
    const applied = COMMENTS * ROUNDS;

    // The database agrees with the answers: the last winner's state, one audit record per applied action.
    const { connection } = app.service.db;
    const docs = await connection.collection('comments').find({ siteId: SITE }).toArray();
    assert.equal(docs.length, COMMENTS);
    const audits = await connection.collection('audit').find({ siteId: SITE, entity: 'comment' }).toArray();
    assert.equal(audits.length, applied, `one audit record per applied action ${context}`);
    for (const doc of docs) {
      const id = doc._id.toHexString();
      const expected = states.get(id)!;
      assert.deepEqual(
        { version: doc.version, status: doc.status, featured: doc.featured },
        expected,
        `comment ${id} is as its last winner left it ${context}`,
      );
      const trail = audits
        .filter((a) => a.entityId === id)
        .sort((a, b) => a.before.version - b.before.version)
        .map((a) => ({ version: a.before.version, actor: a.actor.id, action: a.action }));
      assert.deepEqual(
        trail,
        winners
          .get(id)!
          .map((w) => ({ version: w.version, actor: moderators[w.actor]!.id, action: w.action })),
        `comment ${id}: the audit trail names each round's winner once ${context}`,
      );
      const last = audits.find((a) => a.entityId === id && a.before.version === ROUNDS)!;
      assert.equal(doc.lastAction.id, last._id.toHexString());
    }

    const counts = await app.request(
      'GET',
      `/api/v1/moderation/sites/${SITE}/queue?status=approved&limit=1`,
      {
        token: moderators[0]!.token,
      },
    );
    const byStatus = { pending: 0, reported: 0, rejected: 0, approved: 0 } as Record<string, number>;
    for (const state of states.values()) byStatus[state.status]! += 1;
    assert.deepEqual(counts.body.counts, byStatus);

    // One comment.updated per applied action, in seq order with no gap and no repeat.
    await waitFor(() => updates.length >= applied, 15_000, 'a comment.updated for every applied action');
    assert.equal(updates.length, applied);
    assert.deepEqual(
      updates.map((u) => u.seq),
      Array.from({ length: applied }, (_, i) => joined.lastSeq.comments + 1 + i),
    );
    watcher.close();
  });
});
