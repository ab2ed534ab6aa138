import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mongoose, { type Connection, Schema, Types } from 'mongoose';
import { keysetAfter, type Position } from '../../src/platform/db/keyset.js';
import { TestDatabase, uniqueDbName } from '../support/harness.js';

/**
 * The notices, appeals, users and webhook-delivery lists page by (time, id).
 * Many items share a timestamp (one bulk import, one second's burst): paging
 * through them two at a time, in both directions, must see each exactly once.
 */
describe('keyset paging by (time, _id)', () => {
  let db: TestDatabase;
  let conn: Connection;
  const Item = new Schema({ at: Date, n: Number });

  before(async () => {
    db = await TestDatabase.start();
    conn = await mongoose.createConnection(db.uri, { dbName: uniqueDbName() }).asPromise();
    const base = Date.UTC(2026, 11, 6, 12);
    // 3 timestamps × 5 items, inserted out of order.
    const docs = [];
    for (let i = 0; i < 15; i++)
      docs.push({ _id: new Types.ObjectId(), at: new Date(base + ((i * 7) % 3) * 1000), n: i });
    await conn.model('Item', Item).insertMany(docs.reverse());
  });
  after(async () => {
    await conn?.close();
    await db?.stop();
  });

  for (const direction of [1, -1] as const) {
    it(`${direction === 1 ? 'oldest' : 'newest'} first, two a page: every item once, in order`, async () => {
      const model = conn.model('Item');
      const seen: { at: Date; _id: Types.ObjectId; n: number }[] = [];
      let position: Position | undefined;
      for (let page = 0; page < 20; page++) {
        const docs = await model
          .find(keysetAfter('at', position, direction))
          .sort({ at: direction, _id: direction })
          .limit(2)
          .lean<{ at: Date; _id: Types.ObjectId; n: number }[]>();
        if (docs.length === 0) break;
        seen.push(...docs);
        const last = docs.at(-1) as (typeof docs)[number];
        position = { t: last.at.getTime(), id: String(last._id) };
      }
      assert.deepEqual(
        seen.map((d) => d.n).sort((a, b) => a - b),
        Array.from({ length: 15 }, (_, i) => i),
      );
      for (const [i, d] of seen.entries()) {
        const prev = seen[i - 1];
        if (!prev) continue;
        const order =
          Math.sign(d.at.getTime() - prev.at.getTime()) || (String(d._id) > String(prev._id) ? 1 : -1);
        assert.equal(order, direction, `item ${i} out of order`);
      }
    });
  }
});
