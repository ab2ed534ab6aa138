import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ArticleAttributes, SignedArticleAttributes } from './article-attributes.js';

/**
 * What the CMS signs: a version tag, then site id, article id, publishedAt,
 * title, url and signedAt, each as sent (absent = empty), joined by "\n".
 * No field can hold a line break, so no two attribute sets give one input.
 */
export function embedSigningInput(siteId: string, articleId: string, a: SignedArticleAttributes): string {
  return [
    'ordskifte-article-v1',
    siteId,
    articleId,
    a.publishedAt ?? '',
    a.title ?? '',
    a.url ?? '',
    a.signedAt ?? '',
  ].join('\n');
}

/** The signature a CMS computes (hex HMAC-SHA256); tests and the README example use it. */
export function signArticleAttributes(
  secret: string,
  siteId: string,
  articleId: string,
  attributes: SignedArticleAttributes,
): string {
  return createHmac('sha256', secret)
    .update(embedSigningInput(siteId, articleId, attributes))
    .digest('hex');
}

/** Signed-at times further ahead than this are refused: a CMS clock far ahead would lock out later updates. */
const MAX_SIGNED_AHEAD_MS = 5 * 60 * 1000;

/**
 * The attributes and the time they were signed, when the signature holds under
 * the site's embed secret; null for anything unsigned, forged or malformed.
 */
export function verifiedArticleAttributes(
  secret: string | undefined,
  siteId: string,
  articleId: string,
  a: SignedArticleAttributes,
  now = new Date(),
): { attributes: ArticleAttributes; signedAt: Date } | null {
  if (!secret || !a.signature || !a.signedAt) return null;
  if (a.publishedAt === undefined && a.title === undefined && a.url === undefined) return null;
  const signedAt = new Date(a.signedAt);
  if (Number.isNaN(signedAt.getTime()) || signedAt.getTime() > now.getTime() + MAX_SIGNED_AHEAD_MS)
    return null;
  const expected = Buffer.from(signArticleAttributes(secret, siteId, articleId, a), 'hex');
  const given = Buffer.from(a.signature.toLowerCase(), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { attributes: { publishedAt: a.publishedAt, title: a.title, url: a.url }, signedAt };
}
