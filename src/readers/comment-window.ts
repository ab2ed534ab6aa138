import type { NightlyWindow } from '../sites/site.js';

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
};

/** Building a formatter costs ~0.3 ms; sites use a handful of zones, so keep one per zone. */
const FORMATTERS = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = FORMATTERS.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    if (FORMATTERS.size < 64) FORMATTERS.set(timeZone, formatter);
  }
  return formatter;
}

/** Minutes since local midnight of `at` in `timeZone`. */
export function localMinutes(at: Date, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(at);
  const value = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return value('hour') * 60 + value('minute');
}

/**
 * Whether `at` falls inside the site's nightly closed window. The window is
 * [from, to) in the site's local time; a window whose `from` is later than its
 * `to` (23:00-07:00) spans midnight. Local time follows daylight saving.
 */
export function inNightlyWindow(window: NightlyWindow | null | undefined, at: Date): boolean {
  if (!window) return false;
  const now = localMinutes(at, window.timeZone);
  const from = minutesOf(window.from);
  const to = minutesOf(window.to);
  return from < to ? now >= from && now < to : now >= from || now < to;
}
