import { formatDate } from '../shared/i18n.js';
import type { WidgetLang } from './strings.js';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86400],
  ['month', 30 * 86400],
  ['week', 7 * 86400],
  ['day', 86400],
  ['hour', 3600],
  ['minute', 60],
];

const formats = new Map<string, Intl.RelativeTimeFormat>();

/** "for 5 minutter siden" / "5 minutt sidan" / "5 minutes ago"; `justNow` under a minute. */
export function relativeTime(iso: string, lang: WidgetLang, justNow: string, now = Date.now()): string {
  const seconds = (Date.parse(iso) - now) / 1000;
  if (Number.isNaN(seconds)) return '';
  if (Math.abs(seconds) < 60) return justNow;
  let format = formats.get(lang);
  if (!format) {
    format = new Intl.RelativeTimeFormat(lang === 'en' ? 'en-GB' : lang === 'nn' ? 'nn-NO' : 'nb-NO', {
      numeric: 'auto',
    });
    formats.set(lang, format);
  }
  const [unit, size] = UNITS.find(([, size]) => Math.abs(seconds) >= size) ?? ['minute', 60];
  return format.format(Math.round(seconds / size), unit);
}

/**
 * Starts the browser's Intl (its first use on a page costs a slow phone ~100 ms)
 * while the first page of comments is on its way, in an idle moment, instead
 * of when the first comment's age is written.
 */
export function warmTimes(lang: WidgetLang): void {
  (window.requestIdleCallback ?? setTimeout)(() => relativeTime('2000-01-01T00:00:00Z', lang, ''));
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
