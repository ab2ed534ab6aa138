/**
 * The workbench's three languages, switched live. `nb` defines the keys and
 * ships in the main bundle; the type makes every other language complete, and
 * those load on demand (a moderator reads one language, and pays for one).
 */
import { nb } from './nb.js';

export type Strings = typeof nb;
export type UiLang = 'nb' | 'nn' | 'en';
export const uiLangs: readonly UiLang[] = ['nb', 'nn', 'en'];
/** Each language named in itself, as the picker shows it. */
export const languageNames: Record<UiLang, string> = { nb: 'Bokmål', nn: 'Nynorsk', en: 'English' };

const loaded: Partial<Record<UiLang, Strings>> = { nb };

/** The dictionary of a language, fetched once. */
export async function loadStrings(lang: UiLang): Promise<Strings> {
  const known = loaded[lang];
  if (known) return known;
  const dictionary = lang === 'en' ? (await import('./en.js')).en : (await import('./nn.js')).nn;
  loaded[lang] = dictionary;
  return dictionary;
}

/** A language's dictionary if it is loaded, else Bokmål (only for the moment before it is). */
export const stringsFor = (lang: UiLang): Strings => loaded[lang] ?? nb;
