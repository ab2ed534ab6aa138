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
