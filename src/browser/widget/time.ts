import { formatDate } from '../shared/i18n.js';
import { fill } from '../shared/i18n.js';
import type { Strings, WidgetLang } from './strings.js';

/** Minute, hour, day, week, month, year, in seconds. */
const UNITS = [60, 3600, 86400, 7 * 86400, 30 * 86400, 365 * 86400];

/**
 * "for 5 minutter siden" / "for 5 minutt sidan" / "5 minutes ago", "i går",
 * "forrige uke"; `justNow` under a minute (and for a time ahead of this
 * browser's clock). Written from the widget's own words, not with
 * Intl.RelativeTimeFormat: the first Intl use of a page starts the browser's
 * ICU, ~100 ms on a slow phone, and every comment of the first page has an age.
 */
export function relativeTime(
  iso: string,
  t: Pick<Strings, 'justNow' | 'ago' | 'units' | 'last'>,
  now = Date.now(),
): string {
  const seconds = (now - Date.parse(iso)) / 1000;
  if (Number.isNaN(seconds)) return '';
  if (seconds < 60) return t.justNow;
  let unit = UNITS.length - 1;
  while (seconds < UNITS[unit]!) unit--;
  const n = Math.round(seconds / UNITS[unit]!);
  const last = t.last.split('|')[unit];
  return n === 1 && last ? last : fill(t.ago, { n, u: t.units.split(' ')[unit * 2 + (n === 1 ? 0 : 1)]! });
}

/** The exact time, for hovering (title) and for screen readers (the element's datetime). */
export const exactTime = (iso: string, lang: WidgetLang) => formatDate(iso, lang === 'en' ? 'en' : 'nb');

/**
 * The exact time of a comment shows on hover: its title is filled in when the
 * pointer first comes over it, not for every comment drawn (the first date
 * format of a page starts the browser's Intl, which costs a slow phone ~100 ms).
 */
export function exactOnHover(root: ShadowRoot, lang: WidgetLang): void {
  root.addEventListener('pointerover', (event) => {
    const time = (event.target as Element).closest?.('time');
    if (time && !time.title) time.title = exactTime(time.dateTime, lang);
  });
}
