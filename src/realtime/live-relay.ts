import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../platform/logger.js';
import type { LiveChange } from './live-batches.js';

/** A site's queue changed: each instance counts it for its own moderators, if it has any. */
export interface CountsNotice {
  siteId: string;
  stream: 'comments' | 'submissions';
}

/** An article's record changed (closed, opened, its mode or metadata): other instances drop their entry. */
export interface ArticleNotice {
  siteId: string;
  articleId: string;
}

type RelayMessage =
  | { origin: string; change: LiveChange }
  | { origin: string; counts: CountsNotice }
  | { origin: string; article: ArticleNotice };

/**
 * Passes reader-visible changes between instances over Redis pub/sub, so
 * every instance can batch all of an article's changes for its own readers,
 * and tells the others when a site's queue changed, so the instances with a
 * moderator of the site connected count it for them.
 * Our own channel rather than the adapter's serverSideEmit: that one drops
 * the promise of its PUBLISH, and every change made while Redis is down
 * became an unhandled rejection. A change published while Redis is down is
 * lost for the other instances' coalesced readers, as the adapter's own
 * broadcasts are; it is logged once per outage.
 */
export class LiveRelay {
  readonly #id = randomUUID();
  readonly #subscriber: Redis;
  #failing = false;

  constructor(
    private readonly redis: Redis,
    private readonly channel: string,
    receive: (change: LiveChange) => void,
    private readonly logger: Logger,
    receiveCounts: (notice: CountsNotice) => void = () => undefined,
    receiveArticle: (notice: ArticleNotice) => void = () => undefined,
  ) {
    this.#subscriber = redis.duplicate({ connectionName: 'ordskifte-live-relay' });
    this.#subscriber.on('error', () => undefined); // the adapter's client already reports an outage
    this.#subscriber.subscribe(channel).catch(() => undefined); // ioredis resubscribes on reconnect
    this.#subscriber.on('message', (from: string, raw: string) => {
      if (from !== channel) return;
      try {
        const message = JSON.parse(raw) as RelayMessage;
        if (message.origin === this.#id) return;
        if ('counts' in message) receiveCounts(message.counts);
        else if ('article' in message) receiveArticle(message.article);
        else receive(message.change);
      } catch (err) {
        this.logger.warn({ err }, 'unreadable live change from another instance');
      }
    });
  }

  send(change: LiveChange): void {
    this.#publish({ origin: this.#id, change });
  }

  sendCounts(counts: CountsNotice): void {
    this.#publish({ origin: this.#id, counts });
  }

  sendArticle(article: ArticleNotice): void {
    this.#publish({ origin: this.#id, article });
  }

  #publish(message: RelayMessage): void {
    this.redis
      .publish(this.channel, JSON.stringify(message))
      .then(() => {
        this.#failing = false;
      })
      .catch((err: Error) => {
        if (!this.#failing)
          this.logger.warn({ err: err.message }, 'live change not passed to other instances');
        this.#failing = true;
      });
  }

  close(): void {
    this.#subscriber.disconnect();
  }
}
