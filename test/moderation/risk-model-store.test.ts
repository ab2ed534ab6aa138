/**
 * The risk model's store, shared by instances: decisions recorded by two
 * instances at once are all learnt, in one order, by both (same weights, same
 * scores); a retried decision counts once; a seq whose writer died is
 * tombstoned after the timeout and the late writer takes a new seq; a snapshot
 * only moves forward, and a fresh instance starts from it with the same model;
 * decisions stored under an older feature version are learnt again, once, from
 * the comments they were made on, with the rules' verdict each was recorded
 * with; the gate's window holds the decisions on comments the rules approved,
 * through the store and its snapshot, and a snapshot stored before the verdict
 * was recorded loads with its model and an empty window.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type Database } from '../../src/platform/db/database.js';
import { FEATURE_VERSION } from '../../src/moderation/model/features.js';
import { RiskModels } from '../../src/moderation/model/risk-models.js';
import { RiskStore } from '../../src/moderation/model/risk-store.js';
import { TestDatabase, testConfig, testLogger, uniqueDbName } from '../support/harness.js';

const TEXTS = [
  ['Takk for en god sak om ferja', 0],
  ['Typisk dem, kommer hit og krever alt', 1],
  ['Fint at kommunen lytter til innbyggerne', 0],
  ['Send dem tilbake dit de kom fra', 1],
  ['Hvorfor får ikke bøndene bedre betalt?', 0],
  ['Sånne folk har aldri jobbet en dag', 1],
] as const;

/** The rules' reasons stored with a comment the rules held (as the engine gives them). */
const REASONS = [
  {
    rule: 'suspect_term',
    severity: 'hold',
    category: 'profanity',
    grade: 'strong',
    detail: 'Suspect term "x" (profanity)',
    span: { start: 0, end: 1 },
  },
];

describe('the risk model store, shared by instances', () => {
  let server: TestDatabase;
  let db: Database;
  let store: RiskStore;

  before(async () => {
    server = await TestDatabase.start();
    db = await openDatabase(testConfig(server.uri), testLogger, { dbName: uniqueDbName() });
    store = new RiskStore(db.connection);
    for (const model of Object.values(db.connection.models)) await model.createIndexes();
  });
  after(async () => {
    await db?.close();
    await server?.stop();
  });

  it('two instances learning at once end with every decision, in one order, and the same scores', async () => {
    const a = new RiskModels(store);
    const b = new RiskModels(store);
    const decisions = Array.from({ length: 60 }, (_, k) => {
      const [body, label] = TEXTS[k % TEXTS.length]!;
      return {
        siteId: 'shared',
        commentId: `c${k}`,
        decisionId: `d${k}`,
        body: `${body} ${k}`,
        reasons: [],
        action: label ? ('reject' as const) : ('approve' as const),
        // Every third comment was held by the rules: not in the gate's window.
        rules: k % 3 === 0 ? ('hold' as const) : ('approve' as const),
      };
    });
    // Half through each instance, all at once; then each retried once through the other.
    await Promise.all(decisions.map((d, k) => (k % 2 === 0 ? a : b).learnFromModerator(d)));
    await Promise.all(decisions.map((d, k) => (k % 2 === 0 ? b : a).learnFromModerator(d)));
    await a.sync('shared');
    await b.sync('shared');
    const events = await store.eventsAfter('shared', 0, 1000);
    assert.equal(events.length, 60, 'one event per decision, retries included');
    assert.deepEqual(
      events.map((e) => e.seq),
      Array.from({ length: 60 }, (_, k) => k + 1),
    );
    assert.deepEqual(
      events.map((e) => e.rules),
      events.map((e) => decisions.find((d) => d.decisionId === e.decisionId)!.rules),
      'each event carries the verdict it was recorded with',
    );
    const [sa, sb] = [await a.status('shared', {}), await b.status('shared', {})];
    assert.equal(sa.decisions, 60);
    assert.equal(sa.measuredOn, 40, 'the window: the 40 decisions on comments the rules approved');
    assert.deepEqual(sa, sb);
    for (const [text] of TEXTS) assert.deepEqual(a.score('shared', text), b.score('shared', text), text);
    const risky = a.score('shared', 'Typisk dem, de krever alt')!.score;
    const fine = a.score('shared', 'Takk for en god sak om ferja')!.score;
    assert.ok(risky > fine, `${risky} > ${fine}`);
    // A fresh instance starts from the snapshot (written every 50) plus the rest of the log.
    const c = new RiskModels(store);
    assert.deepEqual(await c.status('shared', {}), sa);
    assert.deepEqual(c.score('shared', 'Send dem hjem'), a.score('shared', 'Send dem hjem'));
  });

  it('a burst of appends gets seqs 1..n, each once, and a repeated decision is one event', async () => {
    const append = (k: number) =>
      store.append({
        siteId: 'burst',
        decisionId: `d${k % 40}`,
        commentId: `c${k % 40}`,
        label: 1,
        importance: 1,
        source: 'moderator',
        rules: null,
        featureVersion: 1,
        features: new Int32Array([k, k + 1]),
      });
    const seqs = await Promise.all(Array.from({ length: 80 }, (_, k) => append(k)));
    const events = await store.eventsAfter('burst', 0, 1000);
    assert.deepEqual(
      events.map((e) => e.seq),
      Array.from({ length: events.length }, (_, k) => k + 1),
      'no seq twice, no gap left by a duplicate',
    );
    assert.equal(new Set(events.map((e) => e.decisionId)).size, 40);
    assert.equal(events.length, 40 + events.filter((e) => e.tombstone).length);
    assert.equal(seqs.filter((s) => s !== null).length, 40);
  });

  it('a seq whose writer died is tombstoned after the timeout; the late writer takes a new one', async () => {
    let now = Date.now();
    const reader = new RiskModels(store, { gapTimeoutMs: 10_000, now: () => now });
    const writer = new RiskModels(store);
    await writer.learnFromModerator({
      siteId: 'gap',
      commentId: 'c1',
      decisionId: 'd1',
      body: 'Fin sak',
      reasons: [],
      action: 'approve',
      rules: 'approve',
    });
    // A writer takes seq 2 and dies before inserting.
    await store.counters.updateOne({ _id: 'gap' }, { $inc: { seq: 1 } });
    await writer.learnFromModerator({
      siteId: 'gap',
      commentId: 'c3',
      decisionId: 'd3',
      body: 'Typisk dem',
      reasons: [],
      action: 'reject',
      rules: 'approve',
    });
    await reader.sync('gap');
    assert.equal((await reader.status('gap', {})).decisions, 1, 'waits at the gap while it is fresh');
    now += 11_000;
    await reader.sync('gap');
    assert.equal((await reader.status('gap', {})).decisions, 2, 'tombstoned, then went on');
    const events = await store.eventsAfter('gap', 0);
    assert.deepEqual(
      events.map((e) => [e.seq, e.tombstone]),
      [
        [1, false],
        [2, true],
        [3, false],
      ],
    );
    // The late writer's insert at seq 2 loses to the tombstone: its decision gets seq 4.
    await assert.rejects(
      store.events.create({ siteId: 'gap', seq: 2, at: new Date(), label: 1, features: null }),
      /E11000|duplicate/,
    );
    await writer.learnFromModerator({
      siteId: 'gap',
      commentId: 'c4',
      decisionId: 'd4',
      body: 'Send dem hjem',
      reasons: [],
      action: 'reject',
      rules: 'hold',
    });
    assert.deepEqual(
      (await store.eventsAfter('gap', 3)).map((e) => e.seq),
      [4],
    );
  });

  it('a snapshot never goes back to an older version', async () => {
    const base = {
      siteId: 'snap',
      featureVersion: 1,
      decisions: 1,
      indices: new Int32Array([1]),
      z: new Float64Array([0.5]),
      n: new Float64Array([1]),
      recent: [],
      windowVersion: 2,
      baseModel: null,
    };
    assert.equal(await store.saveSnapshot({ ...base, version: 100 }), true);
    assert.equal(await store.saveSnapshot({ ...base, version: 50, decisions: 7 }), false);
    assert.equal((await store.loadSnapshot('snap'))?.version, 100);
    assert.equal(await store.saveSnapshot({ ...base, version: 150 }), true);
    assert.equal((await store.loadSnapshot('snap'))?.version, 150);
    // Learnt again on another base model: replaces the snapshot of the old base at the same version.
    assert.equal(await store.saveSnapshot({ ...base, version: 150, baseModel: 'b1' }), true);
    assert.equal((await store.loadSnapshot('snap'))?.baseModel, 'b1');
    assert.equal(await store.saveSnapshot({ ...base, version: 120, baseModel: 'b1' }), false);
    assert.equal((await store.loadSnapshot('snap'))?.version, 150);
  });

  it("a snapshot stored before the rules' verdict was recorded loads with its model, its window left out", async () => {
    const site = 'old-window';
    const writer = new RiskModels(store);
    const learn = (k: number) => {
      const [body, label] = TEXTS[k % TEXTS.length]!;
      return writer.learnFromModerator({
        reasons: [],
        siteId: site,
        commentId: `c${k}`,
        decisionId: `d${k}`,
        body: `${body} ${k}`,
        action: label ? 'reject' : 'approve',
        rules: 'approve',
      });
    };
    for (let k = 0; k < 50; k++) await learn(k);
    // As an earlier version stored it: no windowVersion, a window of every decision.
    await store.snapshots.updateOne({ _id: site }, { $unset: { windowVersion: 1 } });
    const old = await store.loadSnapshot(site);
    assert.deepEqual([old?.version, old?.windowVersion, old?.recent.length], [50, 1, 50]);
    const reader = new RiskModels(store);
    const loaded = await reader.status(site, {});
    assert.deepEqual([loaded.decisions, loaded.measuredOn], [50, 0], 'the model, not the window');
    assert.deepEqual(reader.score(site, 'Send dem hjem'), writer.score(site, 'Send dem hjem'));
    await learn(50);
    await reader.sync(site);
    assert.deepEqual(
      [(await reader.status(site, {})).measuredOn, (await writer.status(site, {})).measuredOn],
      [1, 51],
      'refilled by the decisions recorded with a verdict',
    );
  });

  it('decisions of an older feature version are learnt again from their comments, once, by any instance', async () => {
    const site = 'upgrade';
    // A site whose model learnt 12 decisions under the previous features: its events and a snapshot.
    // Every third comment has the rules' reasons stored with it (FEATURE_VERSION 5 learns them too).
    const decided = Array.from({ length: 12 }, (_, k) => {
      const [body, label] = TEXTS[k % TEXTS.length]!;
      const rules = k % 4 === 0 ? ('reject' as const) : k % 4 === 1 ? null : ('approve' as const);
      const reasons = k % 3 === 1 ? REASONS : [];
      return {
        commentId: `c${k}`,
        decisionId: `d${k}`,
        body: `${body} ${k}`,
        reasons,
        label: label as 0 | 1,
        rules,
      };
    });
    for (const d of decided) {
      await store.append({
        siteId: site,
        decisionId: d.decisionId,
        commentId: d.commentId,
        label: d.label,
        importance: 1,
        source: 'moderator',
        rules: d.rules,
        featureVersion: FEATURE_VERSION - 1,
        features: new Int32Array([7, 70, 700]),
      });
    }
    await store.saveSnapshot({
      siteId: site,
      version: 12,
      featureVersion: FEATURE_VERSION - 1,
      decisions: 12,
      indices: new Int32Array([7]),
      z: new Float64Array([-3]),
      n: new Float64Array([4]),
      recent: [],
      windowVersion: 2,
      baseModel: null,
    });
    // One comment was erased since: its decision is lost.
    const bodies = new Map(decided.slice(1).map((d) => [d.commentId, { body: d.body, reasons: d.reasons }]));
    const reads: string[][] = [];
    const logged: unknown[] = [];
    const options = {
      bodies: async (siteId: string, ids: string[]) => {
        assert.equal(siteId, site);
        reads.push(ids);
        return new Map(ids.flatMap((id) => (bodies.has(id) ? [[id, bodies.get(id)!] as const] : [])));
      },
      logger: { info: (o: unknown) => logged.push(o), warn: (o: unknown) => logged.push(o) },
    };
    // Without the comments to read, the old decisions are left out: a fresh model, in shadow mode.
    const blind = new RiskModels(store);
    assert.equal((await blind.status(site, { hold: true, minDecisions: 1 })).decisions, 0);
    assert.equal(blind.score(site, 'Send dem hjem'), null);

    // Two instances at once: where both append the same decision, the loser's seq is a gap,
    // tombstoned after the gap timeout (short here) like any other.
    const racing = { ...options, gapTimeoutMs: 30 };
    const [a, b] = [new RiskModels(store, racing), new RiskModels(store, racing)];
    await Promise.all([a.status(site, {}), b.status(site, {})]);
    await new Promise((resolve) => setTimeout(resolve, 60));
    await a.sync(site);
    await b.sync(site);
    assert.equal((await a.status(site, {})).decisions, 11, 'every decision whose comment is there');
    assert.equal((await b.status(site, {})).decisions, 11);
    const upgraded = (await store.eventsAfter(site, 12, 1000)).filter((e) => !e.tombstone);
    assert.deepEqual(
      upgraded.map((e) => [e.decisionId, e.featureVersion, e.label, e.rules]),
      decided.slice(1).map((d) => [`v${FEATURE_VERSION}:${d.decisionId}`, FEATURE_VERSION, d.label, d.rules]),
      "each decision once, in its old order, with its label and the rules' verdict",
    );
    assert.ok(logged.length >= 1 && logged.length <= 2);
    for (const line of logged)
      assert.deepEqual(line, { siteId: site, featureVersion: FEATURE_VERSION, learnt: 11, lost: 1 });
    // The same model as one that learnt those decisions under today's features.
    const fresh = new RiskModels(store);
    for (const d of decided.slice(1)) {
      await fresh.learnFromModerator({
        siteId: 'upgrade-reference',
        commentId: d.commentId,
        decisionId: d.decisionId,
        body: d.body,
        reasons: d.reasons,
        action: d.label ? 'reject' : 'approve',
        rules: d.rules,
      });
    }
    for (const [text] of TEXTS) {
      assert.deepEqual(a.score(site, text)?.top, fresh.score('upgrade-reference', text)?.top);
      // The reasons were learnt again with their comments: a text with them scores alike.
      assert.deepEqual(
        a.score(site, text, REASONS),
        {
          ...fresh.score('upgrade-reference', text, REASONS)!,
          modelVersion: a.score(site, text)!.modelVersion,
        },
        text,
      );
    }
    assert.equal(
      a.score(site, 'Send dem hjem')?.score,
      fresh.score('upgrade-reference', 'Send dem hjem')?.score,
    );
    assert.notEqual(
      a.score(site, 'Send dem hjem', REASONS)?.score,
      a.score(site, 'Send dem hjem')?.score,
      "the rules' reasons weigh",
    );
    // Done for good: a new instance finds nothing to learn again, reads no comment, adds no event.
    const before = reads.length;
    const c = new RiskModels(store, options);
    assert.equal((await c.status(site, {})).decisions, 11);
    // The window: the six decisions on comments the rules approved (two held, three not known).
    assert.deepEqual(
      [(await c.status(site, {})).measuredOn, (await fresh.status('upgrade-reference', {})).measuredOn],
      [6, 6],
    );
    assert.equal(reads.length, before);
    const all = await store.eventsAfter(site, 12, 1000);
    assert.equal(all.filter((e) => !e.tombstone).length, upgraded.length);
  });

  it('a decision upgraded before is learnt again once, from its latest event', async () => {
    const site = 'chain';
    const [older, previous] = [FEATURE_VERSION - 2, FEATURE_VERSION - 1];
    const decided = Array.from({ length: 9 }, (_, k) => {
      const [body, label] = TEXTS[k % TEXTS.length]!;
      return { commentId: `c${k}`, decisionId: `d${k}`, body: `${body} ${k}`, label: label as 0 | 1 };
    });
    const append = (d: (typeof decided)[number], decisionId: string, featureVersion: number) =>
      store.append({
        siteId: site,
        decisionId,
        commentId: d.commentId,
        label: d.label,
        importance: 1,
        source: 'moderator',
        rules: 'approve',
        featureVersion,
        features: new Int32Array([7, 70, 700]),
      });
    // Six decisions of the older version, learnt again under the previous one (the last upgrade
    // died after appending d5 again, before marking its old event), then three of the previous.
    const oldSeqs: number[] = [];
    for (const d of decided.slice(0, 6)) oldSeqs.push((await append(d, d.decisionId, older))!);
    for (const d of decided.slice(0, 6)) await append(d, `v${previous}:${d.decisionId}`, previous);
    await store.markUpgraded(site, oldSeqs.slice(0, 5), previous);
    for (const d of decided.slice(6)) await append(d, d.decisionId, previous);

    const bodies = new Map(decided.map((d) => [d.commentId, { body: d.body, reasons: [] }]));
    const logged: unknown[] = [];
    const models = new RiskModels(store, {
      bodies: async (_siteId: string, ids: string[]) =>
        new Map(ids.flatMap((id) => (bodies.has(id) ? [[id, bodies.get(id)!] as const] : []))),
      logger: { info: (o: unknown) => logged.push(o), warn: (o: unknown) => logged.push(o) },
    });
    assert.equal((await models.status(site, {})).decisions, 9, 'each decision once');
    const learnt = (await store.eventsAfter(site, 15, 1000)).filter((e) => !e.tombstone);
    assert.deepEqual(
      learnt.map((e) => e.decisionId).sort(),
      decided.map((d) => `v${FEATURE_VERSION}:${d.decisionId}`).sort(),
    );
    assert.deepEqual(
      learnt.map((e) => e.label),
      learnt.map((e) => decided.find((d) => e.decisionId?.endsWith(`:${d.decisionId}`))!.label),
    );
    // Read: d5's unmarked older event and the nine of the previous version, never the five marked.
    assert.deepEqual(logged, [{ siteId: site, featureVersion: FEATURE_VERSION, learnt: 10, lost: 0 }]);
  });
});
