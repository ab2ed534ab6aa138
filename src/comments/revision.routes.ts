import { deadlineOf } from '../platform/http/request-deadline.js';
import { Router } from 'express';
import { z } from 'zod';
import { AppError, notFound } from '../platform/errors.js';
import type { RouteRegistry } from '../platform/http/route-registry.js';
import { objectIdSchema } from '../platform/http/schemas.js';
import type { AuthService } from '../users/auth-service.js';
import { requireSession, sessionOf } from '../users/auth-middleware.js';
import { canAccessSite } from '../users/user.js';
import type { CommentRepository } from './comment.repository.js';
import type { RevisionRepository } from './revision.repository.js';

const MODERATION_MOUNT = '/api/v1/moderation';

const revisionSchema = z.object({
  version: z.number(),
  body: z.string(),
  status: z.string(),
  moderation: z.object({ decision: z.string(), reasons: z.array(z.record(z.string(), z.unknown())) }),
  writtenAt: z.string(),
  replacedAt: z.string(),
});

/** The earlier texts of a comment its writer edited, for its site's moderators. */
export function revisionRoutes(
  registry: RouteRegistry,
  deps: { comments: CommentRepository; revisions: RevisionRepository },
  auth: AuthService,
): Router {
  const router = Router();
  registry.add(
    router,
    MODERATION_MOUNT,
    {
      method: 'get',
      path: '/comments/:commentId/revisions',
      summary:
        'The texts a comment held before its writer edited it, oldest first, with how each was moderated',
      tags: ['moderation'],
      auth: true,
      params: z.object({ commentId: objectIdSchema }),
      responses: {
        200: { description: 'Earlier texts', schema: z.object({ items: z.array(revisionSchema) }) },
      },
    },
    requireSession(auth),
    async ({ params }, req, res) => {
      const comment = await deps.comments.findById(params.commentId, deadlineOf(res));
      if (!comment) throw notFound('No such comment.');
      if (!canAccessSite(sessionOf(req).user, comment.siteId, 'moderator')) {
        throw new AppError('forbidden', 'You do not moderate this site.');
      }
      const revisions = await deps.revisions.forComment(comment.id, undefined, deadlineOf(res));
      res.json({
        items: revisions.map((r) => ({
          version: r.version,
          body: r.body,
          status: r.status,
          moderation: r.moderation,
          writtenAt: r.writtenAt.toISOString(),
          replacedAt: r.replacedAt.toISOString(),
        })),
      });
    },
  );
  return router;
}
