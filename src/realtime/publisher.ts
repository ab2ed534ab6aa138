import type { Namespace } from 'socket.io';
import type { PublicComment } from '../comments/comment.js';
import type { SiteEventLog } from '../events/site-event-log.js';
import type { Logger } from '../platform/logger.js';
import {
  type LiveClientToServer,
  type LiveServerToClient,
  liveRoom,
  readerRoom,
  type ModerationClientToServer,
  type ModerationServerToClient,
  type QueueCountsPayload,
  type SubmissionCountsPayload,
  siteRoom,
} from './events.js';

type SiteEventType = 'comment.created' | 'comment.updated' | 'submission.created' | 'submission.updated';

export interface CountsProviders {
  comments: (siteId: string) => Promise<QueueCountsPayload>;
  submissions?: (siteId: string) => Promise<SubmissionCountsPayload>;
}

interface EmitLane {
  /** Tail of the seq allocations of one stream (one at a time, in order). */
  allocating: Promise<void>;
  /** Tail of the sends of one stream (in allocation order). */
  emitting: Promise<void>;
  users: number;
}

const noop = () => undefined;

/** Debounce for queue.counts: a burst of changes sends one count a moment later. */
const COUNTS_DELAY_MS = 150;

/**
 * Publishes domain changes: logs moderation events with their sequence number
 * and sends them to the site's room on /moderation; sends reader-visible
 * changes to the article's room on /live. Publishing never fails the request
 * that caused it: the change is already stored, and clients catch up from the
 * log.
 */
export class EventPublisher {
  #moderation: Namespace<ModerationClientToServer, ModerationServerToClient> | null = null;
  #live: Namespace<LiveClientToServer, LiveServerToClient> | null = null;
  readonly #countTimers = new Map<string, NodeJS.Timeout>();
  readonly #lanes = new Map<string, EmitLane>();
  #counts: CountsProviders | null = null;

  constructor(
    private readonly log: SiteEventLog,
    private readonly logger: Logger,
  ) {}

  attach(
    moderation: Namespace<ModerationClientToServer, ModerationServerToClient>,
    live: Namespace<LiveClientToServer, LiveServerToClient>,
    counts: CountsProviders,
  ): void {
    this.#moderation = moderation;
    this.#live = live;
    this.#counts = counts;
  }

  /**
   * Logs a moderation event and sends it with its seq. Within this process,
   * seqs of a stream are allocated one after the other and events are sent in
   * seq order, while the (slower) stores run concurrently; across instances
   * the client orders by seq (see sequenced-stream.ts).
   */
  async siteEvent(siteId: string, type: SiteEventType, payload: Record<string, unknown>): Promise<void> {
    const stream = type.startsWith('submission.') ? 'submissions' : 'comments';
    const key = `${siteId}:${stream}`;
    let lane = this.#lanes.get(key);
    if (!lane) {
      lane = { allocating: Promise.resolve(), emitting: Promise.resolve(), users: 0 };
      this.#lanes.set(key, lane);
    }
    lane.users++;
    const seq = lane.allocating.then(() => this.log.allocate(siteId, stream));
    lane.allocating = seq.then(noop, noop);
    const stored = seq.then((n) =>
      this.log.store({ siteId, stream, seq: n, type, payload, createdAt: new Date() }),
    );
    const sent = Promise.all([lane.emitting, stored.then(noop, noop)]).then(async () => {
      const event = await stored;
      this.#moderation
        ?.to(siteRoom(siteId, stream))
        .emit(type, { ...payload, siteId, stream, seq: event.seq });
    });
    lane.emitting = sent.then(noop, noop);
    try {
      await sent;
    } catch (err) {
      this.logger.warn({ err, siteId, type }, 'moderation event not logged; clients will resync');
    } finally {
      if (--lane.users === 0) this.#lanes.delete(key);
    }
    this.scheduleCounts(siteId, stream);
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
  }

  /** A comment only its author may see (shadow-ban): to the author's own room, not the article's. */
  publishedToAuthor(authorKey: string, comment: PublicComment): void {
    this.#safe(() =>
      this.#live
        ?.to(readerRoom(comment.siteId, comment.articleId, authorKey))
        .emit('comment.published', comment),
    );
  }

  /**
   * A comment's reaction counts changed (throttled by the caller to at most one per
   * comment per second). Counts do not change what the thread cache holds for long
   * enough to matter (its entries live a second).
   */
  commentReactions(counts: {
    id: string;
    siteId: string;
    articleId: string;
    reactions: { respect: number };
  }): void {
    this.#safe(() =>
      this.#live?.to(liveRoom(counts.siteId, counts.articleId)).emit('comment.reactions', counts),
    );
  }

  removed(siteId: string, articleId: string, id: string): void {
    this.publicChanged(siteId, articleId);
    this.#safe(() => this.#live?.to(liveRoom(siteId, articleId)).emit('comment.removed', { id }));
  }

  /** Sends the stream's counts shortly, once for a burst of changes. */
  scheduleCounts(siteId: string, stream: 'comments' | 'submissions'): void {
    const key = `${siteId}:${stream}`;
    if (this.#countTimers.has(key) || !this.#counts) return;
    const timer = setTimeout(() => {
      this.#countTimers.delete(key);
      const room = this.#moderation?.to(siteRoom(siteId, stream));
      const send =
        stream === 'comments'
          ? this.#counts?.comments(siteId).then((counts) => room?.emit('queue.counts', { ...counts, siteId }))
          : this.#counts
              ?.submissions?.(siteId)
              .then((counts) => room?.emit('submission.counts', { siteId, counts }));
      send?.catch((err) => this.logger.warn({ err, siteId }, 'queue counts not sent'));
    }, COUNTS_DELAY_MS);
    timer.unref();
    this.#countTimers.set(key, timer);
  }

  close(): void {
    for (const timer of this.#countTimers.values()) clearTimeout(timer);
    this.#countTimers.clear();
  }

  #safe(send: () => unknown): void {
    try {
      send();
    } catch (err) {
      this.logger.warn({ err }, 'live event not sent');
    }
  }
}
