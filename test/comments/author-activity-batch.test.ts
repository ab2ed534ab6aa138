import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CommandStartedEvent } from 'mongodb';
import { AuthorRepository } from '../../src/authors/author.repository.js';
import { type ActivityQuery, CommentRepository } from '../../src/comments/comment.repository.js';
import { monitoredDatabase } from '../support/command-log.js';
import { storedComment } from '../support/factories.js';

const HOUR = 3600_000;

/**
 * Group read of the author activity (issue 17): reads asked for while one is in flight go
 * together in one aggregation. Each must still be answered with its own author's history, its
 * own text's duplicate check (that author, that text, from its own `since`) and its own
 * author's record, never another author's or another site's: these feed the new-author hold,
 * the trust the rules read and the duplicate rule.
 */
describe('author activity read for several posts in one aggregation', () => {
  let stop: () => Promise<void>;
  let comments: CommentRepository;
  const aggregations: CommandStartedEvent[] = [];
  const now = Date.now();
  let excluded = '';

  before(async () => {
    const monitored = await monitoredDatabase((event) => {
      if (event.commandName === 'aggregate' && event.command.aggregate === 'comments')
        aggregations.push(event);
    });
    stop = monitored.stop;
    comments = new CommentRepository(monitored.database.connection);
    const authors = new AuthorRepository(monitored.database.connection);
    await comments.model.createIndexes();
    await authors.model.createIndexes();
    const at = (hoursAgo: number) => new Date(now - hoursAgo * HOUR);
    const seed = (
      authorKey: string,
      status: string,
      fingerprint: string,
      hoursAgo: number,
      siteId = 'demo',
    ) => storedComment({ siteId, authorKey, status, fingerprint, createdAt: at(hoursAgo) });
    const docs = [
      seed('anon:a', 'approved', 'fa-recent', 1),
      seed('anon:a', 'approved', 'fa-other', 2),
      seed('anon:a', 'approved', 'fa-old', 25),
      seed('anon:a', 'rejected', 'fa-rejected', 3),
      seed('anon:b', 'rejected', 'fb-1', 1),
      seed('anon:b', 'rejected', 'fb-2', 2),
      seed('anon:b', 'pending', 'fb-3', 3),
      seed('anon:d', 'approved', 'fd-1', 1),
      // The same author key on another site is another author.
      ...Array.from({ length: 5 }, (_, i) => seed('anon:a', 'approved', `annen-${i}`, 1, 'annen')),
      seed('anon:a', 'approved', 'fb-1', 1, 'annen'),
    ];
    excluded = String(docs[1]!._id);
    await comments.model.collection.insertMany(docs);
    await authors.setStanding('demo', 'anon:a', { name: 'Anne', trusted: true });
    await authors.setStanding('demo', 'anon:b', { name: 'Bent', banned: true });
    await authors.setStanding('annen', 'anon:a', { name: 'Anne på annen', premoderated: true });
  });
  after(() => stop?.());

  const ask = (siteId: string, q: ActivityQuery) =>
    comments.authorActivity(siteId, q.authorKey, q.fingerprint, q.since, q.excludeId, {
      withAuthor: q.withAuthor,
    });
  const day = () => new Date(now - 24 * HOUR);

  it('each caller gets its own author, text, window and site', async () => {
    aggregations.length = 0;
    // Asked in the same tick: the first is sent alone, the others wait for it and go together
    // (the other site's in a read of its own).
    const cases: {
      siteId: string;
      q: ActivityQuery;
      history: number[];
      duplicate: boolean;
      name?: string | null;
    }[] = [
      {
        siteId: 'demo',
        q: { authorKey: 'anon:c', fingerprint: 'fc', since: day() },
        history: [0, 0, 0],
        duplicate: false,
      },
      {
        siteId: 'demo',
        q: { authorKey: 'anon:a', fingerprint: 'fa-recent', since: day(), withAuthor: true },
        history: [3, 1, 0],
        duplicate: true,
        name: 'Anne',
      },
      // B's history is rejections and a held text; B's own text again is a duplicate.
      {
        siteId: 'demo',
        q: { authorKey: 'anon:b', fingerprint: 'fb-1', since: day(), withAuthor: true },
        history: [0, 2, 1],
        duplicate: true,
        name: 'Bent',
      },
      // A's text is no duplicate for D, and B's text none for A.
      {
        siteId: 'demo',
        q: { authorKey: 'anon:d', fingerprint: 'fa-recent', since: day(), withAuthor: true },
        history: [1, 0, 0],
        duplicate: false,
        name: null,
      },
      {
        siteId: 'demo',
        q: { authorKey: 'anon:a', fingerprint: 'fb-1', since: day() },
        history: [3, 1, 0],
        duplicate: false,
      },
      // Older than its window: no duplicate; the same author and text from a later window, neither.
      {
        siteId: 'demo',
        q: { authorKey: 'anon:a', fingerprint: 'fa-old', since: day() },
        history: [3, 1, 0],
        duplicate: false,
      },
      {
        siteId: 'demo',
        q: { authorKey: 'anon:a', fingerprint: 'fa-recent', since: new Date(now - 0.5 * HOUR) },
        history: [3, 1, 0],
        duplicate: false,
      },
      // An edit of the comment that holds the text is no duplicate of itself.
      {
        siteId: 'demo',
        q: { authorKey: 'anon:a', fingerprint: 'fa-other', since: day(), excludeId: excluded },
        history: [3, 1, 0],
        duplicate: false,
      },
      {
        siteId: 'demo',
        q: { authorKey: 'anon:a', fingerprint: 'fa-other', since: day() },
        history: [3, 1, 0],
        duplicate: true,
      },
      {
        siteId: 'annen',
        q: { authorKey: 'anon:a', fingerprint: 'fb-1', since: day(), withAuthor: true },
        history: [6, 0, 0],
        duplicate: true,
        name: 'Anne på annen',
      },
      {
        siteId: 'annen',
        q: { authorKey: 'anon:a', fingerprint: 'fa-recent', since: day() },
        history: [6, 0, 0],
        duplicate: false,
      },
    ];
    const answers = await Promise.all(cases.map((c) => ask(c.siteId, c.q)));
    for (const [i, c] of cases.entries()) {
      const got = answers[i]!;
      const label = `case ${i} (${c.siteId} ${c.q.authorKey} ${c.q.fingerprint})`;
      assert.deepEqual(
        [got.history.approved, got.history.rejected, got.history.pending],
        c.history,
        `${label}: its own author's history`,
      );
      assert.deepEqual(
        got.recentFingerprints,
        c.duplicate ? [c.q.fingerprint] : [],
        `${label}: its own duplicate check`,
      );
      if (c.name === undefined) assert.equal(got.authorDoc, undefined, `${label}: no record asked for`);
      else
        assert.equal(got.authorDoc ? got.authorDoc.name : null, c.name, `${label}: its own author's record`);
    }
    // They were read together: one alone, then the rest of each site in one aggregation.
    assert.equal(aggregations.length, 3, 'three aggregations for eleven reads');
    const authorsIn = (event: CommandStartedEvent) => {
      const match = (event.command.pipeline as { $match?: { authorKey: unknown } }[])[0]!.$match!.authorKey;
      return typeof match === 'string' ? [match] : (match as { $in: string[] }).$in;
    };
    assert.deepEqual(aggregations.map(authorsIn), [['anon:c'], ['anon:a', 'anon:b', 'anon:d'], ['anon:a']]);
  });

  it('a read asked for while one is in flight is sent after it, and sees what was stored before it was asked', async () => {
    aggregations.length = 0;
    const first = ask('demo', { authorKey: 'anon:e', fingerprint: 'fe', since: day() });
    await comments.model.collection.insertOne(
      storedComment({ siteId: 'demo', authorKey: 'anon:e', fingerprint: 'fe' }),
    );
    const second = ask('demo', { authorKey: 'anon:e', fingerprint: 'fe', since: day() });
    const [before, afterInsert] = await Promise.all([first, second]);
    assert.equal(before.history.approved + afterInsert.history.approved, 1);
    assert.deepEqual(afterInsert.history, { approved: 1, rejected: 0, pending: 0 });
    assert.deepEqual(afterInsert.recentFingerprints, ['fe']);
  });
});
