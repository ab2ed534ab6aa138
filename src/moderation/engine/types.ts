/**
 * Public types of the moderation engine. The engine is pure: it imports nothing
 * from Express, mongoose or socket.io and performs no I/O.
 */

export type Decision = 'approve' | 'hold' | 'reject';

/** What a single reason pushes the outcome towards; `info` never changes it. */
export type Severity = 'reject' | 'hold' | 'info';

export type Category = 'profanity' | 'sexual' | 'slur' | 'threat' | 'spam' | 'personal_info' | 'site';

/**
 * Every rule a reason can name, in the order the workbench offers them (its
 * filter by rule reads this list: a rule added here is offered there).
 */
export const RULE_NAMES = [
  'banned_term',
  'suspect_term',
  'slur',
  'threat',
  'personal_info',
  'too_many_links',
  'shouting',
  'duplicate',
  'premoderation',
  'new_author',
  'banned_author',
  'too_long',
  'too_short',
  /** Added by the service, not the engine: the site's risk model held the text (models never reject). */
  'risk_model',
] as const;

export type RuleName = (typeof RULE_NAMES)[number];

/** Offsets into the original (raw) text, UTF-16 code units, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

/** How offensive a lexicon entry is (see lexicon.ts); site terms have none. */
export type Grade = 'mild' | 'strong' | 'slur' | 'threat';

/** What a site does with a hit of each grade. */
export type GradeActions = Readonly<Record<Grade, Decision>>;

/**
 * The default: an intensifier is published (the reason is kept for moderators),
 * swearing and insults are held, slurs and threats rejected.
 */
export const DEFAULT_GRADE_ACTIONS: GradeActions = Object.freeze({
  mild: 'approve',
  strong: 'hold',
  slur: 'reject',
  threat: 'reject',
});

export interface ModerationReason {
  rule: RuleName;
  severity: Severity;
  category?: Category;
  /** The lexicon grade of a term hit (not for site terms or other rules). */
  grade?: Grade;
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
  /** What each lexicon grade does; DEFAULT_GRADE_ACTIONS when absent. Part of the policy key's policy. */
  grades?: Partial<GradeActions>;
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
