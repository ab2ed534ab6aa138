import { deadlineOf } from '../platform/http/request-deadline.js';
import { Router } from 'express';
import { z } from 'zod';
import type { ModerationService } from '../moderation-queue/moderation-service.js';
import { notFound } from '../platform/errors.js';
import type { RouteRegistry } from '../platform/http/route-registry.js';
import { siteIdSchema } from '../platform/http/schemas.js';
import type { AuthService } from '../users/auth-service.js';
import { requireSession, sessionOf } from '../users/auth-middleware.js';
import { NEWSROOM_ZONE } from './newsroom-time.js';
import { rejectReasonSchema, rejectReasonsOf } from './reject-reasons.js';
import type { SiteRepository } from './site.repository.js';

const MODERATION_MOUNT = '/api/v1/moderation';

/** The site's reject-reason catalogue for its moderators (admins edit it in the site's policy). */
export function rejectReasonRoutes(
  registry: RouteRegistry,
  sites: SiteRepository,
  moderation: ModerationService,
  auth: AuthService,
): Router {
  const router = Router();
  registry.add(
    router,
    MODERATION_MOUNT,
    {
      method: 'get',
      path: '/sites/:siteId/reject-reasons',
      summary: "The site's reject reasons: what a moderator can give as reasonCode, with its ground",
      tags: ['moderation'],
      auth: true,
      params: z.object({ siteId: siteIdSchema }),
      responses: {
        200: {
          description:
            "The catalogue, the language statements are written in, and the newsroom's time zone (the workbench shows times in it)",
          schema: z.object({
            items: z.array(rejectReasonSchema),
            language: z.enum(['nb', 'nn', 'en']),
            timeZone: z.string(),
          }),
        },
      },
    },
    requireSession(auth),
    async ({ params }, req, res) => {
      await moderation.requireSiteAccess(sessionOf(req).user, params.siteId, deadlineOf(res));
      const site = await sites.findById(params.siteId, undefined, deadlineOf(res));
      if (!site) throw notFound('No such site.');
      res.json({
        items: rejectReasonsOf(site.policy),
        language: site.policy.language ?? 'nb',
        timeZone: site.policy.timeZone ?? NEWSROOM_ZONE,
      });
    },
  );
  return router;
}
