import type { Logger } from '../../platform/logger.js';
import type { ReactionKind } from '../comment.js';

export interface ReactionCounts {
  id: string;
  siteId: string;
  articleId: string;
  reactions: Record<ReactionKind, number>;
}

/**
 * Pushes a comment's reaction counts to its readers at most once per
 * interval: the first change goes out at once, changes within the interval
 * are folded into one more push at its end, with the count as it is then
 * (read fresh, so the last push is always exact). Per process: with several
 * instances each keeps its own interval.
 */
export class ReactionPush {
  readonly #windows = new Map<
    string,
    { timer: NodeJS.Timeout; dirty: boolean; target: Omit<ReactionCounts, 'reactions'> }
  >();

  constructor(
    private readonly send: (counts: ReactionCounts) => void,
    private readonly recount: (commentId: string) => Promise<Record<ReactionKind, number>>,
    private readonly logger: Logger,
    private readonly intervalMs = 1000,
  ) {}

  /** A comment's counts changed; `counts` is what the change itself counted. */
  changed(counts: ReactionCounts): void {
    const open = this.#windows.get(counts.id);
    if (open) {
      open.dirty = true;
      return;
    }
    this.send(counts);
    this.#open(counts);
  }

  #open(target: Omit<ReactionCounts, 'reactions'>): void {
    const timer = setTimeout(() => void this.#close(target.id), this.intervalMs);
    timer.unref();
    this.#windows.set(target.id, { timer, dirty: false, target });
  }

  async #close(id: string): Promise<void> {
    const window = this.#windows.get(id);
    this.#windows.delete(id);
    if (!window?.dirty) return;
    const { target } = window;
    // The next interval starts now, so changes while counting are not lost.
    this.#open(target);
    try {
      this.send({ ...target, reactions: await this.recount(id) });
    } catch (err) {
      this.logger.warn({ err, commentId: id }, 'reaction counts not pushed');
    }
  }

  close(): void {
    for (const window of this.#windows.values()) clearTimeout(window.timer);
    this.#windows.clear();
  }
}
