import type { Deadline } from '../platform/http/request-deadline.js';
import type { AuditRepository } from '../audit/audit.repository.js';
import { articleIsOpen } from '../comments/comment-service.js';
import { notFound } from '../platform/errors.js';
import type { Site } from '../sites/site.js';
import type { SiteRepository } from '../sites/site.repository.js';
import type { Article, ArticleMetadata, ArticleRepository } from './article.repository.js';
import { defaultArticle } from './article.repository.js';
import type { SignedArticleAttributes } from './article-attributes.js';
import { verifiedArticleAttributes } from './embed-signature.js';

export interface ArticleMetadataDeps {
  sites: SiteRepository;
  articles: ArticleRepository;
  audit: AuditRepository;
  /** Readers' caches of the article's thread are stale. */
  publicChanged: (siteId: string, articleId: string) => void;
}

/** An article as the admin API answers it. */
export function articleView(site: Site, article: Article) {
  return {
    id: article.articleId,
    siteId: article.siteId,
    open: articleIsOpen(site, article),
    mode: article.mode,
    publishedAt: article.publishedAt?.toISOString() ?? null,
    title: article.title,
    url: article.url,
  };
}

/**
 * Article metadata from the two trusted sources: the admin API (the CMS) and
 * embed attributes signed with the site's embed secret. Anything else a reader's
 * request carries is a hint this service never stores.
 */
export class ArticleMetadataService {
  constructor(private readonly deps: ArticleMetadataDeps) {}

  /**
   * Stores signed embed attributes when the signature holds and they are newer
   * than what is stored. Returns the article as stored afterwards, or null when
   * nothing was stored (unsigned, forged, replayed).
   */
  async applySigned(
    site: Site,
    articleId: string,
    attributes: SignedArticleAttributes,
    d?: Deadline | null,
  ): Promise<Article | null> {
    const verified = verifiedArticleAttributes(site.policy.embedSecret, site.id, articleId, attributes);
    if (!verified) return null;
    const current = await this.deps.articles.find(site.id, articleId, d);
    if (current?.metadataAt && current.metadataAt >= verified.signedAt) return null;
    const { publishedAt, title, url } = verified.attributes;
    const stored = await this.deps.articles.setMetadata(
      site.id,
      articleId,
      { publishedAt: publishedAt ? new Date(publishedAt) : undefined, title, url },
      verified.signedAt,
      d,
    );
    if (stored) this.deps.publicChanged(site.id, articleId);
    return stored;
  }

  /** The CMS (an admin) sets or clears an article's publication date, title and URL. */
  async setByAdmin(
    actor: { id: string; email: string; name: string },
    siteId: string,
    articleId: string,
    change: ArticleMetadata,
    d?: Deadline | null,
  ) {
    const { sites, articles, audit } = this.deps;
    const site = await sites.findById(siteId, undefined, d);
    if (!site) throw notFound('No such site.');
    const before = await articles.find(siteId, articleId, d);
    const at = new Date(Math.max(Date.now(), (before?.metadataAt?.getTime() ?? 0) + 1));
    const article =
      (await articles.setMetadata(siteId, articleId, change, at, d)) ??
      (await articles.find(siteId, articleId, d)) ??
      defaultArticle(siteId, articleId);
    const fields = (a: Article | null) =>
      a ? { publishedAt: a.publishedAt?.toISOString() ?? null, title: a.title, url: a.url } : null;
    await audit.record(
      {
        siteId,
        entity: 'article',
        entityId: `${siteId}:${articleId}`,
        action: 'update',
        actor,
        reason: null,
        before: fields(before),
        after: fields(article),
      },
      d,
    );
    this.deps.publicChanged(siteId, articleId);
    return { article: articleView(site, article) };
  }
}
