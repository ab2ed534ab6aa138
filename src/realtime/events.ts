/**
 * Typed socket events shared by the server, the widget and the dashboard.
 * Types are not validation: the server still checks every payload with zod.
 */
import type { PublicComment } from '../comments/comment.js';
import type { LiveBatch, ReactionCounts } from './live-batches.js';

export type QueueCountsPayload = {
  pending: number;
  reported: number;
  rejected: number;
  approved: number;
};

export type SubmissionCountsPayload = Record<string, number>;

/**
 * Every logged moderation event carries its stream's sequence number: one
 * stream for a site's comments (moderators), one for its submissions (editors).
 */
export type Sequenced<T> = T & { seq: number; siteId: string; stream: 'comments' | 'submissions' };

export interface ClaimPayload {
  commentId: string;
  siteId: string;
  by: { id: string; name: string };
  expiresAt: string;
}

export interface LiveServerToClient {
  'comment.published': (comment: PublicComment) => void;
  'comment.removed': (payload: { id: string }) => void;
  /** v1 readers: a comment's reaction counts, at most once a second per comment. */
  'comment.reactions': (payload: { id: string; reactions: ReactionCounts }) => void;
  /** Readers who subscribed with `coalesce: true`: one message per article per interval, instead of the three above. */
  'comments.changed': (batch: LiveBatch) => void;
}

export interface LiveClientToServer {
  subscribe: (
    /**
     * `readerToken`: the site login JWT, so a reader also gets their own shadow-hidden comments.
     * `coalesce`: `comments.changed` once per interval instead of an event per change.
     */
    input: { siteId: string; articleId: string; readerToken?: string; coalesce?: boolean },
    ack: (result: { ok: true } | { ok: false; error: string }) => void,
  ) => void;
  unsubscribe: (
    input: { siteId: string; articleId: string },
    ack?: (result: { ok: boolean }) => void,
  ) => void;
}

export type JoinResult =
  | {
      ok: true;
      /** Comment queue counts (moderators and admins). */
      counts?: QueueCountsPayload;
      submissionCounts?: SubmissionCountsPayload;
      /** The current seq of each stream the user receives. */
      lastSeq: { comments?: number; submissions?: number };
      claims: ClaimPayload[];
    }
  | { ok: false; error: string };

export interface ModerationServerToClient {
  'comment.created': (comment: Sequenced<Record<string, unknown>>) => void;
  'comment.updated': (comment: Sequenced<Record<string, unknown>>) => void;
  'submission.created': (submission: Sequenced<Record<string, unknown>>) => void;
  'submission.updated': (submission: Sequenced<Record<string, unknown>>) => void;
  /**
   * The notices (DSA Art. 16) and appeals (Art. 20) queues, on the comments stream (same seq):
   * `*.received` carries a queue item as `GET …/queue?status=notices|appeals` lists it (a
   * notice reopened by an undo is received again); `*.decided` carries `{ id: commentId,
   * notice | appeal }` with the decision.
   */
  'notice.received': (item: Sequenced<Record<string, unknown>>) => void;
  'notice.decided': (item: Sequenced<Record<string, unknown>>) => void;
  'appeal.received': (item: Sequenced<Record<string, unknown>>) => void;
  'appeal.decided': (item: Sequenced<Record<string, unknown>>) => void;
  'queue.counts': (counts: QueueCountsPayload & { siteId: string }) => void;
  'submission.counts': (payload: { siteId: string; counts: SubmissionCountsPayload }) => void;
  'comment.claimed': (claim: ClaimPayload) => void;
  'comment.released': (claim: Omit<ClaimPayload, 'expiresAt'>) => void;
  resync: (payload: { siteId: string; stream: 'comments' | 'submissions'; reason: string }) => void;
}

export interface ModerationClientToServer {
  /**
   * `lastSeq` (a number, for the comments stream, or per stream) asks for the
   * events missed since; they are sent before the ack, or `resync` if too old.
   */
  join: (
    input: { siteId: string; lastSeq?: number | { comments?: number; submissions?: number } },
    ack: (result: JoinResult) => void,
  ) => void;
  leave: (input: { siteId: string }, ack?: (result: { ok: boolean }) => void) => void;
  claim: (
    input: { commentId: string },
    ack: (result: { ok: true; claim: ClaimPayload } | { ok: false; error: string }) => void,
  ) => void;
  release: (input: { commentId: string }, ack?: (result: { ok: boolean }) => void) => void;
}

export const liveRoom = (siteId: string, articleId: string) => `article:${siteId}:${articleId}`;
/**
 * Groups an article's coalesced readers are split into on each instance: a
 * round of messages goes to one group after the other, letting requests in
 * between (see LiveBatcher). A small article has a reader or two in a few
 * groups; 18,000 readers make about 1,100 a group.
 */
export const READER_GROUPS = 16;
/** A socket's group, from its id (random per connection): the same for the whole connection. */
export function readerGroup(socketId: string): number {
  let hash = 2166136261;
  for (let i = 0; i < socketId.length; i++) hash = Math.imul(hash ^ socketId.charCodeAt(i), 16777619);
  return (hash >>> 0) % READER_GROUPS;
}
/** One group of an article's readers who take coalesced messages (`comments.changed`). */
export const batchedRoom = (siteId: string, articleId: string, group: number) =>
  `batched:${siteId}:${articleId}:${group}`;
/** A logged-in reader's own room under an article: their shadow-hidden comments reach only them. */
export const readerRoom = (siteId: string, articleId: string, authorKey: string) =>
  `reader:${siteId}:${articleId}:${authorKey}`;
export const siteRoom = (siteId: string, stream: 'comments' | 'submissions') => `site:${siteId}:${stream}`;
