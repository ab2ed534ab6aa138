import { deadlineOf } from '../platform/http/request-deadline.js';
import { Router } from 'express';
import { z } from 'zod';
import type { RouteRegistry } from '../platform/http/route-registry.js';
import { siteIdSchema } from '../platform/http/schemas.js';
import type { AuthService } from '../users/auth-service.js';
import { requireRole, requireSession, sessionOf } from '../users/auth-middleware.js';
import type { StatsService } from './stats-service.js';
import { transparencyCsv } from './transparency-csv.js';

const MODERATION_MOUNT = '/api/v1/moderation';
const ADMIN_SITES_MOUNT = '/api/v1/admin/sites';

const isoDate = z.iso.datetime({ offset: true }).optional();
const durations = z.object({
  count: z.number(),
  p50Seconds: z.number().nullable(),
  p95Seconds: z.number().nullable(),
});
const workload = z.array(
  z.object({
    id: z.string(),
    name: z.string(),
    comments: z.number(),
    authors: z.number(),
    notices: z.number(),
    appeals: z.number(),
    actions: z.number(),
  }),
);
const figures = {
  decisions: z.object({
    engine: z.object({ approve: z.number(), hold: z.number(), reject: z.number() }),
    moderator: z.object({ approve: z.number(), reject: z.number() }),
  }),
  heldWait: durations,
  reportToAction: durations,
  noticeToAction: durations,
  actionsByModerator: workload,
};

/** The moderators' statistics: GET /api/v1/moderation/sites/{siteId}/stats. */
export function statsRoutes(registry: RouteRegistry, service: StatsService, auth: AuthService): Router {
  const router = Router();
  registry.add(
    router,
    MODERATION_MOUNT,
    {
      method: 'get',
      path: '/sites/:siteId/stats',
      summary:
        'Per hour or day: decisions by source (engine, moderator), held-queue wait and report/notice-to-action ' +
        'p50/p95, actions per moderator; computed from the stored records on every request',
      tags: ['moderation'],
      auth: true,
      params: z.object({ siteId: siteIdSchema }),
      query: z.object({
        from: isoDate.describe('Start (inclusive); default: to minus 1 day (hour) or 30 days (day)'),
        to: isoDate.describe('End (exclusive); default: now'),
        bucket: z.enum(['hour', 'day']).default('day'),
      }),
      responses: {
        200: {
          description: 'The figures, per bucket and in total',
          schema: z.object({
            siteId: z.string(),
            from: z.string(),
            to: z.string(),
            bucket: z.enum(['hour', 'day']),
            buckets: z.array(z.object({ start: z.string(), end: z.string(), ...figures })),
            totals: z.object(figures),
            truncated: z.boolean(),
          }),
        },
      },
    },
    requireSession(auth),
    async ({ params, query }, req, res) => {
      res.set('Cache-Control', 'no-store');
      res.json(await service.stats(sessionOf(req).user, params.siteId, query, deadlineOf(res)));
    },
  );
  return router;
}

/** The transparency report for admins: GET /api/v1/admin/sites/{siteId}/transparency. */
export function transparencyRoutes(
  registry: RouteRegistry,
  service: StatsService,
  auth: AuthService,
): Router {
  const router = Router();
  registry.add(
    router,
    ADMIN_SITES_MOUNT,
    {
      method: 'get',
      path: '/:siteId/transparency',
      summary:
        'The transparency report (DSA Art. 15/24): notices, own-initiative decisions and appeals; JSON, or CSV ' +
        'in the structure of the EU harmonised template (docs/TRANSPARENCY.md)',
      tags: ['admin'],
      auth: true,
      params: z.object({ siteId: siteIdSchema }),
      query: z.object({
        from: isoDate.describe('Start (inclusive); default: a year before to'),
        to: isoDate.describe('End (exclusive); default: now'),
        format: z.enum(['json', 'csv']).default('json'),
      }),
      responses: { 200: { description: 'The report (application/json or text/csv)' } },
    },
    requireSession(auth),
    requireRole('admin'),
    async ({ params, query }, _req, res) => {
      const report = await service.transparency(params.siteId, query, deadlineOf(res));
      if (query.format === 'csv') {
        res
          .type('text/csv; charset=utf-8')
          .attachment(
            `transparency-${params.siteId}-${report.report.from.slice(0, 10)}-${report.report.to.slice(0, 10)}.csv`,
          )
          .send(transparencyCsv(report));
        return;
      }
      res.json(report);
    },
  );
  return router;
}
