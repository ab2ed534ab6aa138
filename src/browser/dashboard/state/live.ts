/**
 * The /moderation socket: joins the site room with the last seq of each
 * stream, refetches after a reconnect or resync, and turns every event into
 * a store change. Nothing here touches the DOM.
 */
import { effect } from '@preact/signals';
import type { ModComment } from '../../../comments/comment.js';
import type { EditorSubmission } from '../../../submissions/submission.js';
import type { ClaimPayload, JoinResult, QueueCountsPayload } from '../../../realtime/events.js';
import { SequencedStream } from '../../../realtime/sequenced-stream.js';
import { LiveSocket } from '../../shared/socket-client.js';
import * as accountability from './accountability.js';
import { loadCatalogue } from './catalogue.js';
import * as queue from './queue.js';
import { isEditor, isModerator, online, site } from './session.js';
import * as submissions from './submissions.js';

type Seq<T> = T & { seq: number; siteId: string };

let socket: LiveSocket | null = null;
let syncing = 0;
let onUnauthorized: () => void = () => undefined;

/** Notices and appeals share the comments stream (one seq): the same order, replay and resync. */
const caseEvents = ['notice.received', 'notice.decided', 'appeal.received', 'appeal.decided'] as const;

const comments = new SequencedStream<Seq<ModComment>>({
  deliver: (type, event) =>
    type.startsWith('comment.')
      ? queue.applyEvent(event)
      : accountability.applyCaseEvent(type, event as unknown as Record<string, unknown>),
  rejoin: (lastSeq) => rejoin({ comments: lastSeq }),
  onResync: () => scheduleSync(),
});

const pieces = new SequencedStream<Seq<EditorSubmission>>({
  deliver: (_type, event) => submissions.applyEvent(event),
  rejoin: (lastSeq) => rejoin({ submissions: lastSeq }),
  onResync: () => scheduleSync(),
});

/** Both streams may ask for a resync at once (a site change): one join answers both. */
let syncScheduled = false;
function scheduleSync(): void {
  if (syncScheduled) return;
  syncScheduled = true;
  queueMicrotask(() => {
    syncScheduled = false;
    void sync();
  });
}

function rejoin(lastSeq: { comments?: number; submissions?: number }): void {
  if (socket?.connected) void socket.request('join', { siteId: site.peek(), lastSeq }).catch(() => undefined);
}

/**
 * (Re)joins the site room with the last seq seen, then refetches: after a
 * reconnect, a resync or a site change the lists are the server's.
 */
export async function sync(): Promise<void> {
  const siteId = site.peek();
  if (!siteId || !socket?.connected) return;
  const run = ++syncing;
  const lastSeq: { comments?: number; submissions?: number } = {};
  if (comments.lastSeq !== null) lastSeq.comments = comments.lastSeq;
  if (pieces.lastSeq !== null) lastSeq.submissions = pieces.lastSeq;
  let ack: JoinResult;
  try {
    ack = await socket.request<JoinResult>('join', { siteId, lastSeq });
  } catch {
    return;
  }
  if (run !== syncing || !ack.ok) return;
  if (ack.counts) queue.counts.value = ack.counts;
  if (ack.submissionCounts) submissions.counts.value = ack.submissionCounts;
  queue.setClaims(ack.claims);
  if (isModerator.peek()) {
    // The catalogue brings the site's time zone: every view's dates follow it, not only the queue's.
    const [status] = await Promise.all([queue.loadQueue(), accountability.refresh(), loadCatalogue()]);
    if (status === 401) return onUnauthorized();
  }
  if (run !== syncing) return;
  comments.start(ack.lastSeq.comments ?? 0);
  if (isEditor.peek()) await submissions.reload();
  if (run === syncing) pieces.start(ack.lastSeq.submissions ?? 0);
}

/** Opens the socket for a logged-in user; `unauthorized` runs when the session is gone. */
export function connect(unauthorized: () => void): void {
  disconnect();
  onUnauthorized = unauthorized;
  const s = new LiveSocket(location.origin, '/moderation', { maxDelayMs: 5000 });
  socket = s;
  s.on('connect', () => {
    online.value = true;
    void sync();
  });
  s.on('disconnect', () => {
    online.value = false;
  });
  s.on<string>('connect_error', (message) => {
    if (message === 'unauthorized') onUnauthorized();
  });
  const forSite =
    <T extends { siteId: string }>(apply: (event: T) => void) =>
    (event: T) => {
      if (event.siteId === site.peek()) apply(event);
    };
  s.on(
    'comment.created',
    forSite<Seq<ModComment>>((e) => comments.accept('comment.created', e)),
  );
  s.on(
    'comment.updated',
    forSite<Seq<ModComment>>((e) => comments.accept('comment.updated', e)),
  );
  for (const type of caseEvents) {
    s.on(
      type,
      forSite<Seq<ModComment>>((e) => comments.accept(type, e)),
    );
  }
  s.on(
    'submission.created',
    forSite<Seq<EditorSubmission>>((e) => pieces.accept('submission.created', e)),
  );
  s.on(
    'submission.updated',
    forSite<Seq<EditorSubmission>>((e) => pieces.accept('submission.updated', e)),
  );
  s.on(
    'queue.counts',
    forSite<QueueCountsPayload & { siteId: string }>(({ siteId: _, ...counts }) => {
      queue.counts.value = counts;
    }),
  );
  s.on(
    'submission.counts',
    forSite<{ siteId: string; counts: Record<string, number> }>((e) => {
      submissions.applyCounts(e.counts);
    }),
  );
  s.on('comment.claimed', forSite<ClaimPayload>(queue.claimed));
  s.on('comment.released', forSite<ClaimPayload>(queue.released));
  s.on(
    'resync',
    forSite<{ siteId: string; stream: string }>((e) => {
      if (e.stream === 'comments') comments.resync();
      else pieces.resync();
    }),
  );
}

export function disconnect(): void {
  socket?.close();
  socket = null;
  online.value = false;
}

/** Tells colleagues which item this moderator has open (a claim warns, never blocks). */
export function claim(id: string | null, previous: string | null): void {
  if (!socket?.connected) return;
  if (previous && previous !== id) socket.emit('release', { commentId: previous });
  if (id) socket.emit('claim', { commentId: id });
}

/** A site change starts both streams over from a fresh join. */
let lastSite = '';
effect(() => {
  const current = site.value;
  if (current === lastSite) return;
  lastSite = current;
  queue.resetQueue(queue.queueName.peek());
  accountability.reset();
  submissions.reset();
  comments.resync();
  pieces.resync();
});
