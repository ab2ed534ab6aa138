import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import type { Request, Response } from 'express';
import {
  asBookkeeping,
  type Deadline,
  DeadlineExceededError,
  deadlineOf,
  requestDeadline,
  within,
} from './request-deadline.js';

/** A request's deadline as the middleware makes it (`ms` from now). */
function deadline(ms: number): Deadline {
  const res = Object.assign(new EventEmitter(), { headersSent: true, locals: {} }) as unknown as Response;
  let d: Deadline | null = null;
  requestDeadline(ms)({} as Request, res, () => {
    d = deadlineOf(res);
  });
  assert.ok(d);
  return d;
}

/** A stand-in for a mongoose model: what each operation was sent with. */
function fakeModel() {
  const sent: { op: string; maxTimeMS?: number }[] = [];
  const query = (op: string) => {
    const entry: { op: string; maxTimeMS?: number } = { op };
    sent.push(entry);
    return {
      setOptions(options: { maxTimeMS: number }) {
        entry.maxTimeMS = options.maxTimeMS;
        return this;
      },
    };
  };
  return {
    sent,
    model: {
      find: () => query('find'),
      updateOne: () => query('updateOne'),
      collectionName: 'fake',
    },
  };
}

const sleep = (ms: number) => new Promise((wait) => setTimeout(wait, ms));

describe('the request deadline, passed by hand (within)', () => {
  it('a read carries the time left; after the deadline, before any write, it is refused unsent', async () => {
    const { sent, model } = fakeModel();
    const d = deadline(30);
    within(model, d).find();
    assert.ok(sent[0]!.maxTimeMS! > 0 && sent[0]!.maxTimeMS! <= 30);
    await sleep(45);
    assert.throws(() => within(model, d).find(), DeadlineExceededError);
    assert.throws(() => within(model, d).updateOne(), DeadlineExceededError);
    assert.equal(sent.length, 1, 'nothing sent after the deadline');
  });

  it('a write commits the request: what follows runs to its end, unbounded', async () => {
    const { sent, model } = fakeModel();
    const d = deadline(20);
    within(model, d).updateOne();
    await sleep(35);
    within(model, d).find();
    within(model, d).updateOne();
    assert.deepEqual(
      sent.map((s) => [s.op, s.maxTimeMS]),
      [
        ['updateOne', undefined],
        ['find', undefined],
        ['updateOne', undefined],
      ],
    );
  });

  it('a bookkeeping write does not commit: the request still stops at its deadline after it', async () => {
    const { sent, model } = fakeModel();
    const d = deadline(20);
    within(model, asBookkeeping(d)).updateOne();
    await sleep(35);
    assert.throws(() => within(model, d).updateOne(), DeadlineExceededError);
    assert.throws(() => within(model, asBookkeeping(d)).updateOne(), DeadlineExceededError);
    assert.equal(sent.length, 1);
  });

  it('outside a request (workers, start-up): the model itself, nothing checked', () => {
    const { model } = fakeModel();
    assert.equal(within(model, null), model);
    assert.equal(asBookkeeping(null), null);
    assert.equal(within(model, deadline(1000)).collectionName, 'fake');
  });
});
