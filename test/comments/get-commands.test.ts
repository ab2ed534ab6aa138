import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CommandStartedEvent } from 'mongodb';
import { type Database, openDatabase } from '../../src/platform/db/database.js';
import { type RunningService, startService } from '../../src/service.js';
import {
  ADMIN,
  articlePath,
  TestDatabase,
  testConfig,
  testLogger,
  uniqueDbName,
} from '../support/harness.js';

/** Driver housekeeping and the background workers on their own clocks, not the request's own. */
const IGNORED = new Set([
  'hello',
  'isMaster',
  'ismaster',
  'ping',
  'buildInfo',
  'endSessions',
  'killCursors',
  'webhook_deliveries.findAndModify',
  'mail_outbox.findAndModify',
  'risk_model_events.find',
]);
const isAuditSweep = (event: CommandStartedEvent) =>
  event.commandName === 'find' &&
  event.command.find === 'comments' &&
  'auditDue' in (event.command.filter ?? {});
/** The site's and the article's caches (3 s and 2 s) refreshing: not per page (the last test counts them). */
const CACHE_REFRESHES = new Set(['sites.find', 'articles.find']);

/**
 * Issue 17 item 4: an uncached GET of the public list costs as few database commands as
 * the page allows (docs/PERFORMANCE.md, "Database commands per uncached GET"). Counted by
 * the driver's command monitoring through the real service with the thread cache off.
 */
describe('database commands per uncached GET of the public list', () => {
  let db: TestDatabase;
  let database: Database;
  let service: RunningService;
  const seen: string[] = [];
  let recording = false;
  const site = 'lean-reads';
  const article = 'lest-sak';

  before(async () => {
    db = await TestDatabase.start();
    const config = testConfig(db.uri, { threadCacheMs: 0 });
    database = await openDatabase(config, testLogger, { dbName: uniqueDbName(), monitorCommands: true });
    database.connection.getClient().on('commandStarted', (event: CommandStartedEvent) => {
      if (!recording || IGNORED.has(event.commandName) || isAuditSweep(event)) return;
      const target = event.command[event.commandName];
      const name = `${typeof target === 'string' ? target : '?'}.${event.commandName}`;
      if (!IGNORED.has(name)) seen.push(name);
    });
    service = await startService(config, testLogger, { db: database });
    const login = await fetch(`${service.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    const { token } = (await login.json()) as { token: string };
    const created = await fetch(`${service.url}/api/v1/admin/sites`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ id: site, name: 'Lean reads', origins: [], policy: {} }),
    });
    assert.equal(created.status, 201);
    let parentId: string | undefined;
    for (let i = 0; i < 5; i++) {
      const res = await fetch(service.url + articlePath(site, article), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          body: `Kommentar nummer ${i} om saken, skrevet av en leser.`,
          authorName: `Leser ${i}`,
          ...(parentId ? { parentId } : {}),
        }),
      });
      assert.equal(res.status, 201);
      // The first two are top level, the rest replies to the second.
      if (i === 1) parentId = ((await res.json()) as { comment: { id: string } }).comment.id;
    }
    // The moderators' queue counts of those posts go out 150 ms after them.
    await new Promise((ok) => setTimeout(ok, 500));
  });
  after(async () => {
    await service?.close();
    await database?.close();
    await db?.stop();
  });

  /** Reads a page; the commands sent until the answer, and the cache refreshes among them. */
  const read = async (articleId: string, query: string) => {
    seen.length = 0;
    recording = true;
    const res = await fetch(`${service.url + articlePath(site, articleId)}${query}`);
    const page = (await res.json()) as {
      items: { replies: unknown[] }[];
      nextCursor: string | null;
      article: { commentCount: number };
    };
    recording = false;
    assert.equal(res.status, 200, JSON.stringify(page));
    const all = seen.splice(0);
    return {
      page,
      sent: all.filter((c) => !CACHE_REFRESHES.has(c)).sort(),
      refreshes: all.filter((c) => CACHE_REFRESHES.has(c)),
    };
  };

  it('a first page: the page, its count and editor picks in one aggregate, its replies in one find (2)', async () => {
    await read(article, '?limit=1');
    for (let i = 0; i < 2; i++) {
      const { page, sent } = await read(article, '?limit=1');
      assert.equal(page.article.commentCount, 5);
      assert.equal(page.items[0]!.replies.length, 3);
      assert.deepEqual(sent, ['comments.aggregate', 'comments.find'].sort());
    }
  });

  it('a later page by cursor: the same two', async () => {
    const first = await read(article, '?limit=1');
    assert.ok(first.page.nextCursor);
    const { page, sent } = await read(
      article,
      `?limit=1&cursor=${encodeURIComponent(first.page.nextCursor)}`,
    );
    assert.equal(page.items.length, 1);
    assert.equal(page.nextCursor, null);
    assert.deepEqual(sent, ['comments.aggregate', 'comments.find'].sort());
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
});
