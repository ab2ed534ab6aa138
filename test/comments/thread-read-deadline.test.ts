import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { after, before, describe, it } from 'node:test';
import type { Request, Response } from 'express';
import type { CommandStartedEvent } from 'mongodb';
import { ArticleRepository } from '../../src/articles/article.repository.js';
import { CommentRepository } from '../../src/comments/comment.repository.js';
import {
  type Deadline,
  DeadlineExceededError,
  deadlineOf,
  requestDeadline,
} from '../../src/platform/http/request-deadline.js';
import { monitoredDatabase } from '../support/command-log.js';

/**
 * The public thread reads through the driver, past mongoose (and `within`)
 * (docs/PERFORMANCE.md, "GET path, third round"; the article, which a post reads too, since
 * "POST path, eighth round"): each read must still keep the request's
 * deadline, refused once it has passed and otherwise sent with the time left as maxTimeMS.
 */
describe("the public thread's driver reads keep the request deadline", () => {
  let stop: () => Promise<void>;
  let comments: CommentRepository;
  let articles: ArticleRepository;
  const sent: CommandStartedEvent[] = [];

  before(async () => {
    const monitored = await monitoredDatabase((event) => {
      if (event.commandName === 'aggregate' || event.commandName === 'find') sent.push(event);
    });
    stop = monitored.stop;
    comments = new CommentRepository(monitored.database.connection);
    articles = new ArticleRepository(monitored.database.connection);
    await comments.model.createIndexes();
  });
  after(() => stop?.());

  const PARENT = '6b1500000000000000000001';
  let articleReads = 0;
  // Each read is given its request's deadline, as the services pass it from the route (null outside one).
  const reads: Record<string, (d?: Deadline | null) => Promise<unknown>> = {
    threadPage: (d) => comments.threadPage('s', 'a', { limit: 20, sort: 'newest' }, { featured: 10 }, d),
    listReplies: (d) => comments.listReplies('s', 'a', [PARENT], undefined, undefined, d),
    findInThread: (d) => comments.findInThread([PARENT], undefined, d),
    rankingCandidates: (d) => comments.rankingCandidates('s', 'a', 100, d),
    // Another article each time: a read the cache answered would send nothing.
    article: (d) => articles.find('s', `article-${++articleReads}`, d),
  };

  /** Runs `work` inside a request whose deadline is `ms`, as the middleware runs a handler. */
  const inRequest = (ms: number, work: (d: Deadline | null) => Promise<unknown>) =>
    new Promise<unknown>((ok, fail) => {
      const res = Object.assign(new EventEmitter(), { headersSent: true, locals: {} }) as unknown as Response;
      requestDeadline(ms)({} as Request, res, () => {
        work(deadlineOf(res)).then(ok, fail);
      });
    });

  for (const [name, read] of Object.entries(reads)) {
    it(`${name}: refused once the deadline has passed, before anything is sent`, async () => {
      sent.length = 0;
      await assert.rejects(
        inRequest(20, async (d) => {
          await new Promise((wait) => setTimeout(wait, 40));
          return read(d);
        }),
        DeadlineExceededError,
      );
      assert.deepEqual(sent, []);
    });

    it(`${name}: sent with the time left as maxTimeMS`, async () => {
      sent.length = 0;
      await inRequest(5000, read);
      assert.equal(sent.length, 1);
      const maxTimeMS = sent[0]!.command.maxTimeMS as number;
      assert.ok(maxTimeMS > 0 && maxTimeMS <= 5000, `maxTimeMS ${maxTimeMS}`);
    });
  }

  it('outside a request (workers, start-up) a read carries no limit', async () => {
    sent.length = 0;
    await reads.listReplies!();
    assert.equal(sent[0]!.command.maxTimeMS, undefined);
  });
});
