import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PublicComment } from '../comments/comment.js';
import { BATCH_LIMITS, type BatcherClock, type LiveBatch, LiveBatcher } from './live-batches.js';

/** A clock the test moves by hand: timers run only when `advance` passes them. */
class ManualClock implements BatcherClock {
  time = 0;
  /** How late every timer fires (an event loop busy with other work). */
  lag = 0;
  #timers = new Map<number, { at: number; run: () => void }>();
  #next = 1;
  now(): number {
    return this.time;
  }
  setTimeout(run: () => void, ms: number): unknown {
    const id = this.#next++;
    this.#timers.set(id, { at: this.time + ms + this.lag, run });
    return id;
  }
  /** A deferred turn runs when the clock next moves, after the timers already due at that moment. */
  defer(run: () => void): unknown {
    return this.setTimeout(run, 0);
  }
  clearDefer(handle: unknown): void {
    this.clearTimeout(handle);
  }
  clearTimeout(timer: unknown): void {
    this.#timers.delete(timer as number);
  }
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const due = [...this.#timers].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.#timers.delete(due[0]);
      this.time = due[1].at;
      due[1].run();
    }
    // A send that took time (the tests move the clock in it) may have gone past `until`.
    this.time = Math.max(this.time, until);
  }
  /** The loop is stopped until `until`: every timer due before then fires at `until`. */
  holdUntil(until: number): void {
    for (const timer of this.#timers.values()) timer.at = Math.max(timer.at, until);
  }
  get pending(): number {
    return this.#timers.size;
  }
}

const comment = (id: string, body = `Kommentar ${id}`, articleId = 'sak'): PublicComment => ({
  id,
  siteId: 'avis',
  articleId,
  parentId: null,
  body,
  authorName: 'Kari',
  authorId: '',
  featured: false,
  reactions: { respect: 0 },
  editedAt: null,
  deleted: false,
  createdAt: '2026-11-27T12:00:00.000Z',
});
const published = (c: PublicComment) =>
  ({ kind: 'comment', siteId: c.siteId, articleId: c.articleId, comment: c }) as const;
const removed = (id: string, articleId = 'sak') =>
  ({ kind: 'removed', siteId: 'avis', articleId, id }) as const;

function setup(intervalMs = 1000) {
  const clock = new ManualClock();
  const sent: (LiveBatch & { at: number })[] = [];
  const batcher = new LiveBatcher(intervalMs, (batch) => sent.push({ ...batch, at: clock.time }), clock);
  return { clock, sent, batcher };
}

/**
 * A batcher whose article's readers are in `groups` (of 16), with a 1 s interval:
 * what each group was sent and when, and every change handed over and when.
 * `spreads` says whether the article's turns are spread over the interval.
 */
function groupSetup(groups: number[], spreads: () => boolean = () => true) {
  const clock = new ManualClock();
  const handed: { id: string; at: number }[] = [];
  const sent: { group: number; at: number; ids: string[] }[] = [];
  const batcher = new LiveBatcher(
    1000,
    (batch, group) => sent.push({ group, at: clock.time, ids: batch.comments.map((c) => c.id) }),
    clock,
    100_000,
    () => groups,
    16,
    spreads,
  );
  const hand = (id: string) => {
    handed.push({ id, at: clock.time });
    batcher.add(published(comment(id)));
  };
  return { clock, handed, sent, hand };
}

/** What one group was sent, in order; it must be every change handed over, once and in order, at most one message per interval. */
function sentToGroup(
  sent: { group: number; at: number; ids: string[] }[],
  handed: { id: string }[],
  group: number,
) {
  const own = sent.filter((b) => b.group === group);
  for (let i = 1; i < own.length; i++)
    assert.ok(own[i]!.at - own[i - 1]!.at >= 1000, `group ${group}: at most one message per interval`);
  assert.deepEqual(
    own.flatMap((b) => b.ids),
    handed.map((h) => h.id),
    `group ${group} gets every change once, in order`,
  );
  return own;
}

describe('LiveBatcher', () => {
  it('sends the first change after a quiet spell on the next tick, and then at most once per interval', () => {
    const { clock, sent, batcher } = setup(1000);
    batcher.add(published(comment('a')));
    batcher.add(published(comment('b')));
    assert.equal(sent.length, 0, 'nothing is sent synchronously: the same tick travels together');
    clock.advance(0);
    assert.deepEqual(
      sent.map((b) => [b.at, b.batch, b.comments.map((c) => c.id)]),
      [[0, 1, ['a', 'b']]],
    );
    // 20 changes a second for three seconds: three more messages, one per interval.
    for (let ms = 50; ms < 3000; ms += 50) {
      clock.advance(50);
      batcher.add(published(comment(`c${ms}`)));
    }
    clock.advance(1000);
    assert.deepEqual(
      sent.map((b) => b.at),
      [0, 1000, 2000, 3000],
    );
    assert.deepEqual(
      sent.map((b) => b.batch),
      [1, 2, 3, 4],
    );
    const ids = sent.flatMap((b) => b.comments.map((c) => c.id));
    assert.equal(ids.length, 2 + 59, 'every change is in exactly one message');
    assert.equal(new Set(ids).size, ids.length);
    for (const b of sent) assert.equal(b.more, 0);
  });

  it('after a whole interval without changes stops its timer, and the next change goes out at once', () => {
    const { clock, sent, batcher } = setup(1000);
    batcher.add(published(comment('a')));
    clock.advance(0);
    clock.advance(1000);
    assert.equal(batcher.activeArticles, 0);
    assert.equal(clock.pending, 0, 'no timer is left running for an idle article');
    clock.advance(5000);
    batcher.add(published(comment('b')));
    clock.advance(0);
    assert.deepEqual(
      sent.map((b) => [b.at, b.batch]),
      [
        [0, 1],
        [6000, 2],
      ],
    );
  });

  it('remembers the numbering of the most recently used articles only', () => {
    const clock = new ManualClock();
    const sent: LiveBatch[] = [];
    const batcher = new LiveBatcher(1000, (batch) => sent.push(batch), clock, 2);
    for (const articleId of ['a', 'b', 'a', 'c', 'a', 'b']) {
      batcher.add(published(comment(`${articleId}${clock.time}`, 'x', articleId)));
      clock.advance(2000);
    }
    assert.deepEqual(
      sent.map((b) => `${b.articleId}${b.batch}`),
      ['a1', 'b1', 'a2', 'c1', 'a3', 'b1'],
    );
  });

  it('keeps articles apart', () => {
    const { clock, sent, batcher } = setup(1000);
    batcher.add(published(comment('a', 'x', 'sak-1')));
    batcher.add(published(comment('b', 'y', 'sak-2')));
    clock.advance(0);
    assert.deepEqual(sent.map((b) => [b.articleId, b.comments.map((c) => c.id)]).sort(), [
      ['sak-1', ['a']],
      ['sak-2', ['b']],
    ]);
  });

  it('merges changes to one comment within an interval into its last state', () => {
    const { clock, sent, batcher } = setup(1000);
    batcher.add(published(comment('first')));
    clock.advance(0);
    batcher.add(published(comment('a', 'før')));
    batcher.add(published(comment('b')));
    batcher.add(published(comment('a', 'etter'))); // edited or featured: the newest version, moved last
    batcher.add(published(comment('c')));
    batcher.add(removed('c')); // visible and gone again in the same second
    batcher.add(removed('d'));
    batcher.add(published(comment('d'))); // removed and approved again
    batcher.add({ kind: 'reactions', siteId: 'avis', articleId: 'sak', id: 'b', reactions: { respect: 1 } });
    batcher.add({ kind: 'reactions', siteId: 'avis', articleId: 'sak', id: 'b', reactions: { respect: 3 } });
    batcher.add({ kind: 'reactions', siteId: 'avis', articleId: 'sak', id: 'c', reactions: { respect: 9 } });
    clock.advance(1000);
    const second = sent[1]!;
    assert.deepEqual(
      second.comments.map((c) => [c.id, c.body]),
      [
        ['b', 'Kommentar b'],
        ['a', 'etter'],
        ['d', 'Kommentar d'],
      ],
    );
    assert.deepEqual(second.removed, ['c']);
    assert.deepEqual(second.reactions, [{ id: 'b', reactions: { respect: 3 } }]);
    assert.equal(second.more, 0);
  });

  it('bounds a message: what does not fit is counted in `more`', () => {
    const { clock, sent, batcher } = setup(1000);
    batcher.add(published(comment('first')));
    clock.advance(0);
    for (let i = 0; i < 200; i++) batcher.add(published(comment(`n${i}`)));
    batcher.add(published(comment('long', 'x'.repeat(BATCH_LIMITS.text + 1))));
    for (let i = 0; i < BATCH_LIMITS.removed + 7; i++) batcher.add(removed(`gone${i}`));
    for (let i = 0; i < BATCH_LIMITS.reactions + 3; i++)
      batcher.add({
        kind: 'reactions',
        siteId: 'avis',
        articleId: 'sak',
        id: `r${i}`,
        reactions: { respect: i },
      });
    clock.advance(1000);
    const batch = sent[1]!;
    assert.equal(batch.comments.length, BATCH_LIMITS.comments);
    assert.deepEqual(
      batch.comments.map((c) => c.id),
      Array.from({ length: BATCH_LIMITS.comments }, (_, i) => `n${i}`),
    );
    assert.equal(batch.removed.length, BATCH_LIMITS.removed);
    assert.equal(batch.reactions.length, BATCH_LIMITS.reactions);
    assert.equal(batch.reactions.at(-1)?.id, `r${BATCH_LIMITS.reactions + 2}`, 'the newest counts are kept');
    assert.equal(batch.more, 200 - BATCH_LIMITS.comments + 1 + 7 + 3);
    const size = JSON.stringify(batch).length;
    assert.ok(size < 40_000, `a full message stays small (${size} bytes)`);
  });

  it('sends one group after the other, each with every change handed over until its turn, each exactly once', () => {
    const clock = new ManualClock();
    const groups = [0, 3, 7];
    /** Every change handed over, in order. */
    const handed: string[] = [];
    const sent: (LiveBatch & { at: number; group: number })[] = [];
    const batcher = new LiveBatcher(
      1000,
      (batch, group) => {
        sent.push({ ...batch, at: clock.time, group });
        // Sending to a group takes time; a change arrives while the next group waits for its turn
        // (in the first rounds: then the changes stop, and every group must get all of them).
        clock.time += 10;
        if (sent.length <= 7) hand(`during-${sent.length}`);
      },
      clock,
      100_000,
      () => groups,
    );
    const hand = (id: string) => {
      handed.push(id);
      batcher.add(published(comment(id)));
    };
    hand('a');
    for (let ms = 0; ms < 3000; ms += 50) {
      clock.advance(50);
      hand(`c${ms}`);
    }
    clock.advance(3000);
    for (const group of groups) {
      const own = sent.filter((b) => b.group === group);
      assert.deepEqual(
        own.map((b) => b.batch),
        own.map((_, i) => i + 1),
        `group ${group} is numbered without a gap`,
      );
      for (let i = 1; i < own.length; i++)
        assert.ok(own[i]!.at - own[i - 1]!.at >= 1000, `group ${group}: at most one message per interval`);
      assert.deepEqual(
        own.flatMap((b) => b.comments.map((c) => c.id)),
        handed,
        `group ${group} gets every change once, in order`,
      );
    }
    // A change made while group 0 was sent to reaches group 3 in the same round, not an interval later.
    const first0 = sent.find((b) => b.group === 0)!;
    const first3 = sent.find((b) => b.group === 3)!;
    assert.ok(first3.comments.some((c) => c.id === 'during-1'));
    assert.ok(!first0.comments.some((c) => c.id === 'during-1'));
  });

  it('holds what a group was not sent yet while the groups before it let go of it', () => {
    const clock = new ManualClock();
    const groups = [0, 1, 2, 3];
    const sent: { group: number; ids: string[] }[] = [];
    const batcher = new LiveBatcher(
      1000,
      (batch, group) => sent.push({ group, ids: batch.comments.map((c) => c.id) }),
      clock,
      100_000,
      () => groups,
      8,
    );
    batcher.add(published(comment('a')));
    clock.advance(0);
    assert.deepEqual(sent, [{ group: 0, ids: ['a'] }], 'group 0 at once, the others at their turns');
    clock.advance(375);
    assert.deepEqual(sent, [
      { group: 0, ids: ['a'] },
      { group: 1, ids: ['a'] },
      { group: 2, ids: ['a'] },
      { group: 3, ids: ['a'] },
    ]);
    // A new group (its first reader came) gets what is still held; a group nobody is in is let go.
    groups.splice(0, groups.length, 1, 5);
    batcher.add(published(comment('b')));
    clock.advance(625 + 125);
    assert.deepEqual(sent.slice(4), [{ group: 1, ids: ['b'] }], "group 1's turn, an eighth into the round");
    clock.advance(499);
    assert.equal(sent.length, 5);
    clock.advance(1);
    assert.deepEqual(sent.slice(5), [{ group: 5, ids: ['b'] }], "group 5's turn, five eighths in");
  });

  it("spreads a round's turns over the interval, and a change reaches every group at its next turn", () => {
    const groups = [2, 4, 9, 13];
    const { clock, handed, sent, hand } = groupSetup(groups);
    hand('a');
    for (let ms = 0; ms < 4000; ms += 50) {
      clock.advance(50);
      hand(`c${ms}`);
    }
    clock.advance(3000);
    // Every round, the first after the quiet spell too: group g's turn g/16 of an interval in.
    for (const round of [0, 1000, 2000, 3000])
      assert.deepEqual(
        sent.filter((b) => b.at >= round && b.at < round + 1000).map((b) => [b.group, b.at]),
        groups.map((g) => [g, round + (g * 1000) / 16]),
      );
    for (const group of groups) {
      const own = sentToGroup(sent, handed, group);
      // Each change reaches the group at the group's first turn after it was handed over.
      for (const h of handed) {
        const carrier = own.find((b) => b.ids.includes(h.id))!;
        const before = own.filter((b) => b.at < carrier.at).at(-1);
        assert.ok(!before || before.at < h.at || (before.at === h.at && !before.ids.includes(h.id)));
        assert.ok(carrier.at - h.at <= 1000, `group ${group}: ${h.id} waited at most an interval`);
      }
    }
  });

  it('keeps its schedule when timers fire late: a change waits at most an interval plus one lateness', () => {
    const groups = [0, 8];
    const { clock, handed, sent, hand } = groupSetup(groups);
    clock.lag = 100;
    for (let ms = 0; ms < 8000; ms += 50) {
      hand(`c${ms}`);
      clock.advance(50);
    }
    clock.advance(3000);
    for (const group of groups) {
      const own = sentToGroup(sent, handed, group);
      // Every turn is late by the same 100 ms, and none moves the ones after it.
      assert.deepEqual(
        own.map((b) => b.at - own[0]!.at),
        own.map((_, i) => i * 1000),
        `group ${group}: an interval apart on the schedule`,
      );
      for (const h of handed) {
        const carrier = own.find((b) => b.ids.includes(h.id))!;
        assert.ok(carrier.at - h.at <= 1100, `group ${group}: ${h.id} waited ${carrier.at - h.at} ms`);
      }
    }
  });

  it('sends a turn that fired very late, then the next no sooner than half an interval after it, back on schedule', () => {
    const clock = new ManualClock();
    const sent: number[] = [];
    const batcher = new LiveBatcher(1000, () => sent.push(clock.time), clock);
    const hand = (id: string) => batcher.add(published(comment(id)));
    hand('a');
    clock.advance(0);
    hand('b');
    // The second round's timer fires 800 ms late (the loop was stopped); a change is waiting.
    clock.advance(999);
    clock.holdUntil(1800);
    clock.advance(801);
    hand('c');
    clock.advance(600);
    hand('d');
    clock.advance(2000);
    assert.deepEqual(
      sent,
      [0, 1800, 2300, 3000],
      'the schedule holds; 1.8 s and 2.3 s are half an interval apart',
    );
  });

  it("sends a small article's first change after a quiet interval to every group at once, then at most once per interval", () => {
    const groups = [0, 4, 8, 12];
    let large = false;
    const { clock, handed, sent, hand } = groupSetup(groups, () => large);
    hand('a');
    clock.advance(0);
    assert.deepEqual(
      sent.map((b) => [b.group, b.at]),
      groups.map((g) => [g, 0]),
      'every group at once',
    );
    // Then a change every 100 ms; after 3 s the article grows past the bound and its turns spread.
    for (let ms = 100; ms < 6000; ms += 100) {
      clock.advance(100);
      if (ms === 3000) large = true;
      hand(`c${ms}`);
    }
    clock.advance(3000);
    assert.deepEqual(
      sent.filter((b) => b.at < 3000).map((b) => b.at),
      [0, 0, 0, 0, 1000, 1000, 1000, 1000, 2000, 2000, 2000, 2000],
    );
    for (const group of groups) {
      const own = sentToGroup(sent, handed, group);
      // Until the article spread, no change waited longer than an interval.
      for (const h of handed.filter((x) => x.at < 3000)) {
        const carrier = own.find((b) => b.ids.includes(h.id))!;
        assert.ok(carrier.at - h.at <= 1000, `group ${group}: ${h.id} waited ${carrier.at - h.at} ms`);
      }
    }
  });

  it('close stops every timer', () => {
    const { clock, batcher } = setup(1000);
    batcher.add(published(comment('a')));
    batcher.close();
    assert.equal(batcher.activeArticles, 0);
    clock.clearTimeout(undefined);
    clock.advance(5000);
  });
});
