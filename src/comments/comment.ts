import { z } from 'zod';
import { articleAttributeFields } from '../articles/article-attributes.js';
import type { ModerationReason } from '../moderation/engine/types.js';
import type { Risk } from '../moderation/model/risk.js';
import { emailSchema, objectIdSchema } from '../platform/http/schemas.js';
import { statementViewSchema } from '../statements/statement.js';

export type CommentStatus = 'approved' | 'pending' | 'rejected';
/** A comment's whole life: moderation's three outcomes, or taken back by its author. */
export type StoredStatus = CommentStatus | 'deleted';
export const reactionKinds = ['respect'] as const;
export type ReactionKind = (typeof reactionKinds)[number];
export const threadSorts = ['newest', 'oldest', 'respect', 'replies'] as const;
export type ThreadSort = (typeof threadSorts)[number];
export const reportReasons = ['spam', 'abuse', 'off_topic', 'personal_info', 'other'] as const;
export type ReportReason = (typeof reportReasons)[number];

export interface Comment {
  id: string;
  siteId: string;
  articleId: string;
  parentId: string | null;
  body: string;
  authorName: string;
  authorEmail: string | null;
  /** Stable per-site author identity: `sso:<sub>`, or a keyed hash of the e-mail or of IP and name. */
  authorKey: string;
  /** A keyed hash of `authorKey`, safe to show: lets readers ignore an author locally. */
  authorId: string;
  ipHash: string | null;
  status: StoredStatus;
  featured: boolean;
  /** Reaction counts, recounted from the reactions collection after every change (never incremented). */
  reactions: Record<ReactionKind, number>;
  /** When its author last edited it (null: never). */
  editedAt: Date | null;
  /** When its author deleted it (status `deleted`). */
  deletedAt: Date | null;
  /** In the `reported` queue: reports reached the site's threshold and no moderator has acted since. */
  reported: boolean;
  reportCount: number;
  reportReasons: Partial<Record<ReportReason, number>>;
  /** The author was shadow-banned when this was written: visible to the author only. */
  shadowHidden: boolean;
  version: number;
  moderation: { decision: 'approve' | 'hold' | 'reject'; reasons: ModerationReason[] };
  fingerprint: string;
  /** The site's risk model's score when the comment came in (null before the model had learnt anything). */
  risk: Risk | null;
  /**
   * The last applied moderator action, written in the same atomic update as
   * the change itself, so an audit record lost to a crash can be rebuilt when
   * the action is retried.
   */
  lastAction: LastAction | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface LastAction {
  id: string;
  action: string;
  actor: { id: string; email: string; name: string };
  reason: string | null;
  /** The site's reject-reason code the moderator chose (older actions have none). */
  reasonCode?: string | null;
  before: { status: StoredStatus; featured: boolean; reported: boolean; version: number };
  at: Date;
  /** An undo names the decision it reversed (its audit id and action). */
  undoes?: { id: string; action: string };
}

const bodyText = z.string().trim().min(1, 'write something').max(20_000);

export const commentCreateSchema = z.object({
  body: bodyText,
  authorName: z.string().trim().min(1).max(80).optional(),
  authorEmail: emailSchema.optional(),
  parentId: objectIdSchema.optional(),
  /** Article attributes from the page: stored (trusted) only when signed with the site's embed secret. */
  ...articleAttributeFields,
});

export type CommentCreateInput = z.infer<typeof commentCreateSchema>;

export const commentEditSchema = z.object({
  token: z.string().min(1).max(100).describe("The statusToken of the comment's POST answer"),
  body: bodyText,
});

export const previewSchema = z.object({
  decision: z.enum(['approve', 'hold', 'reject']),
  reasons: z.array(
    z.object({
      category: z
        .string()
        .describe(
          'profanity, sexual, slur, threat, spam, personal_info, site, links, shouting, duplicate, premoderation, new_author, author, length',
        ),
      spans: z.array(z.object({ start: z.number(), end: z.number() })),
    }),
  ),
});

const reasonSchema = z.object({
  rule: z.string(),
  severity: z.string().optional(),
  category: z.string().optional(),
  /** The lexicon grade of a term hit (mild, strong, slur, threat...), as the engine gives it. */
  grade: z.string().optional(),
  detail: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  span: z.object({ start: z.number(), end: z.number() }).optional(),
  /** Hits of this kind when there were more than the five kept (the first of the kind carries it). */
  count: z.number().int().optional(),
});

const publicCommentBase = z.object({
  id: z.string(),
  siteId: z.string(),
  articleId: z.string(),
  parentId: z.string().nullable(),
  /** Empty for a comment its author deleted (`deleted: true`), kept only to hold its replies. */
  body: z.string(),
  authorName: z.string(),
  authorId: z
    .string()
    .describe("An opaque, stable pseudonym of the author on this site (readers' local ignore list)"),
  featured: z.boolean(),
  reactions: z.object({ respect: z.number().int().min(0) }),
  editedAt: z.string().nullable(),
  deleted: z
    .boolean()
    .describe('Deleted by its author; shown as "Slettet av forfatteren" while it has replies'),
  createdAt: z.string(),
});

export const publicCommentSchema = publicCommentBase.extend({
  replies: z.array(publicCommentBase).optional(),
  replyCount: z.number().optional(),
});
export type PublicComment = z.infer<typeof publicCommentSchema>;

/** The fields a public answer is made of (and all the public thread reads of a comment). */
export type ThreadComment = Pick<
  Comment,
  | 'id'
  | 'siteId'
  | 'articleId'
  | 'parentId'
  | 'body'
  | 'authorName'
  | 'authorId'
  | 'status'
  | 'featured'
  | 'reactions'
  | 'editedAt'
  | 'createdAt'
>;

/** What readers may see of a comment: never e-mail, IP, author key or moderation detail. */
export function toPublicComment(comment: ThreadComment): PublicComment {
  const deleted = comment.status === 'deleted';
  return {
    id: comment.id,
    siteId: comment.siteId,
    articleId: comment.articleId,
    parentId: comment.parentId,
    body: deleted ? '' : comment.body,
    authorName: deleted ? '' : comment.authorName,
    authorId: deleted ? '' : comment.authorId,
    featured: comment.featured && !deleted,
    reactions: { respect: comment.reactions.respect },
    editedAt: comment.editedAt ? comment.editedAt.toISOString() : null,
    deleted,
    createdAt: comment.createdAt.toISOString(),
  };
}

export const createdCommentSchema = z.object({
  comment: publicCommentBase.extend({ status: z.enum(['approved', 'pending', 'rejected']) }),
  moderation: z.object({ decision: z.enum(['approve', 'hold', 'reject']), reasons: z.array(reasonSchema) }),
  statusToken: z.string().describe("Lets the comment's author (only) ask how moderation went"),
});

export const commentStatusSchema = z.object({
  comment: z.object({ id: z.string(), status: z.enum(['approved', 'pending', 'rejected', 'deleted']) }),
  statement: statementViewSchema
    .optional()
    .describe('The statement of reasons (DSA Art. 17), once the comment was turned down or restricted'),
  appeal: z
    .object({
      status: z.enum(['received', 'decided']),
      outcome: z.enum(['upheld', 'reversed']).optional(),
      decidedAt: z.string().optional(),
    })
    .optional()
    .describe("The writer's appeal against the statement (DSA Art. 20), once there is one"),
});

export interface AuthorHistory {
  approved: number;
  rejected: number;
  pending: number;
}

export const modCommentSchema = publicCommentBase.extend({
  status: z.enum(['approved', 'pending', 'rejected', 'deleted']),
  version: z.number(),
  reported: z.boolean(),
  authorEmail: z.string().nullable(),
  authorKey: z.string(),
  moderation: z.object({ decision: z.string(), reasons: z.array(reasonSchema) }),
  reports: z.object({ count: z.number(), reasons: z.record(z.string(), z.number()) }),
  featured: z.boolean(),
  lastAction: z
    .object({
      action: z.string(),
      by: z.object({ id: z.string(), name: z.string() }),
      at: z.string(),
      reasonCode: z.string().nullable().optional(),
    })
    .nullable(),
  risk: z
    .object({
      score: z.number().describe("0..1: how likely the site's moderators would reject it"),
      modelVersion: z.number().describe('How many log entries (seq) the model had applied'),
      top: z
        .array(z.object({ feature: z.string(), weight: z.number() }))
        .describe('What pushed the score up'),
    })
    .nullable()
    .describe("The site's risk model's score when the comment came in; null before it learnt anything"),
  author: z.object({
    key: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    history: z.object({ approved: z.number(), rejected: z.number(), pending: z.number() }),
  }),
  updatedAt: z.string(),
});
export type ModComment = z.infer<typeof modCommentSchema>;

export function toModComment(comment: Comment, history: AuthorHistory): ModComment {
  return {
    ...toPublicComment(comment),
    // Moderators keep seeing what an author deleted (threats get deleted too).
    body: comment.body,
    authorName: comment.authorName,
    authorId: comment.authorId,
    status: comment.status,
    version: comment.version,
    reported: comment.reported,
    authorEmail: comment.authorEmail,
    authorKey: comment.authorKey,
    moderation: comment.moderation,
    risk: comment.risk,
    reports: { count: comment.reportCount, reasons: comment.reportReasons },
    lastAction: comment.lastAction
      ? {
          action: comment.lastAction.action,
          by: { id: comment.lastAction.actor.id, name: comment.lastAction.actor.name },
          at: new Date(comment.lastAction.at).toISOString(),
          reasonCode: comment.lastAction.reasonCode ?? null,
        }
      : null,
    author: { key: comment.authorKey, name: comment.authorName, email: comment.authorEmail, history },
    updatedAt: comment.updatedAt.toISOString(),
  };
}
