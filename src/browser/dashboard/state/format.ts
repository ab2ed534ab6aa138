import { signal } from '@preact/signals';
import { dayIn, dayStartIn, NEWSROOM_ZONE } from '../../../sites/newsroom-time.js';
import type { UiLang } from '../strings/index.js';

/**
 * The newsroom's time zone (the site's `timeZone`, Europe/Oslo until the site says):
 * every time and calendar day the workbench shows or sends is in it, not in the
 * browser's zone, so a moderator abroad or a machine set to UTC sees the newsroom's
 * times, and "from 7 December" means the newsroom's 7 December.
 */
export const newsroomZone = signal(NEWSROOM_ZONE);

/** The newsroom's calendar day (YYYY-MM-DD) of an instant, `minusDays` earlier. */
export function newsroomDay(at: string | number | Date, minusDays = 0): string {
  const ms = typeof at === 'string' ? Date.parse(at) : typeof at === 'number' ? at : at.getTime();
  const zone = newsroomZone.value;
  return minusDays ? dayIn(dayStartIn(dayIn(ms, zone), zone, -minusDays), zone) : dayIn(ms, zone);
}

/** The instant a newsroom calendar day (YYYY-MM-DD, from a date input), `plusDays` later, starts. */
export function newsroomDayStart(day: string, plusDays = 0): Date {
  return new Date(dayStartIn(day, newsroomZone.value, plusDays));
}

const locales: Record<UiLang, string> = { nb: 'nb-NO', nn: 'nn-NO', en: 'en-GB' };

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A date and time in the UI language (the browser's own variant of English when it has one), in the newsroom's zone. */
export function formatDate(iso: string | null | undefined, lang: UiLang): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const own = navigator.language ?? '';
  const locale = lang === 'en' && /^en\b/i.test(own) ? own : locales[lang];
  const timeZone = newsroomZone.value;
  const key = `${locale} ${timeZone}`;
  let format = formatters.get(key);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone });
    } catch {
      format = new Intl.DateTimeFormat(locales[lang], { dateStyle: 'medium', timeStyle: 'short', timeZone });
    }
    formatters.set(key, format);
  }
  return format.format(date);
}

export function formatNumber(n: number, lang: UiLang): string {
  return n.toLocaleString(locales[lang]);
}
