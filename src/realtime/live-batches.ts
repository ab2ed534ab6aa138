/**
 * Coalesced reader events: everything that changed under one article within
 * an interval goes out as one `comments.changed` message, so a reader's
 * socket costs O(1) per interval however fast comments arrive. No Node or
 * socket.io imports: the publisher wires it to socket.io, the tests drive it
 * with their own clock.
 */
import type { PublicComment } from '../comments/comment.js';

export type ReactionCounts = Record<string, number>;

/** One change readers can see: what the publisher learns, and what instances pass to each other. */
export type LiveChange =
  | { kind: 'comment'; siteId: string; articleId: string; comment: PublicComment }
  | { kind: 'removed'; siteId: string; articleId: string; id: string }
  | { kind: 'reactions'; siteId: string; articleId: string; id: string; reactions: ReactionCounts };

/** The coalesced message (`comments.changed` on /live, for readers who subscribed with `coalesce: true`). */
export interface LiveBatch {
  siteId: string;
  articleId: string;
  /**
   * Numbers this article's messages on the instance the reader is connected
   * to: the next one is `batch + 1`. It starts anew on another instance (and
   * at 1 after an article was quiet for very long), so a client compares it
   * only within one connection.
   */
  batch: number;
  /** Comments that became visible or changed (approved, featured, edited), in the order of the changes. */
  comments: PublicComment[];
  /**
   * How many further changes this message leaves out to stay small (comments
   * over the size bound, removals or reaction counts over theirs). When it is
   * not 0, the first page of the thread holds what is missing: a client
   * fetches it when the reader asks for the new comments, not at once.
   */
  more: number;
  /** Ids of comments that stopped being visible. */
  removed: string[];
  /** The current reaction counts of comments whose reactions changed. */
  reactions: { id: string; reactions: ReactionCounts }[];
}

/** Bounds of one message: a reader's cost stays small whatever happens in the interval. */
export const BATCH_LIMITS = {
  /** Whole comments per message; beyond, they are counted in `more`. */
  comments: 25,
  /** Characters of comment text (bodies and names) per message. */
  text: 12_000,
  removed: 200,
  reactions: 200,
} as const;

interface Pending {
  comments: Map<string, PublicComment>;
  removed: Set<string>;
  reactions: Map<string, ReactionCounts>;
}

interface ArticleState {
  siteId: string;
  articleId: string;
  pending: Pending | null;
  /** A flush is due (first change after a quiet spell) or the interval since the last one is running. */
  timer: unknown;
}

export interface BatcherClock {
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

const systemClock: BatcherClock = {
  setTimeout: (run, ms) => {
    const timer = setTimeout(run, ms);
    (timer as { unref?: () => void }).unref?.();
    return timer;
  },
  clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
};

/**
 * Collects changes per article and sends at most one message per article per
 * interval. The first change after a quiet interval goes out on the next
 * tick (changes made in the same tick travel together), later ones wait for
 * the interval to end: a reader waits at most one interval for any change.
 */
export class LiveBatcher {
  readonly #articles = new Map<string, ArticleState>();
  /** The last message number per article, least recently used first; outlives the article's quiet spells. */
  readonly #numbers = new Map<string, number>();

  constructor(
    private readonly intervalMs: number,
    private readonly send: (batch: LiveBatch) => void,
    private readonly clock: BatcherClock = systemClock,
    private readonly maxNumbered = 100_000,
  ) {}

  add(change: LiveChange): void {
    const key = `${change.siteId}\u0000${change.articleId}`;
    let state = this.#articles.get(key);
    if (!state) {
      state = { siteId: change.siteId, articleId: change.articleId, pending: null, timer: null };
      this.#articles.set(key, state);
    }
    state.pending ??= { comments: new Map(), removed: new Set(), reactions: new Map() };
    const pending = state.pending;
    if (change.kind === 'comment') {
      const { id } = change.comment;
      pending.removed.delete(id);
      // A later version of the same comment replaces the earlier one and takes its place in the order.
      pending.comments.delete(id);
      pending.comments.set(id, change.comment);
    } else if (change.kind === 'removed') {
      pending.comments.delete(change.id);
      pending.reactions.delete(change.id);
      pending.removed.add(change.id);
    } else if (!pending.removed.has(change.id)) {
      pending.reactions.delete(change.id);
      pending.reactions.set(change.id, change.reactions);
    }
    if (state.timer === null) state.timer = this.clock.setTimeout(() => this.#flush(key), 0);
  }

  /** Articles with changes waiting or an interval running (for metrics and tests). */
  get activeArticles(): number {
    return this.#articles.size;
  }

  close(): void {
    for (const state of this.#articles.values())
      if (state.timer !== null) this.clock.clearTimeout(state.timer);
    this.#articles.clear();
  }

  #flush(key: string): void {
    const state = this.#articles.get(key);
    if (!state) return;
    const pending = state.pending;
    if (!pending) {
      // A whole interval without a change: the next change goes out at once.
      this.#articles.delete(key);
      return;
    }
    state.pending = null;
    state.timer = this.clock.setTimeout(() => this.#flush(key), this.intervalMs);
    this.send(toBatch(state, this.#number(key), pending));
  }

  #number(key: string): number {
    const next = (this.#numbers.get(key) ?? 0) + 1;
    this.#numbers.delete(key);
    this.#numbers.set(key, next);
    if (this.#numbers.size > this.maxNumbered) this.#numbers.delete(this.#numbers.keys().next().value!);
    return next;
  }
}

/** Applies the bounds: what does not fit is counted in `more`. */
function toBatch(state: ArticleState, batch: number, pending: Pending): LiveBatch {
  const comments: PublicComment[] = [];
  let more = 0;
  let text = 0;
  for (const comment of pending.comments.values()) {
    const size = comment.body.length + comment.authorName.length;
    if (comments.length < BATCH_LIMITS.comments && text + size <= BATCH_LIMITS.text) {
      comments.push(comment);
      text += size;
    } else more++;
  }
  const removed = [...pending.removed];
  const reactions = [...pending.reactions].map(([id, counts]) => ({ id, reactions: counts }));
  more += Math.max(0, removed.length - BATCH_LIMITS.removed);
  more += Math.max(0, reactions.length - BATCH_LIMITS.reactions);
  return {
    siteId: state.siteId,
    articleId: state.articleId,
    batch,
    comments,
    more,
    removed: removed.slice(0, BATCH_LIMITS.removed),
    // The newest counts are the ones worth sending.
    reactions: reactions.slice(-BATCH_LIMITS.reactions),
  };
}
