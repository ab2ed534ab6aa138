import { deadlineOf } from '../platform/http/request-deadline.js';
import { Router } from 'express';
import { z } from 'zod';
import { authorKeySchema } from '../authors/author.routes.js';
import type { RouteRegistry } from '../platform/http/route-registry.js';
import { emailSchema, siteIdSchema } from '../platform/http/schemas.js';
import type { AuthService } from '../users/auth-service.js';
import { requireRole, requireSession, sessionOf } from '../users/auth-middleware.js';
import type { AuthorSelector, PrivacyService } from './privacy-service.js';

const ADMIN_SITES_MOUNT = '/api/v1/admin/sites';

// POST bodies, not query strings: an e-mail in a URL would end up in access logs.
const selectorBase = z.object({ authorKey: authorKeySchema.optional(), email: emailSchema.optional() });
const oneOf = (s: { authorKey?: string; email?: string }) =>
  (s.authorKey === undefined) !== (s.email === undefined);
const ONE_OF = 'give exactly one of authorKey or email';
const selectorSchema = selectorBase.refine(oneOf, ONE_OF);
const eraseSchema = selectorBase
  .extend({ reason: z.string().trim().max(500).optional() })
  .refine(oneOf, ONE_OF);

const toSelector = (body: { authorKey?: string; email?: string }): AuthorSelector =>
  body.authorKey ? { authorKey: body.authorKey } : { email: body.email ?? '' };

/** Admin endpoints for a data subject's rights: export and erasure (both audited). */
export function privacyRoutes(registry: RouteRegistry, service: PrivacyService, auth: AuthService): Router {
  const router = Router();
  const params = z.object({ siteId: siteIdSchema });

  registry.add(
    router,
    ADMIN_SITES_MOUNT,
    {
      method: 'post',
      path: '/:siteId/privacy/export',
      summary: 'Export everything stored about an author (by authorKey or e-mail) as JSON',
      tags: ['admin', 'privacy'],
      auth: true,
      params,
      body: selectorSchema,
      responses: { 200: { description: 'The export' } },
    },
    requireSession(auth),
    requireRole('admin'),
    async ({ params, body }, req, res) => {
      const data = await service.export(
        sessionOf(req).user,
        params.siteId,
        toSelector(body),
        deadlineOf(res),
      );
      res.set('Cache-Control', 'no-store');
      res.set('Content-Disposition', `attachment; filename="author-export-${params.siteId}.json"`);
      res.json(data);
    },
  );

  registry.add(
    router,
    ADMIN_SITES_MOUNT,
    {
      method: 'post',
      path: '/:siteId/privacy/erase',
      summary: "Erase an author: delete or anonymise their comments and submissions, per the site's policy",
      tags: ['admin', 'privacy'],
      auth: true,
      params,
      body: eraseSchema,
      responses: {
        200: {
          description: 'What was erased',
          schema: z.object({
            erased: z.object({
              mode: z.enum(['delete', 'anonymise']),
              comments: z.number(),
              submissions: z.number(),
              reportsMade: z.number(),
              authorRecords: z.number(),
            }),
          }),
        },
      },
    },
    requireSession(auth),
    requireRole('admin'),
    async ({ params, body }, req, res) => {
      res.json(
        await service.erase(
          sessionOf(req).user,
          params.siteId,
          toSelector(body),
          body.reason,
          deadlineOf(res),
        ),
      );
    },
  );
  return router;
}
