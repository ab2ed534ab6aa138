import { z } from 'zod';
import type { ModerationReason } from '../moderation/engine/types.js';
import { emailSchema, objectIdSchema } from '../platform/http/schemas.js';
import { statementViewSchema } from '../statements/statement.js';

export type CommentStatus = 'approved' | 'pending' | 'rejected';
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
  ipHash: string | null;
  status: CommentStatus;
  featured: boolean;
  /** In the `reported` queue: reports reached the site's threshold and no moderator has acted since. */
  reported: boolean;
  reportCount: number;
  reportReasons: Partial<Record<ReportReason, number>>;
  /** The author was shadow-banned when this was written: visible to the author only. */
  shadowHidden: boolean;
  version: number;
  moderation: { decision: 'approve' | 'hold' | 'reject'; reasons: ModerationReason[] };
  fingerprint: string;
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
  before: { status: CommentStatus; featured: boolean; reported: boolean; version: number };
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
  /** The article's publication time, as the widget knows it: closeAfterDays counts from it. */
  publishedAt: z.iso.datetime({ offset: true }).optional(),
});

export type CommentCreateInput = z.infer<typeof commentCreateSchema>;

const reasonSchema = z.object({
  rule: z.string(),
  severity: z.string().optional(),
  category: z.string().optional(),
  detail: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  span: z.object({ start: z.number(), end: z.number() }).optional(),
});

const publicCommentBase = z.object({
  id: z.string(),
  siteId: z.string(),
  articleId: z.string(),
  parentId: z.string().nullable(),
  body: z.string(),
  authorName: z.string(),
  featured: z.boolean(),
  createdAt: z.string(),
});

export const publicCommentSchema = publicCommentBase.extend({
  replies: z.array(publicCommentBase).optional(),
  replyCount: z.number().optional(),
});
export type PublicComment = z.infer<typeof publicCommentSchema>;

/** What readers may see of a comment: never e-mail, IP, author key or moderation detail. */
export function toPublicComment(comment: Comment): PublicComment {
  return {
    id: comment.id,
    siteId: comment.siteId,
    articleId: comment.articleId,
    parentId: comment.parentId,
    body: comment.body,
    authorName: comment.authorName,
    featured: comment.featured,
    createdAt: comment.createdAt.toISOString(),
  };
}

export const createdCommentSchema = z.object({
  comment: publicCommentBase.extend({ status: z.enum(['approved', 'pending', 'rejected']) }),
  moderation: z.object({ decision: z.enum(['approve', 'hold', 'reject']), reasons: z.array(reasonSchema) }),
  statusToken: z.string().describe("Lets the comment's author (only) ask how moderation went"),
});

export const commentStatusSchema = z.object({
  comment: z.object({ id: z.string(), status: z.enum(['approved', 'pending', 'rejected']) }),
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
  status: z.enum(['approved', 'pending', 'rejected']),
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
    status: comment.status,
    version: comment.version,
    reported: comment.reported,
    authorEmail: comment.authorEmail,
    authorKey: comment.authorKey,
    moderation: comment.moderation,
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
