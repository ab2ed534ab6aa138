import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { parse as parseCookie } from 'cookie';
import type { Redis } from 'ioredis';
import { type Namespace, Server, type Socket } from 'socket.io';
import { Adapter, SessionAwareAdapter } from 'socket.io-adapter';
import { z } from 'zod';
import type { CommentRepository } from '../comments/comment.repository.js';
import { prepareModeration } from '../comments/writer.js';
import type { EventStream, SiteEventLog } from '../events/site-event-log.js';
import { articleIdSchema, objectIdSchema, siteIdSchema } from '../platform/http/schemas.js';
import type { Logger } from '../platform/logger.js';
import { optionalReader, ssoAuthorKey } from '../readers/reader-identity.js';
import { originAllowed } from '../sites/site.js';
import type { SiteRepository } from '../sites/site.repository.js';
import type { Session } from '../users/auth-service.js';
import type { AuthService } from '../users/auth-service.js';
import { SESSION_COOKIE } from '../users/auth-middleware.js';
import { canAccessSite } from '../users/user.js';
import type { ClaimRegistry } from './claims.js';
import type { ConnectionCap } from './connection-cap.js';
import {
  type LiveClientToServer,
  type LiveServerToClient,
  batchedRoom,
  liveRoom,
  readerGroup,
  readerRoom,
  type ModerationClientToServer,
  type ModerationServerToClient,
  siteRoom,
  type SubmissionCountsPayload,
} from './events.js';
import type { EventPublisher } from './publisher.js';

export const userRoom = (userId: string) => `user:${userId}`;
export const sessionRoom = (jti: string) => `session:${jti}`;

/** How many missed events a reconnecting client is sent before it is told to refetch instead. */
const MAX_REPLAY = 1000;

/**
 * Articles one /live socket may follow at once. A widget follows one; a page of several
 * widgets a few. Unbounded, one socket joined a new room per subscribe for as long as it
 * stayed (20 a second under the event budget, on each of an address's sockets).
 */
export const MAX_ARTICLES_PER_SOCKET = 20;
const FOLLOWED = Symbol('ordskifte.followedArticles');
type Following = Socket & { [FOLLOWED]?: Set<string> };
const followedBy = (socket: Socket) => ((socket as Following)[FOLLOWED] ??= new Set<string>());

export interface SocketDeps {
  logger: Logger;
  auth: AuthService;
  sites: SiteRepository;
  comments: CommentRepository;
  eventLog: SiteEventLog;
  publisher: EventPublisher;
  claims: ClaimRegistry;
  /** Events one socket may send per second (`rateLimits.socketEventsPerSecond`). */
  socketEventsPerSecond: number;
  /** Caps open connections per client address (issue 12, item 20). */
  connectionCap?: ConnectionCap;
  redis: Redis | null;
  /** Prefix of the adapter's Redis stream and session keys (several deployments on one Redis). */
  redisKeyPrefix?: string;
  submissionCounts?: (siteId: string) => Promise<SubmissionCountsPayload>;
  onConnectionChange?: (namespace: 'live' | 'moderation', delta: 1 | -1) => void;
}

const subscribeSchema = z.object({
  siteId: siteIdSchema,
  articleId: articleIdSchema,
  readerToken: z.string().min(1).max(8192).optional(),
  coalesce: z.boolean().optional(),
});
const joinSchema = z.object({
  siteId: siteIdSchema,
  lastSeq: z
    .union([
      z.number().int().min(0),
      z.object({
        comments: z.number().int().min(0).optional(),
        submissions: z.number().int().min(0).optional(),
      }),
    ])
    .optional(),
});
const claimSchema = z.object({ commentId: objectIdSchema });

type AnyAck = (result: { ok: false; error: string }) => void;

const BUDGET = Symbol('ordskifte.socketEventBudget');
type Budgeted = Socket & { [BUDGET]?: { second: number; used: number } };

/**
 * The per-socket event limit: a count per wall-clock second kept on the
 * socket itself. A socket's events all reach the one process that holds it,
 * so the count needs no Redis round trip (a reconnect storm of 18,000
 * readers would have sent 18,000 of them) and no timer per socket.
 */
function withinBudget(socket: Socket, perSecond: number): boolean {
  const second = Math.floor(Date.now() / 1000);
  const held = socket as Budgeted;
  held[BUDGET] ??= { second, used: 0 };
  const budget = held[BUDGET];
  if (budget.second !== second) {
    budget.second = second;
    budget.used = 0;
  }
  return ++budget.used <= perSecond;
}

/** Wraps a socket event handler: rate limit, then validate, then run; every failure answers the ack. */
function handler<T>(
  socket: Socket,
  perSecond: number,
  schema: z.ZodType<T>,
  run: (input: T, ack: (result: never) => void) => Promise<void>,
) {
  return async (raw: unknown, ack?: unknown) => {
    const reply = (typeof ack === 'function' ? ack : () => undefined) as AnyAck;
    if (!withinBudget(socket, perSecond)) {
      reply({ ok: false, error: 'rate_limited' });
      return;
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      reply({ ok: false, error: 'validation_failed' });
      return;
    }
    try {
      await run(parsed.data, reply as (result: never) => void);
    } catch {
      reply({ ok: false, error: 'unavailable' });
    }
  };
}

/**
 * socket.io on the HTTP server: `/live` for readers (article rooms) and
 * `/moderation` for moderators and editors (site rooms, sequenced events,
 * replay after reconnect, claims). With Redis, the streams adapter makes
 * several instances one service and keeps connection state recovery working
 * across them.
 */
export function createSocketServer(httpServer: HttpServer, deps: SocketDeps) {
  const io = new Server(httpServer, {
    serveClient: false,
    cors: { origin: true, credentials: false },
    maxHttpBufferSize: 16 * 1024,
    ...(deps.connectionCap ? { allowRequest: deps.connectionCap.allowRequest } : {}),
    // Middlewares run again on recovery: a logged-out token must not come back through it.
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000, skipMiddlewares: false },
    adapter: withoutRecoveryOnLive(
      deps.redis
        ? createAdapter(deps.redis, {
            streamName: `${deps.redisKeyPrefix ?? 'ordskifte'}:socket.io`,
            channelPrefix: `${deps.redisKeyPrefix ?? 'ordskifte'}:socket.io`,
            sessionKeyPrefix: `${deps.redisKeyPrefix ?? 'ordskifte'}:sio:session:`,
          })
        : null,
    ),
  });

  deps.connectionCap?.attach(io);

  const live = io.of('/live') as unknown as import('socket.io').Namespace<
    LiveClientToServer,
    LiveServerToClient
  >;
  // A widget may name its site in the handshake (`auth: { siteId }`): a foreign
  // Origin is then refused at connect time. `subscribe` checks again either way.
  live.use(async (socket, next) => {
    const { siteId } = (socket.handshake.auth ?? {}) as { siteId?: unknown };
    if (siteId === undefined) return next();
    const parsed = siteIdSchema.safeParse(siteId);
    const site = parsed.success ? await deps.sites.findById(parsed.data).catch(() => null) : null;
    if (!site) return next(new Error('not_found: no such site'));
    const origin = socket.handshake.headers.origin;
    if (origin && !originAllowed(site, origin))
      return next(new Error(`forbidden_origin: ${origin} is not an origin of site ${site.id}`));
    next();
  });
  live.on('connection', (socket) => {
    deps.onConnectionChange?.('live', 1);
    socket.on('disconnect', () => deps.onConnectionChange?.('live', -1));
    const origin = socket.handshake.headers.origin;
    socket.on(
      'subscribe',
      handler(
        socket,
        deps.socketEventsPerSecond,
        subscribeSchema,
        async ({ siteId, articleId, readerToken, coalesce }, ack) => {
          const reply = ack as (r: { ok: true } | { ok: false; error: string }) => void;
          // The slot is taken before the first await, so subscribes sent at once count each other.
          const followed = followedBy(socket);
          const article = `${siteId}\u0000${articleId}`;
          const already = followed.has(article);
          if (!already && followed.size >= MAX_ARTICLES_PER_SOCKET)
            return reply({ ok: false, error: 'too_many_subscriptions' });
          followed.add(article);
          const refuse = (error: string) => {
            if (!already) followed.delete(article);
            reply({ ok: false, error });
          };
          const site = await deps.sites.findById(siteId);
          if (!site) return refuse('not_found');
          if (origin && !originAllowed(site, origin)) return refuse('forbidden_origin');
          // Readers come before posts: the post that follows does not wait for the site's rules to compile.
          prepareModeration(site);
          // A logged-in reader also joins their own room: their shadow-hidden comments reach only them.
          const reader = await optionalReader(site, readerToken).catch(() => undefined);
          if (reader === undefined) return refuse('unauthorized');
          await socket.join(
            coalesce ? batchedRoom(siteId, articleId, readerGroup(socket.id)) : liveRoom(siteId, articleId),
          );
          if (reader) await socket.join(readerRoom(siteId, articleId, ssoAuthorKey(reader.sub)));
          reply({ ok: true });
        },
      ),
    );
    socket.on(
      'unsubscribe',
      handler(socket, deps.socketEventsPerSecond, subscribeSchema, async ({ siteId, articleId }, ack) => {
        followedBy(socket).delete(`${siteId}\u0000${articleId}`);
        await socket.leave(liveRoom(siteId, articleId));
        await socket.leave(batchedRoom(siteId, articleId, readerGroup(socket.id)));
        const own = readerRoom(siteId, articleId, '');
        for (const room of socket.rooms) if (room.startsWith(own)) await socket.leave(room);
        (ack as (r: { ok: boolean }) => void)({ ok: true });
      }),
    );
  });

  const moderation = io.of('/moderation') as unknown as import('socket.io').Namespace<
    ModerationClientToServer,
    ModerationServerToClient
  >;
  moderation.use(async (socket, next) => {
    const auth = socket.handshake.auth as { token?: unknown };
    let token = typeof auth?.token === 'string' ? auth.token : undefined;
    if (!token && socket.handshake.headers.cookie) {
      // The browser sends the cookie whichever page opens the socket (SameSite counts another
      // port of the same host as the same site): only the service's own pages may use it.
      // A bearer token is something a foreign page cannot read, so it needs no such check.
      const { origin, host } = socket.handshake.headers;
      if (origin !== undefined && !isOwnOrigin(origin, host)) {
        return next(new Error('forbidden_origin'));
      }
      token = parseCookie(socket.handshake.headers.cookie)[SESSION_COOKIE];
    }
    const session = token ? await deps.auth.authenticate(token).catch(() => null) : null;
    if (!session) return next(new Error('unauthorized'));
    socket.data.session = session;
    next();
  });

  moderation.on('connection', (socket) => {
    deps.onConnectionChange?.('moderation', 1);
    const session = socket.data.session as Session;
    const { user } = session;
    // Rooms by user and session, so a logout, a disabled account or a changed scope closes the socket.
    void socket.join([userRoom(user.id), sessionRoom(session.jti)]);
    // Recovery restores the rooms the socket had; the user (read again by the middleware) may
    // have lost a site meanwhile, while no socket was there to close.
    if (socket.recovered) {
      for (const room of socket.rooms) {
        const match = /^site:(.+):(comments|submissions)$/.exec(room);
        if (!match) continue;
        const [, siteId, stream] = match as unknown as [string, string, 'comments' | 'submissions'];
        if (!canAccessSite(user, siteId, stream === 'comments' ? 'moderator' : 'editor'))
          void socket.leave(room);
      }
    }
    socket.on('disconnect', () => {
      deps.onConnectionChange?.('moderation', -1);
      void deps.claims.releaseAllOf(socket.id);
    });

    socket.on(
      'join',
      handler(socket, deps.socketEventsPerSecond, joinSchema, async ({ siteId, lastSeq }, ack) => {
        const reply = ack as (r: unknown) => void;
        const streams: EventStream[] = [];
        if (canAccessSite(user, siteId, 'moderator')) streams.push('comments');
        if (canAccessSite(user, siteId, 'editor')) streams.push('submissions');
        if (streams.length === 0 || !(await deps.sites.findById(siteId))) {
          return reply({ ok: false, error: 'forbidden' });
        }
        const wanted = typeof lastSeq === 'number' ? { comments: lastSeq } : (lastSeq ?? {});
        const seqs: { comments?: number; submissions?: number } = {};
        for (const stream of streams) {
          // Join first, then replay: nothing falls between; duplicates are dropped by seq on the client.
          await socket.join(siteRoom(siteId, stream));
          const since = wanted[stream];
          if (since !== undefined) {
            const missed = await deps.eventLog.since(siteId, stream, since, MAX_REPLAY);
            if (missed === null)
              socket.emit('resync', { siteId, stream, reason: 'the event log no longer reaches back' });
            else
              for (const event of missed) {
                const type = event.type as 'comment.created';
                socket.emit(type, { ...(event.payload as object), siteId, stream, seq: event.seq });
              }
          }
          seqs[stream] = await deps.eventLog.lastSeq(siteId, stream);
        }
        reply({
          ok: true,
          counts: streams.includes('comments') ? await deps.comments.queueCounts(siteId) : undefined,
          submissionCounts:
            streams.includes('submissions') && deps.submissionCounts
              ? await deps.submissionCounts(siteId)
              : undefined,
          lastSeq: seqs,
          claims: streams.includes('comments') ? await deps.claims.active(siteId) : [],
        });
      }),
    );

    socket.on(
      'leave',
      handler(
        socket,
        deps.socketEventsPerSecond,
        z.object({ siteId: siteIdSchema }),
        async ({ siteId }, ack) => {
          await socket.leave(siteRoom(siteId, 'comments'));
          await socket.leave(siteRoom(siteId, 'submissions'));
          (ack as (r: { ok: boolean }) => void)({ ok: true });
        },
      ),
    );

    socket.on(
      'claim',
      handler(socket, deps.socketEventsPerSecond, claimSchema, async ({ commentId }, ack) => {
        const reply = ack as (r: unknown) => void;
        const comment = await deps.comments.findById(commentId);
        if (!comment) return reply({ ok: false, error: 'not_found' });
        if (!canAccessSite(user, comment.siteId, 'moderator'))
          return reply({ ok: false, error: 'forbidden' });
        const claim = await deps.claims.claim(socket.id, comment.siteId, commentId, {
          id: user.id,
          name: user.name,
        });
        reply({ ok: true, claim });
      }),
    );

    socket.on(
      'release',
      handler(socket, deps.socketEventsPerSecond, claimSchema, async ({ commentId }, ack) => {
        await deps.claims.release(socket.id, commentId);
        (ack as (r: { ok: boolean }) => void)({ ok: true });
      }),
    );
  });

  deps.claims.attach(moderation);
  deps.publisher.attach(
    moderation,
    live,
    {
      comments: (siteId) => deps.comments.queueCounts(siteId),
      submissions: deps.submissionCounts,
    },
    deps.redis ? { redis: deps.redis, keyPrefix: deps.redisKeyPrefix ?? 'ordskifte' } : undefined,
  );
  return io;
}

type AdapterFactory = (nsp: Namespace) => Adapter;

/**
 * Connection state recovery for /moderation only. Readers' widgets never
 * resume a session (they refetch the thread's newest page), yet with
 * recovery on, every dropped reader socket would leave a session behind for
 * two minutes (in memory, or one Redis write each with the Redis adapter:
 * 18,000 of them in a reconnect storm), and every message to readers would
 * carry an offset and be kept for replay. /live gets the plain adapter
 * (in memory), or the Redis adapter with its session and offset steps
 * turned off.
 */
function withoutRecoveryOnLive(cluster: AdapterFactory | null): AdapterFactory {
  // socket.io calls it with `new`: a function, not an arrow, that returns the adapter.
  return function adapterFor(nsp: Namespace): Adapter {
    if (nsp.name !== '/live') return cluster ? cluster(nsp) : new SessionAwareAdapter(nsp);
    if (!cluster) return new Adapter(nsp);
    const adapter = cluster(nsp) as Adapter & { addOffsetIfNecessary?: unknown };
    adapter.persistSession = () => undefined;
    adapter.restoreSession = () => Promise.resolve(null) as unknown as ReturnType<Adapter['restoreSession']>;
    adapter.addOffsetIfNecessary = () => undefined;
    return adapter;
  };
}

/**
 * Whether `origin` is this service's own (the host the request was sent to, on
 * http or https: a TLS-terminating proxy passes the Host on, not the scheme).
 * A client that sends no Origin is no browser page, so it is not asked.
 */
function isOwnOrigin(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === host.toLowerCase();
  } catch {
    return false;
  }
}
