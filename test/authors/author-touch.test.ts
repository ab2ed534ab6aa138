import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mongo } from 'mongoose';
import { AuthorRepository } from '../../src/authors/author.repository.js';
import type { Database } from '../../src/platform/db/database.js';
import { monitoredDatabase } from '../support/command-log.js';

/**
 * A post skips the author's history when its upsert of the author's record created it
 * (docs/PERFORMANCE.md, "POST path, sixth round"). So `touch` must tell an insert from an
 * update by what the server answered, on every lane: only the call that inserted says so,
 * never one that found a record, whoever wrote that record (a post, a moderator's action).
 */
describe('the author upsert tells a created record from an existing one', () => {
  let stop: () => Promise<void>;
  let authors: AuthorRepository;
  const seen = (name: string) => ({ name, emailHash: null, at: new Date() });

  before(async () => {
    const monitored = await monitoredDatabase(() => {});
    stop = monitored.stop;
    authors = new AuthorRepository(monitored.database.connection);
    await authors.model.createIndexes();
  });
  after(() => stop?.());

  it('created on the first text, not on the next', async () => {
    const first = await authors.touch('demo', 'anon:ny', seen('Kari'));
    assert.equal(first.created, true);
    assert.equal(first.record.name, 'Kari');
    assert.equal(first.record.version, 1);
    const second = await authors.touch('demo', 'anon:ny', seen('Kari Nordmann'));
    assert.equal(second.created, false);
    assert.equal(second.record.name, 'Kari Nordmann');
    // The same key on another site is another author.
    assert.equal((await authors.touch('annen', 'anon:ny', seen('Kari'))).created, true);
  });

  it('not created when a moderator made the record first (a ban before any text)', async () => {
    const banned = await authors.setStanding('demo', 'sso:troll', { banned: true }, 0);
    assert.equal(banned?.banned, true);
    const touched = await authors.touch('demo', 'sso:troll', seen('Troll'));
    assert.equal(touched.created, false);
    assert.equal(touched.record.banned, true);
  });

  it('created again after the record was deleted (erasure)', async () => {
    await authors.touch('demo', 'anon:slettet', seen('Ola'));
    assert.equal(await authors.deleteMany('demo', ['anon:slettet']), 1);
    assert.equal((await authors.touch('demo', 'anon:slettet', seen('Ola'))).created, true);
  });

  it('of first texts sent at once, exactly one created the record', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => authors.touch('demo', 'anon:samtidig', seen('Eva'))),
    );
    assert.equal(results.filter((r) => r.created).length, 1);
  });
});

/**
 * Group commit (issue 17): touches arriving while one is in flight go together in one bulkWrite
 * of upserts and one find. Each caller must still get its own author's record and a `created`
 * that is true only for the caller whose upsert inserted the record: a wrong `true` skips a
 * known author's history (the rules would see no rejections, no duplicate).
 */
describe('author touches sent together', () => {
  let stop: () => Promise<void>;
  let authors: AuthorRepository;
  let another: () => Promise<Database>;
  const commands: string[] = [];
  const seen = (name: string, emailHash: string | null = null) => ({ name, emailHash, at: new Date() });

  before(async () => {
    const monitored = await monitoredDatabase((event) => {
      if (event.command[event.commandName] === 'authors') commands.push(event.commandName);
    });
    stop = monitored.stop;
    another = monitored.another;
    authors = new AuthorRepository(monitored.database.connection);
    await authors.model.createIndexes();
  });
  after(() => stop?.());

  /**
   * Touches started at once: the first goes alone, the rest wait for it and go together. (After
   * a macrotask: the send loop of touches answered just before has ended, else they would join it.)
   */
  const touchAll = async (keys: string[], site = 'demo') => {
    await new Promise(setImmediate);
    return Promise.all(keys.map((key) => authors.touch(site, key, seen(`Navn ${key}`, `hash ${key}`))));
  };
  const stored = (site: string, key: string) =>
    authors.model.collection.countDocuments({ siteId: site, authorKey: key });

  it('alone, one findAndModify at once; while one is in flight, one bulk upsert (and no find when all are new)', async () => {
    commands.length = 0;
    for (const key of ['anon:a1', 'anon:a2']) await authors.touch('demo', key, seen(key));
    assert.deepEqual(commands, ['findAndModify', 'findAndModify']);
    commands.length = 0;
    const keys = Array.from({ length: 12 }, (_, i) => `anon:ny-${i}`);
    const touched = await touchAll(keys);
    assert.deepEqual(commands, ['findAndModify', 'update'], 'records the upserts inserted are not read back');
    for (const [i, { record, created }] of touched.entries()) {
      assert.equal(record.authorKey, keys[i], "each caller gets its own author's record");
      assert.equal(record.name, `Navn ${keys[i]}`, "each caller gets its own author's record");
      assert.equal(record.emailHash, `hash ${keys[i]}`);
      assert.equal(created, true, 'a first text of each: each created its record');
      assert.equal(record.version, 1);
      assert.equal(record.banned, false);
      assert.ok(record.firstSeenAt && record.lastSeenAt);
    }
    for (const key of keys) assert.equal(await stored('demo', key), 1);
    for (const { record } of touched) {
      assert.deepEqual(record, await authors.find('demo', record.authorKey), 'the record as stored');
    }
  });

  it('the same author twice in a batch: one record, only the first caller created it', async () => {
    const keys = ['anon:forst', 'anon:to', 'anon:tre', 'anon:to', 'anon:fire', 'anon:to'];
    const touched = await touchAll(keys);
    assert.deepEqual(
      touched.map((t) => [t.record.authorKey, t.created]),
      [
        ['anon:forst', true],
        ['anon:to', true],
        ['anon:tre', true],
        ['anon:to', false],
        ['anon:fire', true],
        ['anon:to', false],
      ],
    );
    assert.equal(await stored('demo', 'anon:to'), 1);
  });

  it('a known author among new ones is not created; a ban set on its record is seen', async () => {
    await authors.touch('demo', 'anon:kjent', seen('Kjent'));
    await authors.setStanding('demo', 'sso:bannlyst', { banned: true }, 0);
    const keys = ['anon:forst-2', 'anon:ny-a', 'anon:kjent', 'sso:bannlyst', 'anon:ny-b'];
    commands.length = 0;
    const touched = await touchAll(keys);
    assert.deepEqual(commands, ['findAndModify', 'update', 'find'], 'the records that existed are read');
    assert.deepEqual(
      touched.map((t) => [t.record.authorKey, t.created, t.record.banned]),
      [
        ['anon:forst-2', true, false],
        ['anon:ny-a', true, false],
        ['anon:kjent', false, false],
        ['sso:bannlyst', false, true],
        ['anon:ny-b', true, false],
      ],
      "each caller its own author's record; a known author is not created; a ban is seen",
    );
    assert.equal(touched[2]!.record.name, 'Navn anon:kjent', 'the known author was written');
    assert.equal(touched[3]!.record.name, 'Navn sso:bannlyst');
  });

  it('one key on two sites in a batch: two authors, each its own record', async () => {
    await new Promise(setImmediate);
    const touched = await Promise.all([
      authors.touch('demo', 'anon:forst-3', seen('A')),
      authors.touch('demo', 'anon:to-steder', seen('Demo')),
      authors.touch('annen', 'anon:to-steder', seen('Annen')),
    ]);
    assert.deepEqual(
      touched.map((t) => [t.record.siteId, t.record.name, t.created]),
      [
        ['demo', 'A', true],
        ['demo', 'Demo', true],
        ['annen', 'Annen', true],
      ],
    );
  });

  it('as MongoDB answers: an op refused over a duplicate key (another instance) takes the single path', async () => {
    // The driver's bulkWrite answering as MongoDB does when another instance inserted one of the
    // authors between our find and our upsert: that op fails with E11000 (named by its index),
    // the others are written, and `upsertedIds` names those inserted by their index.
    const collection = authors.model.collection as unknown as mongo.Collection<{ authorKey: string }>;
    const original = collection.bulkWrite;
    collection.bulkWrite = (async (ops: mongo.AnyBulkWriteOperation<{ authorKey: string }>[]) => {
      const writeErrors: { index: number; code: number; errmsg: string }[] = [];
      const upsertedIds: Record<number, unknown> = {};
      for (const [index, op] of ops.entries()) {
        const { filter, update } = (op as { updateOne: { filter: never; update: never } }).updateOne;
        if ((filter as { authorKey: string }).authorKey === 'anon:kappløp') {
          await collection.insertOne({ ...(filter as object), name: 'Andre', version: 1 } as never);
          writeErrors.push({ index, code: 11000, errmsg: 'E11000 duplicate key error' });
          continue;
        }
        const result = await collection.updateOne(filter, update, { upsert: true });
        if (result.upsertedId) upsertedIds[index] = result.upsertedId;
      }
      const result = {
        upsertedIds,
        getWriteErrors: () => writeErrors,
        getWriteConcernError: () => undefined,
      };
      throw new mongo.MongoBulkWriteError(
        { message: writeErrors[0]!.errmsg, code: 11000, writeErrors } as never,
        result as never,
      );
    }) as never;
    const keys = ['anon:forst-4', 'anon:ny-c', 'anon:kappløp', 'anon:kjent', 'anon:ny-d'];
    const touched = await touchAll(keys).finally(() => {
      collection.bulkWrite = original;
    });
    assert.deepEqual(
      touched.map((t) => [t.record.authorKey, t.created]),
      [
        ['anon:forst-4', true],
        ['anon:ny-c', true],
        ['anon:kappløp', false],
        ['anon:kjent', false],
        ['anon:ny-d', true],
      ],
    );
    assert.equal(
      touched[2]!.record.name,
      'Navn anon:kappløp',
      'the raced author was written by its own upsert',
    );
    assert.equal(await stored('demo', 'anon:kappløp'), 1);
  });

  it('two instances touching the same new authors at once: one record each, created by exactly one caller', async () => {
    const other = await another();
    try {
      const theirs = new AuthorRepository(other.connection);
      const keys = Array.from({ length: 6 }, (_, i) => `anon:begge-${i}`);
      await new Promise(setImmediate);
      const touched = (
        await Promise.all(
          [authors, theirs].map((repository) =>
            Promise.all(
              ['anon:forst-5', ...keys].map((key) => repository.touch('demo', key, seen(`Navn ${key}`))),
            ),
          ),
        )
      ).flat();
      for (const key of keys) {
        const mine = touched.filter((t) => t.record.authorKey === key);
        assert.equal(mine.length, 2);
        assert.equal(mine.filter((t) => t.created).length, 1, `${key}: created by exactly one caller`);
        assert.equal(await stored('demo', key), 1);
      }
    } finally {
      await other.close();
    }
  });
});
