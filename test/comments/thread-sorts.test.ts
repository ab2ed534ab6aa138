import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Types } from 'mongoose';
import { storedComment } from '../support/factories.js';
import { articlePath, createSite, startTestApp, type TestApp, TestDatabase } from '../support/harness.js';

interface Item {
  id: string;
  createdAt: string;
  reactions: { respect: number };
  featured: boolean;
  replyCount: number;
  replies: { id: string }[];
}

/**
 * Sorting and paging of the public thread. The promise under test: whatever
 * the order, a reader paging through an article sees every comment that was
 * there when they started exactly once, while new comments, reactions and
 * replies arrive between their pages.
 */
describe('thread sorts: newest, oldest, respect, replies; featured first; stable cursors', () => {
  let db: TestDatabase;
  let app: TestApp;
  const T0 = Date.parse('2026-03-01T10:00:00Z');

  before(async () => {
    db = await TestDatabase.start();
    app = await startTestApp(db);
    await createSite(app, 'avisa');
    await createSite(app, 'eldst', { defaultSort: 'oldest' });
  });
  after(async () => {
    await app?.close();
    await db?.stop();
  });

  const comments = () => app.service.db.connection.collection('comments');
  const page = async (articleId: string, query: string, site = 'avisa') => {
    const res = await app.request('GET', `${articlePath(site, articleId)}?${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as { items: Item[]; nextCursor: string | null; sort: string; featured: Item[] };
  };
  const readerKey = async () =>
    (await app.request('POST', '/api/v1/sites/avisa/readers/anonymous')).body.readerKey as string;

  /**
   * 45 top-level comments a minute apart; comment i has respect (i * 7) % 11 and
   * (i * 5) % 4 replies, so both ranked sorts have ties broken by time.
   */
  async function seedArticle(articleId: string) {
    const top = Array.from({ length: 45 }, (_, i) =>
      storedComment({
        siteId: 'avisa',
        articleId,
        body: `Kommentar ${i}`,
        authorKey: `anon:seed-${i}`,
        createdAt: new Date(T0 + i * 60_000),
        reactions: { respect: (i * 7) % 11 },
      }),
    );
    const replies = top.flatMap((parent, i) =>
      Array.from({ length: (i * 5) % 4 }, (_, j) =>
        storedComment({
          siteId: 'avisa',
          articleId,
          parentId: parent._id,
          body: `Svar ${j} til ${i}`,
          authorKey: `anon:reply-${i}-${j}`,
          createdAt: new Date(T0 + i * 60_000 + (j + 1) * 1000),
        }),
      ),
    );
    await comments().insertMany([...top, ...replies]);
    return top.map((c, i) => ({
      id: c._id.toHexString(),
      createdAt: c.createdAt,
      respect: (i * 7) % 11,
      replies: (i * 5) % 4,
    }));
  }

  it('every comment carries reactions and featured; editor picks come first, on the first page only', async () => {
    const seeded = await seedArticle('picks');
    const admin = await app.adminToken();
    for (const i of [3, 30]) {
      const res = await app.request('POST', `/api/v1/moderation/comments/${seeded[i]!.id}/actions`, {
        token: admin,
        body: { action: 'feature', version: 1 },
      });
      assert.equal(res.status, 200);
    }
    const first = await page('picks', 'limit=10');
    assert.equal(first.sort, 'newest');
    assert.deepEqual(
      first.featured.map((c) => c.id),
      [seeded[30]!.id, seeded[3]!.id],
    );
    assert.ok(first.featured.every((c) => c.featured === true));
    for (const item of [...first.items, ...first.items.flatMap((c) => c.replies)]) {
      assert.equal(typeof (item as Item).reactions.respect, 'number');
      assert.equal(typeof (item as Item).featured, 'boolean');
    }
    const second = await page('picks', `limit=10&cursor=${encodeURIComponent(first.nextCursor!)}`);
    assert.deepEqual(second.featured, []);
  });

  it("the site's defaultSort applies when the reader chooses none", async () => {
    for (const [i, body] of ['Først ute.', 'Nummer to.'].entries()) {
      await app.request('POST', articlePath('eldst', 'd-1'), { body: { body, authorName: `Leser ${i}` } });
    }
    const res = await page('d-1', 'limit=10', 'eldst');
    assert.equal(res.sort, 'oldest');
    assert.deepEqual(
      res.items.map((c) => (c as unknown as { body: string }).body),
      ['Først ute.', 'Nummer to.'],
    );
    assert.equal((await page('d-1', 'limit=10&sort=newest', 'eldst')).sort, 'newest');
    const bad = await app.request('GET', `${articlePath('avisa', 'd-1')}?sort=popular`);
    assert.equal(bad.status, 422);
  });

  for (const sort of ['newest', 'oldest', 'respect', 'replies'] as const) {
    it(`sort=${sort}: paged 10 at a time with no skip or repeat while comments, reactions and replies arrive`, async () => {
      const articleId = `walk-${sort}`;
      const seeded = await seedArticle(articleId);
      const key = (c: (typeof seeded)[number]) =>
        sort === 'respect' ? c.respect : sort === 'replies' ? c.replies : 0;
      const expected = [...seeded].sort((a, b) =>
        sort === 'oldest'
          ? a.createdAt.getTime() - b.createdAt.getTime()
          : key(b) - key(a) || b.createdAt.getTime() - a.createdAt.getTime(),
      );
      const seen: string[] = [];
      let cursor: string | null = null;
      let round = 0;
      do {
        const res = await page(
          articleId,
          `limit=10&sort=${sort}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        assert.equal(res.sort, sort);
        seen.push(...res.items.map((c) => c.id));
        cursor = res.nextCursor;
        // Between pages: a new comment, a reply and respect for comments not yet seen.
        await app.request('POST', articlePath('avisa', articleId), {
          body: { body: `Ny kommentar ${round} mens leseren blar i ${sort}.`, authorName: `Ny ${round}` },
        });
        const unseen = expected.filter((c) => !seen.includes(c.id));
        const target = unseen.at(-1);
        if (target) {
          // Enough to lift it past comments already shown, had the order been live.
          for (const n of [1, 2, 3, 4]) {
            const reply = await app.request('POST', articlePath('avisa', articleId), {
              body: {
                body: `Svar ${n} i runde ${round} løfter tråden i ${sort}.`,
                authorName: `Svarer ${round}-${n}`,
                parentId: target.id,
              },
            });
            assert.equal(reply.body.comment?.status, 'approved', JSON.stringify(reply.body));
          }
          for (let n = 0; n < 3; n++) {
            const res = await app.request(
              'PUT',
              `${articlePath('avisa', articleId)}/${target.id}/reactions/respect`,
              {
                headers: { 'ordskifte-reader': await readerKey() },
              },
            );
            assert.equal(res.status, 200);
          }
        }
        round++;
      } while (cursor && round < 20);
      assert.equal(
        new Set(seen).size,
        seen.length,
        `a comment was repeated: ${seen.length - new Set(seen).size}`,
      );
      const original = seen.filter((id) => seeded.some((c) => c.id === id));
      // Newest first never shows what arrived after the first page (it comes live); oldest first shows it at the end.
      assert.deepEqual(
        original,
        expected.map((c) => c.id),
        'every comment that was there, once, in order',
      );
      if (sort !== 'oldest') assert.equal(seen.length, 45);
    });
  }

  it('a ranked cursor belongs to its sort and article; a forged one is refused', async () => {
    await seedArticle('cursor-scope');
    const first = await page('cursor-scope', 'limit=10&sort=respect');
    assert.ok(first.nextCursor);
    for (const query of [
      `sort=replies&cursor=${encodeURIComponent(first.nextCursor)}`,
      `sort=newest&cursor=${encodeURIComponent(first.nextCursor)}`,
      `sort=respect&cursor=${encodeURIComponent(`${first.nextCursor}x`)}`,
    ]) {
      const res = await app.request('GET', `${articlePath('avisa', 'cursor-scope')}?limit=10&${query}`);
      assert.equal(res.status, 422, query);
      assert.equal(res.body.error.code, 'validation_failed');
    }
    const other = await app.request(
      'GET',
      `${articlePath('avisa', 'picks')}?limit=10&sort=respect&cursor=${encodeURIComponent(first.nextCursor)}`,
    );
    assert.equal(other.status, 422);
  });

  it('permalinks: ?around= starts the page at the thread that holds the comment, in every sort', async () => {
    const seeded = await seedArticle('around');
    const target = seeded[12]!;
    const reply = await comments().findOne({ articleId: 'around', parentId: new Types.ObjectId(target.id) });
    for (const sort of ['newest', 'oldest', 'respect', 'replies']) {
      for (const id of [target.id, reply?._id.toHexString()].filter(Boolean) as string[]) {
        const res = await page('around', `limit=5&sort=${sort}&around=${id}`);
        assert.equal(res.items[0]?.id, target.id, `${sort} around ${id}`);
        if (res.nextCursor) {
          const next = await page(
            'around',
            `limit=5&sort=${sort}&cursor=${encodeURIComponent(res.nextCursor)}`,
          );
          assert.ok(!next.items.some((c) => c.id === target.id));
        }
      }
    }
    const missing = await app.request(
      'GET',
      `${articlePath('avisa', 'around')}?around=0123456789abcdef01234567`,
    );
    assert.equal(missing.status, 404);
    const elsewhere = await app.request('GET', `${articlePath('avisa', 'picks')}?around=${target.id}`);
    assert.equal(elsewhere.status, 404);
  });
});
