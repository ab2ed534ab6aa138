import { Router } from 'express';
import { z } from 'zod';
import { modCommentSchema } from '../comments/comment.js';
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

/** Moderator endpoints for comments, mounted at /api/v1/moderation. */
export function moderationRoutes(
  registry: RouteRegistry,
  service: ModerationService,
  auth: AuthService,
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
        status: z.enum(['pending', 'reported', 'rejected', 'approved']).default('pending'),
        limit: limitSchema,
        cursor: cursorSchema,
      }),
      responses: {
        200: {
          description: 'Queue page',
          schema: z.object({
            items: z.array(modCommentSchema),
            nextCursor: z.string().nullable(),
            counts: countsSchema,
          }),
        },
      },
    },
    async ({ params, query }, req, res) => {
      res.json(await service.queue(sessionOf(req).user, params.siteId, query));
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
