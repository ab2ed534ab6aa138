import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.js';

/**
 * Opaque, signed pagination cursors. The position is (sort value, id), so
 * pages neither skip nor repeat items that share a timestamp; the signature
 * lets the service refuse cursors it did not issue (422).
 */
export class CursorCodec {
  readonly #key: Buffer;

  constructor(secret: string) {
    this.#key = createHmac('sha256', secret).update('ordskifte:cursor:v1').digest();
  }

  #sign(payload: string): string {
    return createHmac('sha256', this.#key).update(payload).digest('base64url').slice(0, 22);
  }

  encode(position: { t: number; id: string }, scope: string): string {
    const payload = Buffer.from(JSON.stringify([position.t, position.id])).toString('base64url');
    return `${payload}.${this.#sign(`${scope}|${payload}`)}`;
  }

  decode(cursor: string, scope: string): { t: number; id: string } {
    const invalid = () =>
      new AppError('validation_failed', 'The cursor is not valid.', {
        details: [{ path: 'query.cursor', message: 'not a cursor issued for this list' }],
      });
    const [payload, signature] = cursor.split('.');
    if (!payload || !signature || cursor.length > 200) throw invalid();
    const expected = Buffer.from(this.#sign(`${scope}|${payload}`));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw invalid();
    try {
      const [t, id] = JSON.parse(Buffer.from(payload, 'base64url').toString()) as [unknown, unknown];
      if (typeof t !== 'number' || typeof id !== 'string') throw invalid();
      return { t, id };
    } catch {
      throw invalid();
    }
  }
}
