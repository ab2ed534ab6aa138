import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { allowedActions, submissionActions, submissionStatuses, transition } from './submission.js';
import { retryDelay, signWebhook } from './webhook-delivery.js';

describe('submission workflow table', () => {
  it('allows exactly the documented transitions', () => {
    const legal = new Map([
      ['received:start_review', 'in_review'],
      ['in_review:accept', 'accepted'],
      ['accepted:publish', 'published'],
      ['received:reject', 'rejected'],
      ['in_review:reject', 'rejected'],
      ['accepted:reject', 'rejected'],
    ]);
    for (const status of submissionStatuses) {
      for (const action of submissionActions) {
        const result = transition(status, action);
        const expected = legal.get(`${status}:${action}`);
        if (expected) assert.deepEqual(result, { ok: true, to: expected }, `${status} ${action}`);
        else {
          assert.equal(result.ok, false, `${status} ${action}`);
          if (!result.ok) assert.deepEqual(result.allowed, allowedActions(status));
        }
      }
    }
    assert.deepEqual(allowedActions('published'), []);
    assert.deepEqual(allowedActions('rejected'), []);
  });
});

describe('webhook signing and backoff', () => {
  it('signs "<timestamp>.<body>" with HMAC-SHA256', () => {
    const body = '{"event":"submission.published"}';
    const header = signWebhook('secret-0123456789', body, 1_700_000_000);
    const mac = createHmac('sha256', 'secret-0123456789').update(`1700000000.${body}`).digest('hex');
    assert.equal(header, `t=1700000000,v1=${mac}`);
  });

  it('backs off four times longer per attempt, capped, within ±10 %', () => {
    const mid = () => 0.5;
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7, 8].map((a) => retryDelay(a, 1000, 3600_000, mid)),
      [1000, 4000, 16_000, 64_000, 256_000, 1_024_000, 3_600_000, 3_600_000],
    );
    assert.equal(
      retryDelay(1, 1000, 3600_000, () => 0),
      900,
    );
    assert.equal(
      retryDelay(1, 1000, 3600_000, () => 1),
      1100,
    );
  });
});
