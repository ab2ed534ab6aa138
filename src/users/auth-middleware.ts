import { deadlineOf } from '../platform/http/request-deadline.js';
import { parse as parseCookie } from 'cookie';
import type { Request, RequestHandler } from 'express';
import { AppError } from '../platform/errors.js';
import { sameSecret } from '../platform/privacy.js';
import type { AuthService, Session } from './auth-service.js';

export const SESSION_COOKIE = 'ordskifte_session';
export const CSRF_COOKIE = 'ordskifte_csrf';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session of an authenticated request (set by requireSession). */
export function sessionOf(req: Request): Session {
  const session = req.res?.locals.session as Session | undefined;
  if (!session) throw new AppError('unauthorized');
  return session;
}

/**
 * Accepts `Authorization: Bearer <token>` or the dashboard's session cookie.
 * Cookie requests that change state must echo the CSRF cookie in X-CSRF-Token
 * (double submit, on top of SameSite=Strict).
 */
export function requireSession(auth: AuthService): RequestHandler {
  return async (req, res, next) => {
    try {
      const header = req.headers.authorization;
      let token: string | undefined;
      let viaCookie = false;
      if (typeof header === 'string' && header.startsWith('Bearer ')) {
        token = header.slice(7).trim();
      } else if (req.headers.cookie) {
        const cookies = parseCookie(req.headers.cookie);
        token = cookies[SESSION_COOKIE];
        viaCookie = token !== undefined;
        if (viaCookie && !SAFE_METHODS.has(req.method)) {
          const sent = req.headers[CSRF_HEADER];
          const expected = cookies[CSRF_COOKIE];
          if (typeof sent !== 'string' || !expected || !sameSecret(sent, expected)) {
            throw new AppError('forbidden', 'Missing or wrong CSRF token (send the X-CSRF-Token header).');
          }
        }
      }
      if (!token) throw new AppError('unauthorized');
      const session = await auth.authenticate(token, deadlineOf(res));
      if (!session) {
        // A dead session cookie is dropped with the answer, so the workbench's next load
        // knows there is no session without asking (and without a 401 in the console).
        if (viaCookie) {
          res.clearCookie(SESSION_COOKIE, { path: '/' });
          res.clearCookie(CSRF_COOKIE, { path: '/' });
        }
        throw new AppError('unauthorized', 'The session is invalid or has expired. Log in again.');
      }
      res.locals.session = session;
      next();
    } catch (err) {
      next(err);
    }
  };
}

export function requireRole(...allowed: Session['user']['role'][]): RequestHandler {
  return (req, _res, next) => {
    const { user } = sessionOf(req);
    next(allowed.includes(user.role) ? undefined : new AppError('forbidden'));
  };
}
