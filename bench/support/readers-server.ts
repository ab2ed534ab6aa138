/**
 * A server process of bench/readers.ts, so its memory and CPU are its own.
 *
 *   READERS_ROLE=service: the whole service (startService, the code path of
 *     `npm start`), limits wide open, coalescing interval LIVE_BATCH_INTERVAL_MS,
 *     Redis when REDIS_URL is set. It records, in order, every comment change
 *     handed to the batcher and every `comments.changed` sent, so the parent
 *     knows which comments each group's batch number carried (listed or only
 *     counted).
 *   READERS_ROLE=bare: socket.io alone, its defaults, one room; POST /post
 *     broadcasts the posted comment at once as `comment.published` (what a
 *     v1 reader gets), with the post time it was sent with.
 *
 * Talks to the parent over IPC: `ready` (url), `stats` (RSS, peak RSS, CPU), `heap` (the heap
 * used after a full collection), `composition` (the messages sent, and the reader groups), `drop` (disconnects every reader, for the storm).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Server } from 'socket.io';
import { loadConfig } from '../../src/platform/config.js';
import { createLogger } from '../../src/platform/logger.js';
import { type LiveBatch, LiveBatcher, type LiveChange } from '../../src/realtime/live-batches.js';
import { ReaderFanout } from '../../src/realtime/reader-fanout.js';
import { startService } from '../../src/service.js';
import { CommentService } from '../../src/comments/comment-service.js';
import { CommentRepository } from '../../src/comments/comment.repository.js';
import { AuthorRepository } from '../../src/authors/author.repository.js';
import { RiskModels } from '../../src/moderation/model/risk-models.js';
import { EventPublisher } from '../../src/realtime/publisher.js';

const now = () => performance.timeOrigin + performance.now();
const role = process.env.READERS_ROLE;

let peakRss = 0;
const sampler = setInterval(() => {
  try {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  } catch {
    // Reading the RSS opens /proc/self/stat: at the open-files limit (20,000 here) it fails
    // with EMFILE, and a bench that sampled its server to death would measure nothing.
  }
}, 200);
sampler.unref();

/**
 * What one message carried. Each group of an article's readers has its own
 * numbering and gets the changes handed over since its previous message.
 */
interface Batch {
  group: number;
  batch: number;
  sentAt: number;
  listed: string[];
  /** Comments the message only counted (`more`), with the time they were handed over. */
  counted: string[];
  /**
   * Comments handed over for this message that it neither listed nor counted
   * in `more` (`more` also counts removals and reactions, so this is a lower
   * bound): a change the group's readers missed.
   */
  unaccounted: number;
  handedAt: Record<string, number>;
}
const batches: Batch[] = [];
/** Every comment handed to the batcher, in order, and how far each group's messages reached in it. */
const handed: { id: string; at: number }[] = [];
const handedUpTo = new Map<number, number>();

/**
 * Where a POST's time goes inside the server: when each keyed POST's request
 * arrived (the `request` event, before any middleware), and how long its
 * awaited steps took, per step (every call, in ms). The event loop's delay
 * over the measured window says how long a ready callback waited for the loop.
 */
const arrivedAt: Record<string, number> = {};
const spans: Record<string, number[]> = {};
function timeSteps(proto: object, names: string[], prefix: string): void {
  const target = proto as Record<string, (...args: unknown[]) => unknown>;
  for (const name of names) {
    const inner = target[name]!;
    target[name] = function (this: unknown, ...args: unknown[]) {
      const start = performance.now();
      const result = inner.apply(this, args);
      const done = () => {
        const key = `${prefix}.${name}`;
        const list = spans[key] ?? [];
        spans[key] = list;
        list.push(performance.now() - start);
      };
      if (result instanceof Promise) result.then(done, done);
      else done();
      return result;
    };
  }
}
timeSteps(CommentService.prototype, ['submit'], 'comments');
timeSteps(CommentRepository.prototype, ['authorActivity', 'insert'], 'comments');
timeSteps(AuthorRepository.prototype, ['touch'], 'authors');
timeSteps(RiskModels.prototype, ['assess'], 'risk');
timeSteps(EventPublisher.prototype, ['siteEvent'], 'publisher');
const loopDelay = monitorEventLoopDelay({ resolution: 10 });

interface Started {
  url: string;
  drop: () => void;
  /** The groups with a coalesced reader (none for the bare server). */
  groups: () => number[];
}

async function startOrdskifte(): Promise<Started> {
  const config = loadConfig(
    { NODE_ENV: 'test' },
    {
      port: 0,
      host: '127.0.0.1',
      logLevel: 'silent',
      mongodbUri: process.env.MONGODB_URI!,
      adminEmail: 'bench@ordskifte.local',
      adminPassword: 'bench-admin-password',
      tokenSecret: 'bench-secret-0123456789abcdef',
      liveBatchIntervalMs: Number(process.env.LIVE_BATCH_INTERVAL_MS ?? 1000),
      redisUrl: process.env.REDIS_URL ?? null,
      redisKeyPrefix: process.env.REDIS_KEY_PREFIX ?? 'ordskifte',
      // Every simulated reader comes from this machine's one address.
      maxSocketsPerAddress: 1_000_000,
      // post→receive includes storage: a post slower than the service's request
      // deadline (10 s) would be refused with 503 and drop out of the figure, so
      // the bench waits for it (its own client gives up at 90 s) and reports the time.
      requestDeadlineMs: 120_000,
      rateLimits: {
        commentsPerMinutePerIp: 100_000,
        commentsPerMinutePerAuthor: 100_000,
        reportsPerMinutePerIp: 100_000,
        submissionsPerHourPerIp: 100_000,
        submissionsPerDayPerEmail: 100_000,
        loginAttemptsPer15MinPerIp: 100_000,
        socketEventsPerSecond: 100_000,
        reactionsPerMinutePerIp: 100_000,
        readerKeysPerHourPerIp: 100_000,
        previewsPerMinutePerIp: 100_000,
        readerViewsPerMinutePerIp: 100_000,
      },
    },
  );
  const add = LiveBatcher.prototype.add;
  LiveBatcher.prototype.add = function (this: LiveBatcher, change: LiveChange) {
    if (change.kind === 'comment') handed.push({ id: change.comment.id, at: now() });
    add.call(this, change);
  };
  const service = await startService(config, createLogger('silent'), { dbName: process.env.DB_NAME });
  service.httpServer.prependListener('request', (req) => {
    const key = req.headers['idempotency-key'];
    if (typeof key === 'string') arrivedAt[key] = now();
  });
  const live = service.io.of('/live');
  // Every coalesced message goes out through ReaderFanout (encoded once, written in slices).
  const send = ReaderFanout.prototype.send;
  ReaderFanout.prototype.send = function (this: ReaderFanout, room: string, event: string, payload: unknown) {
    if (event === 'comments.changed') {
      const batch = payload as LiveBatch;
      const group = Number(room.slice(room.lastIndexOf(':') + 1));
      const listed = new Set(batch.comments.map((c) => c.id));
      const window = handed.slice(handedUpTo.get(group) ?? 0);
      handedUpTo.set(group, handed.length);
      const counted = [...new Set(window.map((h) => h.id))].filter((id) => !listed.has(id));
      batches.push({
        group,
        batch: batch.batch,
        sentAt: now(),
        listed: [...listed],
        counted,
        unaccounted: Math.max(0, counted.length - batch.more),
        handedAt: Object.fromEntries(window.map((h) => [h.id, h.at])),
      });
    }
    return send.call(this, room, event, payload);
  };
  return {
    url: service.url,
    drop: () => live.local.disconnectSockets(true),
    groups: () =>
      [...live.adapter.rooms]
        .filter(([room, members]) => room.startsWith('batched:') && members.size > 0)
        .map(([room]) => Number(room.slice(room.lastIndexOf(':') + 1))),
  };
}

async function startBare(): Promise<Started> {
  const http = createServer();
  const io = new Server(http, { serveClient: false });
  const live = io.of('/live');
  live.on('connection', (socket) => {
    socket.on('subscribe', (_payload: unknown, ack: (r: { ok: boolean }) => void) => {
      void socket.join('article');
      ack({ ok: true });
    });
  });
  http.on('request', (req, res) => {
    if (req.method !== 'POST' || req.url !== '/post') return;
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk;
    });
    req.on('end', () => {
      live.to('article').emit('comment.published', JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((ok) => http.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    drop: () => live.disconnectSockets(true),
    groups: () => [],
  };
}

const server = role === 'bare' ? await startBare() : await startOrdskifte();
process.on('message', (message: { type: string }) => {
  const reply = (body: object) => process.send!({ type: message.type, ...body });
  if (message.type === 'stats') {
    reply({ rss: process.memoryUsage().rss, peakRss, cpu: process.cpuUsage() });
  } else if (message.type === 'heap') {
    // The heap that stays: what a full collection leaves (the bench starts this process with --expose-gc).
    globalThis.gc?.();
    reply({ heapUsed: process.memoryUsage().heapUsed });
  } else if (message.type === 'resetPeak') {
    peakRss = process.memoryUsage().rss;
    for (const key of Object.keys(spans)) delete spans[key];
    loopDelay.reset();
    loopDelay.enable();
    reply({});
  } else if (message.type === 'composition') {
    reply({ batches, groups: server.groups() });
  } else if (message.type === 'postSteps') {
    loopDelay.disable();
    const ms = (ns: number) => ns / 1e6;
    reply({
      arrivedAt,
      spans,
      loop: {
        p50: ms(loopDelay.percentile(50)),
        p99: ms(loopDelay.percentile(99)),
        max: ms(loopDelay.max),
      },
    });
  } else if (message.type === 'drop') {
    server.drop();
    reply({});
  }
});
process.send!({ type: 'ready', url: server.url });
process.on('SIGTERM', () => process.exit(0));
// The bench is gone (ended, crashed or killed): so is this process.
process.on('disconnect', () => process.exit(0));
