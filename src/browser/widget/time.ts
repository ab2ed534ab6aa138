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

/** The exact time, for hovering (title) and for screen readers (the element's datetime). */
export const exactTime = (iso: string, lang: WidgetLang) => formatDate(iso, lang === 'en' ? 'en' : 'nb');
