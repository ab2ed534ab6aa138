/**
 * The two languages of the browser code. Each bundle brings its own
 * dictionary (the widget must stay small); they share these helpers.
 */
export type Lang = 'nb' | 'en';

export const locales: Record<Lang, string> = { nb: 'nb-NO', en: 'en-GB' };

/** `data-lang` / a stored preference wins; else Norwegian Bokmål. */
export function pickLang(value: string | null | undefined): Lang {
  return value?.toLowerCase().startsWith('en') ? 'en' : 'nb';
}

/** Fills `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (all, key: string) => (key in values ? String(values[key]) : all));
}

const dateFormats = new Map<Lang, Intl.DateTimeFormat | null>();

/**
 * A date in the reader's locale: the browser's own variant when it speaks the
 * shown language (en-US readers get US dates in English), else the language's default.
 * One formatter per language: building an Intl.DateTimeFormat costs milliseconds
 * (on a slow phone), and every comment shown has a date.
 */
export function formatDate(iso: string, lang: Lang): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  let format = dateFormats.get(lang);
  if (format === undefined) {
    const own = navigator.language ?? '';
    const speaks = lang === 'en' ? /^en\b/i.test(own) : /^(nb|no|nn)\b/i.test(own);
    try {
      format = new Intl.DateTimeFormat(speaks ? [own, locales[lang]] : locales[lang], {
        dateStyle: 'medium',
        timeStyle: 'short',
      });
    } catch {
      format = null;
    }
    dateFormats.set(lang, format);
  }
  return format ? format.format(date) : date.toISOString();
}
