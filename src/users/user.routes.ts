import { deadlineOf } from '../platform/http/request-deadline.js';
import { Router } from 'express';
import { z } from 'zod';
import type { AuditRepository } from '../audit/audit.repository.js';
import { AppError, notFound } from '../platform/errors.js';
import type { CursorCodec } from '../platform/http/cursor.js';
import type { RouteRegistry } from '../platform/http/route-registry.js';
import { objectIdSchema, paginationQuery } from '../platform/http/schemas.js';
import type { AuthService } from './auth-service.js';
import { requireRole, requireSession, sessionOf } from './auth-middleware.js';
import { hashPassword } from './password.js';
import { toUserView, userCreateSchema, userUpdateSchema, userViewSchema } from './user.js';
import type { UserRepository } from './user.repository.js';

export const ADMIN_USERS_MOUNT = '/api/v1/admin/users';

export function userAdminRoutes(
  registry: RouteRegistry,
  users: UserRepository,
  audit: AuditRepository,
  auth: AuthService,
  cursors: CursorCodec,
): Router {
  const router = Router();
  router.use(requireSession(auth), requireRole('admin'));
  const userResponse = z.object({ user: userViewSchema });
  const actorOf = (req: Parameters<typeof sessionOf>[0]) => {
    const { user } = sessionOf(req);
    return { id: user.id, email: user.email, name: user.name };
  };

  registry.add(
    router,
    ADMIN_USERS_MOUNT,
    {
      method: 'post',
      path: '/',
      summary: 'Create a moderator, editor or admin',
      tags: ['admin'],
      auth: true,
      body: userCreateSchema,
      responses: { 201: { description: 'Created', schema: userResponse } },
    },
    async ({ body }, req, res) => {
      const user = await users.create(
        {
          email: body.email,
          name: body.name ?? body.email.split('@')[0]!,
          role: body.role,
          sites: body.sites,
          passwordHash: await hashPassword(body.password),
        },
        deadlineOf(res),
      );
      if (!user) throw new AppError('conflict', 'A user with this e-mail exists.');
      await audit.record(
        {
          siteId: '*',
          entity: 'user',
          entityId: user.id,
          action: 'create',
          actor: actorOf(req),
          reason: null,
          before: null,
          after: toUserView(user),
        },
        deadlineOf(res),
      );
      res.status(201).json({ user: toUserView(user) });
    },
  );

  registry.add(
    router,
    ADMIN_USERS_MOUNT,
    {
      method: 'get',
      path: '/',
      summary: 'List users',
      tags: ['admin'],
      auth: true,
      query: paginationQuery,
      responses: {
        200: {
          description: 'Users',
          schema: z.object({ items: z.array(userViewSchema), nextCursor: z.string().nullable() }),
        },
      },
    },
    async ({ query }, _req, res) => {
      const position = query.cursor ? cursors.decode(query.cursor, 'users') : undefined;
      const page = await users.list(query.limit, position, deadlineOf(res));
      const items = page.slice(0, query.limit);
      const last = items.at(-1);
      res.json({
        items: items.map(toUserView),
        nextCursor:
          page.length > query.limit && last
            ? cursors.encode({ t: last.createdAt.getTime(), id: last.id }, 'users')
            : null,
      });
    },
  );

  registry.add(
    router,
    ADMIN_USERS_MOUNT,
    {
      method: 'patch',
      path: '/:userId',
      summary: 'Update a user: role, sites, password, or disable (ends their sessions)',
      tags: ['admin'],
      auth: true,
      params: z.object({ userId: objectIdSchema }),
      body: userUpdateSchema,
      responses: { 200: { description: 'Updated', schema: userResponse } },
    },
    async ({ params, body }, req, res) => {
      const before = await users.findById(params.userId, deadlineOf(res));
      if (!before) throw notFound('No such user.');
      const { password, ...change } = body;
      const user = await users.update(
        params.userId,
        {
          ...change,
          ...(password ? { passwordHash: await hashPassword(password) } : {}),
        },
        deadlineOf(res),
      );
      if (!user) throw notFound('No such user.');
      if (body.disabled || password) await users.endAllSessions(user.id, deadlineOf(res));
      else if (body.role !== undefined || body.sites !== undefined) users.accessChanged({ userId: user.id });
      await audit.record(
        {
          siteId: '*',
          entity: 'user',
          entityId: user.id,
          action: body.disabled ? 'disable' : 'update',
          actor: actorOf(req),
          reason: null,
          before: toUserView(before),
          after: toUserView(user),
        },
        deadlineOf(res),
      );
      res.json({ user: toUserView(user) });
    },
  );
  return router;
}
