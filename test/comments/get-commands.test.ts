import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { articlePath } from '../support/harness.js';
import { CommandLog } from '../support/command-log.js';

/** The site's and the article's caches (3 s and 2 s) refreshing: not per page (the last test counts them). */
const CACHE_REFRESHES = new Set(['sites.find', 'articles.find']);

/**
 * Issue 17 item 4: an uncached GET of the public list costs as few database commands as
 * the page allows (docs/PERFORMANCE.md, "Database commands per uncached GET"). Counted by
 * the driver's command monitoring through the real service with the thread cache off.
 */
describe('database commands per uncached GET of the public list', () => {
  const log = new CommandLog();
  const site = 'lean-reads';
  const article = 'lest-sak';

  /** Posts an approved comment (a reply with `parentId`) and returns its id. */
  const post = async (articleId: string, i: number, parentId?: string) => {
    const res = await fetch(log.url + articlePath(site, articleId), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        body: `Kommentar nummer ${i} om saken, skrevet av en leser.`,
        authorName: `Leser ${i}`,
        ...(parentId ? { parentId } : {}),
      }),
    });
    const answer = (await res.json()) as { comment: { id: string; status: string } };
    assert.equal(res.status, 201);
    assert.equal(answer.comment.status, 'approved');
    return answer.comment.id;
  };
  /** Lets the moderators' queue counts that posts send 150 ms after them go out. */
  const settle = () => new Promise((ok) => setTimeout(ok, 500));

  before(async () => {
    await log.start(site, { threadCacheMs: 0 });
    // The first two are top level, the rest replies to the second.
    await post(article, 0);
    const parentId = await post(article, 1);
    for (let i = 2; i < 5; i++) await post(article, i, parentId);
    await settle();
  });
  after(() => log.stop());

  /** Reads a page; the commands sent until the answer, and the cache refreshes among them. */
  const read = async (articleId: string, query: string) => {
    log.seen.length = 0;
    log.recording = true;
    const res = await fetch(`${log.url + articlePath(site, articleId)}${query}`);
    const page = (await res.json()) as {
      items: { replies: unknown[] }[];
      nextCursor: string | null;
      article: { commentCount: number };
    };
    log.recording = false;
    assert.equal(res.status, 200, JSON.stringify(page));
    const all = log.seen.splice(0);
    return {
      page,
      sent: all.filter((c) => !CACHE_REFRESHES.has(c)).sort(),
      refreshes: all.filter((c) => CACHE_REFRESHES.has(c)),
    };
  };

  it("a first page: built again, the page, its count, editor picks and the replies of the last build's comments in one aggregate (1)", async () => {
    const first = await read(article, '?limit=1');
    assert.equal(first.page.items[0]!.replies.length, 3);
    assert.deepEqual(first.sent, ['comments.aggregate', 'comments.aggregate'], 'its first build: 2');
    for (let i = 0; i < 2; i++) {
      const { page, sent } = await read(article, '?limit=1');
      assert.equal(page.article.commentCount, 5);
      assert.equal(page.items[0]!.replies.length, 3);
      assert.deepEqual(sent, ['comments.aggregate']);
    }
  });

  it('a later page by cursor: the same (2, then 1)', async () => {
    const first = await read(article, '?limit=1');
    assert.ok(first.page.nextCursor);
    const next = `?limit=1&cursor=${encodeURIComponent(first.page.nextCursor)}`;
    for (const expected of [['comments.aggregate', 'comments.aggregate'], ['comments.aggregate']]) {
      const { page, sent } = await read(article, next);
      assert.equal(page.items.length, 1);
      assert.equal(page.nextCursor, null);
      assert.deepEqual(sent, expected);
    }
  });

  it('a page whose comments changed since its last build: the replies of the new ones in a second command, every reply where it belongs', async () => {
    const changing = 'sak-som-endrer-seg';
    const older = await post(changing, 10);
    await post(changing, 11, older);
    await settle();
    await read(changing, '?limit=2');
    // A reply to a comment the last build had, and a new comment with a reply of its own.
    await post(changing, 12, older);
    const newer = await post(changing, 13);
    await post(changing, 14, newer);
    await settle();
    const replies = (page: { items: { id: string; replies: unknown[] }[] }) =>
      page.items.map((item) => [
        item.id,
        (item.replies as { body: string }[]).map((r) => r.body.split(' ')[2]),
      ]);
    const changed = await read(changing, '?limit=2');
    assert.deepEqual(replies(changed.page as never), [
      [newer, ['14']],
      [older, ['11', '12']],
    ]);
    assert.deepEqual(changed.sent, ['comments.aggregate', 'comments.aggregate']);
    const again = await read(changing, '?limit=2');
    assert.deepEqual(replies(again.page as never), replies(changed.page as never));
    assert.deepEqual(again.sent, ['comments.aggregate']);
  });

  it('an article without a record is read once, not on every page (1 command a page: no replies to read)', async () => {
    const empty = 'sak-uten-kommentarer';
    const first = await read(empty, '');
    const second = await read(empty, '');
    assert.equal(first.page.items.length, 0);
    assert.deepEqual(second.sent, ['comments.aggregate']);
    assert.equal(
      [...first.refreshes, ...second.refreshes].filter((c) => c === 'articles.find').length,
      1,
      'the article cache keeps "no record" too (2 s)',
    );
  });

  it('a page reads back only what its answer shows: no e-mail, IP hash, author key or moderation detail', async () => {
    const publicFields = new Set(['_id', 'parentId', 'body', 'authorName', 'authorId', 'status', 'featured']);
    for (const field of ['reactions', 'editedAt', 'createdAt', 'siteId', 'articleId', '_part', 'n']) {
      publicFields.add(field);
    }
    for (const query of ['?limit=1', '?sort=replies&limit=1']) {
      log.read.length = 0;
      const { page } = await read(article, query);
      assert.equal(page.items[0]!.replies.length, 3);
      const comments = log.read.filter((r) => r.command.startsWith('comments.')).flatMap((r) => r.documents);
      assert.ok(comments.length >= 4, `${comments.length} documents read`);
      for (const doc of comments) {
        assert.deepEqual(
          Object.keys(doc).filter((key) => !publicFields.has(key)),
          [],
          `${query}: read ${JSON.stringify(doc)}`,
        );
      }
    }
  });

  it("a ranked page: the same aggregation with the snapshot's ids and their replies, its count right also when empty", async () => {
    const ranked = await read(article, '?sort=replies&limit=1');
    assert.equal(ranked.page.items[0]!.replies.length, 3, 'the comment with replies first');
    assert.equal(ranked.page.article.commentCount, 5);
    assert.ok(ranked.sent.includes('comments.aggregate'), ranked.sent.join(', '));
    // With the snapshot shared: the snapshot, and its first ids with their replies in one aggregate.
    const shared = await read(article, '?sort=replies&limit=1');
    assert.equal(shared.page.items[0]!.replies.length, 3);
    assert.deepEqual(shared.sent, ['comments.aggregate', 'thread_rankings.find']);
    for (const sort of ['respect', 'replies']) {
      const empty = await read('sak-uten-kommentarer', `?sort=${sort}`);
      assert.deepEqual(empty.page.items, []);
      assert.equal(empty.page.article.commentCount, 0);
    }
  });
});
