/**
 * The outbox that holds e-mail about a rejection until its undo window has
 * passed: a due entry is taken by one worker at a time, and an entry whose
 * sender died (its lease ran out) is taken over by another, whose word then
 * counts; the dead sender can no longer settle it. Sent entries are never
 * taken again.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mongoose from 'mongoose';
import { MailOutbox } from '../../src/statements/mail-outbox.js';
import { TestDatabase, uniqueDbName } from '../support/harness.js';

describe('mail outbox: claims with a lease', () => {
  let db: TestDatabase;
  let connection: mongoose.Connection;
  let outbox: MailOutbox;

  before(async () => {
    db = await TestDatabase.start();
    connection = await mongoose.createConnection(db.uri, { dbName: uniqueDbName() }).asPromise();
    outbox = new MailOutbox(connection, 1000);
  });
  after(async () => {
    await connection?.close();
    await db?.stop();
  });

  it('is due after its delay, taken once per lease, handed over when the lease runs out', async () => {
    const t0 = new Date('2026-12-05T12:00:00Z');
    const at = (ms: number) => new Date(t0.getTime() + ms);
    await outbox.hold('statement:s1', 'statement', { commentId: 'c1', statementId: 's1' }, t0);
    await outbox.hold('statement:s1', 'statement', { commentId: 'c1', statementId: 's1' }, at(500));

    assert.equal(await outbox.claim('a', at(999), 60_000), null, 'not due before its delay');
    const a = await outbox.claim('a', at(1000), 60_000);
    assert.equal(a?.key, 'statement:s1');
    assert.equal(a?.attempts, 1, 'held twice under one key: one entry');
    assert.equal(await outbox.claim('b', at(30_000), 60_000), null, 'leased to a: no one else takes it');

    // a died while sending: its lease runs out and b takes the entry over.
    const b = await outbox.claim('b', at(61_000), 60_000);
    assert.equal(b?.key, 'statement:s1');
    assert.equal(b?.attempts, 2);
    assert.equal(
      await outbox.settle(a!, { status: 'sent' }),
      false,
      'a lost its lease: its word does not count',
    );
    assert.equal(await outbox.settle(b!, { status: 'sent' }), true);
    assert.equal(await outbox.claim('c', at(3600_000), 60_000), null, 'a sent entry is never taken again');
  });

  it('an entry put back after a failed send is due again at its new time', async () => {
    const t0 = new Date('2026-12-05T13:00:00Z');
    await outbox.hold(
      'notice:n1:2',
      'notice_decision',
      { commentId: 'c2', noticeId: 'n1', actionId: 'x' },
      t0,
    );
    const first = await outbox.claim('a', new Date(t0.getTime() + 1000), 60_000);
    assert.ok(first);
    assert.equal(
      await outbox.settle(first, { status: 'pending', dueAt: new Date(t0.getTime() + 5000) }),
      true,
    );
    assert.equal(await outbox.claim('a', new Date(t0.getTime() + 4999), 60_000), null);
    const again = await outbox.claim('a', new Date(t0.getTime() + 5000), 60_000);
    assert.deepEqual(again?.ref, { commentId: 'c2', noticeId: 'n1', actionId: 'x' });
  });
});
