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
  readonly #windows = new Map<string, { dirty: boolean; timer?: NodeJS.Timeout }>();

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
    const window = { dirty: false };
    this.#windows.set(counts.id, window);
    this.#sent(counts, window);
  }

  /** The next push of this comment may go `intervalMs` after this one. */
  #sent(counts: ReactionCounts, window: { dirty: boolean; timer?: NodeJS.Timeout }): void {
    this.send(counts);
    const { id, siteId, articleId } = counts;
    window.timer = setTimeout(() => void this.#close({ id, siteId, articleId }, window), this.intervalMs);
    window.timer.unref();
  }

  async #close(
    target: Omit<ReactionCounts, 'reactions'>,
    window: { dirty: boolean; timer?: NodeJS.Timeout },
  ): Promise<void> {
    if (!window.dirty) {
      this.#windows.delete(target.id);
      return;
    }
    // Still open while counting: changes meanwhile wait for the next push.
    window.dirty = false;
    window.timer = undefined;
    try {
      this.#sent({ ...target, reactions: await this.recount(target.id) }, window);
    } catch (err) {
      this.#windows.delete(target.id);
      this.logger.warn({ err, commentId: target.id }, 'reaction counts not pushed');
    }
  }

  close(): void {
    for (const window of this.#windows.values()) clearTimeout(window.timer);
    this.#windows.clear();
  }
}
