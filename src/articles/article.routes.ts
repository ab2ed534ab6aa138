import { deadlineOf } from '../platform/http/request-deadline.js';
import { Router } from 'express';
import { z } from 'zod';
import type { RouteRegistry } from '../platform/http/route-registry.js';
import { articleIdSchema, siteIdSchema } from '../platform/http/schemas.js';
import type { AuthService } from '../users/auth-service.js';
import { requireRole, requireSession, sessionOf } from '../users/auth-middleware.js';
import type { ArticleMetadataService } from './article-metadata.js';
import { ADMIN_SITES_MOUNT } from '../sites/site.routes.js';

const articleSchema = z.object({
  id: z.string(),
  siteId: z.string(),
  open: z.boolean(),
  mode: z.enum(['pre', 'post']).nullable(),
  publishedAt: z.string().nullable(),
  title: z.string().nullable(),
  url: z.string().nullable(),
});

/** The CMS's side of articles: trusted metadata, under /api/v1/admin/sites (role admin). */
export function articleAdminRoutes(
  registry: RouteRegistry,
  service: ArticleMetadataService,
  auth: AuthService,
): Router {
  const router = Router();
  registry.add(
    router,
    ADMIN_SITES_MOUNT,
    {
      method: 'patch',
      path: '/:siteId/articles/:articleId',
      summary:
        "Set an article's trusted metadata (for the CMS): publication date (closeAfterDays counts from it), title and URL; null clears",
      tags: ['admin'],
      auth: true,
      params: z.object({ siteId: siteIdSchema, articleId: articleIdSchema }),
      body: z
        .object({
          publishedAt: z.iso.datetime({ offset: true }).nullable().optional(),
          title: z
            .string()
            .trim()
            .min(1)
            .max(300)
            .regex(/^[^\p{Cc}]+$/u, 'must be printable text')
            .nullable()
            .optional(),
          url: z
            .string()
            .max(2000)
            .regex(/^https?:\/\/\S+$/i, 'an article URL is http(s)://host/path')
            .nullable()
            .optional(),
        })
        .refine(
          (b) => b.publishedAt !== undefined || b.title !== undefined || b.url !== undefined,
          'give publishedAt, title or url',
        ),
      responses: { 200: { description: 'The article', schema: z.object({ article: articleSchema }) } },
    },
    requireSession(auth),
    requireRole('admin'),
    async ({ params, body }, req, res) => {
      const { user } = sessionOf(req);
      const change = {
        publishedAt:
          body.publishedAt === undefined || body.publishedAt === null
            ? body.publishedAt
            : new Date(body.publishedAt),
        title: body.title,
        url: body.url,
      };
      res.json(
        await service.setByAdmin(
          { id: user.id, email: user.email, name: user.name },
          params.siteId,
          params.articleId,
          change,
          deadlineOf(res),
        ),
      );
    },
  );
  return router;
}
