import { type Deadline, deadlineOf } from '../platform/http/request-deadline.js';
import { Router } from 'express';
import { z } from 'zod';
import { modCommentSchema } from '../comments/comment.js';
import { notFound } from '../platform/errors.js';
import type { User } from '../users/user.js';
import type { AuthService } from '../users/auth-service.js';
import { requireSession, sessionOf } from '../users/auth-middleware.js';
import type { RouteRegistry } from '../platform/http/route-registry.js';
import {
  articleIdSchema,
  cursorSchema,
  limitSchema,
  objectIdSchema,
  readIdempotencyKey,
  siteIdSchema,
} from '../platform/http/schemas.js';
import { authorKeySchema } from '../authors/author.routes.js';
import { reasonCodeSchema } from '../sites/reject-reasons.js';
import {
  ACTIVITY_WINDOW,
  commentActions,
  type ModerationService,
  SEARCH_WINDOW,
} from './moderation-service.js';

/** A day (taken as UTC midnight) or a date-time with offset. */
const instantSchema = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .transform((value) => new Date(value));

export const MODERATION_MOUNT = '/api/v1/moderation';

const countsSchema = z.object({
  pending: z.number(),
  reported: z.number(),
  rejected: z.number(),
  approved: z.number(),
});

/** Queues kept outside the comments collection: notices (DSA Art. 16) and appeals (Art. 20). */
export interface ExtraQueues {
  notices: QueueReader;
  appeals: QueueReader;
}
type QueueReader = {
  queue(
    user: User,
    siteId: string,
    query: { limit: number; cursor?: string },
    d?: Deadline | null,
  ): Promise<{ items: unknown[]; nextCursor: string | null }>;
  countOpen(siteId: string, d?: Deadline | null): Promise<number>;
};

/** Moderator endpoints for comments, mounted at /api/v1/moderation. */
export function moderationRoutes(
  registry: RouteRegistry,
  service: ModerationService,
  auth: AuthService,
  extra?: ExtraQueues,
): Router {
  const router = Router();
  router.use(requireSession(auth));

  registry.add(
    router,
    MODERATION_MOUNT,
    {
      method: 'get',
      path: '/sites/:siteId/queue',
      summary: "A site's moderation queue with exact counts",
      tags: ['moderation'],
      auth: true,
      params: z.object({ siteId: siteIdSchema }),
      query: z
        .object({
          status: z
            .enum(['pending', 'reported', 'rejected', 'approved', 'notices', 'appeals'])
            .default('pending')
            .describe(
              'notices: open notices of illegal content, one item per notice with `notice` (and its waitingSeconds); ' +
                'appeals: open appeals with `appeal` (its statement, the original decider and waitingSeconds). ' +
                'Both oldest first; the filters and search apply to the four comment queues.',
            ),
          limit: limitSchema,
          cursor: cursorSchema,
          sort: z
            .enum(['risk'])
            .optional()
            .describe(
              "risk: highest risk score first (the site's model), unscored last; a whole queue only (without filters or q); default by time",
            ),
          articleId: articleIdSchema.optional(),
          authorKey: authorKeySchema.optional(),
          rule: z
            .string()
            .regex(/^[a-z_]{2,40}$/, 'a rule is a code such as banned_term')
            .optional(),
          from: instantSchema.optional().describe('Written at or after (ISO date or date-time)'),
          to: instantSchema.optional().describe('Written before (ISO date or date-time)'),
          q: z
            .string()
            .trim()
            .min(2, 'search for at least 2 characters')
            .max(200)
            .optional()
            .describe(`Text to find in the body or the author's name, within ${SEARCH_WINDOW} comments`),
        })
        .refine(
          (q) => [q.articleId, q.authorKey, q.rule].filter(Boolean).length <= 1,
          'narrow by one of articleId, authorKey and rule at a time',
        )
        .refine((q) => !q.from || !q.to || q.from < q.to, {
          message: 'from must be before to',
          path: ['to'],
        }),
      responses: {
        200: {
          description: 'Queue page',
          schema: z.object({
            items: z.array(
              modCommentSchema.extend({
                notice: z.record(z.string(), z.unknown()).optional(),
                appeal: z.record(z.string(), z.unknown()).optional(),
              }),
            ),
            nextCursor: z.string().nullable(),
            counts: countsSchema,
            openCases: z
              .object({ notices: z.number(), appeals: z.number() })
              .optional()
              .describe(
                'Open notices (Art. 16) and appeals (Art. 20): the sizes of the notices and appeals queues',
              ),
            search: z
              .object({ scanned: z.number(), window: z.number(), complete: z.boolean() })
              .optional()
              .describe('With q: how many comments were read, and whether the window reached the end'),
          }),
        },
      },
    },
    async ({ params, query }, req, res) => {
      const { user } = sessionOf(req);
      const { status } = query;
      if (!extra) {
        if (status === 'notices' || status === 'appeals') throw notFound('No such queue.');
        res.json(await service.queue(user, params.siteId, { ...query, status }, deadlineOf(res)));
        return;
      }
      if (status === 'notices' || status === 'appeals') {
        const page = await extra[status].queue(user, params.siteId, query, deadlineOf(res));
        const [counts, notices, appeals] = await Promise.all([
          service.counts(params.siteId, deadlineOf(res)),
          extra.notices.countOpen(params.siteId, deadlineOf(res)),
          extra.appeals.countOpen(params.siteId, deadlineOf(res)),
        ]);
        res.json({ ...page, counts, openCases: { notices, appeals } });
        return;
      }
      const [page, notices, appeals] = await Promise.all([
        service.queue(user, params.siteId, { ...query, status }, deadlineOf(res)),
        extra.notices.countOpen(params.siteId, deadlineOf(res)),
        extra.appeals.countOpen(params.siteId, deadlineOf(res)),
      ]);
      res.json({ ...page, openCases: { notices, appeals } });
    },
  );

  registry.add(
    router,
    MODERATION_MOUNT,
    {
      method: 'get',
      path: '/sites/:siteId/articles',
      summary: "A site's articles by latest comment, with counts per status and their switches",
      tags: ['moderation'],
      auth: true,
      params: z.object({ siteId: siteIdSchema }),
      query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(50) }),
      responses: {
        200: {
          description: `Articles with comments among the newest ${ACTIVITY_WINDOW} of the site`,
          schema: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                title: z
                  .string()
                  .nullable()
                  .describe('Trusted title (admin API or signed embed attributes); null when none is set'),
                url: z.string().nullable().describe('Trusted address of the article; null when none is set'),
                open: z.boolean(),
                mode: z.enum(['pre', 'post']).nullable(),
                lastCommentAt: z.string(),
                counts: countsSchema,
              }),
            ),
            window: z.number(),
          }),
        },
      },
    },
    async ({ params, query }, req, res) => {
      res.json(await service.articles(sessionOf(req).user, params.siteId, query.limit, deadlineOf(res)));
    },
  );

  registry.add(
    router,
    MODERATION_MOUNT,
    {
      method: 'get',
      path: '/comments/:commentId',
      summary: 'One comment with its audit trail',
      tags: ['moderation'],
      auth: true,
      params: z.object({ commentId: objectIdSchema }),
      responses: { 200: { description: 'The comment and its audit trail' } },
    },
    async ({ params }, req, res) => {
      res.json(await service.comment(sessionOf(req).user, params.commentId, deadlineOf(res)));
    },
  );

  registry.add(
    router,
    MODERATION_MOUNT,
    {
      method: 'post',
      path: '/comments/:commentId/actions',
      summary:
        'Approve, reject, feature or unfeature a comment at the version the moderator saw; `undo` reverses your own last decision within 10 s',
      tags: ['moderation'],
      auth: true,
      params: z.object({ commentId: objectIdSchema }),
      body: z.object({
        action: z.enum(commentActions),
        reason: z.string().trim().max(500).optional(),
        reasonCode: reasonCodeSchema
          .optional()
          .describe(
            "One of the site's policy.rejectReasons codes: the ground the statement of reasons names",
          ),
        version: z.number().int().min(1),
      }),
      headers: {
        'Idempotency-Key': { description: 'Action id: a retried request returns the first outcome' },
      },
      responses: { 200: { description: 'Applied', schema: z.object({ comment: modCommentSchema }) } },
    },
    async ({ params, body }, req, res) => {
      const comment = await service.act(
        sessionOf(req).user,
        params.commentId,
        body,
        readIdempotencyKey(req.headers['idempotency-key']),
        deadlineOf(res),
      );
      res.json({ comment });
    },
  );

  registry.add(
    router,
    MODERATION_MOUNT,
    {
      method: 'patch',
      path: '/sites/:siteId/articles/:articleId',
      summary: "Open or close an article's comments, or put it under pre-moderation",
      tags: ['moderation'],
      auth: true,
      params: z.object({ siteId: siteIdSchema, articleId: articleIdSchema }),
      body: z
        .object({ open: z.boolean().optional(), mode: z.enum(['pre', 'post']).optional() })
        .refine((b) => b.open !== undefined || b.mode !== undefined, 'give open or mode'),
      responses: { 200: { description: 'The article settings' } },
    },
    async ({ params, body }, req, res) => {
      res.json(
        await service.updateArticle(
          sessionOf(req).user,
          params.siteId,
          params.articleId,
          body,
          deadlineOf(res),
        ),
      );
    },
  );
  return router;
}
