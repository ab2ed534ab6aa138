import { deadlineOf } from '../platform/http/request-deadline.js';
import { Router } from 'express';
import { z } from 'zod';
import { sendJson, sendPrivate, sendPublic } from '../platform/http/cacheable.js';
import type { RouteRegistry } from '../platform/http/route-registry.js';
import {
  articleIdSchema,
  cursorSchema,
  limitSchema,
  objectIdSchema,
  readIdempotencyKey,
  siteIdSchema,
} from '../platform/http/schemas.js';
import { articleAttributeFields } from '../articles/article-attributes.js';
import { bearerToken } from '../readers/reader-identity.js';
import {
  commentCreateSchema,
  commentEditSchema,
  commentStatusSchema,
  createdCommentSchema,
  previewSchema,
  publicCommentSchema,
  threadSorts,
} from './comment.js';
import type { CommentService } from './comment-service.js';
import type { OwnCommentService } from './own-comment-service.js';
import type { ThreadService } from './thread-service.js';

export const SITE_MOUNT = '/api/v1/sites/:siteId';

const articleParams = z.object({ siteId: siteIdSchema, articleId: articleIdSchema });

/** Reader comment endpoints, mounted under /api/v1/sites/:siteId. */
export function commentRoutes(
  registry: RouteRegistry,
  services: { comments: CommentService; threads: ThreadService; own: OwnCommentService },
  router: Router = Router({ mergeParams: true }),
) {
  const { comments: service, threads, own } = services;
  const commentParams = articleParams.extend({ commentId: objectIdSchema });
  registry.add(
    router,
    SITE_MOUNT,
    {
      method: 'post',
      path: '/articles/:articleId/comments',
      summary: 'Post a comment; it is moderated and stored whatever the outcome',
      tags: ['readers'],
      params: articleParams,
      body: commentCreateSchema,
      headers: {
        'Idempotency-Key': { description: 'Retries with the same key return the first result' },
        Authorization: { description: 'Bearer <site login JWT> where the site requires login' },
      },
      responses: { 201: { description: 'Stored and moderated', schema: createdCommentSchema } },
    },
    async ({ params, body }, req, res) => {
      const result = await service.submit(
        params.siteId,
        params.articleId,
        body,
        {
          ip: req.ip ?? '',
          userAgent: String(req.headers['user-agent'] ?? ''),
          bearer: bearerToken(req.headers.authorization),
          idempotencyKey: readIdempotencyKey(req.headers['idempotency-key']),
        },
        deadlineOf(res),
      );
      sendJson(res, 201, result);
    },
  );

  registry.add(
    router,
    SITE_MOUNT,
    {
      method: 'get',
      path: '/articles/:articleId/comments',
      summary: "An article's approved comments, top level paginated, replies inlined",
      tags: ['readers'],
      params: articleParams,
      query: z.object({
        limit: limitSchema,
        cursor: cursorSchema,
        sort: z
          .enum(threadSorts)
          .optional()
          .describe(
            "newest, oldest, respect (most respected) or replies (most replied); default: the site's defaultSort",
          ),
        around: objectIdSchema
          .optional()
          .describe(
            "A comment's id (permalinks): the page starts with the thread that holds it; 404 if not visible",
          ),
        ...articleAttributeFields,
      }),
      headers: {
        Authorization: {
          description:
            "Bearer <site login JWT>: the list then includes the reader's own hidden comments (and is never cached)",
        },
        'If-None-Match': {
          description: 'The ETag of a copy held: 304 without a body when it is still current',
        },
      },
      responses: {
        200: {
          description:
            'A page of comments. Cursors stay stable for every sort: respect and replies page through a snapshot ' +
            'of the order taken on the first page. Without Authorization it holds nothing personal: Cache-Control ' +
            "public with the site's max-age and stale-while-revalidate, a strong ETag, Vary: Origin, Authorization",
          schema: z.object({
            items: z.array(publicCommentSchema),
            nextCursor: z.string().nullable(),
            sort: z.enum(threadSorts),
            featured: z
              .array(publicCommentSchema)
              .describe('Editor picks, newest first, on the first page (empty on later pages)'),
            article: z.object({
              id: z.string(),
              open: z.boolean(),
              mode: z.string(),
              commentCount: z.number(),
              moderationStatement: z.string().nullable(),
              requireLogin: z.boolean(),
              loginUrl: z.string().nullable(),
              editWindowSeconds: z.number(),
              title: z
                .string()
                .nullable()
                .describe("The article's trusted title (admin API or signed attributes)"),
              url: z.string().nullable().describe("The article's trusted address"),
            }),
          }),
        },
        304: { description: 'Not modified: the copy named in If-None-Match is current' },
      },
    },
    async ({ params, query }, req, res) => {
      const bearer = bearerToken(req.headers.authorization);
      const thread = await threads.list(params.siteId, params.articleId, query, { bearer }, deadlineOf(res));
      if (bearer) sendPrivate(res, thread);
      else sendPublic(req, res, thread, await service.cachePolicy(params.siteId, deadlineOf(res)));
    },
  );

  registry.add(
    router,
    SITE_MOUNT,
    {
      method: 'get',
      path: '/articles/:articleId/comments/:commentId/status',
      summary: "How moderation went, for the comment's author (the statusToken from the POST answer)",
      tags: ['readers'],
      params: commentParams,
      query: z.object({ token: z.string().min(1).max(100) }),
      responses: { 200: { description: 'The current status', schema: commentStatusSchema } },
    },
    async ({ params, query }, _req, res) => {
      res.set('Cache-Control', 'no-store');
      res.json(
        await service.status(params.siteId, params.articleId, params.commentId, query.token, deadlineOf(res)),
      );
    },
  );

  registry.add(
    router,
    SITE_MOUNT,
    {
      method: 'post',
      path: '/articles/:articleId/comments/preview',
      summary: 'How a text would be moderated if posted now: stores nothing (the nudge before posting)',
      tags: ['readers'],
      params: articleParams,
      body: commentCreateSchema,
      headers: { Authorization: { description: 'Bearer <site login JWT> where the site requires login' } },
      responses: {
        200: {
          description: 'The decision and, per category, where in the text; never which lexicon entry matched',
          schema: previewSchema,
        },
      },
    },
    async ({ params, body }, req, res) => {
      res.set('Cache-Control', 'no-store');
      res.json(
        await own.preview(
          params.siteId,
          params.articleId,
          body,
          {
            ip: req.ip ?? '',
            bearer: bearerToken(req.headers.authorization),
          },
          deadlineOf(res),
        ),
      );
    },
  );

  registry.add(
    router,
    SITE_MOUNT,
    {
      method: 'patch',
      path: '/articles/:articleId/comments/:commentId',
      summary:
        "The writer edits their comment within the site's editWindowSeconds; it is moderated again and the old text kept for moderators",
      tags: ['readers'],
      params: commentParams,
      body: commentEditSchema,
      responses: {
        200: {
          description: 'Edited and moderated again (same shape as a new post)',
          schema: createdCommentSchema,
        },
      },
    },
    async ({ params, body }, req, res) => {
      res.json(
        await own.edit(
          params.siteId,
          params.articleId,
          params.commentId,
          body,
          { ip: req.ip ?? '' },
          deadlineOf(res),
        ),
      );
    },
  );

  registry.add(
    router,
    SITE_MOUNT,
    {
      method: 'delete',
      path: '/articles/:articleId/comments/:commentId',
      summary: 'The writer deletes their comment; one with replies stays as "deleted by its author"',
      tags: ['readers'],
      params: commentParams,
      query: z.object({ token: z.string().min(1).max(100) }),
      responses: { 204: { description: 'Deleted (also when it already was)' } },
    },
    async ({ params, query }, _req, res) => {
      await own.delete(params.siteId, params.articleId, params.commentId, query.token, deadlineOf(res));
      res.status(204).end();
    },
  );
  return router;
}
