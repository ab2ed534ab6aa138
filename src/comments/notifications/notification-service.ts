import type { Deadline } from '../../platform/http/request-deadline.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { CursorCodec } from '../../platform/http/cursor.js';
import { type KeyedHasher, sameSecret } from '../../platform/privacy.js';
import type { Limiter } from '../../platform/rate-limit.js';
import { optionalReader, ssoAuthorKey } from '../../readers/reader-identity.js';
import type { Site } from '../../sites/site.js';
import type { SiteRepository } from '../../sites/site.repository.js';
import { type Comment, type PublicComment, toPublicComment } from '../comment.js';
import type { CommentRepository, Position } from '../comment.repository.js';
import { statusTokenFor } from '../comment-service.js';
import type { ReaderStateRepository } from './reader-state.repository.js';

/** How many of a reader's own comments are looked at (their newest). */
const MAX_OWN = 200;
/** How many status tokens an anonymous reader may send at once. */
export const MAX_TOKENS = 50;
/** Unread counts stop at this many ("99+" in the widget). */
const MAX_UNREAD = 100;
const EXCERPT = 120;

/**
 * The comment ids of `id.statusToken` pairs (comma-separated) whose token
 * matches: the comments a browser proves are its own. A pair that does not
 * match is left out (the comment may have been erased), never an error.
 */
export function provedCommentIds(hasher: KeyedHasher, tokens: string | undefined): string[] {
  return (tokens ?? '')
    .split(',')
    .filter(Boolean)
    .map((pair) => pair.split('.'))
    .filter(
      ([id, token]) =>
        id && token && /^[0-9a-f]{24}$/.test(id) && sameSecret(token, statusTokenFor(hasher, id)),
    )
    .map(([id]) => id as string);
}

export type NotificationType = 'reply' | 'approved' | 'rejected' | 'featured';

export interface ReaderNotification {
  id: string;
  type: NotificationType;
  at: string;
  articleId: string;
  /** The reader's own comment this is about. */
  commentId: string;
  /** The start of that comment, so the reader knows which one. */
  excerpt: string;
  /** For a reply: the reply. */
  reply: PublicComment | null;
  unread: boolean;
}

export interface NotificationQuery {
  limit: number;
  cursor?: string;
  /** Anonymous readers: `id.statusToken` of their comments, comma-separated. */
  tokens?: string;
  /** Anonymous readers: when they last looked (kept in their browser). */
  seen?: string;
}

interface Own {
  keys: Set<string>;
  comments: Comment[];
  seenAt: Date | null;
  readerKey: string | null;
}

const DECISIONS: Record<string, NotificationType> = {
  approve: 'approved',
  reject: 'rejected',
  feature: 'featured',
};

export interface NotificationServiceDeps {
  sites: SiteRepository;
  comments: CommentRepository;
  readerStates: ReaderStateRepository;
  hasher: KeyedHasher;
  cursors: CursorCodec;
  limits: { readerViewsPerIp: Limiter };
}

/**
 * Replies that reach the reader: replies by others to the reader's comments,
 * and moderators' decisions on them, newest first, with unread counts. A
 * logged-in reader is known by their login (their read marker is kept here);
 * an anonymous reader proves which comments are theirs with the status tokens
 * their browser kept from posting (and keeps their read marker itself).
 * Nothing is stored per notification: each is derived from the comments.
 */
export class NotificationService {
  constructor(private readonly deps: NotificationServiceDeps) {}

  async list(
    siteId: string,
    query: NotificationQuery,
    request: { ip: string; bearer: string | null },
    d?: Deadline | null,
  ): Promise<{
    items: ReaderNotification[];
    nextCursor: string | null;
    unread: { total: number; replies: number; decisions: number };
  }> {
    const { comments, cursors, hasher, limits } = this.deps;
    const site = await this.#site(siteId, d);
    await limits.readerViewsPerIp.consume(`${siteId}:${hasher.hash('ip', request.ip)}`);
    const own = await this.#own(site, query, request.bearer, d);
    const scope = `notifications:${siteId}:${own.readerKey ?? 'tokens'}`;
    const before = query.cursor ? cursors.decode(query.cursor, scope) : undefined;
    const ids = own.comments.map((c) => c.id);
    const [page, fresh] = await Promise.all([
      comments.repliesTo(siteId, ids, { limit: query.limit + 1, before }, d),
      own.seenAt
        ? comments.repliesTo(siteId, ids, { limit: MAX_UNREAD, since: own.seenAt }, d)
        : Promise.resolve(null),
    ]);
    const byId = new Map(own.comments.map((c) => [c.id, c]));
    const notMine = (reply: Comment) => !own.keys.has(reply.authorKey);
    const isNew = (at: Date) => !own.seenAt || at > own.seenAt;
    const replyItem = (reply: Comment): ReaderNotification => {
      const mine = byId.get(reply.parentId as string) as Comment;
      return {
        id: `reply:${reply.id}`,
        type: 'reply',
        at: reply.createdAt.toISOString(),
        articleId: reply.articleId,
        commentId: mine.id,
        excerpt: mine.body.slice(0, EXCERPT),
        reply: toPublicComment(reply),
        unread: isNew(reply.createdAt),
      };
    };
    const decisions = own.comments
      .filter((c) => c.lastAction && DECISIONS[c.lastAction.action] && c.status !== 'deleted')
      .map((c): ReaderNotification & { position: Position } => {
        const at = new Date(c.lastAction!.at);
        return {
          id: `decision:${c.id}:${c.lastAction!.id}`,
          type: DECISIONS[c.lastAction!.action]!,
          at: at.toISOString(),
          articleId: c.articleId,
          commentId: c.id,
          excerpt: c.body.slice(0, EXCERPT),
          reply: null,
          unread: isNew(at),
          position: { t: at.getTime(), id: c.id },
        };
      });
    const older = (p: Position) => !before || p.t < before.t || (p.t === before.t && p.id < before.id);
    const merged = [
      ...page
        .filter(notMine)
        .map((r) => ({ ...replyItem(r), position: { t: r.createdAt.getTime(), id: r.id } })),
      ...decisions.filter((d) => older(d.position)),
    ].sort((a, b) => b.position.t - a.position.t || (a.position.id < b.position.id ? 1 : -1));
    const items = merged.slice(0, query.limit);
    const last = items.at(-1);
    const more = merged.length > query.limit || page.length > query.limit;
    const unreadReplies = (fresh ?? page).filter((r) => notMine(r) && isNew(r.createdAt)).length;
    const unreadDecisions = decisions.filter((d) => d.unread).length;
    return {
      items: items.map(({ position: _, ...item }) => item),
      nextCursor: more && last ? cursors.encode(last.position, scope) : null,
      unread: {
        total: Math.min(MAX_UNREAD, unreadReplies + unreadDecisions),
        replies: Math.min(MAX_UNREAD, unreadReplies),
        decisions: unreadDecisions,
      },
    };
  }

  /** A logged-in reader read their notifications up to `at` (anonymous readers keep this themselves). */
  async markSeen(siteId: string, at: Date, bearer: string | null, d?: Deadline | null): Promise<void> {
    const site = await this.#site(siteId, d);
    const reader = await optionalReader(site, bearer);
    if (!reader) throw new AppError('unauthorized', 'Only a logged-in reader has a read marker here.');
    const capped = at.getTime() > Date.now() ? new Date() : at;
    await this.deps.readerStates.markSeen(siteId, ssoAuthorKey(reader.sub), capped, d);
  }

  /** The reader's own comments: by login, or by the status tokens their browser kept. */
  async #own(site: Site, query: NotificationQuery, bearer: string | null, d?: Deadline | null): Promise<Own> {
    const { comments, readerStates, hasher } = this.deps;
    const reader = await optionalReader(site, bearer);
    if (reader) {
      const key = ssoAuthorKey(reader.sub);
      const [mine, seenAt] = await Promise.all([
        comments.listByAuthor(site.id, [key], { limit: MAX_OWN }, d),
        readerStates.seenAt(site.id, key, d),
      ]);
      return { keys: new Set([key]), comments: mine, seenAt, readerKey: key };
    }
    if (site.policy.requireLogin) throw new AppError('unauthorized', 'This site requires you to log in.');
    const given = (query.tokens ?? '').split(',').filter(Boolean);
    if (given.length > MAX_TOKENS) {
      throw new AppError('validation_failed', 'Too many tokens.', {
        details: [{ path: 'query.tokens', message: `at most ${MAX_TOKENS}` }],
      });
    }
    const ids = provedCommentIds(hasher, query.tokens);
    const mine = await comments.findManyOnSite(site.id, ids, d);
    const seen = query.seen ? new Date(query.seen) : null;
    return {
      keys: new Set(mine.map((c) => c.authorKey)),
      comments: mine,
      seenAt: seen && !Number.isNaN(seen.getTime()) ? seen : null,
      readerKey: null,
    };
  }

  async #site(siteId: string, d?: Deadline | null): Promise<Site> {
    const site = await this.deps.sites.findById(siteId, undefined, d);
    if (!site) throw notFound('No such site.');
    return site;
  }
}
