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

/** Folds one change into what a message will carry: the later state of a comment wins. */
function fold(pending: Pending, change: LiveChange): void {
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
}

/** Where one group of an article's readers is in the article's changes. */
interface GroupState {
  /** Index (in the article's change log) of the first change this group has not been sent. */
  cursor: number;
}

interface ArticleState {
  siteId: string;
  articleId: string;
  /** Changes not yet sent to every group, oldest first; `log[0]` has index `base`. */
  log: LiveChange[];
  base: number;
  groups: Map<number, GroupState>;
  /**
   * The article's next step (a round, or a turn of one), or the handle of
   * the one that is running: a round is due or running while it is not null.
   */
  timer: unknown;
  /** Whether `timer` is a deferred turn (setImmediate) rather than a timeout. */
  deferred: boolean;
  /**
   * When the round was due (not when its timer fired): rounds are an
   * interval apart on this schedule, so a timer that fires late (the event
   * loop was busy) does not push every later round back.
   */
  roundStart: number;
  /** Whether this round's turns are spread over the interval (a large article) or all at its start. */
  spread: boolean;
  sentInRound: boolean;
}

/** The last message of one group of an article's readers. */
interface Sent {
  number: number;
  /** When it was due on the article's schedule: the group's next is due an interval later. */
  due: number;
  /** When it went out. */
  at: number;
}

export interface BatcherClock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
  /** Runs `run` after pending I/O (setImmediate): the next group's send lets requests in first. */
  defer(run: () => void): unknown;
  clearDefer(handle: unknown): void;
}

/**
 * How long turns that are due together (a round that fell behind) send to one group after another before they let waiting
 * I/O in: a group of 1,100 readers takes about this long, a few small groups
 * go together.
 */
const SLICE_MS = 15;

/** Which groups of an article's readers have a reader here (socket.io rooms with local members). */
export type GroupsOf = (siteId: string, articleId: string) => readonly number[];

/**
 * Collects changes per article and sends each reader at most one message per
 * article per interval, and no change waits longer than an interval.
 *
 * An article's readers are split into groups (see `readerGroup` in
 * events.ts), and a round's turns are spread evenly over the interval: of
 * `groupCount` groups, group g is sent to g/groupCount of an interval after
 * the round starts (if it has readers), and its message carries every change
 * handed over until its turn. So a large
 * article's fan-out is one group's sockets at a time with the event loop free
 * in between (for posts, and for whatever shares the cores), not a burst of
 * every socket at the start of the round; and since a group's turns are an
 * interval apart, a change waits at most an interval for its group's next
 * one, on average half. The first change after a quiet interval starts a
 * round on the next tick (changes made in the same tick travel together):
 * group 0 gets it at once, the others at their turns. Turns that are
 * due together (a round that fell behind) send back to back, letting waiting
 * I/O in every SLICE_MS. Each group has its own numbering.
 *
 * The schedule is fixed from the change that started it: round n is due n
 * intervals after, and a group's turns an interval apart on it, whenever
 * their timers fire. So each group gets at most one message in each interval
 * of its schedule, and a timer that fires late (the event loop was busy)
 * delays that one message, not every one after it: a change waits at most an
 * interval plus one timer's lateness. (When each round was timed from when
 * the last one ran, every late timer pushed the schedule back, and under
 * load the wait's p99 was the interval plus a few lateness.) A message that
 * went out very late is followed by the next no sooner than half an
 * interval after it; a round a whole interval late starts the schedule anew.
 */
export class LiveBatcher {
  readonly #articles = new Map<string, ArticleState>();
  /** The last message per article and group, least recently used first; outlives the article's quiet spells. */
  readonly #sent = new Map<string, Sent>();

  constructor(
    private readonly intervalMs: number,
    private readonly send: (batch: LiveBatch, group: number) => void,
    private readonly clock: BatcherClock,
    private readonly maxNumbered = 100_000,
    private readonly groupsOf: GroupsOf = () => [0],
    /** How many groups there can be (numbered from 0): group g's turn is g/groupCount of an interval into a round. */
    private readonly groupCount = 1,
    /**
     * Whether an article's turns are spread over the interval (asked at each
     * round). An article with few readers here is not: its fan-out is no
     * burst, so every group has its turn at the round's start, and the first
     * change after a quiet interval reaches all of its readers at once.
     */
    private readonly spreads: (siteId: string, articleId: string) => boolean = () => true,
  ) {}

  add(change: LiveChange): void {
    const key = `${change.siteId}\u0000${change.articleId}`;
    let state = this.#articles.get(key);
    if (!state) {
      state = {
        siteId: change.siteId,
        articleId: change.articleId,
        log: [],
        base: 0,
        groups: new Map(),
        timer: null,
        deferred: false,
        roundStart: 0,
        spread: true,
        sentInRound: false,
      };
      this.#articles.set(key, state);
    }
    state.log.push(change);
    if (state.timer === null) {
      // The schedule starts with this change: its round is due now, and runs on the next tick.
      const due = this.clock.now();
      state.timer = this.clock.setTimeout(() => this.#round(key, due), 0);
    }
  }

  /** Articles with changes waiting or an interval running (for metrics and tests). */
  get activeArticles(): number {
    return this.#articles.size;
  }

  close(): void {
    for (const state of this.#articles.values()) this.#stop(state);
    this.#articles.clear();
  }

  #stop(state: ArticleState): void {
    if (state.timer === null) return;
    if (state.deferred) this.clock.clearDefer(state.timer);
    else this.clock.clearTimeout(state.timer);
    state.timer = null;
  }

  /** `scheduled`: when the round was due, on the schedule its article's first change started. */
  #round(key: string, scheduled: number): void {
    const state = this.#articles.get(key);
    if (!state) return;
    const now = this.clock.now();
    // Late by a whole interval or more (a starved process): start the schedule anew rather than catch up in a burst.
    state.roundStart = now - scheduled < this.intervalMs ? scheduled : now;
    state.sentInRound = false;
    state.spread = this.spreads(state.siteId, state.articleId);
    const groups = [...this.groupsOf(state.siteId, state.articleId)].sort((a, b) => a - b);
    // A group nobody is in any more needs nothing: its changes are dropped with it.
    for (const group of state.groups.keys()) if (!groups.includes(group)) state.groups.delete(group);
    // A group whose first reader came since gets what is still held, not sent to every group yet;
    // it is held for it from now on, before any turn of this round lets go of what the others have.
    for (const group of groups) if (!state.groups.has(group)) state.groups.set(group, { cursor: state.base });
    this.#turn(key, state, groups, 0);
  }

  #turn(key: string, state: ArticleState, groups: number[], from: number): void {
    if (this.#articles.get(key) !== state) return;
    const sliceStart = this.clock.now();
    for (let i = from; i < groups.length; i++) {
      const due = this.#due(state, groups[i]!) - this.clock.now();
      if (due > 0) {
        this.#wait(state, () => this.#turn(key, state, groups, i), due);
        return;
      }
      if (i > from && this.clock.now() - sliceStart >= SLICE_MS) {
        // Turns due together: requests waiting (a post, say) go first; their changes reach the groups still to come.
        state.timer = this.clock.defer(() => this.#turn(key, state, groups, i));
        state.deferred = true;
        return;
      }
      const group = groups[i]!;
      const at = state.groups.get(group)!;
      const end = state.base + state.log.length;
      if (at.cursor < end) {
        const sentKey = `${key}\u0000${group}`;
        const last = this.#sent.get(sentKey);
        // At most one message per interval to a reader: an interval after the last was due, and (if that
        // one went out very late) never less than half an interval after it went out.
        const due = Math.max(this.#due(state, group), last ? last.due + this.intervalMs : -Infinity);
        const early = last ? Math.max(due, last.at + this.intervalMs / 2) - this.clock.now() : 0;
        if (early > 0) {
          this.#wait(state, () => this.#turn(key, state, groups, i), early);
          return;
        }
        const pending: Pending = { comments: new Map(), removed: new Set(), reactions: new Map() };
        for (let c = at.cursor; c < end; c++) fold(pending, state.log[c - state.base]!);
        at.cursor = end;
        state.sentInRound = true;
        this.send(toBatch(state, this.#number(sentKey, due), pending), group);
        this.#trim(state);
      }
    }
    this.#endRound(key, state);
  }

  /**
   * When a group's turn comes in the round: by its number, not by its place
   * among the groups with readers now, so its turns stay an interval apart
   * when another group gains its first reader or loses its last.
   */
  #due(state: ArticleState, group: number): number {
    if (!state.spread) return state.roundStart;
    return state.roundStart + ((group % this.groupCount) * this.intervalMs) / this.groupCount;
  }

  #endRound(key: string, state: ArticleState): void {
    this.#trim(state);
    if (!state.sentInRound && state.log.length === 0) {
      // A whole interval without a change: the next change goes out at once.
      this.#articles.delete(key);
      return;
    }
    // The next round is due an interval after this one was: its timer firing late moves nothing after it.
    const next = state.roundStart + this.intervalMs;
    this.#wait(state, () => this.#round(key, next), Math.max(0, next - this.clock.now()));
  }

  /**
   * The article's next step. `timer` keeps the handle of the step that is
   * running until the next is set, so a change handed over meanwhile does not
   * start a second round beside it.
   */
  #wait(state: ArticleState, run: () => void, ms: number): void {
    state.timer = this.clock.setTimeout(run, ms);
    state.deferred = false;
  }

  /** Drops the changes every group has been sent. */
  #trim(state: ArticleState): void {
    let lowest = state.base + state.log.length;
    for (const { cursor } of state.groups.values()) lowest = Math.min(lowest, cursor);
    if (lowest > state.base) {
      state.log.splice(0, lowest - state.base);
      state.base = lowest;
    }
  }

  #number(key: string, due: number): number {
    const next = (this.#sent.get(key)?.number ?? 0) + 1;
    this.#sent.delete(key);
    this.#sent.set(key, { number: next, due, at: this.clock.now() });
    if (this.#sent.size > this.maxNumbered) this.#sent.delete(this.#sent.keys().next().value!);
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
