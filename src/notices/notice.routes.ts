import { deadlineOf } from '../platform/http/request-deadline.js';
import { Router } from 'express';
import { z } from 'zod';
import { SITE_MOUNT } from '../comments/comment.routes.js';
import type { RouteRegistry } from '../platform/http/route-registry.js';
import {
  articleIdSchema,
  emailSchema,
  objectIdSchema,
  readIdempotencyKey,
  siteIdSchema,
} from '../platform/http/schemas.js';
import { reasonCodeSchema } from '../sites/reject-reasons.js';
import type { AuthService } from '../users/auth-service.js';
import { requireSession, sessionOf } from '../users/auth-middleware.js';
import { noticeCategories } from './notice-categories.js';
import type { NoticeService } from './notice-service.js';

const MODERATION_MOUNT = '/api/v1/moderation';

export const noticeBodySchema = z.object({
  category: z.enum(noticeCategories),
  explanation: z
    .string()
    .trim()
    .min(10, 'explain in at least 10 characters why the content is illegal')
    .max(4000),
  notifierName: z.string().trim().min(1).max(200).optional(),
  notifierEmail: emailSchema.optional(),
  goodFaith: z.literal(true, 'confirm that the notice is made in good faith (goodFaith: true)'),
});

const receiptSchema = z.object({
  notice: z.object({
    id: z.string(),
    status: z.enum(['received', 'decided']),
    decision: z.enum(['removed', 'kept']).optional(),
    decidedAt: z.string().optional(),
    automated: z.boolean(),
  }),
});

/** Notices of illegal content from anyone (DSA Art. 16), on the site router (CORS per site). */
export function noticeRoutes(registry: RouteRegistry, service: NoticeService, router: Router): Router {
  registry.add(
    router,
    SITE_MOUNT,
    {
      method: 'post',
      path: '/articles/:articleId/comments/:commentId/notices',
      summary: 'Notify illegal content in a comment (DSA Art. 16); the answer carries a receipt token',
      tags: ['readers'],
      params: z.object({ siteId: siteIdSchema, articleId: articleIdSchema, commentId: objectIdSchema }),
      body: noticeBodySchema,
      headers: { 'Idempotency-Key': { description: 'Retries with the same key return the first notice' } },
      responses: {
        201: {
          description: 'Received',
          schema: z.object({
            notice: z.object({ id: z.string(), status: z.literal('received'), receivedAt: z.string() }),
            receiptToken: z.string(),
          }),
        },
      },
    },
    async ({ params, body }, req, res) => {
      const result = await service.create(
        params.siteId,
        params.articleId,
        params.commentId,
        body,
        {
          ip: req.ip ?? '',
          idempotencyKey: readIdempotencyKey(req.headers['idempotency-key']),
        },
        deadlineOf(res),
      );
      res.status(201).json(result);
    },
  );

  registry.add(
    router,
    SITE_MOUNT,
    {
      method: 'get',
      path: '/notices/:noticeId',
      summary: "A notice's status and decision, for the notifier (the receipt token from the POST answer)",
      tags: ['readers'],
      params: z.object({ siteId: siteIdSchema, noticeId: objectIdSchema }),
      query: z.object({ token: z.string().min(1).max(100) }),
      responses: { 200: { description: 'The notice', schema: receiptSchema } },
    },
    async ({ params, query }, _req, res) => {
      res.set('Cache-Control', 'no-store');
      res.json(await service.receipt(params.siteId, params.noticeId, query.token, deadlineOf(res)));
    },
  );
  return router;
}

/** Moderators decide notices: POST /api/v1/moderation/notices/{noticeId}/actions. */
export function noticeModerationRoutes(
  registry: RouteRegistry,
  service: NoticeService,
  auth: AuthService,
): Router {
  const router = Router();
  registry.add(
    router,
    MODERATION_MOUNT,
    {
      method: 'post',
      path: '/notices/:noticeId/actions',
      summary:
        'Decide a notice: remove (rejects the comment, deciding all its open notices) or keep; at the version seen',
      tags: ['moderation'],
      auth: true,
      params: z.object({ noticeId: objectIdSchema }),
      body: z.object({
        action: z.enum(['remove', 'keep']),
        version: z.number().int().min(1),
        reason: z.string().trim().max(500).optional(),
        reasonCode: reasonCodeSchema
          .optional()
          .describe(
            "The ground of a removal (one of the site's codes); by default the law the category names",
          ),
      }),
      responses: {
        200: { description: 'Decided', schema: z.object({ notice: z.record(z.string(), z.unknown()) }) },
      },
    },
    requireSession(auth),
    async ({ params, body }, req, res) => {
      res.json(await service.act(sessionOf(req).user, params.noticeId, body, deadlineOf(res)));
    },
  );
  return router;
}
