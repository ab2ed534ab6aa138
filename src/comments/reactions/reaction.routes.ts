import { deadlineOf } from '../../platform/http/request-deadline.js';
import type { Request, Router } from 'express';
import { z } from 'zod';
import type { RouteRegistry } from '../../platform/http/route-registry.js';
import { articleIdSchema, objectIdSchema, siteIdSchema } from '../../platform/http/schemas.js';
import { READER_KEY_HEADER } from '../../readers/anonymous-reader-key.js';
import { bearerToken } from '../../readers/reader-identity.js';
import { type CommentStatus, publicCommentSchema } from '../comment.js';
import { SITE_MOUNT } from '../comment.routes.js';
import type { OwnCommentService } from '../own-comment-service.js';
import type { ReactionService, ReaderCredentials } from './reaction-service.js';

const articleParams = z.object({ siteId: siteIdSchema, articleId: articleIdSchema });
const reactionParams = articleParams.extend({ commentId: objectIdSchema });

const readerHeaders = {
  Authorization: {
    description: 'Bearer <site login JWT>: the reader, on sites with login (required where they require it)',
  },
  'Ordskifte-Reader': {
    description: 'An anonymous reader key from POST /readers/anonymous (sites without required login)',
  },
};

const reactionAnswer = z.object({
  reactions: z.object({ respect: z.number().int().min(0) }),
  mine: z.boolean(),
});

function credentials(req: Request): ReaderCredentials {
  const key = req.headers[READER_KEY_HEADER];
  return {
    ip: req.ip ?? '',
    bearer: bearerToken(req.headers.authorization),
    readerKey: typeof key === 'string' ? key : null,
  };
}

/** Readers' reactions and their own view of an article, on the site router (CORS per site). */
export function reactionRoutes(
  registry: RouteRegistry,
  services: { reactions: ReactionService; own: OwnCommentService },
  router: Router,
): Router {
  const { reactions, own } = services;
  for (const [method, on] of [
    ['put', true],
    ['delete', false],
  ] as const) {
    registry.add(
      router,
      SITE_MOUNT,
      {
        method,
        path: '/articles/:articleId/comments/:commentId/reactions/respect',
        summary: on
          ? 'Give a comment your respect; once per reader, repeating it changes nothing'
          : 'Take your respect back; repeating it changes nothing',
        tags: ['readers'],
        params: reactionParams,
        headers: readerHeaders,
        responses: {
          200: { description: 'The exact count now, and whether it includes you', schema: reactionAnswer },
        },
      },
      async ({ params }, req, res) => {
        res.set('Cache-Control', 'no-store');
        res.json(
          await reactions.set(
            params.siteId,
            params.articleId,
            params.commentId,
            'respect',
            on,
            credentials(req),
            deadlineOf(res),
          ),
        );
      },
    );
  }

  registry.add(
    router,
    SITE_MOUNT,
    {
      method: 'post',
      path: '/readers/anonymous',
      summary:
        'An anonymous reader key for this site (the identity of a reader without a login, for reactions)',
      tags: ['readers'],
      params: z.object({ siteId: siteIdSchema }),
      responses: {
        201: {
          description: `Keep it (per browser) and send it in the ${READER_KEY_HEADER} header; issued at a limited rate per client address`,
          schema: z.object({ readerKey: z.string() }),
        },
      },
    },
    async ({ params }, req, res) => {
      res.set('Cache-Control', 'no-store');
      res
        .status(201)
        .json({ readerKey: await reactions.issueReaderKey(params.siteId, req.ip ?? '', deadlineOf(res)) });
    },
  );

  registry.add(
    router,
    SITE_MOUNT,
    {
      method: 'get',
      path: '/articles/:articleId/readers/me',
      summary:
        'What is personal to the reader under an article (kept out of the cacheable list): their reactions and their own comments others do not see',
      tags: ['readers'],
      params: articleParams,
      headers: readerHeaders,
      responses: {
        200: {
          description:
            'The ids of the comments the reader respected; with a login, their held, turned-down or hidden comments',
          schema: z.object({
            reactions: z.object({ respect: z.array(z.string()) }),
            comments: z.array(
              publicCommentSchema.extend({ status: z.enum(['approved', 'pending', 'rejected']) }),
            ),
          }),
        },
      },
    },
    async ({ params }, req, res) => {
      res.set('Cache-Control', 'private, no-store');
      const who = credentials(req);
      const [mine, comments] = await Promise.all([
        reactions.mine(params.siteId, params.articleId, who, deadlineOf(res)),
        own.unpublished(params.siteId, params.articleId, who.bearer, deadlineOf(res)),
      ]);
      res.json({
        reactions: mine,
        comments: comments as ((typeof comments)[number] & { status: CommentStatus })[],
      });
    },
  );
  return router;
}
