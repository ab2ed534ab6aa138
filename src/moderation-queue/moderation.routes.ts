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
import { reasonCodeSchema } from '../sites/reject-reasons.js';
import { commentActions, type ModerationService } from './moderation-service.js';

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
  ): Promise<{ items: unknown[]; nextCursor: string | null }>;
  countOpen(siteId: string): Promise<number>;
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
      query: z.object({
        status: z
          .enum(['pending', 'reported', 'rejected', 'approved', 'notices', 'appeals'])
          .default('pending')
          .describe(
            'notices: open notices of illegal content, one item per notice with `notice` (and its waitingSeconds); ' +
              'appeals: open appeals with `appeal` (its statement, the original decider and waitingSeconds). Both oldest first.',
          ),
        limit: limitSchema,
        cursor: cursorSchema,
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
          }),
        },
      },
    },
    async ({ params, query }, req, res) => {
      const { user } = sessionOf(req);
      const { status } = query;
      if (!extra) {
        if (status === 'notices' || status === 'appeals') throw notFound('No such queue.');
        res.json(await service.queue(user, params.siteId, { ...query, status }));
        return;
      }
      if (status === 'notices' || status === 'appeals') {
        const page = await extra[status].queue(user, params.siteId, query);
        const [counts, notices, appeals] = await Promise.all([
          service.counts(params.siteId),
          extra.notices.countOpen(params.siteId),
          extra.appeals.countOpen(params.siteId),
        ]);
        res.json({ ...page, counts, openCases: { notices, appeals } });
        return;
      }
      const [page, notices, appeals] = await Promise.all([
        service.queue(user, params.siteId, { ...query, status }),
        extra.notices.countOpen(params.siteId),
        extra.appeals.countOpen(params.siteId),
      ]);
      res.json({ ...page, openCases: { notices, appeals } });
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
      res.json(await service.comment(sessionOf(req).user, params.commentId));
    },
  );

  registry.add(
    router,
    MODERATION_MOUNT,
    {
      method: 'post',
      path: '/comments/:commentId/actions',
      summary: 'Approve, reject, feature or unfeature a comment at the version the moderator saw',
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
      res.json(await service.updateArticle(sessionOf(req).user, params.siteId, params.articleId, body));
    },
  );
  return router;
}
