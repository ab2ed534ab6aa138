/**
 * Client side of the sequenced moderation events (browser-safe: no Node
 * imports). One instance follows one stream of one site (`comments` or
 * `submissions`): it remembers the last seq applied, drops duplicates, holds
 * events that arrive ahead of a gap for a moment, asks for a re-join with the
 * last seq when the gap does not close, and starts over from a snapshot when
 * the server says `resync`.
 *
 * Typical use in the dashboard:
 *   join({ siteId }) → ack.lastSeq.comments = n → fetch the queue → stream.start(n)
 *   every sequenced event → stream.accept(type, event)
 *   reconnect → join({ siteId, lastSeq: stream.lastSeq }) (the replay goes through accept)
 *   `resync` → stream.resync() → onResync fetches the queue again and calls start(n)
 */

export interface SequencedEvent {
  seq: number;
}

export interface SequencedStreamOptions<E extends SequencedEvent> {
  /** Applies one event; called exactly once per seq, in seq order. */
  deliver: (type: string, event: E) => void;
  /** Asks the server to replay from `lastSeq` (emit `join` with it). */
  rejoin: (lastSeq: number) => void;
  /** The log cannot fill the gap: refetch the snapshot, then call `start` with its seq. */
  onResync: (reason: string) => void;
  /** How long an out-of-order event waits for the ones before it (default 400 ms). */
  gapWaitMs?: number;
  /** Most events held while waiting; beyond that the stream resyncs (default 2000). */
  maxBuffered?: number;
  /** Timer functions (tests pass fakes). */
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export type AcceptResult = 'delivered' | 'duplicate' | 'buffered';

export class SequencedStream<E extends SequencedEvent = SequencedEvent> {
  #last: number | null = null;
  readonly #held = new Map<number, { type: string; event: E }>();
  #timer: unknown = null;
  #rejoinsWithoutProgress = 0;
  readonly #opts: Required<SequencedStreamOptions<E>>;

  constructor(options: SequencedStreamOptions<E>) {
    this.#opts = {
      gapWaitMs: 400,
      maxBuffered: 2000,
      setTimer: (run, ms) => setTimeout(run, ms),
      clearTimer: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout>),
      ...options,
    };
  }

  /** The last seq applied, or null before `start` (send it as `lastSeq` when re-joining). */
  get lastSeq(): number | null {
    return this.#last;
  }

  /** Events held back, waiting for a gap to close (or for `start`). */
  get buffered(): number {
    return this.#held.size;
  }

  /** Begins (or begins again) at the seq a snapshot reflects; held events after it are applied. */
  start(seq: number): void {
    this.#last = seq;
    this.#rejoinsWithoutProgress = 0;
    for (const held of [...this.#held.keys()]) if (held <= seq) this.#held.delete(held);
    this.#drain();
  }

  /** Takes one event as it arrives from the socket (live or replayed). */
  accept(type: string, event: E): AcceptResult {
    const seq = event.seq;
    if (!Number.isInteger(seq) || seq < 1) return 'duplicate';
    if (this.#last !== null && seq <= this.#last) return 'duplicate';
    if (this.#held.has(seq)) return 'duplicate';
    if (this.#last !== null && seq === this.#last + 1) {
      this.#apply(seq, type, event);
      this.#drain();
      return 'delivered';
    }
    this.#held.set(seq, { type, event });
    if (this.#held.size > this.#opts.maxBuffered) {
      this.resync('too many events waiting for a gap to close');
      return 'buffered';
    }
    this.#armGapTimer();
    return 'buffered';
  }

  /** The server's `resync` (or our own decision): forget everything and refetch. */
  resync(reason = 'the event log no longer reaches back'): void {
    this.#held.clear();
    this.#last = null;
    this.#disarm();
    this.#opts.onResync(reason);
  }

  /** Stops the timer (component unmounted). */
  dispose(): void {
    this.#disarm();
    this.#held.clear();
  }

  #apply(seq: number, type: string, event: E): void {
    this.#last = seq;
    this.#rejoinsWithoutProgress = 0;
    this.#opts.deliver(type, event);
  }

  #drain(): void {
    if (this.#last === null) return;
    for (let next = this.#held.get(this.#last + 1); next; next = this.#held.get(this.#last + 1)) {
      this.#held.delete(this.#last + 1);
      this.#apply(this.#last + 1, next.type, next.event);
    }
    if (this.#held.size === 0) this.#disarm();
    else this.#armGapTimer();
  }

  #armGapTimer(): void {
    if (this.#timer !== null || this.#last === null) return;
    this.#timer = this.#opts.setTimer(() => {
      this.#timer = null;
      if (this.#held.size === 0 || this.#last === null) return;
      // Two re-joins that filled nothing: the events are gone, start over.
      if (++this.#rejoinsWithoutProgress > 2) return this.resync('missing events were not replayed');
      this.#opts.rejoin(this.#last);
      this.#armGapTimer();
    }, this.#opts.gapWaitMs);
  }

  #disarm(): void {
    if (this.#timer !== null) this.#opts.clearTimer(this.#timer);
    this.#timer = null;
  }
}
