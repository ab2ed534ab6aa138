import { createHmac } from 'node:crypto';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/**
 * A site login token signed by hand, so tests can forge exactly what an
 * attacker would: any header, any algorithm, any claims.
 */
export function readerToken(
  claims: Record<string, unknown>,
  secret: string,
  options: { header?: Record<string, unknown>; hmac?: 'sha256' | 'sha512' | 'none' } = {},
): string {
  const header = options.header ?? { alg: 'HS256', typ: 'JWT' };
  const input = `${b64(header)}.${b64(claims)}`;
  const hmac = options.hmac ?? 'sha256';
  if (hmac === 'none') return `${input}.`;
  return `${input}.${createHmac(hmac, secret).update(input).digest('base64url')}`;
}

/** A valid login token for `sub`, signed with the site's secret. */
export const loginToken = (secret: string, sub: string, name: string, extra: Record<string, unknown> = {}) =>
  readerToken({ sub, name, iat: now(), exp: now() + 600, ...extra }, secret);

export const secondsFromNow = (s: number) => now() + s;
