import { deadlineOf } from '../platform/http/request-deadline.js';
import type { RequestHandler } from 'express';
import { AppError } from '../platform/errors.js';
import { siteIdSchema } from '../platform/http/schemas.js';
import { originAllowed } from './site.js';
import type { SiteRepository } from './site.repository.js';

const ALLOWED_HEADERS = 'Content-Type, Authorization, Idempotency-Key, Ordskifte-Reader';

/**
 * CORS for reader endpoints, per site: a browser request is answered only for
 * the site's configured origins. Requests from other origins are refused
 * outright (403), so a foreign page cannot post on a reader's behalf.
 * Requests without an Origin (servers, curl) pass.
 */
export function siteCors(sites: SiteRepository): RequestHandler {
  const check = forOrigin(sites);
  // Without an Origin there is nothing to check: no site id parsed, no promise made.
  return (req, res, next) => (req.headers.origin ? check(req, res, next) : next());
}

function forOrigin(sites: SiteRepository): RequestHandler {
  return async (req, res, next) => {
    try {
      const origin = req.headers.origin as string;
      const siteId = siteIdSchema.safeParse(req.params.siteId);
      if (!siteId.success) return next();
      const site = await sites.findById(siteId.data, undefined, deadlineOf(res));
      // A page whose site id or origin is wrong may read why (nothing else): the widget tells the
      // site's developer in the console. The request is refused before anything is done, and a
      // preflight (anything but a plain GET) is still refused outright.
      const readable = () =>
        req.method === 'GET' && res.set('Access-Control-Allow-Origin', origin).vary('Origin');
      if (!site) {
        readable();
        return next();
      }
      if (!originAllowed(site, origin)) {
        readable();
        throw new AppError('forbidden', `The origin ${origin.slice(0, 100)} is not allowed for this site.`, {
          details: [{ path: 'headers.origin', message: "not one of the site's origins" }],
        });
      }
      res.vary('Origin');
      res.set('Access-Control-Allow-Origin', origin);
      res.set('Access-Control-Expose-Headers', 'Retry-After');
      if (req.method === 'OPTIONS') {
        res.set('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
        res.set('Access-Control-Allow-Headers', ALLOWED_HEADERS);
        res.set('Access-Control-Max-Age', '600');
        res.status(204).end();
        return;
      }
      next();
    } catch (err) {
      next(err);
    }
  };
}
