import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Socket } from 'socket.io-client';
import {
  articlePath,
  collect,
  connect,
  connected,
  emitAck,
  TestDatabase,
  uniqueDbName,
  waitFor,
} from '../support/harness.js';
import { MonitoredInstance as Instance } from '../support/monitored-instance.js';
import { dropRedisKeys, REDIS_URL, requireRedis } from '../support/prerequisites.js';

type Counts = { pending: number; reported: number; rejected: number; approved: number };

/*
 * The moderators' queue counts are four aggregations over a site's comments.
 * They are computed only where a moderator of the site is connected: with
 * none, a breaking story's comments cost no counting at all; a moderator who
 * joins gets them counted in the join's answer, and then live after changes,
 * on whichever instance they are connected to.
 */
/** Queue-count aggregations (countDocuments on comments by status or reported) an instance sent. */
function countings(instance: Instance): number {
  return instance.count('comments.aggregate', (command) => {
    const [match, group] = command.pipeline as Record<string, Record<string, unknown>>[];
    const keys = Object.keys(match?.$match ?? {})
      .sort()
      .join(',');
    return group?.$group?._id === 1 && (keys === 'siteId,status' || keys === 'reported,siteId');
  });
}

async function post(instance: Instance, siteId: string, n: number, tag: string): Promise<void> {
  for (let i = 0; i < n; i++) {
    const res = await instance.call('POST', articlePath(siteId, 'sak'), {
      body: `Innlegg ${tag} nummer ${i} om bompengane på Stord.`,
      authorName: `Lesar ${tag}${i}`,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
}

/** The counts as stored, read straight from the collection (a find, so it is not taken for a counting). */
async function stored(instance: Instance, siteId: string): Promise<Counts> {
  const docs = await instance.database.connection
    .collection('comments')
    .find({ siteId }, { projection: { status: 1, reported: 1 } })
    .toArray();
  const of = (status: string) => docs.filter((d) => d.status === status).length;
  return {
    pending: of('pending'),
    reported: docs.filter((d) => d.reported === true).length,
    rejected: of('rejected'),
    approved: of('approved'),
  };
}

const settle = () => new Promise((r) => setTimeout(r, 600)); // past the 150 ms debounce, with room

const withoutSite = ({ siteId: _, ...counts }: Counts & { siteId?: string }) => counts;

describe('queue counts only where a moderator of the site is connected', () => {
  let db: TestDatabase;
  let one: Instance;
  const sockets: Socket[] = [];
  const SITE = 'tellefri';

  before(async () => {
    db = await TestDatabase.start();
    one = await Instance.start(db.uri, uniqueDbName());
  });
  after(async () => {
    for (const s of sockets) s.close();
    await one?.close();
    await db?.stop();
  });

  it('counts nothing with no moderator connected, counts exactly once one joins, and stops when they leave', async () => {
    const token = await one.siteWithModerator(SITE);
    // A reader is connected, a moderator of another site is not this site's.
    const reader = connect(one.service.url, '/live');
    sockets.push(reader);
    await connected(reader);
    await emitAck(reader, 'subscribe', { siteId: SITE, articleId: 'sak' });

    await post(one, SITE, 4, 'a');
    await settle();
    assert.equal(countings(one), 0, 'no moderator connected: no queue-count aggregation');

    const moderator = connect(one.service.url, '/moderation', { auth: { token } });
    sockets.push(moderator);
    await connected(moderator);
    const counts = collect<Counts & { siteId: string }>(moderator, 'queue.counts');
    const joined = await emitAck<{ ok: boolean; counts: Counts }>(moderator, 'join', { siteId: SITE });
    assert.deepEqual(joined.counts, await stored(one, SITE), 'the join answers with the current counts');
    assert.equal(joined.counts.pending + joined.counts.approved, 4);

    await post(one, SITE, 3, 'b');
    const exact = await stored(one, SITE);
    await waitFor(
      () => counts.length > 0 && JSON.stringify(withoutSite(counts.at(-1)!)) === JSON.stringify(exact),
      5000,
      'queue.counts equal to the stored counts',
    );
    assert.equal(counts.at(-1)!.siteId, SITE);
    assert.ok(countings(one) > 0);

    moderator.close();
    await waitFor(() => !one.service.io.of('/moderation').adapter.rooms.has(`site:${SITE}:comments`));
    const before = countings(one);
    await post(one, SITE, 2, 'c');
    await settle();
    assert.equal(countings(one), before, 'the moderator left: counting stops');
  });
});

describe('queue counts across two instances over Redis', () => {
  let db: TestDatabase;
  let a: Instance;
  let b: Instance;
  const sockets: Socket[] = [];
  const SITE = 'tvitell';
  const prefix = `ordskifte-test-counts-${randomBytes(3).toString('hex')}`;

  before(async () => {
    await requireRedis();
    db = await TestDatabase.start();
    const dbName = uniqueDbName();
    const overrides = {
      redisUrl: REDIS_URL,
      redisKeyPrefix: prefix,
    };
    a = await Instance.start(db.uri, dbName, overrides);
    b = await Instance.start(db.uri, dbName, overrides);
  });
  after(async () => {
    for (const s of sockets) s.close();
    await a?.close();
    await b?.close();
    await db?.stop();
    await dropRedisKeys(prefix);
  });

  it('a moderator on one instance gets exact counts of changes made on the other; no instance counts for nobody', async () => {
    const token = await a.siteWithModerator(SITE);
    await post(a, SITE, 3, 'x');
    await settle();
    assert.equal(countings(a) + countings(b), 0, 'no moderator anywhere: nothing counted');

    const moderator = connect(b.service.url, '/moderation', { auth: { token } });
    sockets.push(moderator);
    await connected(moderator);
    const counts = collect<Counts & { siteId: string }>(moderator, 'queue.counts');
    await emitAck(moderator, 'join', { siteId: SITE });

    await post(a, SITE, 4, 'y');
    const exact = await stored(a, SITE);
    await waitFor(
      () => counts.length > 0 && JSON.stringify(withoutSite(counts.at(-1)!)) === JSON.stringify(exact),
      5000,
      'queue.counts on B after posts on A',
    );
    await settle();
    assert.equal(countings(a), 0, 'A has no moderator of the site: it counts nothing');
    assert.ok(countings(b) > 0, 'B counts for its moderator');
  });
});
