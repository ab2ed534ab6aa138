/**
 * Public types of the moderation engine. The engine is pure: it imports nothing
 * from Express, mongoose or socket.io and performs no I/O.
 */

export type Decision = 'approve' | 'hold' | 'reject';

/** What a single reason pushes the outcome towards; `info` never changes it. */
export type Severity = 'reject' | 'hold' | 'info';

export type Category = 'profanity' | 'sexual' | 'slur' | 'threat' | 'spam' | 'personal_info' | 'site';

export type RuleName =
  | 'banned_term'
  | 'suspect_term'
  | 'slur'
  | 'threat'
  | 'personal_info'
  | 'too_many_links'
  | 'shouting'
  | 'duplicate'
  | 'premoderation'
  | 'new_author'
  | 'banned_author'
  | 'too_long'
  | 'too_short';

/** Offsets into the original (raw) text, UTF-16 code units, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

export interface ModerationReason {
  rule: RuleName;
  severity: Severity;
  category?: Category;
  detail: string;
  /** The values `detail` is built from, so a client can say the same in its own language. */
  params?: ReasonParams;
  span?: Span;
}

export type ReasonParams = Readonly<Record<string, string | number>>;

export interface ModerationDecision {
  decision: Decision;
  reasons: ModerationReason[];
  /** Stable fingerprint of the normalised text, used by callers to find duplicates. */
  fingerprint: string;
}

/** A site's moderation policy, as stored with the site. */
export interface ModerationPolicy {
  bannedTerms: string[];
  suspectTerms: string[];
  allowedTerms: string[];
  maxLinks: number;
}

export interface AuthorStanding {
  trusted: boolean;
  banned: boolean;
  premoderated: boolean;
  approvedCount: number;
  rejectedCount: number;
}

export interface ModerationContext {
  /**
   * Identifies the compiled matcher to reuse: the same key must always come
   * with the same policy (e.g. `${siteId}:${policyVersion}`).
   */
  policyKey: string;
  policy: ModerationPolicy;
  /** Set when the site or the article holds every new text for a moderator. */
  premoderation?: 'site' | 'article' | null;
  author?: AuthorStanding;
  /** Hold the first N texts of an author with fewer approved texts than this (0 = off). */
  newAuthorHold?: number;
  /** Fingerprints of this author's texts from the last 24 hours (supplied by the caller). */
  recentFingerprints?: readonly string[];
  minLength?: number;
  maxLength?: number;
}
