import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { after, before, describe, it } from 'node:test';
import type { Request, Response } from 'express';
import type { CommandStartedEvent } from 'mongodb';
import { mongo, Types } from 'mongoose';
import type { Comment } from '../../src/comments/comment.js';
import { CommentRepository, type NewComment } from '../../src/comments/comment.repository.js';
import {
  type Deadline,
  DeadlineExceededError,
  deadlineOf,
  requestDeadline,
  within,
} from '../../src/platform/http/request-deadline.js';
import { monitoredDatabase } from '../support/command-log.js';
import { articlePath, startTestApp, type TestApp, TestDatabase } from '../support/harness.js';

/**
 * A reader's comment is inserted through the driver, past mongoose's document and its
 * deadline plugin (docs/PERFORMANCE.md, "POST path, fourth round"). What mongoose did
 * must still happen: the stored document is the one `Model.create` stored (every schema
 * default, timestamps, undefined left out), with `w: majority`, and the insert keeps the
 * request deadline: refused once it has passed, and once sent it commits the request.
 */
describe("a reader's comment stored through the driver", () => {
  let stop: () => Promise<void>;
  let comments: CommentRepository;
  const inserts: CommandStartedEvent[] = [];

  before(async () => {
    const monitored = await monitoredDatabase((event) => {
      if (event.commandName === 'insert') inserts.push(event);
    });
    stop = monitored.stop;
    comments = new CommentRepository(monitored.database.connection);
    await comments.model.createIndexes();
  });
  after(() => stop?.());

  const newComment = (overrides: Partial<NewComment> = {}): NewComment => ({
    id: new Types.ObjectId().toHexString(),
    siteId: 'demo',
    articleId: 'innsetting',
    parentId: new Types.ObjectId().toHexString(),
    body: 'Godt skrive, men kjeldene manglar.',
    authorName: 'Kari',
    authorEmail: 'kari@example.no',
    authorKey: 'anon:abc',
    authorId: 'f00d',
    ipHash: 'iphash',
    status: 'pending',
    shadowHidden: false,
    // An optional field left undefined, as the engine's reasons have: mongoose leaves it out.
    moderation: {
      decision: 'hold',
      reasons: [{ rule: 'new_author', severity: 'hold', detail: 'first text', category: undefined }],
    },
    fingerprint: '0123456789abcdef',
    risk: { score: 0.25, modelVersion: 3, top: [{ feature: 'kjeld', weight: 0.1 }] },
    ...overrides,
  });
  const stored = (id: string) => comments.model.collection.findOne({ _id: new Types.ObjectId(id) });

  it("stores the document mongoose's create stored: every default, timestamps, nothing undefined", async () => {
    for (const keyed of [null, { key: 'demo:k1', requestHash: 'h1' }]) {
      const comment = newComment();
      const answer = await comments.insert(comment, keyed);
      const doc = await stored(comment.id);
      assert.ok(doc && answer);
      const { createdAt, updatedAt, ...rest } = doc;
      assert.ok(createdAt instanceof Date && updatedAt instanceof Date);
      assert.equal(createdAt.getTime(), updatedAt.getTime());
      // What mongoose builds from the same input: its casts, its defaults, undefined dropped.
      const expected = new comments.model({
        ...comment,
        ...(keyed ? { idempotencyKey: keyed.key, requestHash: keyed.requestHash } : {}),
        _id: new Types.ObjectId(comment.id),
      }).toObject();
      assert.deepEqual(rest, expected);
      // The answer is the comment as stored (as JSON, where an undefined field is absent too).
      const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
      assert.deepEqual(json(answer), json(await comments.findById(comment.id)));
    }
  });

  it('is sent with w: majority, the write concern of the comments schema', async () => {
    inserts.length = 0;
    await comments.insert(newComment(), null);
    assert.deepEqual(inserts[0]?.command.writeConcern, { w: 'majority' });
  });

  it('answers null when the Idempotency-Key is already held', async () => {
    const keyed = { key: 'demo:held', requestHash: 'h' };
    assert.ok(await comments.insert(newComment(), keyed));
    assert.equal(await comments.insert(newComment(), keyed), null);
  });

  /** Runs `work` inside a request whose deadline is `ms`, as the middleware runs a handler. */
  const inRequest = (ms: number, work: (d: Deadline | null) => Promise<unknown>) =>
    new Promise<unknown>((ok, fail) => {
      const res = Object.assign(new EventEmitter(), { headersSent: true, locals: {} }) as unknown as Response;
      requestDeadline(ms)({} as Request, res, () => {
        work(deadlineOf(res)).then(ok, fail);
      });
    });
  const sleep = (ms: number) => new Promise((wait) => setTimeout(wait, ms));

  it('is refused once the deadline has passed, and nothing is stored', async () => {
    const comment = newComment();
    await assert.rejects(
      inRequest(20, async (d) => {
        await sleep(40);
        return comments.insert(comment, null, d);
      }),
      DeadlineExceededError,
    );
    assert.equal(await stored(comment.id), null);
  });

  it('once sent, commits the request: what follows it runs to the end after the deadline', async () => {
    const comment = newComment();
    await inRequest(20, async (d) => {
      await comments.insert(comment, null, d);
      await sleep(40);
      // A mongoose write after the deadline (a rejected comment's statement, say) still goes.
      await within(comments.model, d).updateOne(
        { _id: new Types.ObjectId(comment.id) },
        { $set: { featured: true } },
      );
    });
    assert.equal((await stored(comment.id))?.featured, true);
  });

  /**
   * Group commit (docs/PERFORMANCE.md, "Database commands per POST"): comments inserted while
   * an insert is in flight wait for it and go together in one unordered insertMany; each
   * caller gets its own outcome. Inserts called in one tick are deterministic: the first goes
   * alone at once, the rest wait for it.
   */
  const batchSizes = () => inserts.map((event) => (event.command.documents as unknown[]).length);
  const storedCount = (ids: string[]) =>
    comments.model.collection.countDocuments({ _id: { $in: ids.map((id) => new Types.ObjectId(id)) } });
  /** Inserts all at once; each caller's outcome (its comment, null, or the error it got). */
  const insertAll = (batch: { comment: NewComment; keyed?: { key: string; requestHash: string } }[]) =>
    Promise.all(
      batch.map(({ comment, keyed }) =>
        comments.insert(comment, keyed ?? null).then(
          (answer): Comment | null | { error: unknown } => answer,
          (error: unknown) => ({ error }),
        ),
      ),
    );
  const idOf = (outcome: Comment | null | { error: unknown }) =>
    outcome && 'id' in outcome ? outcome.id : outcome && 'error' in outcome ? 'error' : null;

  it('alone, one insertOne at once; while one is in flight, the others wait and go together, each answered its own comment', async () => {
    inserts.length = 0;
    for (let i = 0; i < 3; i++) await comments.insert(newComment(), null);
    assert.deepEqual(batchSizes(), [1, 1, 1], 'one at a time: one insert of one comment each');
    inserts.length = 0;
    const batch = Array.from({ length: 30 }, (_, i) => ({
      comment: newComment({ body: `Kommentar nummer ${i}.` }),
    }));
    const outcomes = await insertAll(batch);
    assert.deepEqual(batchSizes(), [1, 29]);
    assert.deepEqual(inserts[1]?.command.writeConcern, { w: 'majority' });
    assert.equal(inserts[1]?.command.ordered, false);
    for (const [i, outcome] of outcomes.entries()) {
      assert.equal(idOf(outcome), batch[i]!.comment.id, 'each caller gets its own comment');
      assert.equal((outcome as Comment).body, `Kommentar nummer ${i}.`, 'each caller gets its own comment');
    }
    assert.equal(await storedCount(batch.map((b) => b.comment.id)), 30, 'each stored exactly once');
    // A comment stored in a batch is the document an insert alone stores.
    const alone = newComment();
    await comments.insert(alone, null);
    const strip = (doc: Record<string, unknown> | null) => {
      const { _id, createdAt, updatedAt, body, parentId, ...rest } = doc ?? {};
      return rest;
    };
    assert.deepEqual(strip(await stored(batch[7]!.comment.id)), strip(await stored(alone.id)));
  });

  it('sends at most 100 comments in one insert', async () => {
    inserts.length = 0;
    const batch = Array.from({ length: 250 }, () => ({ comment: newComment() }));
    const outcomes = await insertAll(batch);
    assert.deepEqual(batchSizes(), [1, 100, 100, 49]);
    assert.deepEqual(
      outcomes.map(idOf),
      batch.map((b) => b.comment.id),
    );
  });

  /**
   * The driver's insertMany answering as MongoDB does. jongodb refuses a whole insert over one
   * duplicate key (ok: 0, nothing stored), where MongoDB, unordered, stores every other document
   * and names the failed ones by index: the driver's MongoBulkWriteError with `writeErrors`
   * ({ index, code, errmsg }) and its result (`getWriteErrors`, `getWriteConcernError`), built as
   * the driver's `handleWriteError` builds it. Each document is inserted on its own here, so what
   * MongoDB would refuse (a duplicate key) is refused; `fail` refuses others, with a write error
   * of its own; `concern` fails the write concern of the whole command.
   */
  /** The batch sizes the emulation below was given. */
  const asked: number[] = [];
  const answerAsMongoDB = (
    options: {
      fail?: (doc: { body?: string }) => { code: number; errmsg: string } | null;
      concern?: boolean;
    } = {},
  ) => {
    const collection = comments.model.collection as unknown as mongo.Collection<{ body?: string }>;
    const original = collection.insertMany;
    collection.insertMany = (async (docs: { body?: string }[], commandOptions?: mongo.BulkWriteOptions) => {
      assert.equal(commandOptions?.ordered, false, 'an unordered insert');
      asked.push(docs.length);
      const writeErrors: { index: number; code: number; errmsg: string }[] = [];
      for (const [index, doc] of docs.entries()) {
        const refused = options.fail?.(doc);
        if (refused) {
          writeErrors.push({ index, ...refused });
          continue;
        }
        await collection.insertOne(doc).catch((err: mongo.MongoServerError) => {
          writeErrors.push({ index, code: err.code as number, errmsg: err.message });
        });
      }
      const concern = options.concern
        ? { code: 64, errmsg: 'waiting for replication timed out', errInfo: { wtimeout: true } }
        : undefined;
      if (writeErrors.length === 0 && !concern) return { acknowledged: true, insertedCount: docs.length };
      const result = { getWriteErrors: () => writeErrors, getWriteConcernError: () => concern };
      const first = writeErrors[0] ?? concern!;
      throw new mongo.MongoBulkWriteError(
        { message: first.errmsg, code: first.code, writeErrors } as never,
        result as never,
      );
    }) as never;
    return () => {
      collection.insertMany = original;
    };
  };
  const asServed = [
    { server: 'this server', answer: () => () => undefined },
    { server: 'as MongoDB answers', answer: () => answerAsMongoDB() },
  ];

  for (const { server, answer } of asServed) {
    it(`duplicates of one key in a batch: one comment per key, its duplicates null, every other stored once (${server})`, async () => {
      const held = { key: `demo:held-${server}`, requestHash: 'h' };
      assert.ok(await comments.insert(newComment(), held));
      const key = (name: string) => ({ key: `demo:${name}-${server}`, requestHash: name });
      const batch = [
        { comment: newComment() }, // in flight alone; the rest wait for it
        { comment: newComment(), keyed: key('a') },
        { comment: newComment() },
        { comment: newComment(), keyed: key('a') },
        { comment: newComment(), keyed: key('b') },
        { comment: newComment(), keyed: held },
        { comment: newComment(), keyed: key('b') },
        { comment: newComment(), keyed: key('c') },
        { comment: newComment() },
        { comment: newComment(), keyed: key('a') },
      ];
      const restore = answer();
      inserts.length = 0;
      const outcomes = await insertAll(batch).finally(restore);
      const sent = server === 'this server' ? inserts[1]?.command.documents.length : asked.at(-1);
      assert.equal(sent, 9, 'the nine that waited went in one insert');
      // Per key, exactly one caller gets its comment (the one stored under the key); the others null.
      for (const name of ['a', 'b', 'c']) {
        const winners = batch.flatMap((b, i) => (b.keyed?.requestHash === name && outcomes[i] ? [i] : []));
        assert.equal(winners.length, 1, `key ${name}: one comment per Idempotency-Key`);
        const holder = await comments.findByIdempotencyKey(key(name).key);
        assert.equal(holder?.comment.id, batch[winners[0]!]!.comment.id, `key ${name}: its own comment`);
        assert.equal(holder?.comment.id, idOf(outcomes[winners[0]!]!), `key ${name}: its own comment`);
      }
      assert.equal(outcomes[5], null, 'a key held already: null');
      for (const i of [0, 2, 8])
        assert.equal(idOf(outcomes[i]!), batch[i]!.comment.id, 'without a key: its own comment');
      const expected = batch.flatMap((b, i) => (outcomes[i] ? [b.comment.id] : []));
      assert.equal(expected.length, 6);
      assert.equal(await storedCount(batch.map((b) => b.comment.id)), 6, 'the others stored exactly once');
      assert.equal(await storedCount(expected), 6);
    });

    it(`a comment whose id is taken fails only its own insert in a batch (${server})`, async () => {
      const taken = newComment();
      await comments.insert(taken, null);
      const batch = [
        { comment: newComment() },
        { comment: newComment() },
        { comment: { ...newComment(), id: taken.id, body: 'Same id.' } },
        { comment: newComment() },
      ];
      const restore = answer();
      const outcomes = await insertAll(batch).finally(restore);
      assert.deepEqual(outcomes.map(idOf), [
        batch[0]!.comment.id,
        batch[1]!.comment.id,
        null,
        batch[3]!.comment.id,
      ]);
      assert.notEqual((await stored(taken.id))?.body, 'Same id.', 'the stored comment is untouched');
      assert.equal(await storedCount([0, 1, 3].map((i) => batch[i]!.comment.id)), 3);
    });
  }

  it('as MongoDB answers: a write error is only its own caller’s; a failed write concern is every written one’s', async () => {
    const refused = { code: 121, errmsg: 'Document failed validation' };
    let restore = answerAsMongoDB({ fail: (doc) => (doc.body === 'Refused.' ? refused : null) });
    const batch = [
      { comment: newComment() },
      { comment: newComment() },
      { comment: newComment({ body: 'Refused.' }) },
      { comment: newComment() },
      { comment: newComment() },
    ];
    let outcomes = await insertAll(batch).finally(restore);
    assert.deepEqual(
      outcomes.map(idOf),
      [0, 1, 'error', 3, 4].map((i) => (typeof i === 'number' ? batch[i]!.comment.id : i)),
      'a write error fails only its own caller',
    );
    const own = (outcomes[2] as { error: mongo.MongoServerError }).error;
    assert.equal(own.code, 121);
    assert.equal(own.message, refused.errmsg);
    assert.equal(await storedCount([0, 1, 3, 4].map((i) => batch[i]!.comment.id)), 4);

    const held = { key: 'demo:concern', requestHash: 'h' };
    await comments.insert(newComment(), held);
    restore = answerAsMongoDB({ concern: true });
    const unsure = [
      { comment: newComment() },
      { comment: newComment() },
      { comment: newComment(), keyed: held },
    ];
    outcomes = await insertAll(unsure).finally(restore);
    assert.equal(idOf(outcomes[0]!), unsure[0]!.comment.id, 'alone: not the batch');
    assert.equal(outcomes[2], null, 'its key held: null');
    const error = (outcomes[1] as { error: unknown }).error;
    assert.ok(
      error instanceof mongo.MongoWriteConcernError,
      'written but not acknowledged: the write concern error',
    );
  });

  it('a waiting comment whose request deadline passes before its insert is sent is left out; the others go', async () => {
    const [first, late, others] = [newComment(), newComment(), newComment()];
    inserts.length = 0;
    const inFlight = comments.insert(first, null);
    const refused = inRequest(5, (d) => comments.insert(late, null, d));
    const going = inRequest(60_000, (d) => comments.insert(others, null, d));
    // The event loop held past the waiting one's deadline: the insert in flight is answered after it.
    const until = Date.now() + 20;
    while (Date.now() < until) {
      // busy
    }
    await assert.rejects(refused, DeadlineExceededError);
    assert.equal(((await going) as Comment).id, others.id);
    assert.equal(((await inFlight) as Comment).id, first.id);
    assert.deepEqual(batchSizes(), [1, 1], 'the late comment was never sent');
    assert.equal(await stored(late.id), null);
  });
});

describe('concurrent posts whose comments go in one insert', () => {
  let db: TestDatabase;
  let app: TestApp;

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  /**
   * Holds the service's first comment insert until `waiting` more posts have reached the
   * repository behind it, so they go together in one insert, whatever the two cores do.
   */
  const holdFirstInsert = (waiting: number) => {
    const collection = app.service.db.connection.model('Comment').collection as unknown as mongo.Collection;
    const { insertOne, insertMany } = collection;
    const { insert } = CommentRepository.prototype;
    let open: () => void = () => undefined;
    const queued = new Promise<void>((resolve) => {
      open = resolve;
    });
    let reached = 0;
    let held = false;
    const batches: number[] = [];
    CommentRepository.prototype.insert = function (this: CommentRepository, ...args) {
      const answer = insert.apply(this, args);
      if (++reached === waiting + 1) open();
      return answer;
    };
    collection.insertOne = (async (...args: Parameters<typeof insertOne>) => {
      if (!held) {
        held = true;
        await queued;
      }
      return insertOne.apply(collection, args);
    }) as never;
    collection.insertMany = ((...args: Parameters<typeof insertMany>) => {
      batches.push(args[0].length);
      return insertMany.apply(collection, args);
    }) as never;
    const restore = () => {
      CommentRepository.prototype.insert = insert;
      collection.insertOne = insertOne;
      collection.insertMany = insertMany;
    };
    return { batches, restore };
  };

  it('each duplicate of a key is answered with the comment stored under it; every other post stored once', async () => {
    const posts = [
      ...['a', 'a', 'a', 'b', 'b', 'c'].map((key) => ({ key, body: `Samme innlegg under nøkkel ${key}.` })),
      ...[1, 2, 3, 4, 5].map((n) => ({ key: null, body: `Innlegg nummer ${n} uten nøkkel.` })),
    ];
    const { batches, restore } = holdFirstInsert(posts.length - 1);
    const results = await Promise.all(
      posts.map(({ key, body }, i) =>
        app.request('POST', articlePath('demo', 'samlet'), {
          body: { body, authorName: `Leser ${key ?? i}` },
          headers: key ? { 'Idempotency-Key': `batch-${key}` } : {},
        }),
      ),
    ).finally(restore);
    assert.deepEqual(batches, [posts.length - 1], 'the posts that waited went in one insert');
    assert.deepEqual(
      results.map((r) => r.status),
      posts.map(() => 201),
    );
    const ids = results.map((r) => r.body.comment.id as string);
    for (const key of ['a', 'b', 'c']) {
      const answered = new Set(ids.filter((_, i) => posts[i]!.key === key));
      assert.equal(
        answered.size,
        1,
        `key ${key}: one comment per Idempotency-Key, every duplicate answered with it`,
      );
      const holder = await app.service.db.connection
        .collection('comments')
        .findOne({ idempotencyKey: `demo:batch-${key}` });
      assert.equal(String(holder?._id), [...answered][0], `key ${key}: the comment stored under it`);
    }
    const unkeyed = ids.filter((_, i) => posts[i]!.key === null);
    assert.equal(new Set(unkeyed).size, 5, 'every post without a key its own comment');
    const stored = await app.service.db.connection
      .collection('comments')
      .find({ articleId: 'samlet' })
      .toArray();
    assert.equal(stored.length, 8, 'one comment per key and one per post without, each stored exactly once');
    assert.deepEqual(new Set(stored.map((doc) => String(doc._id))), new Set(ids));
  });
});
