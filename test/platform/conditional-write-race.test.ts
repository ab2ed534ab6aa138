import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Config } from '../../src/platform/config.js';
import { type Database, openDatabase } from '../../src/platform/db/database.js';
import { cachedMongodBinary, jongodbBinary } from '../../src/platform/db/embedded.js';
import { startTestApp, TestDatabase, testConfig, testLogger, uniqueDbName } from '../support/harness.js';

/**
 * The guarantee every moderator action rests on, at driver level: a conditional
 * write `findOneAndUpdate({ _id, version: v }, { $inc: { version: 1 } })` has
 * exactly one winner per version, however many callers race for it. MongoDB
 * guarantees it for a single document; jongodb does not across connections,
 * so its lane runs on one connection (src/platform/db/database.ts).
 *
 * Each lane this machine has is opened exactly as the service opens it
 * (openDatabase), so the race meets the production pool: embedded jongodb,
 * embedded mongod when a binary is at hand, and MONGODB_URI when set.
 *
 * Proof mode: `JONGODB_SERIALISE=off node scripts/run-tests.mjs
 * test/platform/conditional-write-race.test.ts` opens the jongodb lane with a
 * normal pool of 20 connections. The jongodb case then FAILS, listing the
 * documents that had more than one winner: that is how we know the test sees
 * the race. MongoDB lanes pass either way.
 */
const DOCUMENTS = 200;
const RACERS = 8;
const ROUNDS = 5;

const mongodBinary = await cachedMongodBinary().catch(() => null);
const lanes: { name: string; config: Partial<Config>; skip: string | false }[] = [
  {
    name: 'embedded jongodb',
    config: { mongodbUri: null, embeddedMongo: 'jongodb' },
    skip: jongodbBinary() ? false : 'jongodb is not installed for this platform',
  },
  {
    name: 'embedded mongod',
    config: { mongodbUri: null, embeddedMongo: 'mongod' },
    skip: mongodBinary ? false : 'no mongod binary at hand (set MONGOMS_SYSTEM_BINARY)',
  },
  {
    name: 'MONGODB_URI',
    config: { mongodbUri: process.env.MONGODB_URI ?? null },
    skip: process.env.MONGODB_URI ? false : 'MONGODB_URI is not set',
  },
];

for (const lane of lanes) {
  describe(`conditional writes under contention, driver level: ${lane.name}`, { skip: lane.skip }, () => {
    let db: Database;

    before(async () => {
      db = await openDatabase(testConfig('mongodb://unused', lane.config), testLogger, {
        dbName: uniqueDbName(),
      });
    });
    after(async () => {
      await db?.connection.dropDatabase().catch(() => undefined);
      await db?.close();
    });

    it(`${RACERS} concurrent conditional updates per document × ${DOCUMENTS} documents × ${ROUNDS} rounds: exactly one winner per version`, async (t) => {
      t.diagnostic(`lane ${db.lane}, serialised ${db.serialised}, pool ${db.maxPoolSize}`);
      const docs = db.connection.collection<{ _id: number; version: number; winners: number[] }>('race_docs');
      await docs.insertMany(
        Array.from({ length: DOCUMENTS }, (_, i) => ({ _id: i, version: 1, winners: [] })),
      );

      const violations: string[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        // Every racer for every document at once, one Promise.all; a document's racers
        // are sent back to back so they meet on different connections when there are several.
        const attempts = await Promise.all(
          Array.from({ length: DOCUMENTS * RACERS }, async (_, n) => {
            const id = Math.floor(n / RACERS);
            const racer = n % RACERS;
            const before = await docs.findOneAndUpdate(
              { _id: id, version: round },
              { $inc: { version: 1 }, $addToSet: { winners: round * 100 + racer } },
              { returnDocument: 'before' },
            );
            return { id, won: before !== null };
          }),
        );
        const wins = new Map<number, number>();
        for (const a of attempts) if (a.won) wins.set(a.id, (wins.get(a.id) ?? 0) + 1);
        for (let id = 0; id < DOCUMENTS; id++) {
          const count = wins.get(id) ?? 0;
          if (count !== 1) violations.push(`doc ${id} round ${round}: ${count} winners`);
        }
        const moved = await docs.countDocuments({ version: round + 1 });
        if (moved !== DOCUMENTS) {
          violations.push(`round ${round}: ${moved}/${DOCUMENTS} documents at version ${round + 1}`);
        }
      }
      // The stored state agrees: ROUNDS increments and ROUNDS recorded winners per document.
      const stored = await docs.find({}).toArray();
      const wrong = stored.filter((d) => d.version !== ROUNDS + 1 || d.winners.length !== ROUNDS);
      assert.deepEqual(
        violations.slice(0, 20),
        [],
        `${violations.length} violations (first 20 shown); ${wrong.length} documents with a wrong version or winner list`,
      );
      assert.equal(wrong.length, 0);
    });
  });
}

describe('the service finds its lane from the server, however it was given', () => {
  it('a jongodb reached through MONGODB_URI (as the tests and a second instance reach it) runs on one connection', async (t) => {
    if (!jongodbBinary()) return t.skip('jongodb is not installed for this platform');
    const lane = await TestDatabase.start();
    const app = await startTestApp(lane);
    try {
      const ready = await app.request('GET', '/readyz');
      assert.equal(ready.status, 200);
      if (process.env.MONGODB_URI) {
        assert.equal(app.service.db.serialised, false, 'a real MongoDB keeps its pool');
        return;
      }
      assert.equal(ready.body.database, 'jongodb');
      assert.equal(app.service.db.lane, 'jongodb');
      assert.equal(app.service.db.serialised, process.env.JONGODB_SERIALISE !== 'off');
      // The driver's own pool, not only what we say about it.
      const client = app.service.db.connection.getClient() as unknown as { options: { maxPoolSize: number } };
      assert.equal(client.options.maxPoolSize, app.service.db.maxPoolSize);
    } finally {
      await app.close();
      await lane.stop();
    }
  });
});
