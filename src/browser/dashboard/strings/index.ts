/**
 * The workbench's three languages, switched live. `nb` defines the keys; the
 * type makes every other language complete. Each is a chunk of its own, loaded
 * before the first render (alongside the session read): a moderator reads one
 * language, and downloads one.
 */
import type { nb } from './nb.js';

export type Strings = typeof nb;
export type UiLang = 'nb' | 'nn' | 'en';
export const uiLangs: readonly UiLang[] = ['nb', 'nn', 'en'];
/** Each language named in itself, as the picker shows it. */
export const languageNames: Record<UiLang, string> = { nb: 'Bokmål', nn: 'Nynorsk', en: 'English' };

const loaded: Partial<Record<UiLang, Strings>> = {};

const imports: Record<UiLang, () => Promise<Strings>> = {
  nb: () => import('./nb.js').then((m) => m.nb),
  nn: () => import('./nn.js').then((m) => m.nn),
  en: () => import('./en.js').then((m) => m.en),
};

/** The dictionary of a language, fetched once. */
export async function loadStrings(lang: UiLang): Promise<Strings> {
  const known = loaded[lang];
  if (known) return known;
  const dictionary = await imports[lang]();
  loaded[lang] = dictionary;
  return dictionary;
}

/** A language's dictionary once loaded (the UI renders only after the first one is). */
export function stringsFor(lang: UiLang): Strings {
  const dictionary = loaded[lang] ?? loaded.nb ?? loaded.nn ?? loaded.en;
  if (!dictionary) throw new Error('no UI language loaded yet');
  return dictionary;
}
