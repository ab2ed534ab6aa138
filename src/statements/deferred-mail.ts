import type { Logger } from '../platform/logger.js';

/**
 * E-mail about a decision its moderator may still undo (the workbench's `u`,
 * within UNDO_WINDOW_MS): held until the undo window has passed, then sent
 * only if the decision still stands. A writer or notifier is never told about
 * a rejection that was taken back seconds later. The check reads the database,
 * so an undo through another instance counts too.
 *
 * The hold lives in this process: a crash during it loses the e-mail, never
 * the statement or the notice decision (both are stored, and the writer and
 * the notifier read them through the API). On shutdown the held messages are
 * checked and sent at once.
 */
export class DeferredMail {
  readonly #held = new Map<string, { timer: NodeJS.Timeout; run: () => Promise<void> }>();

  constructor(
    private readonly delayMs: number,
    private readonly logger: Logger,
  ) {}

  /** `key` names the decision: scheduling it again (a retried hook) keeps the first. */
  hold(key: string, stillStands: () => Promise<boolean>, send: () => Promise<unknown>): void {
    if (this.#held.has(key)) return;
    const run = async () => {
      this.#held.delete(key);
      try {
        if (await stillStands()) await send();
        else this.logger.info({ key }, 'e-mail not sent: the decision was undone');
      } catch (err) {
        this.logger.warn({ err, key }, 'held e-mail not sent');
      }
    };
    const timer = setTimeout(() => void run(), this.delayMs);
    timer.unref();
    this.#held.set(key, { timer, run });
  }

  get size(): number {
    return this.#held.size;
  }

  /** Shutdown: what is still held is checked and sent now (before the mailer closes). */
  async flush(): Promise<void> {
    const held = [...this.#held.values()];
    for (const { timer } of held) clearTimeout(timer);
    await Promise.all(held.map(({ run }) => run()));
  }
}
