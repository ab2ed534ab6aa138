import type { Redis } from 'ioredis';
import type { Namespace } from 'socket.io';
import type { PublicComment } from '../comments/comment.js';
import type { AppendOptions, SiteEventLog } from '../events/site-event-log.js';
import type { Logger } from '../platform/logger.js';
import {
  type BatcherClock,
  type LiveBatch,
  LiveBatcher,
  type LiveChange,
  type ReactionCounts,
} from './live-batches.js';
import { LiveRelay } from './live-relay.js';
import { ReaderFanout, SlicedWriter } from './reader-fanout.js';
import {
  type LiveClientToServer,
  type LiveServerToClient,
  batchedRoom,
  liveRoom,
  READER_GROUPS,
  readerRoom,
  type ModerationClientToServer,
  type ModerationServerToClient,
  type QueueCountsPayload,
  type SubmissionCountsPayload,
  siteRoom,
} from './events.js';

type SiteEventType =
  | 'comment.created'
  | 'comment.updated'
  | 'submission.created'
  | 'submission.updated'
  | 'notice.received'
  | 'notice.decided'
  | 'appeal.received'
  | 'appeal.decided';

export interface CountsProviders {
  comments: (siteId: string) => Promise<QueueCountsPayload>;
  submissions?: (siteId: string) => Promise<SubmissionCountsPayload>;
}

/** The batcher's clock: its timers do not keep the process alive; a deferred turn runs after pending I/O. */
const systemClock: BatcherClock = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms).unref(),
  clearTimeout: (timer) => clearTimeout(timer as NodeJS.Timeout),
  defer: (run) => setImmediate(run),
  clearDefer: (handle) => clearImmediate(handle as NodeJS.Immediate),
};

/** Debounce for queue.counts: a burst of changes sends one count a moment later. */
const COUNTS_DELAY_MS = 150;

/**
 * Above this many coalesced readers of an article on this instance, its
 * groups' turns are spread over the interval; at or below it, every group has
 * its turn at the round's start (a few hundred writes, written in slices), so
 * the first change after a quiet interval reaches every reader at once.
 */
const SPREAD_FROM_READERS = 1000;

/** v1 readers get `comment.reactions` at most this often per comment. */
const REACTIONS_EVERY_MS = 1000;

export interface PublisherOptions {
  /** Coalescing interval of `comments.changed` (readers who subscribed with `coalesce: true`). */
  liveIntervalMs?: number;
}

/**
 * Publishes domain changes: logs moderation events with their sequence number
 * and sends them to the site's room on /moderation; sends reader-visible
 * changes to the article's rooms on /live, one event per change to v1 readers
 * and one coalesced message per interval to readers who asked for it.
 * Publishing never fails the request that caused it: the change is already
 * stored, and clients catch up from the log (moderators) or the thread
 * (readers).
 *
 * Across instances, v1 events travel through the adapter as before; each
 * coalesced change goes to the other instances once (LiveRelay), and every
 * instance batches all changes and sends the message to its own readers only: a reader gets one message per interval however many
 * instances there are, and Redis carries changes, not the fan-out.
 */
export class EventPublisher {
  #moderation: Namespace<ModerationClientToServer, ModerationServerToClient> | null = null;
  #live: Namespace<LiveClientToServer, LiveServerToClient> | null = null;
  readonly #countTimers = new Map<string, { timer: NodeJS.Timeout; tell: boolean }>();
  /**
   * Per site and stream, the last counting started and the last one sent. Countings overlap
   * when changes keep coming and the database is slow, and can finish out of order; one
   * started before another already sent is dropped, or the moderators would be left with
   * the earlier counts until the next change (a whole queue decided, and 1 still pending).
   */
  readonly #countings = new Map<string, { started: number; sent: number }>();
  #counts: CountsProviders | null = null;
  #relay: LiveRelay | null = null;
  #fanout: ReaderFanout | null = null;
  readonly #batcher: LiveBatcher;
  readonly #reactionTimers = new Map<string, { timer: NodeJS.Timeout; latest: ReactionCounts | null }>();

  constructor(
    private readonly log: SiteEventLog,
    private readonly logger: Logger,
    options: PublisherOptions = {},
  ) {
    this.#batcher = new LiveBatcher(
      options.liveIntervalMs ?? 1000,
      (batch, group) => this.#sendBatch(batch, group),
      systemClock,
      undefined,
      (siteId, articleId) => this.#localGroups(siteId, articleId),
      READER_GROUPS,
      (siteId, articleId) => this.#localReaders(siteId, articleId) > SPREAD_FROM_READERS,
    );
  }

  /** `redis`: other instances share it, so coalesced changes are passed to them (see LiveRelay). */
  attach(
    moderation: Namespace<ModerationClientToServer, ModerationServerToClient>,
    live: Namespace<LiveClientToServer, LiveServerToClient>,
    counts: CountsProviders,
    cluster?: { redis: Redis; keyPrefix: string },
  ): void {
    this.#moderation = moderation;
    this.#live = live;
    this.#fanout = new ReaderFanout(
      live as unknown as Namespace,
      new SlicedWriter(undefined, undefined, (err) => this.logger.warn({ err }, 'live message not written')),
    );
    this.#counts = counts;
    if (cluster) {
      this.#relay = new LiveRelay(
        cluster.redis,
        `${cluster.keyPrefix}:live-changes`,
        (change) => {
          // Another instance's change: it serves its readers, we serve ours; our thread cache is stale.
          for (const listener of this.#publicChangeListeners) listener(change.siteId, change.articleId);
          this.#batcher.add(change);
        },
        this.logger,
        // Another instance's queue changed: our moderators of the site (if any) need new counts.
        ({ siteId, stream }) => this.#scheduleCounts(siteId, stream, false),
        // Another instance wrote an article: our cached record of it is stale.
        ({ siteId, articleId }) => {
          for (const listener of this.#articleListeners) listener(siteId, articleId);
        },
      );
    }
  }

  /**
   * Logs a moderation event and sends it with its seq, once stored. The log
   * claims a stream's seqs one batch after the other and answers in that
   * order, so events are sent in seq order within this process (events logged
   * while a claim is in flight share the next insert: see SiteEventLog.append);
   * across instances the client orders by seq (see sequenced-stream.ts). `options.lingerMs`:
   * for an event logged after its request was answered, which may wait that long to share an
   * insert with the next events of its stream (see SiteEventLog.append).
   */
  async siteEvent(
    siteId: string,
    type: SiteEventType,
    payload: Record<string, unknown>,
    options?: AppendOptions,
  ): Promise<void> {
    const stream = type.startsWith('submission.') ? 'submissions' : 'comments';
    const logged = await this.log.append(siteId, stream, type, payload, options).catch((err: unknown) => {
      this.logger.warn({ err, siteId, type }, 'moderation event not logged; clients will resync');
      return null;
    });
    if (logged) {
      const { seq } = logged;
      this.#safe(() =>
        this.#moderation?.to(siteRoom(siteId, stream)).emit(type, { ...payload, siteId, stream, seq }),
      );
    }
    this.scheduleCounts(siteId, stream);
  }

  readonly #articleListeners: ((siteId: string, articleId: string) => void)[] = [];

  /** Called with each article another instance wrote (through Redis; never without it). */
  onArticleChangedElsewhere(listener: (siteId: string, articleId: string) => void): void {
    this.#articleListeners.push(listener);
  }

  /** This instance wrote an article: the other instances drop their cached record of it. */
  articleChanged(siteId: string, articleId: string): void {
    this.#relay?.sendArticle({ siteId, articleId });
  }

  /** Logs every event still lingering now and waits until all are stored (on close). */
  flushEvents(): Promise<void> {
    return this.log.flush();
  }

  /** Called with (siteId, articleId?) whenever what readers see changes; see ThreadCache. */
  readonly #publicChangeListeners: ((siteId: string, articleId?: string) => void)[] = [];

  onPublicChange(listener: (siteId: string, articleId?: string) => void): void {
    this.#publicChangeListeners.push(listener);
  }

  /** What readers see of a site (or one article) changed without a single-comment event. */
  publicChanged(siteId: string, articleId?: string): void {
    for (const listener of this.#publicChangeListeners) listener(siteId, articleId);
  }

  published(comment: PublicComment): void {
    this.publicChanged(comment.siteId, comment.articleId);
    this.#safe(() =>
      this.#live?.to(liveRoom(comment.siteId, comment.articleId)).emit('comment.published', comment),
    );
    this.#coalesce({ kind: 'comment', siteId: comment.siteId, articleId: comment.articleId, comment });
  }

  /** A comment only its author may see (shadow-ban): to the author's own room, not the article's. */
  publishedToAuthor(authorKey: string, comment: PublicComment): void {
    this.#safe(() =>
      this.#live
        ?.to(readerRoom(comment.siteId, comment.articleId, authorKey))
        .emit('comment.published', comment),
    );
  }

  removed(siteId: string, articleId: string, id: string): void {
    this.publicChanged(siteId, articleId);
    this.#safe(() => this.#live?.to(liveRoom(siteId, articleId)).emit('comment.removed', { id }));
    this.#coalesce({ kind: 'removed', siteId, articleId, id });
  }

  /**
   * A comment's reaction counts changed. v1 readers get `comment.reactions`
   * at once and then at most once a second per comment (the latest counts);
   * coalesced readers get them in the next `comments.changed`.
   */
  reactionsChanged(siteId: string, articleId: string, id: string, reactions: ReactionCounts): void {
    this.publicChanged(siteId, articleId);
    this.#coalesce({ kind: 'reactions', siteId, articleId, id, reactions });
    const key = `${siteId}\u0000${articleId}\u0000${id}`;
    const waiting = this.#reactionTimers.get(key);
    if (waiting) {
      waiting.latest = reactions;
      return;
    }
    const emit = (counts: ReactionCounts) =>
      this.#safe(() =>
        this.#live?.to(liveRoom(siteId, articleId)).emit('comment.reactions', { id, reactions: counts }),
      );
    emit(reactions);
    // Within the next second only the latest counts are kept, and sent when it ends.
    const entry: { timer: NodeJS.Timeout; latest: ReactionCounts | null } = {
      latest: null,
      timer: setTimeout(function tick(this: void) {
        if (!entry.latest) return void timers.delete(key);
        emit(entry.latest);
        entry.latest = null;
        entry.timer = setTimeout(tick, REACTIONS_EVERY_MS).unref();
      }, REACTIONS_EVERY_MS).unref(),
    };
    const timers = this.#reactionTimers;
    timers.set(key, entry);
  }

  #coalesce(change: LiveChange): void {
    this.#batcher.add(change);
    this.#relay?.send(change);
  }

  /** The groups of the article's coalesced readers that have a socket on this instance. */
  #localGroups(siteId: string, articleId: string): number[] {
    const rooms = this.#live?.adapter.rooms;
    const groups: number[] = [];
    if (!rooms) return groups;
    for (let group = 0; group < READER_GROUPS; group++)
      if (rooms.get(batchedRoom(siteId, articleId, group))?.size) groups.push(group);
    return groups;
  }

  /** The article's coalesced readers on this instance. */
  #localReaders(siteId: string, articleId: string): number {
    const rooms = this.#live?.adapter.rooms;
    let readers = 0;
    for (let group = 0; rooms && group < READER_GROUPS; group++)
      readers += rooms.get(batchedRoom(siteId, articleId, group))?.size ?? 0;
    return readers;
  }

  #sendBatch(batch: LiveBatch, group: number): void {
    // Encoded once (the packet and its WebSocket frame) for the group's sockets on this instance, and
    // written a slice of sockets at a time, so requests are not held up behind the whole group.
    this.#safe(() =>
      this.#fanout?.send(batchedRoom(batch.siteId, batch.articleId, group), 'comments.changed', batch),
    );
  }

  /**
   * Sends the stream's counts shortly, once for a burst of changes, to the
   * moderators connected to this instance and (through the relay) to those
   * on the others. The counts are aggregations over the site's comments, so
   * an instance with no moderator of the site connected computes nothing: a
   * moderator who joins later gets them counted in the join's answer.
   */
  scheduleCounts(siteId: string, stream: 'comments' | 'submissions'): void {
    this.#scheduleCounts(siteId, stream, true);
  }

  /**
   * `tell`: the burst is this instance's own, so when it ends (every change of
   * it stored) the other instances are told once, and count after their own
   * debounce; a notice from another instance is not passed on.
   */
  #scheduleCounts(siteId: string, stream: 'comments' | 'submissions', tell: boolean): void {
    const key = `${siteId}:${stream}`;
    const due = this.#countTimers.get(key);
    if (due) {
      due.tell ||= tell;
      return;
    }
    if (!this.#counts) return;
    const entry = {
      tell,
      timer: setTimeout(() => {
        this.#countTimers.delete(key);
        if (entry.tell) this.#relay?.sendCounts({ siteId, stream });
        const moderation = this.#moderation;
        const room = siteRoom(siteId, stream);
        // Local membership only: every instance answers for its own sockets.
        if (!moderation || !(moderation.adapter.rooms.get(room)?.size ?? 0)) return;
        const local = moderation.local.to(room);
        const counting = this.#countings.get(key) ?? { started: 0, sent: 0 };
        this.#countings.set(key, counting);
        const mine = ++counting.started;
        const newest = () => {
          if (mine < counting.sent) return false;
          counting.sent = mine;
          return true;
        };
        const send =
          stream === 'comments'
            ? this.#counts
                ?.comments(siteId)
                .then((counts) => newest() && local.emit('queue.counts', { ...counts, siteId }))
            : this.#counts
                ?.submissions?.(siteId)
                .then((counts) => newest() && local.emit('submission.counts', { siteId, counts }));
        send?.catch((err) => this.logger.warn({ err, siteId }, 'queue counts not sent'));
      }, COUNTS_DELAY_MS).unref(),
    };
    this.#countTimers.set(key, entry);
  }

  close(): void {
    for (const { timer } of this.#countTimers.values()) clearTimeout(timer);
    this.#countTimers.clear();
    for (const { timer } of this.#reactionTimers.values()) clearTimeout(timer);
    this.#reactionTimers.clear();
    this.#batcher.close();
    this.#relay?.close();
  }

  #safe(send: () => unknown): void {
    try {
      send();
    } catch (err) {
      this.logger.warn({ err }, 'live event not sent');
    }
  }
}
