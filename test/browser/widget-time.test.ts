import assert from 'node:assert/strict';
import { test } from 'node:test';
import { strings } from '../../src/browser/widget/strings.js';
import { relativeTime } from '../../src/browser/widget/time.js';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const ago = (seconds: number) => new Date(NOW - seconds * 1000).toISOString();
const MIN = 60;
const HOUR = 3600;
const DAY = 86400;

test("a comment's age in words, in Bokmål, Nynorsk and English", () => {
  const cases: [number, string, string, string][] = [
    [10, 'akkurat nå', 'akkurat no', 'just now'],
    [MIN, 'for 1 minutt siden', 'for 1 minutt sidan', '1 minute ago'],
    [5 * MIN, 'for 5 minutter siden', 'for 5 minutt sidan', '5 minutes ago'],
    [HOUR, 'for 1 time siden', 'for 1 time sidan', '1 hour ago'],
    [3 * HOUR, 'for 3 timer siden', 'for 3 timar sidan', '3 hours ago'],
    [DAY, 'i går', 'i går', 'yesterday'],
    [4 * DAY, 'for 4 dager siden', 'for 4 dagar sidan', '4 days ago'],
    [7 * DAY, 'forrige uke', 'førre veke', 'last week'],
    [15 * DAY, 'for 2 uker siden', 'for 2 veker sidan', '2 weeks ago'],
    [31 * DAY, 'forrige måned', 'førre månad', 'last month'],
    [100 * DAY, 'for 3 måneder siden', 'for 3 månader sidan', '3 months ago'],
    [366 * DAY, 'i fjor', 'i fjor', 'last year'],
    [800 * DAY, 'for 2 år siden', 'for 2 år sidan', '2 years ago'],
  ];
  for (const [seconds, nb, nn, en] of cases) {
    assert.deepEqual(
      [
        relativeTime(ago(seconds), strings.nb, NOW),
        relativeTime(ago(seconds), strings.nn, NOW),
        relativeTime(ago(seconds), strings.en, NOW),
      ],
      [nb, nn, en],
      `${seconds} s`,
    );
  }
});

test('a time ahead of the browser clock is "just now"; a broken one is nothing', () => {
  assert.equal(relativeTime(ago(-600), strings.nb, NOW), 'akkurat nå');
  assert.equal(relativeTime('not a date', strings.nb, NOW), '');
});
