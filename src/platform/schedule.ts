/**
 * Runs a job in the process at start and then every `intervalMs`; a run that
 * is still going when the next is due is not doubled. Failures are the job's
 * to report: a run's rejection is passed to `onError`, and the next run comes
 * as planned. The timer does not keep the process alive.
 */
export class Schedule {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<unknown> | null = null;

  constructor(
    private readonly run: () => Promise<void>,
    private readonly intervalMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  start(): void {
    const tick = () => {
      if (this.#running) return;
      this.#running = this.run()
        .catch(this.onError)
        .finally(() => {
          this.#running = null;
        });
    };
    this.#timer = setInterval(tick, this.intervalMs);
    this.#timer.unref();
    setImmediate(tick);
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running?.catch(() => undefined);
  }
}

/** A poller's runs take at most about 1/POLL_SHARE of the time (of the database's, mostly). */
const POLL_SHARE = 5;
const MAX_POLL_BACKOFF_MS = 30_000;

/**
 * How long a poller waits before its next run: its interval, or longer when the
 * last run was slow. On a slow database a poll that took 1.2 s waits 4.8 s, not
 * 1 s, so background polls do not queue ahead of readers' requests on a busy
 * line (on the one-connection lane they wait in the same queue). Never more
 * than 30 s (or the interval, when that is longer).
 */
export function pollDelay(intervalMs: number, lastRunMs: number): number {
  const paced = (POLL_SHARE - 1) * lastRunMs;
  return Math.max(intervalMs, Math.min(paced, MAX_POLL_BACKOFF_MS));
}

/** What one run of a Poller's job found. */
export interface PollRun {
  /** It took (and handled) at least one item: the next look comes after the base interval. */
  worked: boolean;
  /** How long its last look for due work took (the database's answer time), for pollDelay. */
  lookMs: number;
  /** The earliest time (epoch ms) it knows work is due, such as a retry it put back; null: none. */
  nextDueAt: number | null;
}

/**
 * One run of an outbox job: claims due items one at a time and hands each to `handle`, until
 * none is due, `keepGoing()` says stop or `limit` items are done. `handle` answers the item's
 * retry time (epoch ms) when it was put back, else null; the run reports the earliest.
 */
export async function drainDue<T>(
  claim: () => Promise<T | null>,
  handle: (item: T) => Promise<number | null>,
  keepGoing: () => boolean,
  limit = Number.POSITIVE_INFINITY,
): Promise<PollRun> {
  const run: PollRun = { worked: false, lookMs: 0, nextDueAt: null };
  for (let done = 0; done < limit && keepGoing(); done++) {
    const asked = Date.now();
    const item = await claim().finally(() => {
      run.lookMs = Date.now() - asked;
    });
    if (!item) break;
    run.worked = true;
    const retryAt = await handle(item);
    if (retryAt !== null && (run.nextDueAt === null || retryAt < run.nextDueAt)) run.nextDueAt = retryAt;
  }
  return run;
}

/** How many due times a Poller remembers; later ones are found by the idle polls (within idleMaxMs). */
const MAX_KNOWN_DUE = 1000;

/**
 * Runs an outbox's job in the process: at start, again after `intervalMs` while
 * it finds work, and after each empty run it waits twice as long as after the
 * last, up to `idleMaxMs` (an idle instance sends one look every few seconds,
 * not several a second). Work this instance knows about does not wait for the
 * back-off: `wake(at)` (it wrote an outbox row due at `at`) and the run's own
 * `nextDueAt` (a retry it put back) run the job when that time comes. Rows
 * written by other instances, and leases of instances that died, are found by
 * the idle polls: within `idleMaxMs` of being due. A run that is still going
 * when it is woken is not doubled; the job runs again once it is done. The
 * timer does not keep the process alive.
 */
export class Poller {
  #timer: NodeJS.Timeout | null = null;
  #timerAt = Number.POSITIVE_INFINITY;
  #running: Promise<void> | null = null;
  #stopped = true;
  #idleMs: number;
  /** Due times this instance knows of, ascending. */
  #knownDue: number[] = [];

  constructor(
    private readonly run: () => Promise<PollRun>,
    private readonly options: { intervalMs: number; idleMaxMs: number },
    private readonly onError: (err: unknown) => void,
  ) {
    this.#idleMs = options.intervalMs;
  }

  start(): void {
    this.#stopped = false;
    this.#idleMs = this.options.intervalMs;
    this.#arm(Date.now());
  }

  /** Stops the timer and waits for a run in progress; what is due stays due for the next start. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#disarm();
    await this.#running;
  }

  /** Work is due at `at` (epoch ms; now when left out): run the job then, whatever the back-off. */
  wake(at = Date.now()): void {
    if (this.#stopped) return;
    this.#remember(at);
    // A run in progress may already have looked: the time is remembered, and its end arms the timer.
    if (!this.#running && at < this.#timerAt) this.#arm(at);
  }

  #remember(at: number): void {
    const due = this.#knownDue;
    let i = due.length;
    while (i > 0 && due[i - 1]! > at) i--;
    due.splice(i, 0, at);
    if (due.length > MAX_KNOWN_DUE) due.pop();
  }

  #disarm(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#timerAt = Number.POSITIVE_INFINITY;
  }

  #arm(at: number): void {
    if (this.#stopped) return;
    this.#disarm();
    this.#timerAt = at;
    this.#timer = setTimeout(() => this.#tick(), Math.max(0, at - Date.now()));
    this.#timer.unref();
  }

  #tick(): void {
    this.#disarm();
    const started = Date.now();
    let result: PollRun = { worked: false, lookMs: 0, nextDueAt: null };
    this.#running = this.run()
      .then(
        (r) => {
          result = r;
        },
        (err) => this.onError(err),
      )
      .finally(() => {
        this.#running = null;
        // Times that had come when the run started were covered by its look.
        const covered = this.#knownDue.findIndex((at) => at >= started);
        this.#knownDue.splice(0, covered === -1 ? this.#knownDue.length : covered);
        if (result.nextDueAt !== null) this.#remember(result.nextDueAt);
        this.#idleMs = result.worked
          ? this.options.intervalMs
          : Math.min(this.#idleMs * 2, Math.max(this.options.intervalMs, this.options.idleMaxMs));
        const now = Date.now();
        const polled = now + pollDelay(this.#idleMs, result.lookMs);
        const known = this.#knownDue[0] ?? Number.POSITIVE_INFINITY;
        this.#arm(Math.max(now, Math.min(polled, known)));
      });
  }
}
