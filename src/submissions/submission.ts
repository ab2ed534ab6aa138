import { isValidPhoneNumber } from 'libphonenumber-js';
import { z } from 'zod';
import type { ModerationReason } from '../moderation/engine/types.js';
import { articleIdSchema, emailSchema, objectIdSchema } from '../platform/http/schemas.js';

/**
 * A reader's opinion piece (leserinnlegg). It always goes to an editor:
 * received → in_review → accepted → published, or rejected before publishing.
 */
export const submissionStatuses = ['received', 'in_review', 'accepted', 'published', 'rejected'] as const;
export type SubmissionStatus = (typeof submissionStatuses)[number];

export const submissionActions = ['start_review', 'accept', 'reject', 'publish'] as const;
export type SubmissionAction = (typeof submissionActions)[number];

/** The workflow: which statuses each action may start from, and where it leads. */
export const WORKFLOW: Record<SubmissionAction, { from: readonly SubmissionStatus[]; to: SubmissionStatus }> =
  {
    start_review: { from: ['received'], to: 'in_review' },
    accept: { from: ['in_review'], to: 'accepted' },
    publish: { from: ['accepted'], to: 'published' },
    reject: { from: ['received', 'in_review', 'accepted'], to: 'rejected' },
  };

/** Statuses in which an editor may still change the title and body. */
export const EDITABLE: readonly SubmissionStatus[] = ['received', 'in_review', 'accepted'];

/** The status an action leads to from `status`, or why it does not apply. */
export function transition(
  status: SubmissionStatus,
  action: SubmissionAction,
): { ok: true; to: SubmissionStatus } | { ok: false; reason: string; allowed: SubmissionAction[] } {
  const rule = WORKFLOW[action];
  if (rule.from.includes(status)) return { ok: true, to: rule.to };
  return {
    ok: false,
    reason: `a submission that is ${status} cannot be given the action ${action}`,
    allowed: allowedActions(status),
  };
}

export const allowedActions = (status: SubmissionStatus): SubmissionAction[] =>
  submissionActions.filter((action) => WORKFLOW[action].from.includes(status));

/** A moderation reason for the editor; `field` says whether it was found in the title or the body. */
export type SubmissionReason = Omit<ModerationReason, 'rule' | 'severity'> & {
  rule: string;
  severity: ModerationReason['severity'];
  field?: 'title' | 'body' | 'authorName';
};

export interface SubmissionLastAction {
  id: string;
  action: SubmissionAction | 'edit';
  actor: { id: string; email: string; name: string };
  note: string | null;
  noteToAuthor: string | null;
  before: { status: SubmissionStatus; version: number; revision: number };
  at: Date;
}

export interface Submission {
  id: string;
  siteId: string;
  status: SubmissionStatus;
  version: number;
  /** Current text; revision 1 (the writer's original) and every edit are in submission_revisions. */
  title: string;
  body: string;
  revision: number;
  /** Contact details: for the editor only, never in public responses or events. */
  authorName: string;
  /** Lowercased, so an author's export or erasure finds every piece by e-mail; null once anonymised. */
  authorEmail: string | null;
  authorPhone: string | null;
  authorLocation: string | null;
  articleId: string | null;
  /** A published piece on the site this one answers (right of reply). */
  inReplyTo: string | null;
  noteToEditor: string | null;
  ipHash: string;
  /** sha256 of every receipt token issued for this piece (a retried submit gets its own token). */
  receiptTokenHashes: string[];
  moderation: { decision: 'approve' | 'hold' | 'reject'; reasons: SubmissionReason[] };
  fingerprint: string;
  duplicateOf: string | null;
  lastAction: SubmissionLastAction | null;
  publishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SubmissionRevision {
  id: string;
  submissionId: string;
  siteId: string;
  revision: number;
  title: string;
  body: string;
  /** null for revision 1, the writer's own text. */
  editor: { id: string; name: string } | null;
  summary: string | null;
  createdAt: Date;
}

export type NoteVisibility = 'internal' | 'author';

export interface SubmissionNote {
  id: string;
  submissionId: string;
  siteId: string;
  visibility: NoteVisibility;
  text: string;
  author: { id: string; name: string };
  /** The action this note came with, if any. */
  action: string | null;
  createdAt: Date;
}

export const TITLE_MAX = 120;
/** Hard ceiling; each site's own limit (policy.maxSubmissionLength) is checked by the service. */
export const BODY_HARD_MAX = 50_000;

const titleSchema = z.string().trim().min(1, 'give the piece a title').max(TITLE_MAX);
const bodySchema = z.string().trim().min(1, 'write the piece').max(BODY_HARD_MAX);

export const submissionCreateSchema = z.object({
  title: titleSchema,
  body: bodySchema,
  authorName: z.string().trim().min(1, 'your full name is required').max(100),
  authorEmail: emailSchema,
  authorPhone: z
    .string()
    .trim()
    .max(40)
    .refine((phone) => isValidPhoneNumber(phone, 'NO'), 'not a valid phone number')
    .optional(),
  authorLocation: z.string().trim().min(1).max(100).optional(),
  articleId: articleIdSchema.optional(),
  inReplyTo: objectIdSchema.optional(),
  noteToEditor: z.string().trim().min(1).max(2000).optional(),
});
export type SubmissionCreateInput = z.infer<typeof submissionCreateSchema>;

export const submissionActionSchema = z.object({
  action: z.enum(submissionActions),
  note: z.string().trim().min(1).max(4000).optional(),
  noteToAuthor: z.string().trim().min(1).max(4000).optional(),
  version: z.number().int().min(1),
});
export type SubmissionActionInput = z.infer<typeof submissionActionSchema>;

export const submissionEditSchema = z
  .object({
    title: titleSchema.optional(),
    body: bodySchema.optional(),
    summary: z.string().trim().min(1).max(500).optional(),
    version: z.number().int().min(1),
  })
  .refine((edit) => edit.title !== undefined || edit.body !== undefined, {
    message: 'give title or body',
    path: ['title'],
  });
export type SubmissionEditInput = z.infer<typeof submissionEditSchema>;

export const noteCreateSchema = z.object({
  text: z.string().trim().min(1).max(4000),
  visibility: z.enum(['internal', 'author']).default('internal'),
});

const reasonSchema = z.object({
  rule: z.string(),
  severity: z.string(),
  category: z.string().optional(),
  /** The lexicon grade of a term hit (mild, strong, slur, threat...), as the engine gives it. */
  grade: z.string().optional(),
  detail: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  field: z.string().optional(),
  span: z.object({ start: z.number(), end: z.number() }).optional(),
  count: z.number().int().optional(),
});

export const publicSubmissionSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  title: z.string(),
  body: z.string(),
  authorName: z.string(),
  authorLocation: z.string().nullable(),
  articleId: z.string().nullable(),
  inReplyTo: z.string().nullable(),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type PublicSubmission = z.infer<typeof publicSubmissionSchema>;

/** What anyone may see of a published piece: no contact details, no moderation detail. */
export function toPublicSubmission(s: Submission): PublicSubmission {
  return {
    id: s.id,
    siteId: s.siteId,
    title: s.title,
    body: s.body,
    authorName: s.authorName,
    authorLocation: s.authorLocation,
    articleId: s.articleId,
    inReplyTo: s.inReplyTo,
    createdAt: s.createdAt.toISOString(),
    publishedAt: s.publishedAt ? s.publishedAt.toISOString() : null,
    updatedAt: s.updatedAt.toISOString(),
  };
}

export const createdSubmissionSchema = z.object({
  submission: z.object({
    id: z.string(),
    siteId: z.string(),
    status: z.literal('received'),
    title: z.string(),
    createdAt: z.string(),
  }),
  receipt: z.object({ token: z.string(), url: z.string() }),
});

export const receiptSchema = z.object({
  submission: z.object({
    id: z.string(),
    siteId: z.string(),
    status: z.enum(submissionStatuses),
    title: z.string(),
    body: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    publishedAt: z.string().nullable(),
    noteToAuthor: z.string().nullable(),
    notesToAuthor: z.array(z.object({ text: z.string(), at: z.string() })),
  }),
});

/**
 * What editors see in the live queue and its events: everything but the
 * contact details (those are fetched with the piece, so they never sit in the
 * event log).
 */
export const submissionSummarySchema = z.object({
  id: z.string(),
  siteId: z.string(),
  status: z.enum(submissionStatuses),
  version: z.number(),
  revision: z.number(),
  title: z.string(),
  excerpt: z.string(),
  length: z.number(),
  authorName: z.string(),
  authorLocation: z.string().nullable(),
  articleId: z.string().nullable(),
  inReplyTo: z.string().nullable(),
  moderation: z.object({ decision: z.string(), reasons: z.array(reasonSchema) }),
  duplicateOf: z.string().nullable(),
  allowedActions: z.array(z.enum(submissionActions)),
  editable: z.boolean(),
  lastAction: z
    .object({ action: z.string(), by: z.object({ id: z.string(), name: z.string() }), at: z.string() })
    .nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
});
export type SubmissionSummary = z.infer<typeof submissionSummarySchema>;

export function toSubmissionSummary(s: Submission): SubmissionSummary {
  const chars = [...s.body];
  return {
    id: s.id,
    siteId: s.siteId,
    status: s.status,
    version: s.version,
    revision: s.revision,
    title: s.title,
    excerpt: chars.length > 280 ? `${chars.slice(0, 279).join('')}…` : s.body,
    length: chars.length,
    authorName: s.authorName,
    authorLocation: s.authorLocation,
    articleId: s.articleId,
    inReplyTo: s.inReplyTo,
    moderation: s.moderation,
    duplicateOf: s.duplicateOf,
    allowedActions: allowedActions(s.status),
    editable: EDITABLE.includes(s.status),
    lastAction: s.lastAction
      ? {
          action: s.lastAction.action,
          by: { id: s.lastAction.actor.id, name: s.lastAction.actor.name },
          at: new Date(s.lastAction.at).toISOString(),
        }
      : null,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    publishedAt: s.publishedAt ? s.publishedAt.toISOString() : null,
  };
}

/** The editor's full view: the summary plus the text and the writer's contact details. */
export const editorSubmissionSchema = submissionSummarySchema.extend({
  body: z.string(),
  authorEmail: z.string().nullable(),
  authorPhone: z.string().nullable(),
  noteToEditor: z.string().nullable(),
});
export type EditorSubmission = z.infer<typeof editorSubmissionSchema>;

export const toEditorSubmission = (s: Submission): EditorSubmission => ({
  ...toSubmissionSummary(s),
  body: s.body,
  authorEmail: s.authorEmail,
  authorPhone: s.authorPhone,
  noteToEditor: s.noteToEditor,
});

export const revisionSchema = z.object({
  id: z.string(),
  revision: z.number(),
  title: z.string(),
  body: z.string(),
  editor: z.object({ id: z.string(), name: z.string() }).nullable(),
  summary: z.string().nullable(),
  createdAt: z.string(),
});

export const toRevisionView = (r: SubmissionRevision): z.infer<typeof revisionSchema> => ({
  id: r.id,
  revision: r.revision,
  title: r.title,
  body: r.body,
  editor: r.editor,
  summary: r.summary,
  createdAt: r.createdAt.toISOString(),
});

export const noteSchema = z.object({
  id: z.string(),
  visibility: z.enum(['internal', 'author']),
  text: z.string(),
  author: z.object({ id: z.string(), name: z.string() }),
  action: z.string().nullable(),
  createdAt: z.string(),
});

export const toNoteView = (n: SubmissionNote): z.infer<typeof noteSchema> => ({
  id: n.id,
  visibility: n.visibility,
  text: n.text,
  author: n.author,
  action: n.action,
  createdAt: n.createdAt.toISOString(),
});

export type SubmissionCounts = Record<SubmissionStatus, number>;
export const submissionCountsSchema = z.object({
  received: z.number(),
  in_review: z.number(),
  accepted: z.number(),
  published: z.number(),
  rejected: z.number(),
});
