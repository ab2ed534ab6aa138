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
