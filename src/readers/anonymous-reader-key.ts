import { randomBytes } from 'node:crypto';
import { AppError } from '../platform/errors.js';
import { type KeyedHasher, sameSecret } from '../platform/privacy.js';

/** The header an anonymous reader's widget sends its reader key in. */
export const READER_KEY_HEADER = 'ordskifte-reader';

const SHAPE = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{22})$/;

/**
 * Anonymous reader keys: the identity of a reader without a site login, for
 * reactions (one per reader per comment). The service issues them, signed
 * for one site, at a rate limited per client address, and stores nothing:
 * a key is a random id and its keyed signature. A script can collect keys
 * only as fast as the issuing limit lets one address, so counts cannot be
 * inflated by inventing ids; readers behind one shared address (an office,
 * a mobile carrier's NAT) still each get their own key. See
 * docs/READERS-AND-PRIVACY.md.
 */
export class AnonymousReaderKeys {
  constructor(private readonly hasher: KeyedHasher) {}

  issue(siteId: string): string {
    const id = randomBytes(16).toString('base64url');
    return `${id}.${this.#sign(siteId, id)}`;
  }

  /** The reader identity a key stands for (`reader:<id>`), or null when the site did not issue it. */
  verify(siteId: string, key: string | null | undefined): string | null {
    const match = key ? SHAPE.exec(key) : null;
    if (!match) return null;
    const [, id, signature] = match as unknown as [string, string, string];
    return sameSecret(signature, this.#sign(siteId, id)) ? `reader:${id}` : null;
  }

  /** Like verify, but a missing or foreign key is a 401 that says what to do. */
  require(siteId: string, key: string | null | undefined): string {
    const reader = this.verify(siteId, key);
    if (!reader) {
      throw new AppError(
        'unauthorized',
        `Send a reader key in the ${READER_KEY_HEADER} header (POST /api/v1/sites/${siteId}/readers/anonymous issues one), or log in where the site has login.`,
      );
    }
    return reader;
  }

  #sign(siteId: string, id: string): string {
    return this.hasher.hash('anonymous-reader-key', siteId, id).slice(0, 22);
  }
}
