/**
 * A least-recently-used cache whose entries also expire. Keys often come from
 * anonymous requests (a site id in a URL), so the cache must stay within
 * `maxEntries` whatever callers ask for. A Map keeps insertion order, which
 * makes it an LRU: a hit moves the key to the end, eviction takes the first.
 * Small enough to keep by hand; the lru-cache package in node_modules is only a
 * dev tool's dependency and an older major.
 */
export class BoundedCache<K, V> {
  readonly #entries = new Map<K, { value: V; expires: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  /** The value, or undefined when absent or expired (an expired entry is dropped). */
  get(key: K, now = Date.now()): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (entry.expires <= now) return undefined;
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** Whether get(key) would return a value: undefined is a legal cached value. */
  has(key: K, now = Date.now()): boolean {
    const entry = this.#entries.get(key);
    return entry !== undefined && entry.expires > now;
  }

  set(key: K, value: V, now = Date.now()): void {
    this.#entries.delete(key);
    while (this.#entries.size >= this.maxEntries) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, { value, expires: now + this.ttlMs });
  }

  delete(key: K): void {
    this.#entries.delete(key);
  }
}
