/**
 * The write of one coalesced message to a group of readers, a slice of
 * sockets at a time.
 *
 * A room emit writes to every socket of the room in one synchronous stretch:
 * at 18,000 readers in 16 groups that is about 1,100 writes (20-50 µs each,
 * most of it the `writev` system call) during which a POST's database answer
 * or a new request waits. Here the message is encoded once, as socket.io's
 * adapter does for a room emit (the packet, and the WebSocket frame every
 * socket gets the same buffers of), and written to SOCKETS_PER_SLICE sockets;
 * the rest follow after the event loop has run what is waiting
 * (setImmediate). Messages are written in the order they were sent, so a
 * reader gets its group's messages in order.
 *
 * A slice per turn of the event loop is only as fast as the loop turns: on a
 * starved machine a turn took 30 ms and more, and one slice a turn wrote
 * fewer sockets a second than the readers needed (bench:readers at 5,000
 * readers under a load average of 25: the fan-out's p50 went from 30 ms to
 * 4 s). So a message that has waited MAX_WAIT_MS is written in full in the
 * next turn: slices where the loop turns fast, the old whole-group write
 * where it does not.
 */
import type { Namespace } from 'socket.io';

/** About 5 ms of writes on a core of its own: a post waits at most that long behind the fan-out. */
export const SOCKETS_PER_SLICE = 256;

/** How long a message's remaining sockets wait before the rest is written in one go. */
export const MAX_WAIT_MS = 20;

/** socket.io-parser's `PacketType.EVENT`. */
const EVENT = 2;

/** What the adapter's own broadcast hands to each socket's client: encoded once, written as is. */
type PacketOpts = { preEncoded: true; wsPreEncodedFrame?: unknown };

/**
 * The two steps of socket.io's in-memory adapter's `broadcast` this repeats
 * (socket.io 4.8, socket.io-adapter 2.5): `_encode` (the packet, and the
 * WebSocket frame when it is one text packet) and each client's
 * `writeToEngine`. Without them (another version) the room emit is used.
 */
interface AdapterSteps {
  _encode?: (packet: { type: number; data: unknown[]; nsp: string }, opts: PacketOpts) => unknown[];
}
interface ClientSteps {
  writeToEngine: (encoded: unknown[], opts: PacketOpts) => void;
}

interface Job {
  ids: readonly string[];
  next: number;
  queuedAt: number;
  write: (id: string) => void;
}

/**
 * Runs writes a slice at a time: the first slice at once, the next after
 * pending I/O. One queue, first in first out, for every message.
 */
export class SlicedWriter {
  readonly #jobs: Job[] = [];
  #scheduled = false;

  constructor(
    private readonly slice: number = SOCKETS_PER_SLICE,
    private readonly defer: (run: () => void) => void = setImmediate,
    /** A write that threw: the others go on. */
    private readonly onError: (err: unknown) => void = () => {},
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Calls `write` for every id, in order, after every message queued before. */
  enqueue(ids: readonly string[], write: (id: string) => void): void {
    if (ids.length === 0) return;
    this.#jobs.push({ ids, next: 0, queuedAt: this.now(), write });
    if (!this.#scheduled) this.#drain();
  }

  /** Writes still queued (for tests and metrics). */
  get pending(): number {
    let n = 0;
    for (const job of this.#jobs) n += job.ids.length - job.next;
    return n;
  }

  readonly #drain = (): void => {
    this.#scheduled = false;
    let budget = this.slice;
    const late = this.now() - MAX_WAIT_MS;
    while (this.#jobs.length > 0) {
      const job = this.#jobs[0]!;
      // A message that waited too long is written in full: the loop turns too slowly for slices.
      const overdue = job.queuedAt <= late;
      if (budget <= 0 && !overdue) break;
      const end = overdue ? job.ids.length : Math.min(job.ids.length, job.next + budget);
      budget -= end - job.next;
      while (job.next < end) {
        try {
          job.write(job.ids[job.next++]!);
        } catch (err) {
          this.onError(err);
        }
      }
      if (job.next === job.ids.length) this.#jobs.shift();
    }
    if (this.#jobs.length > 0) {
      this.#scheduled = true;
      this.defer(this.#drain);
    }
  };
}

/** Sends one event to the local sockets of a room of a namespace: encoded once, written in slices. */
export class ReaderFanout {
  readonly #writer: SlicedWriter;

  constructor(
    private readonly nsp: Namespace,
    writer: SlicedWriter = new SlicedWriter(),
  ) {
    this.#writer = writer;
  }

  /** Returns how many sockets the message is for. */
  send(room: string, event: string, payload: unknown): number {
    const members = this.nsp.adapter.rooms.get(room);
    if (!members?.size) return 0;
    const adapter = this.nsp.adapter as unknown as AdapterSteps;
    if (typeof adapter._encode !== 'function') {
      this.nsp.local.to(room).emit(event, payload);
      return members.size;
    }
    const opts: PacketOpts = { preEncoded: true };
    const encoded = adapter._encode.call(
      this.nsp.adapter,
      { type: EVENT, data: [event, payload], nsp: this.nsp.name },
      opts,
    );
    const sockets = this.nsp.sockets;
    // The members now: one who joins later gets the next message; one who left or is gone by their slice is skipped.
    this.#writer.enqueue([...members], (id) => {
      if (!members.has(id)) return;
      const socket = sockets.get(id);
      if (socket) (socket.client as unknown as ClientSteps).writeToEngine(encoded, opts);
    });
    return members.size;
  }
}
