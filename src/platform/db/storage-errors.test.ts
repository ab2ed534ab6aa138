import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mongo } from 'mongoose';
import { isStorageUnavailable } from './database.js';

/**
 * Issue 12 item 2: operations in flight when the driver client was closed
 * failed with MongoClientClosedError, which the HTTP layer did not know: 500
 * with a stack. The driver's own error classes, not look-alikes.
 */
describe('isStorageUnavailable', () => {
  it('counts a closed client, server or topology as storage being unavailable (503)', () => {
    for (const err of [
      new mongo.MongoClientClosedError(),
      new mongo.MongoServerClosedError(),
      new mongo.MongoTopologyClosedError(),
    ]) {
      assert.equal(isStorageUnavailable(err), true, err.name);
    }
  });

  it('not a programming error', () => {
    assert.equal(isStorageUnavailable(new TypeError('x is undefined')), false);
  });
});
