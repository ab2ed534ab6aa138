/**
 * Child process of bench/http.ts: starts one server to be measured, seeds its
 * database and prints `READY <url>` on stdout. Each server runs in its own
 * process so autocannon (in the parent) never shares an event loop with it.
 *
 *   tsx bench/support/http-servers.ts service|floor <mongodb-uri> <db-name>
 *
 * `service`: the whole Ordskifte service via startService (the same code path
 *   as `npm start`), relaxed rate limits, logs silenced.
 * `floor`: bare Express + express.json, and a mongoose insert of the same
 *   comment document into the same comments schema (same indexes, same write
 *   concern) on the same database lane; GET is one find of the same page
 *   (with a plain cursor), behind the same one-second thread cache as the
 *   service's, so both pay for a miss alike and answer hits from memory.
 *   No moderation, no article or author lookups, no events.
 */
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { Session } from 'node:inspector';
import express from 'express';
import { type Connection, Types } from 'mongoose';
import { CommentRepository } from '../../src/comments/comment.repository.js';
import { ThreadCache } from '../../src/comments/thread-cache.js';
import { loadConfig } from '../../src/platform/config.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { createLogger } from '../../src/platform/logger.js';
import { startService } from '../../src/service.js';
import { seedThread } from './seed.js';

const [role, uri, dbName] = process.argv.slice(2);
if ((role !== 'service' && role !== 'floor') || !uri || !dbName) {
  process.stderr.write('usage: http-servers.ts service|floor <mongodb-uri> <db-name>\n');
  process.exit(2);
}

const LIMIT = 100_000;
const config = loadConfig(
  { NODE_ENV: 'test' },
  {
    port: 0,
    host: '127.0.0.1',
    logLevel: 'silent',
    mongodbUri: uri,
    adminEmail: 'bench@ordskifte.local',
    adminPassword: 'bench-admin-password',
    tokenSecret: 'bench-secret-0123456789abcdef',
    // THREAD_CACHE_MS=0 measures uncached GETs (both servers: the floor's cache follows it too).
    threadCacheMs: Number(process.env.THREAD_CACHE_MS ?? 1000),
    // How long the moderators' event of a post waits after the answer to share an insert (bench:instructions
    // runs posts 5-20 times slower under valgrind: scale it to see the sharing of a native run).
    createdEventLingerMs: Number(process.env.CREATED_EVENT_LINGER_MS ?? 100),
    rateLimits: {
      commentsPerMinutePerIp: LIMIT,
      commentsPerMinutePerAuthor: LIMIT,
      reportsPerMinutePerIp: LIMIT,
      submissionsPerHourPerIp: LIMIT,
      submissionsPerDayPerEmail: LIMIT,
      loginAttemptsPer15MinPerIp: LIMIT,
      socketEventsPerSecond: LIMIT,
      reactionsPerMinutePerIp: LIMIT,
      readerKeysPerHourPerIp: LIMIT,
      previewsPerMinutePerIp: LIMIT,
      readerViewsPerMinutePerIp: LIMIT,
    },
  },
);
const logger = createLogger('silent');

/** Database commands this process sent, by collection and method (the parent reads deltas over IPC). */
const commands = new Map<string, number>();
function countCommands(connection: Connection): void {
  connection.set('debug', (collection: string, method: string) => {
    if (method === 'createIndex') return;
    const key = `${collection}.${method}`;
    commands.set(key, (commands.get(key) ?? 0) + 1);
  });
}
/** HTTP requests received, by method (a request the client gave up on is still handled). */
const requests = new Map<string, number>();
let inFlight = 0;
function countRequests(server: HttpServer): void {
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? '?';
    requests.set(method, (requests.get(method) ?? 0) + 1);
    inFlight++;
    res.once('close', () => inFlight--);
  });
}
/** The CPU profiler of profile:http: started and stopped over IPC, the profile written where asked. */
const inspector = new Session();
const post = <T>(method: string, params?: object): Promise<T> =>
  new Promise((ok, fail) =>
    inspector.post(method, params ?? {}, (error, result) => (error ? fail(error) : ok(result as T))),
  );
async function profile(
  message:
    | { profile: 'start' }
    | { profile: 'heap-start' }
    | { profile: 'stop'; file: string }
    | { profile: 'heap-stop'; file: string },
) {
  if (message.profile === 'heap-start') {
    // What outlives the young generation: objects a major GC collected are kept in the sampled
    // profile (promoted, then dead), those a minor GC collected are not.
    inspector.connect();
    await post('HeapProfiler.enable');
    await post('HeapProfiler.collectGarbage');
    await post('HeapProfiler.startSampling', {
      samplingInterval: 4096,
      includeObjectsCollectedByMajorGC: true,
    });
  } else if (message.profile === 'heap-stop') {
    await post('HeapProfiler.collectGarbage');
    const { profile } = await post<{ profile: object }>('HeapProfiler.stopSampling');
    inspector.disconnect();
    writeFileSync(message.file, JSON.stringify(profile));
  } else if (message.profile === 'start') {
    inspector.connect();
    await post('Profiler.enable');
    await post('Profiler.start');
  } else if (message.profile === 'stop') {
    const { profile } = await post<{ profile: object }>('Profiler.stop');
    inspector.disconnect();
    writeFileSync(message.file, JSON.stringify(profile));
  }
  return 'ok';
}
process.on('message', (message: unknown) => {
  if (message === 'stats') {
    process.send?.({
      cpu: process.cpuUsage(),
      commands: Object.fromEntries(commands),
      requests: Object.fromEntries(requests),
      inFlight,
      at: performance.now(),
    });
  } else if (typeof message === 'object' && message && 'profile' in message) {
    profile(message as Parameters<typeof profile>[0]).then(
      (answer) => process.send?.(answer),
      (error: Error) => process.send?.(`error: ${error.message}`),
    );
  }
});

async function startFloor(): Promise<string> {
  const db = await openDatabase(config, logger, { dbName });
  const comments = new CommentRepository(db.connection);
  await comments.model.createIndexes();
  await seedThread(comments);
  countCommands(db.connection);
  const app = express();
  app.use(express.json({ limit: '64kb' }));
  const threads = new ThreadCache<object>(config.threadCacheMs);
  app.post('/api/v1/sites/:siteId/articles/:articleId/comments', async (req, res) => {
    const body = req.body as { body: string; authorName: string };
    // Mongoose's insert through the comments schema (casting, defaults, validation, timestamps,
    // its write concern), as the floor has always measured it; the service's own insert goes to
    // the driver since 6 Dec 2026 (docs/PERFORMANCE.md, "POST path, fourth round").
    const doc = await comments.model.create({
      _id: new Types.ObjectId(),
      risk: null,
      siteId: String(req.params.siteId),
      articleId: String(req.params.articleId),
      parentId: null,
      body: body.body,
      authorName: body.authorName,
      authorEmail: null,
      authorKey: `anon:${createHash('sha256').update(body.authorName).digest('base64url')}`,
      authorId: '',
      ipHash: null,
      status: 'approved',
      shadowHidden: false,
      moderation: { decision: 'approve', reasons: [] },
      fingerprint: randomBytes(8).toString('hex'),
    });
    threads.invalidate(String(req.params.siteId), String(req.params.articleId));
    res.status(201).json({ comment: doc.toObject() });
  });
  app.get('/api/v1/sites/:siteId/articles/:articleId/comments', async (req, res) => {
    const siteId = String(req.params.siteId);
    const articleId = String(req.params.articleId);
    const cursor = typeof req.query.cursor === 'string' ? req.query.cursor : '';
    let answer = threads.get(siteId, articleId, cursor);
    if (!answer) {
      const after = cursor
        ? (JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { t: number; id: string })
        : undefined;
      const page = await comments.listTopLevel(siteId, articleId, { limit: 20, after, sort: 'newest' });
      const last = page[19];
      answer = {
        items: page.slice(0, 20),
        nextCursor:
          page.length > 20 && last
            ? Buffer.from(JSON.stringify({ t: last.createdAt.getTime(), id: last.id })).toString('base64url')
            : null,
      };
      threads.set(siteId, articleId, cursor, answer);
    }
    res.json(answer);
  });
  const server = app.listen(0, '127.0.0.1');
  countRequests(server);
  await new Promise<void>((ok) => server.once('listening', () => ok()));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return `http://127.0.0.1:${address.port}`;
}

async function startOrdskifte(): Promise<string> {
  const db = await openDatabase(config, logger, { dbName });
  const service = await startService(config, logger, { db, dbName });
  await seedThread(new CommentRepository(db.connection));
  countCommands(db.connection);
  countRequests(service.httpServer);
  return service.url;
}

const url = role === 'floor' ? await startFloor() : await startOrdskifte();
process.stdout.write(`READY ${url}\n`);
process.on('SIGTERM', () => process.exit(0));
