import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { QueueCountsPayload } from '../../src/realtime/events.js';
import { siteRoom } from '../../src/realtime/events.js';
import { EventPublisher } from '../../src/realtime/publisher.js';
import { testLogger, waitFor } from '../support/harness.js';

type Counts = QueueCountsPayload;

/**
 * Countings of a site's queue overlap when changes keep coming and the database is slow,
 * and finish in any order. The moderators must be left with the counts of the last one
 * started, or a whole queue decided can go on showing 1 pending until the next change
 * (one way a loaded run of the shift test could end as one did, waiting for 0).
 */
describe('queue counts sent in the order they were counted', () => {
  it('a counting that finishes after a later one is not sent over it', async () => {
    const sent: Counts[] = [];
    const countings: { resolve: (counts: Counts) => void }[] = [];
    const moderation = {
      adapter: { rooms: new Map([[siteRoom('telleavis', 'comments'), new Set(['a-moderator'])]]) },
      local: { to: () => ({ emit: (_type: string, payload: Counts) => sent.push(payload) }) },
      to: () => ({ emit: () => undefined }),
    };
    const publisher = new EventPublisher({} as never, testLogger);
    publisher.attach(moderation as never, {} as never, {
      comments: () => new Promise<Counts>((resolve) => countings.push({ resolve })),
    });
    const counts = (pending: number): Counts => ({
      pending,
      reported: 0,
      rejected: 0,
      approved: 30 - pending,
    });

    publisher.scheduleCounts('telleavis', 'comments');
    await waitFor(async () => countings.length === 1, 5000, 'the first counting');
    // A change while it counts: a second counting, after the debounce.
    publisher.scheduleCounts('telleavis', 'comments');
    await waitFor(async () => countings.length === 2, 5000, 'the second counting');
    countings[1]!.resolve(counts(0));
    await waitFor(async () => sent.length === 1, 5000, 'the second counts sent');
    countings[0]!.resolve(counts(1));
    // The first counting's answer has been handled once a third counting's is.
    publisher.scheduleCounts('telleavis', 'comments');
    await waitFor(async () => countings.length === 3, 5000, 'the third counting');
    countings[2]!.resolve(counts(0));
    await waitFor(async () => sent.length >= 2, 5000, 'the third counts sent');
    publisher.close();
    assert.deepEqual(
      sent.map((c) => c.pending),
      [0, 0],
      'the earlier counting (1 pending) was not sent after the later one',
    );
  });
});
