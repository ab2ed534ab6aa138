import { decodeProtectedHeader, jwtVerify } from 'jose';
import { z } from 'zod';
import { AppError } from '../platform/errors.js';
import type { Site } from '../sites/site.js';

export interface ReaderIdentity {
  sub: string;
  name: string;
  email: string | null;
}

/** Seconds of clock difference tolerated between the site's servers and ours. */
const CLOCK_SKEW_SECONDS = 60;

const claimsSchema = z.object({
  sub: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^\p{Cc}]+$/u),
  name: z
    .string()
    .trim()
    .min(1)
    .max(80)
    .regex(/^[^\p{Cc}]+$/u),
  // An e-mail the site sends malformed is dropped rather than locking the reader out.
  email: z.email().max(254).optional().catch(undefined),
  exp: z.number(),
  iat: z.number(),
  aud: z.union([z.string(), z.array(z.string())]).optional(),
});

/** What a site says about its login tokens (policy.sso*). */
export type ReaderTokenSite = Pick<Site, 'id' | 'ssoSecrets'> & {
  policy: Pick<Site['policy'], 'ssoMaxTokenSeconds' | 'ssoRequireAudience'>;
};

/** The longest a login token may live (exp - iat) unless the site sets ssoMaxTokenSeconds. */
export const DEFAULT_SSO_MAX_TOKEN_SECONDS = 24 * 3600;

const refuse = (message: string) => new AppError('unauthorized', message);

/**
 * Verifies a reader's site login token: HS256 only, signed with one of the
 * site's secrets (two may be valid while a secret is rotated), with `sub`,
 * `name`, `iat` and `exp`, not expired, not issued in the future, living no
 * longer than the site allows (`exp - iat`, default 24 h) and, where the site
 * asks for it, with the site's id in `aud` (a token for another site is refused).
 */
export async function verifyReaderToken(token: string, site: ReaderTokenSite): Promise<ReaderIdentity> {
  const secrets = site.ssoSecrets;
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch {
    throw refuse('The login token is malformed.');
  }
  // Decide the algorithm ourselves: `none`, RS256 (key confusion) or HS512 never reach a key.
  if (header.alg !== 'HS256') throw refuse('The login token must be signed with HS256.');
  if (header.crit !== undefined || header.b64 !== undefined) throw refuse('The login token is not valid.');
  if (secrets.length === 0) throw refuse('This site has no login secret configured.');
  for (const secret of secrets) {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
        algorithms: ['HS256'],
        clockTolerance: CLOCK_SKEW_SECONDS,
        requiredClaims: ['sub', 'exp', 'iat'],
      }));
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') continue;
      if (code === 'ERR_JWT_EXPIRED') throw refuse('The login token has expired.');
      throw refuse('The login token is not valid.');
    }
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) throw refuse('The login token lacks sub, name, iat or exp.');
    const { iat, exp, aud } = claims.data;
    const now = Math.floor(Date.now() / 1000);
    if (iat > now + CLOCK_SKEW_SECONDS) throw refuse('The login token is issued in the future.');
    const maxSeconds = site.policy.ssoMaxTokenSeconds ?? DEFAULT_SSO_MAX_TOKEN_SECONDS;
    if (exp - iat > maxSeconds) {
      throw refuse(`The login token lives longer than this site allows (${maxSeconds} s).`);
    }
    if (site.policy.ssoRequireAudience && !(Array.isArray(aud) ? aud : [aud]).includes(site.id)) {
      throw refuse('The login token is not meant for this site (aud).');
    }
    return { sub: claims.data.sub, name: claims.data.name, email: claims.data.email ?? null };
  }
  throw refuse('The login token is not signed by this site.');
}

/** A logged-in reader's author key on a site; the same key their comments are stored under. */
export const ssoAuthorKey = (sub: string) => `sso:${sub}`;

/**
 * The logged-in reader behind an optional token (reading comments, reporting,
 * `/live`): null without a token or on a site without login; 401 for a token
 * the site did not sign, so a forged token never silently degrades to anonymous.
 */
export async function optionalReader(
  site: ReaderTokenSite,
  token: string | null | undefined,
): Promise<ReaderIdentity | null> {
  if (!token || site.ssoSecrets.length === 0) return null;
  return verifyReaderToken(token, site);
}

/** The Bearer token of a reader request, if any. */
export function bearerToken(header: string | undefined): string | null {
  if (!header?.startsWith('Bearer ')) return null;
  const token = header.slice(7).trim();
  return token.length > 0 && token.length < 8192 ? token : null;
}
