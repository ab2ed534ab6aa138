import type { Article } from '../articles/article.repository.js';
import { type AuthorRecord, toStanding } from '../authors/author.repository.js';
import { hasMatcher, matcherFor, moderate, type NormalisedText } from '../moderation/engine/index.js';
import type { ModerationDecision } from '../moderation/engine/types.js';
import { withBoundedReasons } from '../moderation/bounded-reasons.js';
import { AppError } from '../platform/errors.js';
import type { KeyedHasher } from '../platform/privacy.js';
import { type ReaderIdentity, ssoAuthorKey, verifyReaderToken } from '../readers/reader-identity.js';
import type { Site } from '../sites/site.js';
import { authorNameReasons, cleanAuthorName } from './author-name.js';
import type { AuthorHistory } from './comment.js';

/** Who writes a comment, as far as the service can tell, and the keys it is filed under. */
export interface Writer {
  sub: string | null;
  name: string;
  email: string | null;
  emailHash: string | null;
  ipHash: string;
  /**
   * Per-site author identity, which standing (trust, bans) and history hang on:
   * `sso:<sub>` for a site login, else a keyed hash of client address and name.
   * Never the e-mail: anyone can type anyone's, so it is contact data only.
   */
  authorKey: string;
}

/**
 * Identifies the writer of a post, an edit's preview or a preview: the site's login token
 * where the site requires login (the name comes from it), else the name in the body.
 */
export async function identifyWriter(
  site: Site,
  input: { authorName?: string; authorEmail?: string },
  request: { ip: string; bearer: string | null },
  hasher: KeyedHasher,
): Promise<Writer> {
  let identity: { sub: string | null; name: string; email: string | null };
  if (site.policy.requireLogin) {
    if (!request.bearer) throw new AppError('unauthorized', 'This site requires you to log in to comment.');
    const reader: ReaderIdentity = await verifyReaderToken(request.bearer, site);
    identity = { sub: reader.sub, name: reader.name, email: reader.email?.toLowerCase() ?? null };
  } else {
    if (!input.authorName) {
      throw new AppError('validation_failed', 'The request body is not valid.', {
        details: [{ path: 'body.authorName', message: 'a name is required' }],
      });
    }
    // The typed name as shown (and keyed): no invisible or control characters.
    const name = cleanAuthorName(input.authorName);
    if (name === null) {
      throw new AppError('validation_failed', 'The request body is not valid.', {
        details: [{ path: 'body.authorName', message: 'a name needs a letter or a digit' }],
      });
    }
    identity = { sub: null, name, email: input.authorEmail?.toLowerCase() ?? null };
  }
  const ipHash = hasher.hash('ip', request.ip);
  const emailHash = identity.email ? hasher.hash('email', identity.email) : null;
  const authorKey = identity.sub
    ? ssoAuthorKey(identity.sub)
    : `anon:${hasher.hash('anon', request.ip, identity.name.toLowerCase())}`;
  return { ...identity, emailHash, ipHash, authorKey };
}

/** The public pseudonym of an author key (readers' ignore list): keyed, so it reveals nothing. */
export const publicAuthorId = (hasher: KeyedHasher, siteId: string, authorKey: string) =>
  hasher.hash('public-author-id', siteId, authorKey).slice(0, 16);

/** Whether the site or the article holds every new text for a moderator. */
export function premoderationOf(site: Site, article: Article | null): 'article' | 'site' | null {
  if (article?.mode === 'pre') return 'article';
  return (article?.mode ?? null) === null && site.policy.mode === 'pre' ? 'site' : null;
}

/**
 * Runs the moderation engine on a reader's text with everything the rules read about its
 * context, and the lexicon over the name it is shown under (`authorName`, when given).
 */
export function moderateComment(
  body: string | NormalisedText,
  context: {
    site: Site;
    article: Article | null;
    author: AuthorRecord;
    history: AuthorHistory;
    recentFingerprints: string[];
    authorName?: string;
  },
): ModerationDecision {
  const { site } = context;
  const policyKey = policyKeyOf(site);
  const result = moderate(body, {
    policyKey,
    policy: site.policy,
    premoderation: premoderationOf(site, context.article),
    author: toStanding(context.author, context.history),
    newAuthorHold: site.policy.newAuthorHold,
    recentFingerprints: context.recentFingerprints,
    maxLength: site.policy.maxCommentLength,
  });
  if (context.authorName !== undefined) {
    const named = authorNameReasons(context.authorName, { policyKey, policy: site.policy });
    // First: a long body's repeated hits are bounded per kind, and must not crowd the name's out.
    if (named.length > 0) result.reasons.unshift(...named);
    for (const { severity } of named) {
      if (severity === 'reject' || (severity === 'hold' && result.decision === 'approve'))
        result.decision = severity;
    }
  }
  return withBoundedReasons(result);
}

/** What a site's compiled matcher is cached by: a changed policy gets a new one. */
function policyKeyOf(site: Site): string {
  return `${site.id}:${site.policyVersion}`;
}

/** Policy keys whose matcher is due to be compiled on the next turn of the event loop. */
const preparing = new Set<string>();

/**
 * Compiles the site's matcher ahead of its first post, on the next turn of
 * the event loop, unless it is compiled already. A matcher is built on first
 * use, and building one from the whole lexicon is a synchronous 0.3-0.8 s on
 * this machine: when a post paid for it, every post and socket write behind
 * it in the event loop waited as long (at 20 posts a second, the first 10-16
 * posts of a busy article after a start). A reader subscribing to an
 * article's live updates is the sign that posts may follow, seconds later.
 */
export function prepareModeration(site: Site): void {
  const policyKey = policyKeyOf(site);
  if (preparing.has(policyKey) || hasMatcher(policyKey)) return;
  preparing.add(policyKey);
  setImmediate(() => {
    preparing.delete(policyKey);
    matcherFor({ policyKey, policy: site.policy });
  });
}
