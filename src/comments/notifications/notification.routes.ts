import { deadlineOf } from '../../platform/http/request-deadline.js';
import type { Router } from 'express';
import { z } from 'zod';
import type { RouteRegistry } from '../../platform/http/route-registry.js';
import { cursorSchema, limitSchema, siteIdSchema } from '../../platform/http/schemas.js';
import { bearerToken } from '../../readers/reader-identity.js';
import { publicCommentSchema } from '../comment.js';
import { SITE_MOUNT } from '../comment.routes.js';
import { MAX_TOKENS, type NotificationService } from './notification-service.js';

const notificationSchema = z.object({
  id: z.string(),
  type: z.enum(['reply', 'approved', 'rejected', 'featured']),
  at: z.string(),
  articleId: z.string(),
  commentId: z.string().describe("The reader's own comment it is about"),
  excerpt: z.string(),
  reply: publicCommentSchema.nullable(),
  unread: z.boolean(),
});

/** Replies that reach the reader, on the site router (CORS per site). */
export function notificationRoutes(
  registry: RouteRegistry,
  service: NotificationService,
  router: Router,
): Router {
  registry.add(
    router,
    SITE_MOUNT,
    {
      method: 'get',
      path: '/readers/me/notifications',
      summary:
        "Replies to the reader's comments and moderators' decisions on them, newest first, with unread counts",
      tags: ['readers'],
      params: z.object({ siteId: siteIdSchema }),
      query: z.object({
        limit: limitSchema,
        cursor: cursorSchema,
        tokens: z
          .string()
          .max(MAX_TOKENS * 60)
          .optional()
          .describe(
            `Anonymous readers: id.statusToken of their comments, comma-separated (at most ${MAX_TOKENS})`,
          ),
        seen: z.iso
          .datetime({ offset: true })
          .optional()
          .describe('Anonymous readers: when they last looked'),
      }),
      headers: { Authorization: { description: 'Bearer <site login JWT>: the reader, by their login' } },
      responses: {
        200: {
          description: 'Notifications',
          schema: z.object({
            items: z.array(notificationSchema),
            nextCursor: z.string().nullable(),
            unread: z.object({ total: z.number(), replies: z.number(), decisions: z.number() }),
          }),
        },
      },
    },
    async ({ params, query }, req, res) => {
      res.set('Cache-Control', 'private, no-store');
      res.json(
        await service.list(
          params.siteId,
          query,
          {
            ip: req.ip ?? '',
            bearer: bearerToken(req.headers.authorization),
          },
          deadlineOf(res),
        ),
      );
    },
  );

  registry.add(
    router,
    SITE_MOUNT,
    {
      method: 'post',
      path: '/readers/me/notifications/seen',
      summary: 'A logged-in reader has read their notifications up to `at` (default: now)',
      tags: ['readers'],
      params: z.object({ siteId: siteIdSchema }),
      body: z.object({ at: z.iso.datetime({ offset: true }).optional() }),
      headers: { Authorization: { description: 'Bearer <site login JWT>', required: true } },
      responses: { 204: { description: 'Marked' } },
    },
    async ({ params, body }, req, res) => {
      await service.markSeen(
        params.siteId,
        body.at ? new Date(body.at) : new Date(),
        bearerToken(req.headers.authorization),
        deadlineOf(res),
      );
      res.status(204).end();
    },
  );
  return router;
}
