import { deadlineOf } from '../../platform/http/request-deadline.js';
import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { RouteRegistry } from '../../platform/http/route-registry.js';
import { siteIdSchema } from '../../platform/http/schemas.js';
import { bearerToken } from '../../readers/reader-identity.js';
import { SITE_MOUNT } from '../comment.routes.js';
import type { DigestLinkAction, DigestService } from './digest-service.js';
import { PAGE_WORDS } from './digest-text.js';
import type { DigestLanguage } from './digest.repository.js';

const statusSchema = z.object({
  subscribed: z.boolean(),
  confirmed: z.boolean().describe('False until the address owner followed the link mailed to them'),
  email: z.string().nullable(),
});

const languageSchema = z.enum(['nb', 'nn', 'en']);

/** The address the request came to (behind the proxies `trust proxy` allows). */
const originOf = (req: Request) => `${req.protocol}://${req.get('host') ?? 'localhost'}`;

/** Reply digests on the site router (CORS per site): the reader's subscription. */
export function digestRoutes(registry: RouteRegistry, service: DigestService, router: Router): Router {
  const path = '/readers/me/digest';
  const auth = { Authorization: { description: 'Bearer <site login JWT>: the reader, by their login' } };
  registry.add(
    router,
    SITE_MOUNT,
    {
      method: 'get',
      path,
      summary: "A logged-in reader's reply-digest subscription",
      tags: ['readers'],
      params: z.object({ siteId: siteIdSchema }),
      headers: { Authorization: { ...auth.Authorization, required: true } },
      responses: { 200: { description: 'The subscription', schema: statusSchema } },
    },
    async ({ params }, req, res) => {
      res.set('Cache-Control', 'private, no-store');
      res.json(await service.status(params.siteId, bearerToken(req.headers.authorization), deadlineOf(res)));
    },
  );
  registry.add(
    router,
    SITE_MOUNT,
    {
      method: 'put',
      path,
      summary:
        'Opt in to an e-mail digest of replies and decisions (at most one an hour): by login (its e-mail claim), or with the status tokens of comments written with an e-mail address (confirmed by a mailed link first)',
      tags: ['readers'],
      params: z.object({ siteId: siteIdSchema }),
      body: z.object({
        tokens: z
          .string()
          .max(200 * 60)
          .optional()
          .describe('Anonymous writers: id.statusToken of the comments to follow, comma-separated'),
        lang: languageSchema.optional().describe("The mail's language (default: the site's)"),
      }),
      headers: auth,
      responses: { 200: { description: 'Subscribed', schema: statusSchema } },
    },
    async ({ params, body }, req, res) => {
      res.set('Cache-Control', 'private, no-store');
      res.json(
        await service.subscribe(
          params.siteId,
          body,
          {
            ip: req.ip ?? '',
            bearer: bearerToken(req.headers.authorization),
            origin: originOf(req),
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
      method: 'delete',
      path,
      summary: 'A logged-in reader stops their reply digest (anonymous readers use the link in the mail)',
      tags: ['readers'],
      params: z.object({ siteId: siteIdSchema }),
      headers: { Authorization: { ...auth.Authorization, required: true } },
      responses: { 204: { description: 'Stopped' } },
    },
    async ({ params }, req, res) => {
      await service.unsubscribeReader(params.siteId, bearerToken(req.headers.authorization), deadlineOf(res));
      res.status(204).end();
    },
  );
  return router;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(res: Response, status: number, lang: DigestLanguage, title: string, body: string): void {
  res
    .status(status)
    .set('Cache-Control', 'no-store')
    .set('Referrer-Policy', 'no-referrer')
    .type('html')
    .send(
      `<!doctype html><html lang="${lang === 'en' ? 'en' : lang}"><head><meta charset="utf-8">` +
        `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>` +
        '<style>body{font:18px/1.5 system-ui,sans-serif;max-width:34em;margin:3em auto;padding:0 1em}' +
        'button{font:inherit;min-height:44px;padding:0 1em}</style></head>' +
        `<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`,
    );
}

/**
 * The links in the mail: `GET` shows a page with one button (mail scanners
 * open links; only the reader's press changes anything), `POST` does it. No
 * login: the link's signature is the proof. Mounted before the JSON-only rule.
 */
export function digestLinkRoutes(service: DigestService): Router {
  const router = Router();
  const handle = (action: DigestLinkAction) => async (req: Request, res: Response) => {
    const id = String(req.params.id ?? '');
    const sig = typeof req.query.sig === 'string' ? req.query.sig : '';
    const asked = languageSchema.safeParse(req.query.lang);
    const digest = await service.fromLink(id, action, sig, deadlineOf(res));
    const lang = digest?.lang ?? (asked.success ? asked.data : 'nb');
    const w = PAGE_WORDS[lang];
    const title = action === 'unsubscribe' ? w.unsubscribeTitle : w.confirmTitle;
    if (!digest) {
      // Unsubscribing twice, or a link to an erased subscription: the reader is not subscribed either way.
      return page(res, 404, lang, title, `<p>${escapeHtml(w.gone)}</p>`);
    }
    if (req.method === 'POST') {
      await service.follow(digest, action, deadlineOf(res));
      return page(
        res,
        200,
        lang,
        title,
        `<p role="status">${escapeHtml(action === 'unsubscribe' ? w.unsubscribed : w.confirmed)}</p>`,
      );
    }
    const button = action === 'unsubscribe' ? w.unsubscribeButton : w.confirmButton;
    page(
      res,
      200,
      lang,
      title,
      `<p>${escapeHtml(digest.email)}</p><form method="post"><button type="submit">${escapeHtml(button)}</button></form>`,
    );
  };
  for (const action of ['unsubscribe', 'confirm'] as const) {
    router.get(`/api/v1/reply-digests/:id/${action}`, handle(action));
    router.post(`/api/v1/reply-digests/:id/${action}`, handle(action));
  }
  return router;
}
