import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Keyed hashes for identifiers we must be able to compare but never store in
 * the clear (IP addresses, e-mails used as author keys). HMAC, so a leaked
 * database cannot be reversed by hashing the IPv4 space.
 */
export class KeyedHasher {
  readonly #key: Buffer;

  constructor(secret: string) {
    this.#key = createHmac('sha256', secret).update('ordskifte:keyed-hash:v1').digest();
  }

  hash(...parts: string[]): string {
    return createHmac('sha256', this.#key).update(parts.join('\u0000')).digest('base64url').slice(0, 32);
  }
}

/** Compares a secret a client sent with the expected one in constant time. */
export function sameSecret(given: string, expected: string): boolean {
  const x = Buffer.from(given);
  const y = Buffer.from(expected);
  return x.length === y.length && timingSafeEqual(x, y);
}
