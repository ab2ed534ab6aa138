import type { UiLang } from '../strings/index.js';

const locales: Record<UiLang, string> = { nb: 'nb-NO', nn: 'nn-NO', en: 'en-GB' };

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A date and time in the UI language (the browser's own variant of English when it has one). */
export function formatDate(iso: string | null | undefined, lang: UiLang): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const own = navigator.language ?? '';
  const locale = lang === 'en' && /^en\b/i.test(own) ? own : locales[lang];
  let format = formatters.get(locale);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    } catch {
      format = new Intl.DateTimeFormat(locales[lang], { dateStyle: 'medium', timeStyle: 'short' });
    }
    formatters.set(locale, format);
  }
  return format.format(date);
}

export function formatNumber(n: number, lang: UiLang): string {
  return n.toLocaleString(locales[lang]);
}
