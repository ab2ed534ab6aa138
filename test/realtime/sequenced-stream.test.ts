import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SequencedStream } from '../../src/realtime/sequenced-stream.js';

type Ev = { seq: number; id?: string };

/** A stream with fake timers and recorders for what it delivers and asks for. */
function harness(options: { gapWaitMs?: number; maxBuffered?: number } = {}) {
  const delivered: number[] = [];
  const rejoins: number[] = [];
  const resyncs: string[] = [];
  let timers: { run: () => void; ms: number }[] = [];
  const stream = new SequencedStream<Ev>({
    deliver: (_type, event) => delivered.push(event.seq),
    rejoin: (last) => rejoins.push(last),
    onResync: (reason) => resyncs.push(reason),
    setTimer: (run, ms) => {
      const timer = { run, ms };
      timers.push(timer);
      return timer;
    },
    clearTimer: (timer) => {
      timers = timers.filter((t) => t !== timer);
    },
    ...options,
  });
  const fire = () => {
    const due = timers;
    timers = [];
    for (const t of due) t.run();
  };
  return { stream, delivered, rejoins, resyncs, fire, pendingTimers: () => timers.length };
}

describe('SequencedStream (dashboard helper)', () => {
  it('delivers in order and drops duplicates (seq ≤ last)', () => {
    const h = harness();
    h.stream.start(10);
    assert.equal(h.stream.accept('comment.created', { seq: 11 }), 'delivered');
    assert.equal(h.stream.accept('comment.created', { seq: 11 }), 'duplicate');
    assert.equal(h.stream.accept('comment.created', { seq: 9 }), 'duplicate');
    assert.equal(h.stream.accept('comment.created', { seq: 12 }), 'delivered');
    assert.deepEqual(h.delivered, [11, 12]);
    assert.equal(h.stream.lastSeq, 12);
  });

  it('holds events that arrive early and releases them when the gap closes', () => {
    const h = harness();
    h.stream.start(0);
    assert.equal(h.stream.accept('x', { seq: 3 }), 'buffered');
    assert.equal(h.stream.accept('x', { seq: 2 }), 'buffered');
    assert.equal(h.stream.accept('x', { seq: 3 }), 'duplicate');
    assert.deepEqual(h.delivered, []);
    assert.equal(h.stream.accept('x', { seq: 1 }), 'delivered');
    assert.deepEqual(h.delivered, [1, 2, 3]);
    assert.equal(h.stream.buffered, 0);
    assert.equal(h.pendingTimers(), 0);
    assert.deepEqual(h.rejoins, []);
  });

  it('asks to re-join with the last seq when a gap stays open, and the replay fills it', () => {
    const h = harness();
    h.stream.start(5);
    h.stream.accept('x', { seq: 6 });
    h.stream.accept('x', { seq: 9 });
    h.fire();
    assert.deepEqual(h.rejoins, [6]);
    // The replay sends 7, 8 and 9 again: 9 counts once.
    for (const seq of [7, 8, 9]) h.stream.accept('x', { seq });
    assert.deepEqual(h.delivered, [6, 7, 8, 9]);
    assert.equal(h.pendingTimers(), 0);
  });

  it('resyncs when re-joins do not fill the gap, and when the server says so', () => {
    const h = harness();
    h.stream.start(1);
    h.stream.accept('x', { seq: 5 });
    h.fire();
    h.fire();
    h.fire();
    assert.deepEqual(h.rejoins, [1, 1]);
    assert.equal(h.resyncs.length, 1);
    assert.equal(h.stream.lastSeq, null);
    assert.equal(h.stream.buffered, 0);

    // After the snapshot (at seq 7) the stream goes on from there.
    h.stream.accept('x', { seq: 8 });
    h.stream.start(7);
    assert.deepEqual(h.delivered, [8]);

    h.stream.resync('the event log no longer reaches back');
    assert.equal(h.resyncs.at(-1), 'the event log no longer reaches back');
  });

  it('holds events until start and drops those the snapshot already reflects', () => {
    const h = harness();
    h.stream.accept('x', { seq: 4 });
    h.stream.accept('x', { seq: 5 });
    h.stream.accept('x', { seq: 6 });
    assert.equal(h.pendingTimers(), 0);
    h.stream.start(4);
    assert.deepEqual(h.delivered, [5, 6]);
  });

  it('resyncs instead of holding without bound', () => {
    const h = harness({ maxBuffered: 3 });
    h.stream.start(0);
    for (const seq of [2, 3, 4, 5]) h.stream.accept('x', { seq });
    assert.equal(h.resyncs.length, 1);
  });

  it('any arrival order with duplicates delivers every seq exactly once, in order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        fc.infiniteStream(fc.nat()),
        (count, duplicates, order) => {
          const h = harness();
          h.stream.start(0);
          const arrivals = Array.from({ length: count }, (_, i) => i + 1);
          for (const d of duplicates) arrivals.push((d % count) + 1);
          const it = order[Symbol.iterator]();
          for (let i = arrivals.length - 1; i > 0; i--) {
            const j = (it.next().value as number) % (i + 1);
            [arrivals[i], arrivals[j]] = [arrivals[j]!, arrivals[i]!];
          }
          for (const seq of arrivals) h.stream.accept('x', { seq });
          assert.deepEqual(
            h.delivered,
            Array.from({ length: count }, (_, i) => i + 1),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
