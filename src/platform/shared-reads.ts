/**
 * Concurrent cache misses of one key share one database read. When a cached
 * entry (a site, an article) expires under load, every request in flight
 * missed it at once and each sent its own read: at 50 concurrent POSTs the
 * 3-second site cache sent a read on a third of the posts. A write forgets the
 * read in flight, so its result (possibly older than the write) is neither
 * handed to later callers nor kept.
 */
export class SharedReads<K, V> {
  readonly #reads = new Map<K, Promise<V>>();

  /** Reads in flight. */
  get size(): number {
    return this.#reads.size;
  }

  /** The read in flight for `key`, or a new one; `keep` stores its result unless a write came first. */
  load(key: K, read: () => Promise<V>, keep: (value: V) => void): Promise<V> {
    const running = this.#reads.get(key);
    if (running) return running;
    const reading: Promise<V> = read()
      .then((value) => {
        if (this.#reads.get(key) === reading) keep(value);
        return value;
      })
      .finally(() => {
        if (this.#reads.get(key) === reading) this.#reads.delete(key);
      });
    this.#reads.set(key, reading);
    return reading;
  }

  /** A write changed `key`: callers from now on read again, and the read in flight is not kept. */
  forget(key: K): void {
    this.#reads.delete(key);
  }
}
