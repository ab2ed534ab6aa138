import { deadlineOf } from '../platform/http/request-deadline.js';
import { createHash } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import type { AuditRepository } from '../audit/audit.repository.js';
import type { RiskModels } from '../moderation/model/risk-models.js';
import { moderate } from '../moderation/engine/index.js';
import { boundReasons } from '../moderation/bounded-reasons.js';
import { webhookTargetProblem } from '../submissions/webhook-target.js';
import { AppError, notFound } from '../platform/errors.js';
import type { RouteRegistry } from '../platform/http/route-registry.js';
import { siteIdSchema } from '../platform/http/schemas.js';
import type { AuthService } from '../users/auth-service.js';
import { requireRole, requireSession, sessionOf } from '../users/auth-middleware.js';
import {
  publicSiteSchema,
  siteCreateSchema,
  sitePolicySchema,
  siteUpdateSchema,
  toSiteView,
} from './site.js';
import type { SiteRepository } from './site.repository.js';

export const ADMIN_SITES_MOUNT = '/api/v1/admin/sites';

/** How the site's risk model stands (`RiskModels.status`), beside the site on a read. */
const riskModelStatusSchema = z
  .object({
    version: z.number().describe('The decisions log seq the model had applied'),
    decisions: z.number(),
    holding: z.boolean().describe('The model holds comments now; false: shadow mode'),
    thresholdMode: z.enum(['fixed', 'auto']),
    threshold: z.number().nullable().describe('The threshold it holds at; null when "auto" found none'),
    precision: z.number().nullable(),
    recall: z.number().nullable(),
    positives: z.number().describe('Rejections in the window scoring at or above the threshold'),
    measuredOn: z
      .number()
      .describe(
        'Held-out decisions measured: the most recent on comments the rules approved, each scored before learnt',
      ),
    gate: z
      .enum(['site', 'base'])
      .describe(
        "Whose gate: the site's own window, or the shipped base model's out-of-fold one (baseHold, until the site has minDecisions)",
      ),
    baseModel: z.string().nullable().describe('The shipped base model the site learns on top of (its id)'),
  })
  .describe("The per-site risk model's gate, measured over its most recent held-out decisions");

export function siteAdminRoutes(
  registry: RouteRegistry,
  sites: SiteRepository,
  audit: AuditRepository,
  auth: AuthService,
  risk?: Pick<RiskModels, 'status'>,
): Router {
  const router = Router();
  router.use(requireSession(auth), requireRole('admin'));
  const siteResponse = z.object({ site: publicSiteSchema });
  const actor = (req: Parameters<typeof sessionOf>[0]) => {
    const { user } = sessionOf(req);
    return { id: user.id, email: user.email, name: user.name };
  };

  registry.add(
    router,
    ADMIN_SITES_MOUNT,
    {
      method: 'post',
      path: '/',
      summary: 'Create a site',
      tags: ['admin'],
      auth: true,
      body: siteCreateSchema,
      responses: { 201: { description: 'Created', schema: siteResponse } },
    },
    async ({ body }, req, res) => {
      const { ssoSecret, ...policy } = body.policy;
      await refusePrivateWebhook(policy);
      const site = await sites.create(
        {
          id: body.id,
          name: body.name,
          origins: body.origins,
          policy,
          ssoSecrets: ssoSecret ? [ssoSecret] : [],
        },
        deadlineOf(res),
      );
      if (!site) throw new AppError('conflict', `A site with id ${body.id} exists.`);
      await audit.record(
        {
          siteId: site.id,
          entity: 'site',
          entityId: site.id,
          action: 'create',
          actor: actor(req),
          reason: null,
          before: null,
          after: toSiteView(site),
        },
        deadlineOf(res),
      );
      res.status(201).json({ site: toSiteView(site) });
    },
  );

  registry.add(
    router,
    ADMIN_SITES_MOUNT,
    {
      method: 'get',
      path: '/',
      summary: 'List sites',
      tags: ['admin'],
      auth: true,
      responses: { 200: { description: 'Sites', schema: z.object({ items: z.array(publicSiteSchema) }) } },
    },
    async (_input, _req, res) => {
      res.json({ items: (await sites.list(deadlineOf(res))).map(toSiteView), nextCursor: null });
    },
  );

  registry.add(
    router,
    ADMIN_SITES_MOUNT,
    {
      method: 'get',
      path: '/:siteId',
      summary: 'Read a site',
      tags: ['admin'],
      auth: true,
      params: z.object({ siteId: siteIdSchema }),
      responses: {
        200: {
          description: 'The site, with its risk model gate',
          schema: siteResponse.extend({ riskModel: riskModelStatusSchema.optional() }),
        },
      },
    },
    async ({ params }, _req, res) => {
      const site = await sites.findById(params.siteId, { fresh: true }, deadlineOf(res));
      if (!site) throw notFound('No such site.');
      const riskModel = await risk?.status(site.id, site.policy.riskModel, deadlineOf(res));
      res.json({ site: toSiteView(site), ...(riskModel && { riskModel }) });
    },
  );

  registry.add(
    router,
    ADMIN_SITES_MOUNT,
    {
      method: 'patch',
      path: '/:siteId',
      summary: 'Update a site; a new ssoSecret keeps the previous one valid too (rotation)',
      tags: ['admin'],
      auth: true,
      params: z.object({ siteId: siteIdSchema }),
      body: siteUpdateSchema,
      responses: { 200: { description: 'Updated', schema: siteResponse } },
    },
    async ({ params, body }, req, res) => {
      const current = await sites.findById(params.siteId, { fresh: true }, deadlineOf(res));
      if (!current) throw notFound('No such site.');
      const { ssoSecret, ...parsedChange } = body.policy ?? {};
      // zod fills defaults even into a partial schema: keep only the fields the request named,
      // or a PATCH of one field would silently reset the others (requireLogin among them).
      const named = (req.body as { policy?: Record<string, unknown> }).policy ?? {};
      const policyChange = Object.fromEntries(Object.entries(parsedChange).filter(([key]) => key in named));
      // A site stored before the DSA profile existed keeps it off until an admin turns it on.
      const stored = { ...current.policy, dsa: (current.policy as { dsa?: boolean }).dsa === true };
      const policy = body.policy ? sitePolicySchema.parse({ ...stored, ...policyChange }) : undefined;
      if (policy && ('webhookUrl' in policyChange || 'webhookAllowPrivateTargets' in policyChange)) {
        await refusePrivateWebhook(policy);
      }
      const ssoSecrets = ssoSecret
        ? [ssoSecret, ...current.ssoSecrets.filter((s) => s !== ssoSecret)].slice(0, 2)
        : undefined;
      const site = await sites.update(
        params.siteId,
        {
          name: body.name,
          origins: body.origins,
          policy,
          ssoSecrets,
        },
        deadlineOf(res),
      );
      if (!site) throw notFound('No such site.');
      await audit.record(
        {
          siteId: site.id,
          entity: 'site',
          entityId: site.id,
          action: 'update',
          actor: actor(req),
          reason: null,
          before: toSiteView(current),
          after: toSiteView(site),
        },
        deadlineOf(res),
      );
      res.json({ site: toSiteView(site) });
    },
  );

  registry.add(
    router,
    ADMIN_SITES_MOUNT,
    {
      method: 'post',
      path: '/:siteId/moderation-preview',
      summary: "How the site's policy judges a sample text (optionally with term lists not yet saved)",
      tags: ['admin'],
      auth: true,
      params: z.object({ siteId: siteIdSchema }),
      body: z.object({
        text: z.string().trim().min(1).max(20_000),
        policy: sitePolicySchema
          .pick({ bannedTerms: true, suspectTerms: true, allowedTerms: true, maxLinks: true })
          .partial()
          .optional(),
      }),
      responses: {
        200: {
          description: 'The decision and every reason, as a new comment by a new author would get them',
          schema: z.object({
            decision: z.enum(['approve', 'hold', 'reject']),
            reasons: z.array(z.record(z.string(), z.unknown())),
          }),
        },
      },
    },
    async ({ params, body }, _req, res) => {
      const site = await sites.findById(params.siteId, undefined, deadlineOf(res));
      if (!site) throw notFound('No such site.');
      const named = (_req.body as { policy?: Record<string, unknown> }).policy ?? {};
      const trial = Object.fromEntries(Object.entries(body.policy ?? {}).filter(([key]) => key in named));
      const policy = { ...site.policy, ...trial };
      // Unsaved lists get a key of their own (their content), so they never replace the site's matcher.
      const policyKey =
        Object.keys(trial).length === 0
          ? `${site.id}:${site.policyVersion}`
          : `preview:${createHash('sha256').update(JSON.stringify(trial)).digest('base64url')}`;
      const result = moderate(body.text, {
        policyKey,
        policy,
        premoderation: policy.mode === 'pre' ? 'site' : null,
        maxLength: policy.maxCommentLength,
      });
      res.json({ decision: result.decision, reasons: boundReasons(result.reasons) });
    },
  );
  return router;
}

/** 422 when the site's webhook would reach a non-public address without the admin allowing it. */
async function refusePrivateWebhook(policy: {
  webhookUrl?: string | null;
  webhookAllowPrivateTargets?: boolean;
}): Promise<void> {
  if (!policy.webhookUrl) return;
  const problem = await webhookTargetProblem(policy.webhookUrl, policy.webhookAllowPrivateTargets === true);
  if (!problem) return;
  throw new AppError('validation_failed', 'The request is not valid.', {
    details: [{ path: 'body.policy.webhookUrl', message: problem }],
  });
}
