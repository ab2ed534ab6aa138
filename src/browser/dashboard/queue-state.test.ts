import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyToQueue, belongsTo, type QueueItem } from './queue-state.js';

const item = (id: string, version: number, over: Partial<QueueItem> = {}): QueueItem => ({
  id,
  version,
  status: 'pending',
  reported: false,
  ...over,
});

test('queue membership follows status, and reported comments sit in the reported queue', () => {
  assert.equal(belongsTo(item('a', 1), 'pending'), true);
  assert.equal(belongsTo(item('a', 1, { reported: true, status: 'approved' }), 'reported'), true);
  assert.equal(belongsTo(item('a', 1, { reported: true, status: 'approved' }), 'approved'), true);
  assert.equal(belongsTo(item('a', 1, { status: 'rejected' }), 'pending'), false);
});

test('new comments join the end of oldest-first queues and the top of the others', () => {
  const list = [item('a', 1)];
  assert.deepEqual(
    applyToQueue(list, item('b', 1), 'pending').map((c) => c.id),
    ['a', 'b'],
  );
  const approved = [item('a', 2, { status: 'approved' })];
  assert.deepEqual(
    applyToQueue(approved, item('b', 2, { status: 'approved' }), 'approved').map((c) => c.id),
    ['b', 'a'],
  );
});

test('a repeated or older version is ignored; a newer one replaces or removes', () => {
  const list = [item('a', 2)];
  assert.equal(applyToQueue(list, item('a', 2), 'pending'), list);
  assert.equal(applyToQueue(list, item('a', 1, { status: 'rejected' }), 'pending'), list);
  assert.deepEqual(applyToQueue(list, item('a', 3, { status: 'approved' }), 'pending'), []);
  assert.equal(applyToQueue(list, item('a', 3), 'pending')[0]?.version, 3);
  assert.equal(applyToQueue([], item('z', 1, { status: 'approved' }), 'pending').length, 0);
});
