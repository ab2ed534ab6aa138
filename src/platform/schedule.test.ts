/**
 * The Poller's wake while a run is in progress: the run may already have made
 * its (empty) look when the row it is woken for was written, so the wake must
 * run the job again when the run ends, not wait for the interval or the
 * idle back-off. Each step is driven by the test (no timing assertion): the
 * interval and the cap are an hour, so only a wake can run the job again.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { type PollRun, Poller } from './schedule.js';

const HOUR = 3600_000;

/** A job whose runs the test lets finish one at a time. */
function steppedJob() {
  const started: Array<(run: PollRun) => void> = [];
  let onStart: (() => void) | null = null;
  const job = () =>
    new Promise<PollRun>((finish) => {
      started.push(finish);
      onStart?.();
    });
  /** Resolves once `n` runs have started. */
  const runs = (n: number) =>
    new Promise<void>((ok) => {
      const check = () => {
        if (started.length >= n) ok();
      };
      onStart = check;
      check();
    });
  return { job, started, runs };
}

describe('Poller', () => {
  // The Poller's timers do not keep the process alive; the test does, while it waits.
  let alive: NodeJS.Timeout;
  beforeEach(() => {
    alive = setInterval(() => undefined, 1000);
  });
  afterEach(() => clearInterval(alive));

  it('a wake during a run runs the job again when that run ends', { timeout: 20_000 }, async () => {
    const { job, started, runs } = steppedJob();
    const poller = new Poller(job, { intervalMs: HOUR, idleMaxMs: HOUR }, (err) => {
      throw err;
    });
    poller.start();
    await runs(1);
    // The run has looked and found nothing; a row is written here now, and its writer wakes the poller.
    poller.wake();
    started[0]!({ worked: false, lookMs: 1, nextDueAt: null });
    await runs(2);
    assert.equal(started.length, 2);
    started[1]!({ worked: false, lookMs: 1, nextDueAt: null });
    await poller.stop();
  });

  it('a wake while idle runs the job at once; without one it waits for the interval', {
    timeout: 20_000,
  }, async () => {
    const { job, started, runs } = steppedJob();
    const poller = new Poller(job, { intervalMs: HOUR, idleMaxMs: HOUR }, (err) => {
      throw err;
    });
    poller.start();
    await runs(1);
    started[0]!({ worked: false, lookMs: 1, nextDueAt: null });
    await new Promise((ok) => setImmediate(ok));
    assert.equal(started.length, 1, 'no second run without a wake');
    poller.wake();
    await runs(2);
    started[1]!({ worked: true, lookMs: 1, nextDueAt: null });
    await poller.stop();
  });
});
