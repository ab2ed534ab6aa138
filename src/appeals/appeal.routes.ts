import { deadlineOf } from '../platform/http/request-deadline.js';
import { Router } from 'express';
import { z } from 'zod';
import { SITE_MOUNT } from '../comments/comment.routes.js';
import type { RouteRegistry } from '../platform/http/route-registry.js';
import { articleIdSchema, objectIdSchema, siteIdSchema } from '../platform/http/schemas.js';
import type { AuthService } from '../users/auth-service.js';
import { requireSession, sessionOf } from '../users/auth-middleware.js';
import type { AppealService } from './appeal-service.js';

const MODERATION_MOUNT = '/api/v1/moderation';

/** The writer's appeal against a decision (DSA Art. 20), on the site router (CORS per site). */
export function appealRoutes(registry: RouteRegistry, service: AppealService, router: Router): Router {
  registry.add(
    router,
    SITE_MOUNT,
    {
      method: 'post',
      path: '/articles/:articleId/comments/:commentId/appeals',
      summary:
        'Appeal the decision about your comment (the statusToken of its POST answer), within 6 months of its statement',
      tags: ['readers'],
      params: z.object({ siteId: siteIdSchema, articleId: articleIdSchema, commentId: objectIdSchema }),
      body: z.object({
        token: z.string().min(1).max(100).describe('The statusToken from the comment POST answer'),
        explanation: z
          .string()
          .trim()
          .min(10, 'explain in at least 10 characters why you disagree')
          .max(4000),
      }),
      responses: {
        201: {
          description: 'Received (a second appeal against the same statement is a 409)',
          schema: z.object({ appeal: z.object({ id: z.string(), status: z.literal('received') }) }),
        },
      },
    },
    async ({ params, body }, _req, res) => {
      res
        .status(201)
        .json(await service.create(params.siteId, params.articleId, params.commentId, body, deadlineOf(res)));
    },
  );
  return router;
}

/** Moderators decide appeals: POST /api/v1/moderation/appeals/{appealId}/actions. */
export function appealModerationRoutes(
  registry: RouteRegistry,
  service: AppealService,
  auth: AuthService,
): Router {
  const router = Router();
  registry.add(
    router,
    MODERATION_MOUNT,
    {
      method: 'post',
      path: '/appeals/:appealId/actions',
      summary:
        'Decide an appeal: uphold the decision or reverse it (a reversed comment is published live); ' +
        'not by the moderator who made the decision when the site has more than one (403 conflict_of_interest)',
      tags: ['moderation'],
      auth: true,
      params: z.object({ appealId: objectIdSchema }),
      body: z.object({
        action: z.enum(['uphold', 'reverse']),
        version: z.number().int().min(1),
        reason: z.string().trim().min(1).max(2000),
      }),
      responses: {
        200: { description: 'Decided', schema: z.object({ appeal: z.record(z.string(), z.unknown()) }) },
      },
    },
    requireSession(auth),
    async ({ params, body }, req, res) => {
      res.json(await service.act(sessionOf(req).user, params.appealId, body, deadlineOf(res)));
    },
  );
  return router;
}
