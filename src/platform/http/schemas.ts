import { z } from 'zod';
import { AppError } from '../errors.js';

export const siteIdSchema = z.string().regex(/^[a-z0-9-]{2,40}$/, 'a site id is 2-40 of a-z, 0-9 and -');
export const articleIdSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\p{Cc}]+$/u, 'must be printable text');
export const objectIdSchema = z.string().regex(/^[0-9a-f]{24}$/, 'not a valid id');
export const limitSchema = z.coerce.number().int().min(1).max(100).default(20);
export const cursorSchema = z.string().min(1).max(200).optional();

export const paginationQuery = z.object({ limit: limitSchema, cursor: cursorSchema });

/** A single-valued query parameter: repeated parameters (?a=1&a=2) are refused by the schema. */
export const emailSchema = z.email().max(254);

export const idempotencyKeySchema = z.string().min(1).max(200);

/** Reads the Idempotency-Key header, refusing malformed values with 422. */
export function readIdempotencyKey(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  const parsed = idempotencyKeySchema.safeParse(header);
  if (!parsed.success) {
    throw new AppError('validation_failed', 'The Idempotency-Key header is not valid.', {
      details: [{ path: 'headers.idempotency-key', message: 'must be 1-200 characters' }],
    });
  }
  return parsed.data;
}

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
