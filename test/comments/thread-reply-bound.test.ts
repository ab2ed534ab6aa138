import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Types } from 'mongoose';
import { MAX_PAGE_REPLIES } from '../../src/comments/comment.repository.js';
import { storedComment } from '../support/factories.js';
import { articlePath, createSite, startTestApp, type TestApp, TestDatabase } from '../support/harness.js';

/**
 * A page carries at most MAX_PAGE_REPLIES replies, the oldest across its top-level comments,
 * whether they come with the page's command (the replies of the comments its last build had)
 * or after it (the comments new to the page): see ThreadService's #replies.
 */
describe('the replies a page carries are bounded, oldest first across the page', () => {
  const site = 'mange-svar';
  const article = 'stor-sak';
  const t0 = Date.parse('2026-12-01T10:00:00Z');
  const at = (ms: number) => new Date(t0 + ms);
  let db: TestDatabase;
  let app: TestApp;
  const insert = (docs: Record<string, unknown>[]) =>
    app.service.db.connection.collection('comments').insertMany(docs);
  const comment = (createdAt: Date, parentId: Types.ObjectId | null = null) =>
    storedComment({ siteId: site, articleId: article, parentId, createdAt });
  const a = comment(at(0));
  const b = comment(at(1000));
  const c = comment(at(2000));
  /** Each top-level comment's replies on the page, by id: how many, and whether oldest first. */
  const page = async () => {
    const res = await app.request('GET', `${articlePath(site, article)}?limit=3`);
    assert.equal(res.status, 200);
    const items = res.body.items as { id: string; replies: { createdAt: string }[] }[];
    return Object.fromEntries(
      items.map((item) => {
        const times = item.replies.map((r) => Date.parse(r.createdAt));
        assert.deepEqual(
          times,
          [...times].sort((x, y) => x - y),
          'oldest first',
        );
        return [item.id, item.replies.length];
      }),
    );
  };

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db, { threadCacheMs: 0 });
    await createSite(app, site);
    // A: MAX - 10 replies from 10 s on; B: two replies older than all of them and one far newer.
    await insert([
      a,
      b,
      comment(at(5000), b._id),
      comment(at(5001), b._id),
      comment(at(36_000_000), b._id),
      ...Array.from({ length: MAX_PAGE_REPLIES - 10 }, (_, i) => comment(at(10_000 + i), a._id)),
    ]);
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  it('all of them while they are fewer', async () => {
    assert.deepEqual(await page(), { [String(b._id)]: 3, [String(a._id)]: MAX_PAGE_REPLIES - 10 });
  });

  it('a comment new to the page: its replies and the ones read with the page, the oldest MAX_PAGE_REPLIES of all', async () => {
    await insert([c, ...Array.from({ length: 10 }, (_, i) => comment(at(7000 + i), c._id))]);
    // Oldest first across the page: B's first two, C's ten, then A's oldest; B's newest is cut.
    assert.deepEqual(await page(), {
      [String(c._id)]: 10,
      [String(b._id)]: 2,
      [String(a._id)]: MAX_PAGE_REPLIES - 12,
    });
  });

  it('a remembered comment gone from the page whose replies crowd out the page: the page read again', async () => {
    await app.service.db.connection
      .collection('comments')
      .updateOne({ _id: a._id }, { $set: { status: 'rejected' } });
    assert.deepEqual(await page(), { [String(c._id)]: 10, [String(b._id)]: 3 });
  });
});
