import { deadlineOf } from '../platform/http/request-deadline.js';
import { Router } from 'express';
import { z } from 'zod';
import type { Config } from '../platform/config.js';
import type { RouteRegistry } from '../platform/http/route-registry.js';
import { emailSchema } from '../platform/http/schemas.js';
import type { AuthService } from './auth-service.js';
import { CSRF_COOKIE, requireSession, SESSION_COOKIE, sessionOf } from './auth-middleware.js';
import { toUserView, userViewSchema } from './user.js';

export const AUTH_MOUNT = '/api/v1/auth';

export function authRoutes(registry: RouteRegistry, auth: AuthService, config: Config): Router {
  const router = Router();
  const secure = config.nodeEnv === 'production';

  registry.add(
    router,
    AUTH_MOUNT,
    {
      method: 'post',
      path: '/login',
      summary: 'Log in a moderator, editor or admin',
      tags: ['auth'],
      body: z.object({ email: emailSchema, password: z.string().min(1).max(200) }),
      responses: {
        200: {
          description: 'Token, user, and the dashboard session cookie',
          schema: z.object({
            token: z.string(),
            user: userViewSchema,
            csrfToken: z.string(),
            expiresAt: z.string(),
          }),
        },
      },
    },
    async ({ body }, req, res) => {
      const session = await auth.login(body.email, body.password, req.ip ?? '', deadlineOf(res));
      const cookie = { sameSite: 'strict' as const, secure, path: '/', expires: session.expiresAt };
      res.cookie(SESSION_COOKIE, session.token, { ...cookie, httpOnly: true });
      res.cookie(CSRF_COOKIE, session.csrfToken, { ...cookie, httpOnly: false });
      res.json({
        token: session.token,
        user: toUserView(session.user),
        csrfToken: session.csrfToken,
        expiresAt: session.expiresAt.toISOString(),
      });
    },
  );

  registry.add(
    router,
    AUTH_MOUNT,
    {
      method: 'get',
      path: '/session',
      summary: 'The logged-in user (and a token for the /moderation socket)',
      tags: ['auth'],
      auth: true,
      responses: { 200: { description: 'The session', schema: z.object({ user: userViewSchema }) } },
    },
    requireSession(auth),
    async (_input, req, res) => {
      const session = sessionOf(req);
      res.json({ user: toUserView(session.user) });
    },
  );

  registry.add(
    router,
    AUTH_MOUNT,
    {
      method: 'post',
      path: '/logout',
      summary: 'End the session (token and cookie)',
      tags: ['auth'],
      auth: true,
      responses: { 204: { description: 'Logged out' } },
    },
    requireSession(auth),
    async (_input, req, res) => {
      await auth.logout(sessionOf(req).jti, deadlineOf(res));
      res.clearCookie(SESSION_COOKIE, { path: '/' });
      res.clearCookie(CSRF_COOKIE, { path: '/' });
      res.status(204).end();
    },
  );
  return router;
}
