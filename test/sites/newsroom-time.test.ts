import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dayIn, dayStartIn, knownZone } from '../../src/sites/newsroom-time.js';
import { sitePolicySchema } from '../../src/sites/site.js';
import { periodsOf } from '../../src/stats/stats-service.js';

const at = (iso: string) => Date.parse(iso);
const OSLO = 'Europe/Oslo';

test("the newsroom's day of an instant is Oslo's, on either side of midnight, in winter and summer", () => {
  // 23:30 UTC in December is 00:30 the next day in Oslo (UTC+1), 18:30 the same day in New York.
  assert.equal(dayIn(at('2026-12-06T23:30:00Z'), OSLO), '2026-12-07');
  assert.equal(dayIn(at('2026-12-06T23:30:00Z'), 'America/New_York'), '2026-12-06');
  assert.equal(dayIn(at('2026-12-06T22:59:59Z'), OSLO), '2026-12-06');
  // Summer time (UTC+2): 22:30 UTC is already tomorrow in Oslo.
  assert.equal(dayIn(at('2026-07-01T22:30:00Z'), OSLO), '2026-07-02');
  assert.equal(dayIn(at('2026-07-01T21:59:00Z'), OSLO), '2026-07-01');
});

test("a day starts at the newsroom's midnight; the days of the DST changes are 23 and 25 hours", () => {
  assert.equal(new Date(dayStartIn('2026-12-07', OSLO)).toISOString(), '2026-12-06T23:00:00.000Z');
  assert.equal(new Date(dayStartIn('2026-07-02', OSLO)).toISOString(), '2026-07-01T22:00:00.000Z');
  assert.equal(new Date(dayStartIn('2026-12-31', OSLO, 1)).toISOString(), '2026-12-31T23:00:00.000Z');
  assert.equal(new Date(dayStartIn('2026-12-07', 'UTC')).toISOString(), '2026-12-07T00:00:00.000Z');
  const hours = (day: string) => (dayStartIn(day, OSLO, 1) - dayStartIn(day, OSLO)) / 3_600_000;
  assert.deepEqual([hours('2026-03-29'), hours('2026-10-25'), hours('2026-12-07')], [23, 25, 24]);
});

test("the statistics' day buckets run from the newsroom's midnight to midnight", () => {
  const periods = periodsOf(new Date('2026-12-05T23:00:00Z'), new Date('2026-12-07T12:00:00Z'), 'day', OSLO);
  assert.deepEqual(
    periods.map((p) => [p.start.toISOString(), p.end.toISOString()]),
    [
      ['2026-12-05T23:00:00.000Z', '2026-12-06T23:00:00.000Z'],
      ['2026-12-06T23:00:00.000Z', '2026-12-07T12:00:00.000Z'],
    ],
  );
  // Across the autumn change: the day of 25 hours is one bucket.
  const autumn = periodsOf(new Date('2026-10-24T22:00:00Z'), new Date('2026-10-26T23:00:00Z'), 'day', OSLO);
  assert.deepEqual(
    autumn.map((p) => (p.end.getTime() - p.start.getTime()) / 3_600_000),
    [25, 24],
  );
  // Hours stay whole UTC hours.
  const hourly = periodsOf(new Date('2026-12-06T22:30:00Z'), new Date('2026-12-07T01:00:00Z'), 'hour', OSLO);
  assert.deepEqual(
    hourly.map((p) => p.start.toISOString()),
    ['2026-12-06T22:30:00.000Z', '2026-12-06T23:00:00.000Z', '2026-12-07T00:00:00.000Z'],
  );
});

test("a site's time zone is Europe/Oslo unless it says another the runtime knows", () => {
  assert.equal(sitePolicySchema.parse({}).timeZone, OSLO);
  assert.equal(sitePolicySchema.parse({ timeZone: 'America/New_York' }).timeZone, 'America/New_York');
  assert.equal(sitePolicySchema.safeParse({ timeZone: 'Europe/Bergen' }).success, false);
  assert.equal(knownZone('Europe/Bergen'), false);
});
