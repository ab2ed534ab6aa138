import type { Deadline } from '../../platform/http/request-deadline.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { KeyedHasher } from '../../platform/privacy.js';
import type { Limiter } from '../../platform/rate-limit.js';
import type { AnonymousReaderKeys } from '../../readers/anonymous-reader-key.js';
import { optionalReader, ssoAuthorKey } from '../../readers/reader-identity.js';
import type { Site } from '../../sites/site.js';
import type { SiteRepository } from '../../sites/site.repository.js';
import type { Comment, ReactionKind } from '../comment.js';
import type { CommentRepository } from '../comment.repository.js';
import type { ReactionPush } from './reaction-push.js';
import type { ReactionRepository } from './reaction.repository.js';

export interface ReaderCredentials {
  ip: string;
  /** The site's login token, if the reader sent one. */
  bearer: string | null;
  /** An anonymous reader key (POST /readers/anonymous), if the reader sent one. */
  readerKey: string | null;
}

export interface ReactionServiceDeps {
  sites: SiteRepository;
  comments: CommentRepository;
  reactions: ReactionRepository;
  readerKeys: AnonymousReaderKeys;
  hasher: KeyedHasher;
  push: ReactionPush;
  limits: { reactionsPerIp: Limiter; readerKeysPerIp: Limiter; readerViewsPerIp: Limiter };
}

/**
 * Readers' reactions to comments ("respect"): one per reader per comment,
 * recorded in their own collection under a unique index, counted from it.
 */
export class ReactionService {
  constructor(private readonly deps: ReactionServiceDeps) {}

  /** Issues an anonymous reader key for a site, limited per client address. */
  async issueReaderKey(siteId: string, ip: string, d?: Deadline | null): Promise<string> {
    await this.#site(siteId, d);
    await this.deps.limits.readerKeysPerIp.consume(`ip:${this.deps.hasher.hash('ip', ip)}`);
    return this.deps.readerKeys.issue(siteId);
  }

  /**
   * Who is reacting: the site's login where it has one (required where it requires
   * login), otherwise an anonymous reader key the service issued.
   */
  async reader(site: Site, credentials: ReaderCredentials): Promise<string> {
    if (site.policy.requireLogin && !credentials.bearer) {
      throw new AppError('unauthorized', 'This site requires you to log in to react.');
    }
    const reader = await optionalReader(site, credentials.bearer);
    if (reader) return ssoAuthorKey(reader.sub);
    return this.deps.readerKeys.require(site.id, credentials.readerKey);
  }

  /** Gives (`on`) or takes back a reaction; repeating either changes nothing. */
  async set(
    siteId: string,
    articleId: string,
    commentId: string,
    kind: ReactionKind,
    on: boolean,
    credentials: ReaderCredentials,
    d?: Deadline | null,
  ): Promise<{ reactions: Record<ReactionKind, number>; mine: boolean }> {
    const { comments, reactions, hasher, limits, push } = this.deps;
    const site = await this.#site(siteId, d);
    const readerKey = await this.reader(site, credentials);
    await limits.reactionsPerIp.consume(`${siteId}:${hasher.hash('ip', credentials.ip)}`);
    const comment = await comments.findById(commentId, d);
    // Only what readers can see can be reacted to; anything else does not exist for them.
    if (!isPublic(comment, siteId, articleId)) throw notFound('No such comment.');
    if (on && readerKey === comment.authorKey) {
      throw new AppError('validation_failed', 'You cannot react to your own comment.', {
        details: [{ path: 'params.commentId', message: 'your own comment' }],
      });
    }
    const changed = on
      ? await reactions.add({ siteId, articleId, commentId, kind, readerKey }, d)
      : await reactions.remove(commentId, kind, readerKey, d);
    const counts = changed
      ? await recountReactions(this.deps, commentId, d)
      : { respect: await reactions.count(commentId, kind, d) };
    if (changed) push.changed({ id: commentId, siteId, articleId, reactions: counts });
    return { reactions: counts, mine: on };
  }

  /** The comments under an article this reader has reacted to (none for a reader without any identity yet). */
  async mine(
    siteId: string,
    articleId: string,
    credentials: ReaderCredentials,
    d?: Deadline | null,
  ): Promise<Record<ReactionKind, string[]>> {
    const site = await this.#site(siteId, d);
    await this.deps.limits.readerViewsPerIp.consume(
      `${siteId}:${this.deps.hasher.hash('ip', credentials.ip)}`,
    );
    if (!credentials.bearer && !credentials.readerKey) return { respect: [] };
    const readerKey = await this.reader(site, credentials);
    return { respect: await this.deps.reactions.mine(siteId, articleId, readerKey, 'respect', undefined, d) };
  }

  async #site(siteId: string, d?: Deadline | null): Promise<Site> {
    const site = await this.deps.sites.findById(siteId, undefined, d);
    if (!site) throw notFound('No such site.');
    return site;
  }
}

/**
 * Counts a comment's reactions and stores the counts on it, without a counter that could
 * drift: take a sequence number after the change, count, store unless a later number's
 * count is stored already (see CommentRepository.storeReactionCounts). Returns the count.
 */
export async function recountReactions(
  deps: { comments: CommentRepository; reactions: ReactionRepository },
  commentId: string,
  d?: Deadline | null,
): Promise<Record<ReactionKind, number>> {
  const seq = await deps.comments.nextReactionSeq(commentId, d);
  const counts = { respect: await deps.reactions.count(commentId, 'respect', d) };
  // Refused only when a later change's count is stored already, and that count includes ours.
  if (seq !== null) await deps.comments.storeReactionCounts(commentId, seq, counts, d);
  return counts;
}

export const isPublic = (comment: Comment | null, siteId: string, articleId: string): comment is Comment =>
  comment !== null &&
  comment.siteId === siteId &&
  comment.articleId === articleId &&
  comment.status === 'approved' &&
  !comment.shadowHidden;
