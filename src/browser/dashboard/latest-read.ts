/**
 * Answers to reads can arrive out of order, and applying an answer to an
 * earlier read would put back an older state (a note just added, an action
 * just taken, would seem to vanish). `start()` marks a new read and returns a
 * check that stays true only while no later read has started; `join()` does
 * the same for a read that extends the current one (a "load more", stale once
 * a full read replaces the list).
 */
export class LatestRead {
  #started = 0;

  start(): () => boolean {
    const read = ++this.#started;
    return () => read === this.#started;
  }

  join(): () => boolean {
    const read = this.#started;
    return () => read === this.#started;
  }
}
