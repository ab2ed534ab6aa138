import type { PublicComment } from '../../comments/comment.js';
import type { LiveBatch } from '../../realtime/live-batches.js';
import type { LiveSocket } from '../shared/socket-client.js';

/** What an article's widget does with what it learns live. */
export interface LiveHandlers {
  published(comment: PublicComment): void;
  removed(id: string): void;
  reactions(id: string, reactions: PublicComment['reactions']): void;
  /** New comments a coalesced message only counted (over its size bound): fetched when the reader asks. */
  unseen(n: number): void;
  /** Fetch the newest page again: after a reconnect, or now and then while the socket is down. */
  catchUp(): void;
}

/** How often the first page is fetched again while the live connection is down. */
const POLL_WITHOUT_SOCKET_MS = 30_000;

/**
 * Every live update of one article's widget comes through here: the `/live`
 * subscription (coalesced: one `comments.changed` a second however busy the
 * article), the catch-up after a reconnect, and polling where WebSockets
 * cannot get through (some proxies). Returns the unsubscriber.
 */
export function followArticle(
  socket: LiveSocket,
  siteId: string,
  articleId: string,
  on: LiveHandlers,
): () => void {
  const here = (p: { siteId?: string; articleId?: string }) =>
    p.siteId === siteId && p.articleId === articleId;
  const join = () => socket.emit('subscribe', { siteId, articleId, coalesce: true });
  let first = !socket.connected;
  const offs = [
    socket.on('connect', () => {
      join();
      // After a reconnect, anything missed arrives with the newest page.
      if (!first) on.catchUp();
      first = false;
    }),
    socket.on<LiveBatch>('comments.changed', (batch) => {
      if (!here(batch)) return;
      for (const comment of batch.comments) on.published(comment);
      for (const id of batch.removed) on.removed(id);
      for (const { id, reactions } of batch.reactions) on.reactions(id, { respect: reactions.respect ?? 0 });
      if (batch.more > 0) on.unseen(batch.more);
    }),
    // The reader's own shadow-hidden comments still come one by one, to their own room.
    socket.on<PublicComment>('comment.published', (c) => here(c) && on.published(c)),
  ];
  if (socket.connected) join();
  const poll = setInterval(() => {
    if (!socket.connected && document.visibilityState === 'visible') on.catchUp();
  }, POLL_WITHOUT_SOCKET_MS);
  return () => {
    clearInterval(poll);
    for (const off of offs) off();
    if (socket.connected) socket.emit('unsubscribe', { siteId, articleId });
  };
}
