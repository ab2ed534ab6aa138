import { deadlineOf } from '../platform/http/request-deadline.js';
import { Router } from 'express';
import { z } from 'zod';
import { SITE_MOUNT } from '../comments/comment.routes.js';
import { reportReasons } from '../comments/comment.js';
import type { RouteRegistry } from '../platform/http/route-registry.js';
import { articleIdSchema, objectIdSchema, siteIdSchema } from '../platform/http/schemas.js';
import { bearerToken } from '../readers/reader-identity.js';
import type { AuthService } from '../users/auth-service.js';
import { requireSession, sessionOf } from '../users/auth-middleware.js';
import type { ReportService } from './report-service.js';

const MODERATION_MOUNT = '/api/v1/moderation';

export const reportBodySchema = z.object({
  reason: z.enum(reportReasons),
  note: z.string().trim().max(500).optional(),
});

/** The reader's report endpoint, on the site router (CORS per site). */
export function reportRoutes(registry: RouteRegistry, service: ReportService, router: Router): Router {
  registry.add(
    router,
    SITE_MOUNT,
    {
      method: 'post',
      path: '/articles/:articleId/comments/:commentId/reports',
      summary: 'Report a comment; one report per reader per comment counts',
      tags: ['readers'],
      params: z.object({ siteId: siteIdSchema, articleId: articleIdSchema, commentId: objectIdSchema }),
      body: reportBodySchema,
      headers: { Authorization: { description: 'Bearer <site login JWT>: the report counts per login' } },
      responses: {
        202: {
          description: 'Received (a repeated report by the same reader is accepted but not counted again)',
          schema: z.object({ received: z.literal(true) }),
        },
      },
    },
    async ({ params, body }, req, res) => {
      await service.report(
        params.siteId,
        params.articleId,
        params.commentId,
        body,
        {
          ip: req.ip ?? '',
          bearer: bearerToken(req.headers.authorization),
        },
        deadlineOf(res),
      );
      res.status(202).json({ received: true });
    },
  );
  return router;
}

/** The reports on one comment, for moderators (reason, note, time; never who). */
export function reportModerationRoutes(
  registry: RouteRegistry,
  service: ReportService,
  auth: AuthService,
): Router {
  const router = Router();
  registry.add(
    router,
    MODERATION_MOUNT,
    {
      method: 'get',
      path: '/comments/:commentId/reports',
      summary: 'The reports on a comment',
      tags: ['moderation'],
      auth: true,
      params: z.object({ commentId: objectIdSchema }),
      responses: {
        200: {
          description: 'Reports, oldest first',
          schema: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                reason: z.string(),
                note: z.string().nullable(),
                createdAt: z.string(),
              }),
            ),
          }),
        },
      },
    },
    requireSession(auth),
    async ({ params }, req, res) => {
      const reports = await service.list(sessionOf(req).user, params.commentId, deadlineOf(res));
      res.json({
        items: reports.map((r) => ({
          id: r.id,
          reason: r.reason,
          note: r.note,
          createdAt: r.createdAt.toISOString(),
        })),
      });
    },
  );
  return router;
}
