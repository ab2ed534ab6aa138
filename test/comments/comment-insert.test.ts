import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { after, before, describe, it } from 'node:test';
import type { Request, Response } from 'express';
import type { CommandStartedEvent } from 'mongodb';
import { Types } from 'mongoose';
import { CommentRepository, type NewComment } from '../../src/comments/comment.repository.js';
import { DeadlineExceededError, requestDeadline } from '../../src/platform/http/request-deadline.js';
import { monitoredDatabase } from '../support/command-log.js';

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
  const inRequest = (ms: number, work: () => Promise<unknown>) =>
    new Promise<unknown>((ok, fail) => {
      const res = Object.assign(new EventEmitter(), { headersSent: true }) as unknown as Response;
      requestDeadline(ms)({} as Request, res, () => {
        work().then(ok, fail);
      });
    });
  const sleep = (ms: number) => new Promise((wait) => setTimeout(wait, ms));

  it('is refused once the deadline has passed, and nothing is stored', async () => {
    const comment = newComment();
    await assert.rejects(
      inRequest(20, async () => {
        await sleep(40);
        return comments.insert(comment, null);
      }),
      DeadlineExceededError,
    );
    assert.equal(await stored(comment.id), null);
  });

  it('once sent, commits the request: what follows it runs to the end after the deadline', async () => {
    const comment = newComment();
    await inRequest(20, async () => {
      await comments.insert(comment, null);
      await sleep(40);
      // A mongoose write after the deadline (a rejected comment's statement, say) still goes.
      await comments.model.updateOne({ _id: new Types.ObjectId(comment.id) }, { $set: { featured: true } });
    });
    assert.equal((await stored(comment.id))?.featured, true);
  });
});
