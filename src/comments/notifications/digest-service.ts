import type { Deadline } from '../../platform/http/request-deadline.js';
import type { ArticleRepository } from '../../articles/article.repository.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import type { Mailer } from '../../platform/mail.js';
import { type KeyedHasher, sameSecret } from '../../platform/privacy.js';
import type { Limiter } from '../../platform/rate-limit.js';
import { Schedule } from '../../platform/schedule.js';
import { optionalReader, ssoAuthorKey } from '../../readers/reader-identity.js';
import type { Site } from '../../sites/site.js';
import type { SiteRepository } from '../../sites/site.repository.js';
import type { Comment } from '../comment.js';
import type { CommentRepository } from '../comment.repository.js';
import { provedCommentIds } from './notification-service.js';
import { confirmMail, type DigestEntry, digestMail } from './digest-text.js';
import {
  type DigestClaim,
  type DigestLanguage,
  type DigestRepository,
  MAX_FOLLOWED,
  type ReplyDigest,
} from './digest.repository.js';

const DAY_MS = 24 * 3600 * 1000;
/** At most this many entries in one digest (the newest). */
const MAX_ENTRIES = 30;
/** Subscriptions looked at per run. */
const BATCH = 200;

export interface DigestServiceDeps {
  sites: SiteRepository;
  comments: CommentRepository;
  articles: ArticleRepository;
  digests: DigestRepository;
  hasher: KeyedHasher;
  mailer: Mailer;
  logger: Logger;
  /** Where the links in the mail point (PUBLIC_URL); null: the address the request came to. */
  publicUrl: string | null;
  limits: { readerViewsPerIp: Limiter };
}

export interface DigestStatus {
  subscribed: boolean;
  confirmed: boolean;
  email: string | null;
}

export type DigestLinkAction = 'confirm' | 'unsubscribe';

/**
 * Reply digests: with an e-mail address and an explicit opt-in, a reader gets
 * one e-mail with the replies to their comments and the moderators' good
 * news about them (approved after being held, picked by the editors), at most
 * once an hour. Turned-down comments are not in it: their statement of
 * reasons is mailed on its own (statements/). A logged-in reader subscribes
 * with their login's e-mail claim; an anonymous writer with the address they
 * gave with a comment (proved by its status token), confirmed by a link
 * mailed to that address first. Every mail has an unsubscribe link that needs
 * no login (a signed token).
 */
export class DigestService {
  constructor(private readonly deps: DigestServiceDeps) {}

  async status(siteId: string, bearer: string | null, d?: Deadline | null): Promise<DigestStatus> {
    const site = await this.#site(siteId, d);
    const reader = await optionalReader(site, bearer);
    if (!reader) throw new AppError('unauthorized', 'Log in to see your e-mail subscription.');
    const digest = await this.deps.digests.findByReader(siteId, ssoAuthorKey(reader.sub), d);
    return {
      subscribed: Boolean(digest),
      confirmed: Boolean(digest?.confirmedAt),
      email: digest?.email ?? reader.email,
    };
  }

  async subscribe(
    siteId: string,
    input: { tokens?: string; lang?: DigestLanguage },
    request: { ip: string; bearer: string | null; origin: string },
    d?: Deadline | null,
  ): Promise<DigestStatus> {
    const { digests, comments, hasher, limits } = this.deps;
    const site = await this.#site(siteId, d);
    await limits.readerViewsPerIp.consume(`${siteId}:${hasher.hash('ip', request.ip)}`);
    const reader = await optionalReader(site, request.bearer);
    const lang = input.lang ?? site.policy.language ?? 'nb';
    const now = new Date();
    const expiresAt = new Date(now.getTime() + (site.policy.retentionDays ?? 90) * DAY_MS);
    const base = this.deps.publicUrl ?? request.origin;
    if (reader) {
      if (!reader.email) {
        throw new AppError('validation_failed', 'Your login carries no e-mail address.', {
          details: [{ path: 'authorization', message: 'the login token has no email claim' }],
        });
      }
      const digest = await digests.subscribe(
        {
          siteId,
          email: reader.email.toLowerCase(),
          readerKey: ssoAuthorKey(reader.sub),
          commentIds: [],
          lang,
          // The site vouches for its readers' addresses.
          confirmed: true,
          expiresAt,
          linkBase: base,
          now,
        },
        d,
      );
      return { subscribed: true, confirmed: true, email: digest.email };
    }
    if (site.policy.requireLogin) throw new AppError('unauthorized', 'This site requires you to log in.');
    const proved = provedCommentIds(hasher, input.tokens);
    const mine = (await comments.findManyOnSite(siteId, proved.slice(0, MAX_FOLLOWED), d)).filter(
      (c) => c.authorEmail && c.status !== 'deleted',
    );
    const email = mine[0]?.authorEmail?.toLowerCase();
    if (!email) {
      throw new AppError(
        'validation_failed',
        'Give your e-mail address with the comment to get replies by e-mail.',
        {
          details: [{ path: 'body.tokens', message: 'no comment of yours with an e-mail address' }],
        },
      );
    }
    const digest = await digests.subscribe(
      {
        siteId,
        email,
        readerKey: null,
        commentIds: mine.filter((c) => c.authorEmail?.toLowerCase() === email).map((c) => c.id),
        lang,
        confirmed: false,
        expiresAt,
        linkBase: base,
        now,
      },
      d,
    );
    if (!digest.confirmedAt) await this.#sendConfirmation(site, digest, base, now, d);
    return { subscribed: true, confirmed: Boolean(digest.confirmedAt), email: digest.email };
  }

  async unsubscribeReader(siteId: string, bearer: string | null, d?: Deadline | null): Promise<void> {
    const site = await this.#site(siteId, d);
    const reader = await optionalReader(site, bearer);
    if (!reader) throw new AppError('unauthorized', 'Log in to change your e-mail subscription.');
    await this.deps.digests.deleteByReader(siteId, ssoAuthorKey(reader.sub), d);
  }

  /** The signed link in a mail: `id.signature`. */
  link(base: string, digestId: string, action: DigestLinkAction, lang: DigestLanguage): string {
    const sig = this.deps.hasher.hash(`digest-${action}`, digestId);
    return `${base.replace(/\/+$/, '')}/api/v1/reply-digests/${digestId}/${action}?sig=${sig}&lang=${lang}`;
  }

  /** Checks a link's signature; the subscription it names (null when the link is bad or it is gone). */
  async fromLink(
    id: string,
    action: DigestLinkAction,
    sig: string,
    d?: Deadline | null,
  ): Promise<ReplyDigest | null> {
    if (!/^[0-9a-f]{24}$/.test(id) || !sameSecret(sig, this.deps.hasher.hash(`digest-${action}`, id))) {
      return null;
    }
    return this.deps.digests.findById(id, d);
  }

  async follow(digest: ReplyDigest, action: DigestLinkAction, d?: Deadline | null): Promise<void> {
    if (action === 'unsubscribe') await this.deps.digests.delete(digest.id, d);
    else await this.deps.digests.confirm(digest.id, new Date(), d);
  }

  /**
   * One run of the schedule: every confirmed subscription whose hour has
   * passed gets a digest if there is something new. Each is claimed first, so
   * runs on several instances, or overlapping runs, send one mail per hour.
   */
  async runOnce(now = new Date()): Promise<number> {
    let sent = 0;
    for (const id of await this.deps.digests.due(now, BATCH)) {
      const taken = await this.deps.digests.claimHour(id, now);
      if (!taken) continue; // another run has this hour
      try {
        if (await this.#sendDigest(taken)) sent++;
        else await this.deps.digests.releaseHour(taken);
      } catch (err) {
        this.deps.logger.warn(
          { err: (err as Error).message, digest: id },
          'reply digest failed; next run tries again',
        );
        await this.deps.digests.releaseHour(taken).catch(() => undefined);
      }
    }
    return sent;
  }

  async #sendDigest(taken: DigestClaim): Promise<boolean> {
    const { comments, articles, sites, mailer } = this.deps;
    const digest = taken.digest;
    const site = await sites.findById(digest.siteId);
    if (!site) return false;
    const own = await this.#own(digest);
    if (own.length === 0) return false;
    const keys = new Set(own.map((c) => c.authorKey));
    const since = digest.coveredUntil;
    const replies = (
      await comments.repliesTo(
        site.id,
        own.map((c) => c.id),
        { limit: MAX_ENTRIES, since },
      )
    ).filter((r) => !keys.has(r.authorKey));
    const byId = new Map(own.map((c) => [c.id, c]));
    type Found = {
      at: Date;
      entry: Omit<DigestEntry, 'link' | 'articleTitle'>;
      articleId: string;
      anchor: string;
    };
    const found: Found[] = replies.map((r) => ({
      at: r.createdAt,
      articleId: r.articleId,
      anchor: r.id,
      entry: {
        type: 'reply',
        excerpt: (byId.get(r.parentId as string) as Comment).body,
        replyAuthor: r.authorName,
        replyBody: r.body,
      },
    }));
    for (const c of own) {
      const action = c.lastAction;
      if (!action || new Date(action.at) <= since || c.status !== 'approved' || c.shadowHidden) continue;
      if (action.action === 'approve' || action.action === 'feature') {
        found.push({
          at: new Date(action.at),
          articleId: c.articleId,
          anchor: c.id,
          entry: { type: action.action === 'approve' ? 'approved' : 'featured', excerpt: c.body },
        });
      }
    }
    if (found.length === 0) return false;
    found.sort((a, b) => b.at.getTime() - a.at.getTime());
    const shown = found.slice(0, MAX_ENTRIES);
    const entries: DigestEntry[] = [];
    for (const f of shown) {
      const article = await articles.find(site.id, f.articleId);
      const url = article?.url && /^https?:\/\//i.test(article.url) ? article.url.split('#')[0] : null;
      entries.push({
        ...f.entry,
        articleTitle: article?.title ?? null,
        link: url ? `${url}#ordskifte-c-${f.anchor}` : null,
      });
    }
    const unsubscribe = this.link(digest.linkBase, digest.id, 'unsubscribe', digest.lang);
    const mail = digestMail(digest.lang, site.name, entries, unsubscribe);
    if (!(await mailer.send(digest.email, mail.subject, mail.text))) return false;
    const newest = new Date(Math.max(...found.map((f) => f.at.getTime())));
    await this.deps.digests.sent(taken, newest);
    return true;
  }

  /** The comments a subscription follows: a login's newest ones, and those opted in with tokens. */
  async #own(digest: ReplyDigest): Promise<Comment[]> {
    const { comments } = this.deps;
    const [byLogin, byToken] = await Promise.all([
      digest.readerKey
        ? comments.listByAuthor(digest.siteId, [digest.readerKey], { limit: MAX_FOLLOWED })
        : Promise.resolve([]),
      comments.findManyOnSite(digest.siteId, digest.commentIds),
    ]);
    const all = new Map([...byLogin, ...byToken].map((c) => [c.id, c]));
    return [...all.values()].filter((c) => c.status !== 'deleted' && !c.authorKey.startsWith('erased:'));
  }

  /** The confirmation mail, at most one an hour per address (the same hour slot as the digests). */
  async #sendConfirmation(
    site: Site,
    digest: ReplyDigest,
    base: string,
    now: Date,
    d?: Deadline | null,
  ): Promise<void> {
    const taken = await this.deps.digests.claimHour(digest.id, now, false, d);
    if (!taken) return;
    const mail = confirmMail(digest.lang, site.name, this.link(base, digest.id, 'confirm', digest.lang));
    if (!(await this.deps.mailer.send(digest.email, mail.subject, mail.text))) {
      await this.deps.digests.releaseHour(taken, d);
    } else {
      await this.deps.digests.sent(taken, taken.digest.coveredUntil, d);
    }
  }

  async #site(siteId: string, d?: Deadline | null): Promise<Site> {
    const site = await this.deps.sites.findById(siteId, undefined, d);
    if (!site) throw notFound('No such site.');
    return site;
  }
}

/** Runs the digests on a schedule in the service (every instance; the claims keep it to one mail). */
export class DigestWorker {
  readonly #schedule: Schedule;

  constructor(service: DigestService, logger: Logger, intervalMs: number) {
    this.#schedule = new Schedule(
      async () => {
        const sent = await service.runOnce();
        if (sent > 0) logger.info({ sent }, 'reply digests sent');
      },
      intervalMs,
      (err) => logger.warn({ err }, 'reply digest run failed; retrying next time'),
    );
  }

  start(): void {
    this.#schedule.start();
  }

  stop(): Promise<void> {
    return this.#schedule.stop();
  }
}
