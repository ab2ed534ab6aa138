import { deadlineOf } from '../platform/http/request-deadline.js';
import { Router } from 'express';
import { z } from 'zod';
import { notFound } from '../platform/errors.js';
import { sendPublic } from '../platform/http/cacheable.js';
import type { CursorCodec } from '../platform/http/cursor.js';
import type { RouteRegistry } from '../platform/http/route-registry.js';
import {
  cursorSchema,
  limitSchema,
  objectIdSchema,
  readIdempotencyKey,
  siteIdSchema,
} from '../platform/http/schemas.js';
import type { AuthService } from '../users/auth-service.js';
import { requireRole, requireSession, sessionOf } from '../users/auth-middleware.js';
import {
  createdSubmissionSchema,
  editorSubmissionSchema,
  noteCreateSchema,
  noteSchema,
  publicSubmissionSchema,
  receiptSchema,
  revisionSchema,
  submissionActionSchema,
  submissionCountsSchema,
  submissionEditSchema,
  submissionStatuses,
  submissionCreateSchema,
} from './submission.js';
import type { SubmissionService } from './submission-service.js';
import { deliveryView, type WebhookDeliveryRepository } from './webhook-delivery.js';

const SITE_MOUNT = '/api/v1/sites/:siteId';
export const SUBMISSION_EDITOR_MOUNT = '/api/v1/moderation';
export const WEBHOOK_ADMIN_MOUNT = '/api/v1/admin/sites';

const idempotencyHeader = {
  'Idempotency-Key': { description: 'Retries with the same key return the first result' },
};

/** The writer's and the CMS's endpoints, on the per-site router (so per-site CORS applies). */
export function submissionPublicRoutes(registry: RouteRegistry, service: SubmissionService, router: Router) {
  registry.add(
    router,
    SITE_MOUNT,
    {
      method: 'post',
      path: '/submissions',
      summary: 'Send an opinion piece (leserinnlegg) to the editors; answers with a receipt token',
      tags: ['readers', 'submissions'],
      params: z.object({ siteId: siteIdSchema }),
      body: submissionCreateSchema,
      headers: idempotencyHeader,
      responses: { 201: { description: 'Received', schema: createdSubmissionSchema } },
    },
    async ({ params, body }, req, res) => {
      const result = await service.submit(
        params.siteId,
        body,
        {
          ip: req.ip ?? '',
          idempotencyKey: readIdempotencyKey(req.headers['idempotency-key']),
        },
        deadlineOf(res),
      );
      res.set('Cache-Control', 'no-store');
      res.status(201).json(result);
    },
  );

  registry.add(
    router,
    SITE_MOUNT,
    {
      method: 'get',
      path: '/submissions',
      summary: 'Published opinion pieces, newest first, public fields only (for the CMS)',
      tags: ['readers', 'submissions'],
      params: z.object({ siteId: siteIdSchema }),
      query: z.object({
        status: z.enum(['published']).default('published'),
        limit: limitSchema,
        cursor: cursorSchema,
      }),
      headers: {
        'If-None-Match': {
          description: 'The ETag of a copy held: 304 without a body when it is still current',
        },
      },
      responses: {
        200: {
          description:
            "A page of published pieces: Cache-Control public with the site's max-age and stale-while-revalidate, " +
            'a strong ETag, Vary: Origin, Authorization',
          schema: z.object({ items: z.array(publicSubmissionSchema), nextCursor: z.string().nullable() }),
        },
        304: { description: 'Not modified: the copy named in If-None-Match is current' },
      },
    },
    async ({ params, query }, req, res) => {
      const page = await service.listPublished(params.siteId, query, deadlineOf(res));
      sendPublic(req, res, page, await service.cachePolicy(params.siteId, deadlineOf(res)));
    },
  );

  registry.add(
    router,
    SITE_MOUNT,
    {
      method: 'get',
      path: '/submissions/:submissionId',
      summary: "The writer's receipt: status and notes from the editor (404 unless the token matches)",
      tags: ['readers', 'submissions'],
      params: z.object({ siteId: siteIdSchema, submissionId: objectIdSchema }),
      query: z.object({ token: z.string().max(200).optional() }),
      headers: { 'X-Receipt-Token': { description: 'The receipt token, instead of ?token=' } },
      responses: { 200: { description: 'Status and notes to the writer', schema: receiptSchema } },
    },
    async ({ params, query }, req, res) => {
      const header = req.headers['x-receipt-token'];
      const token = query.token ?? (typeof header === 'string' ? header : undefined);
      res.set('Cache-Control', 'no-store');
      res.set('Referrer-Policy', 'no-referrer');
      res.json(await service.receipt(params.siteId, params.submissionId, token, deadlineOf(res)));
    },
  );
  return router;
}

/**
 * Editors' endpoints under /api/v1/moderation. Each route authenticates on its
 * own, so this router can sit before the comment moderators' router without
 * authenticating their requests twice.
 */
export function submissionEditorRoutes(
  registry: RouteRegistry,
  service: SubmissionService,
  auth: AuthService,
): Router {
  const router = Router();
  const session = requireSession(auth);
  const idParams = z.object({ submissionId: objectIdSchema });
  const actionKey = (header: string | string[] | undefined) => readIdempotencyKey(header);

  registry.add(
    router,
    SUBMISSION_EDITOR_MOUNT,
    {
      method: 'get',
      path: '/sites/:siteId/submissions',
      summary: "A site's opinion pieces in one status, with exact counts of every status",
      tags: ['moderation', 'submissions'],
      auth: true,
      params: z.object({ siteId: siteIdSchema }),
      query: z.object({
        status: z.enum(submissionStatuses).default('received'),
        limit: limitSchema,
        cursor: cursorSchema,
      }),
      responses: {
        200: {
          description: 'Queue page',
          schema: z.object({
            items: z.array(editorSubmissionSchema),
            nextCursor: z.string().nullable(),
            counts: submissionCountsSchema,
          }),
        },
      },
    },
    session,
    async ({ params, query }, req, res) => {
      res.set('Cache-Control', 'no-store');
      res.json(await service.queue(sessionOf(req).user, params.siteId, query, deadlineOf(res)));
    },
  );

  registry.add(
    router,
    SUBMISSION_EDITOR_MOUNT,
    {
      method: 'get',
      path: '/submissions/:submissionId',
      summary: 'One piece with the original and every revision, notes and audit trail',
      tags: ['moderation', 'submissions'],
      auth: true,
      params: idParams,
      responses: {
        200: {
          description: 'The piece',
          schema: z.object({
            submission: editorSubmissionSchema,
            revisions: z.array(revisionSchema),
            notes: z.array(noteSchema),
            audit: z.array(z.record(z.string(), z.unknown())),
          }),
        },
      },
    },
    session,
    async ({ params }, req, res) => {
      res.set('Cache-Control', 'no-store');
      res.json(await service.detail(sessionOf(req).user, params.submissionId, deadlineOf(res)));
    },
  );

  registry.add(
    router,
    SUBMISSION_EDITOR_MOUNT,
    {
      method: 'post',
      path: '/submissions/:submissionId/actions',
      summary: 'start_review, accept, reject or publish a piece at the version the editor saw',
      tags: ['moderation', 'submissions'],
      auth: true,
      params: idParams,
      body: submissionActionSchema,
      headers: { 'Idempotency-Key': { description: 'Action id: a retried request does not act twice' } },
      responses: {
        200: { description: 'Applied', schema: z.object({ submission: editorSubmissionSchema }) },
      },
    },
    session,
    async ({ params, body }, req, res) => {
      const submission = await service.act(
        sessionOf(req).user,
        params.submissionId,
        body,
        actionKey(req.headers['idempotency-key']),
        deadlineOf(res),
      );
      res.json({ submission });
    },
  );

  registry.add(
    router,
    SUBMISSION_EDITOR_MOUNT,
    {
      method: 'patch',
      path: '/submissions/:submissionId',
      summary: 'Edit title and/or body before publishing; the previous text stays as a revision',
      tags: ['moderation', 'submissions'],
      auth: true,
      params: idParams,
      body: submissionEditSchema,
      headers: { 'Idempotency-Key': { description: 'Edit id: a retried request does not edit twice' } },
      responses: {
        200: {
          description: 'Edited',
          schema: z.object({ submission: editorSubmissionSchema, revision: revisionSchema }),
        },
      },
    },
    session,
    async ({ params, body }, req, res) => {
      res.json(
        await service.edit(
          sessionOf(req).user,
          params.submissionId,
          body,
          actionKey(req.headers['idempotency-key']),
          deadlineOf(res),
        ),
      );
    },
  );

  registry.add(
    router,
    SUBMISSION_EDITOR_MOUNT,
    {
      method: 'post',
      path: '/submissions/:submissionId/notes',
      summary: 'Add an internal note, or a note the writer sees on their receipt',
      tags: ['moderation', 'submissions'],
      auth: true,
      params: idParams,
      body: noteCreateSchema,
      responses: { 201: { description: 'Added', schema: z.object({ note: noteSchema }) } },
    },
    session,
    async ({ params, body }, req, res) => {
      res
        .status(201)
        .json(
          await service.addNote(
            sessionOf(req).user,
            params.submissionId,
            body.text,
            body.visibility,
            deadlineOf(res),
          ),
        );
    },
  );
  return router;
}

const deliverySchema = z.object({
  id: z.string(),
  siteId: z.string(),
  event: z.string(),
  submissionId: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number(),
  nextAttemptAt: z.string().nullable(),
  lastStatusCode: z.number().nullable(),
  lastError: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  createdAt: z.string(),
  history: z.array(
    z.object({
      attempt: z.number(),
      at: z.string(),
      url: z.string().nullable(),
      statusCode: z.number().nullable(),
      error: z.string().nullable(),
      durationMs: z.number(),
    }),
  ),
});

/** The webhook delivery log and manual retry, for admins. */
export function webhookAdminRoutes(
  registry: RouteRegistry,
  deliveries: WebhookDeliveryRepository,
  cursors: CursorCodec,
  auth: AuthService,
  onRequeued: () => void,
): Router {
  const router = Router();
  const admin = [requireSession(auth), requireRole('admin')] as const;

  registry.add(
    router,
    WEBHOOK_ADMIN_MOUNT,
    {
      method: 'get',
      path: '/:siteId/webhook-deliveries',
      summary: "A site's webhook deliveries, newest first, each with every attempt",
      tags: ['admin', 'submissions'],
      auth: true,
      params: z.object({ siteId: siteIdSchema }),
      query: z.object({ limit: limitSchema, cursor: cursorSchema }),
      responses: {
        200: {
          description: 'Delivery log',
          schema: z.object({ items: z.array(deliverySchema), nextCursor: z.string().nullable() }),
        },
      },
    },
    ...admin,
    async ({ params, query }, _req, res) => {
      const scope = `webhook-deliveries:${params.siteId}`;
      const after = query.cursor ? cursors.decode(query.cursor, scope) : undefined;
      const { deliveries: page, attempts } = await deliveries.listForSite(
        params.siteId,
        {
          limit: query.limit,
          after,
        },
        deadlineOf(res),
      );
      const items = page.slice(0, query.limit);
      const last = items.at(-1);
      res.json({
        items: items.map((d) => deliveryView(d, attempts.get(d.id) ?? [])),
        nextCursor:
          page.length > query.limit && last
            ? cursors.encode({ t: last.createdAt.getTime(), id: last.id }, scope)
            : null,
      });
    },
  );

  registry.add(
    router,
    WEBHOOK_ADMIN_MOUNT,
    {
      method: 'post',
      path: '/:siteId/webhook-deliveries/:deliveryId/retry',
      summary: 'Send a delivery that gave up once more',
      tags: ['admin', 'submissions'],
      auth: true,
      params: z.object({ siteId: siteIdSchema, deliveryId: objectIdSchema }),
      responses: { 202: { description: 'Queued again', schema: z.object({ delivery: deliverySchema }) } },
    },
    ...admin,
    async ({ params }, _req, res) => {
      const delivery = await deliveries.requeue(params.siteId, params.deliveryId, deadlineOf(res));
      if (!delivery) throw notFound('No failed delivery with this id on this site.');
      onRequeued();
      res.status(202).json({ delivery: deliveryView(delivery, []) });
    },
  );
  return router;
}
