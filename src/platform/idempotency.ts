import { createHash } from 'node:crypto';
import { type Connection, type mongo, Schema } from 'mongoose';
import { isDuplicateKey } from './db/database.js';
import { AppError } from './errors.js';

interface KeyDoc {
  _id: string;
  resourceId: string;
  requestHash: string;
  createdAt: Date;
}

const keySchema = new Schema<KeyDoc>(
  {
    _id: String,
    resourceId: { type: String, required: true },
    requestHash: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'idempotency_keys', versionKey: false },
);
/** Keys are remembered for a day, like most payment APIs do. */
keySchema.index({ createdAt: 1 }, { expireAfterSeconds: 24 * 3600 });
// A claimed key with nothing stored under it is harmless: a retry goes on with the same id
// (the claim goes to the driver, no deadline check: it never commits a request).

export const hashRequest = (value: unknown): string =>
  createHash('sha256').update(JSON.stringify(value)).digest('base64url');

/**
 * Binds an Idempotency-Key to the id of the resource its first request
 * creates. The id is chosen before anything is written, so a retry (or a
 * concurrent duplicate) inserts under the same id and the database's unique
 * `_id` lets exactly one of them win.
 */
export class IdempotencyStore {
  readonly model;

  constructor(connection: Connection) {
    this.model = connection.model<KeyDoc>('IdempotencyKey', keySchema);
  }

  async claim(scope: string, key: string, requestHash: string, proposedId: string): Promise<string> {
    const _id = `${scope}:${key}`;
    let doc: KeyDoc | null = null;
    for (let attempt = 0; attempt < 3 && !doc; attempt++) {
      try {
        // The driver's call, not a mongoose query: nothing to cast (strings and a date), and
        // mongoose's query building showed in the POST profile (docs/PERFORMANCE.md).
        doc = await (this.model.collection as unknown as mongo.Collection<KeyDoc>).findOneAndUpdate(
          { _id },
          { $setOnInsert: { resourceId: proposedId, requestHash, createdAt: new Date() } },
          { upsert: true, returnDocument: 'after' },
        );
      } catch (err) {
        if (!isDuplicateKey(err)) throw err; // two upserts raced; the next round reads the winner
      }
    }
    if (!doc) throw new Error('idempotency key could not be claimed');
    if (doc.requestHash !== requestHash) {
      throw new AppError('validation_failed', 'This Idempotency-Key was used for a different request.', {
        details: [{ path: 'headers.idempotency-key', message: 'reused with a different body' }],
      });
    }
    return doc.resourceId;
  }
}
