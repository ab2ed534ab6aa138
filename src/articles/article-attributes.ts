import { z } from 'zod';

/**
 * Article metadata a site's page hands the widget. Unsigned, it is a hint the
 * widget may show on its own page and nothing more; signed by the site's CMS
 * with the site's embed secret, the service trusts and stores it.
 */
export interface ArticleAttributes {
  publishedAt?: string;
  title?: string;
  url?: string;
}

export interface SignedArticleAttributes extends ArticleAttributes {
  /** When the CMS signed them (ISO 8601): newer signatures win, older ones are replays. */
  signedAt?: string;
  /** Hex HMAC-SHA256 of {@link embedSigningInput} under the site's embed secret. */
  signature?: string;
}

const noControl = /^[^\p{Cc}]*$/u;

/** The attribute fields as the comment GET (query) and POST (body) take them. */
export const articleAttributeFields = {
  publishedAt: z.iso
    .datetime({ offset: true })
    .optional()
    .describe("The article's publication time; trusted (closeAfterDays counts from it) only when signed"),
  articleTitle: z
    .string()
    .max(300)
    .regex(noControl, 'must be printable text')
    .optional()
    .describe("The article's title; stored for moderators only when signed"),
  articleUrl: z
    .string()
    .max(2000)
    .regex(/^https?:\/\/\S+$/i, 'an article URL is http(s)://host/path')
    .optional()
    .describe("The article's address; stored for moderators only when signed"),
  signedAt: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('When the CMS signed the attributes (see the README: signed article attributes)'),
  signature: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, 'a signature is 64 hex digits (HMAC-SHA256)')
    .optional()
    .describe("HMAC-SHA256 (hex) over site, article and the attributes, with the site's embedSecret"),
};

/** The attribute fields of a parsed query or body. */
export function articleAttributesOf(input: {
  publishedAt?: string;
  articleTitle?: string;
  articleUrl?: string;
  signedAt?: string;
  signature?: string;
}): SignedArticleAttributes {
  return {
    publishedAt: input.publishedAt,
    title: input.articleTitle,
    url: input.articleUrl,
    signedAt: input.signedAt,
    signature: input.signature,
  };
}
