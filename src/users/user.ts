import { z } from 'zod';
import { emailSchema, siteIdSchema } from '../platform/http/schemas.js';

export const roles = ['admin', 'moderator', 'editor'] as const;
export type Role = (typeof roles)[number];

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  sites: string[];
  disabled: boolean;
  createdAt: Date;
}

export const userViewSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(roles),
  sites: z.array(z.string()),
  disabled: z.boolean(),
  createdAt: z.string(),
});

export const toUserView = (user: User): z.infer<typeof userViewSchema> => ({
  id: user.id,
  email: user.email,
  name: user.name,
  role: user.role,
  sites: user.sites,
  disabled: user.disabled,
  createdAt: user.createdAt.toISOString(),
});

export const passwordSchema = z.string().min(10, 'at least 10 characters').max(200);

export const userCreateSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  name: z.string().trim().min(1).max(100).optional(),
  role: z.enum(roles),
  sites: z.array(siteIdSchema).max(200).default([]),
});

export const userUpdateSchema = z.object({
  password: passwordSchema.optional(),
  name: z.string().trim().min(1).max(100).optional(),
  role: z.enum(roles).optional(),
  sites: z.array(siteIdSchema).max(200).optional(),
  disabled: z.boolean().optional(),
});

/** Whether the user may work on the site's comments (`moderator`) or submissions (`editor`). */
export function canAccessSite(
  user: Pick<User, 'role' | 'sites'>,
  siteId: string,
  as?: 'moderator' | 'editor',
): boolean {
  if (user.role === 'admin') return true;
  if (!user.sites.includes(siteId)) return false;
  return as === undefined || user.role === as;
}
