import { deadlineOf } from '../platform/http/request-deadline.js';
import { Router } from 'express';
import { z } from 'zod';
import type { RouteRegistry } from '../platform/http/route-registry.js';
import { siteIdSchema } from '../platform/http/schemas.js';
import { reasonCodeSchema } from '../sites/reject-reasons.js';
import type { AuthService } from '../users/auth-service.js';
import { requireSession, sessionOf } from '../users/auth-middleware.js';
import { type AuthorService, authorActions } from './author-service.js';

const MODERATION_MOUNT = '/api/v1/moderation';

/**
 * An author key as comments carry it: `sso:<sub>`, `anon:<hash>` or `erased:<id>`
 * (`email:<hash>` on comments stored before an unverified e-mail stopped being an identity).
 */
export const authorKeySchema = z
  .string()
  .max(300)
  .regex(
    /^(sso|email|anon|erased):[^\p{Cc}]{1,280}$/u,
    'an author key is sso:…, email:…, anon:… or erased:…',
  );

const authorViewSchema = z.object({
  key: z.string(),
  name: z.string(),
  trusted: z.boolean(),
  banned: z.boolean(),
  shadowBanned: z.boolean(),
  premoderated: z.boolean(),
  version: z.number(),
  firstSeenAt: z.string().nullable(),
  lastSeenAt: z.string().nullable(),
});

/** Moderator endpoints for an author's standing, under /api/v1/moderation/sites/:siteId/authors/:authorKey. */
export function authorRoutes(registry: RouteRegistry, service: AuthorService, auth: AuthService): Router {
  const router = Router();
  const params = z.object({ siteId: siteIdSchema, authorKey: authorKeySchema });

  registry.add(
    router,
    MODERATION_MOUNT,
    {
      method: 'get',
      path: '/sites/:siteId/authors/:authorKey',
      summary: "An author's standing, history (approved/rejected/pending), recent comments and actions",
      tags: ['moderation'],
      auth: true,
      params,
      responses: { 200: { description: 'The author' } },
    },
    requireSession(auth),
    async ({ params }, req, res) => {
      res.json(await service.get(sessionOf(req).user, params.siteId, params.authorKey, deadlineOf(res)));
    },
  );

  registry.add(
    router,
    MODERATION_MOUNT,
    {
      method: 'post',
      path: '/sites/:siteId/authors/:authorKey',
      summary: 'Ban, shadow-ban, pre-moderate or trust an author (and undo); audited',
      tags: ['moderation'],
      auth: true,
      params,
      body: z.object({
        action: z.enum(authorActions),
        reason: z.string().trim().max(500).optional(),
        version: z.number().int().min(0).optional(),
        applyToExisting: z.boolean().optional(),
        reasonCode: reasonCodeSchema
          .optional()
          .describe(
            "One of the site's policy.rejectReasons codes: the ground the statement of reasons names",
          ),
      }),
      responses: {
        200: {
          description: 'Applied',
          schema: z.object({ author: authorViewSchema, existingCommentsChanged: z.number() }),
        },
      },
    },
    requireSession(auth),
    async ({ params, body }, req, res) => {
      res.json(
        await service.act(sessionOf(req).user, params.siteId, params.authorKey, body, deadlineOf(res)),
      );
    },
  );
  return router;
}
