/**
 * The workbench's three languages, switched live. `nb` defines the keys; the
 * type makes every other language complete. Each view's strings sit in one
 * dictionary per language; the language test renders every view in each.
 */
import { en } from './en.js';
import { nb } from './nb.js';
import { nn } from './nn.js';

export type Strings = typeof nb;
export type UiLang = 'nb' | 'nn' | 'en';
export const uiLangs: readonly UiLang[] = ['nb', 'nn', 'en'];
/** Each language named in itself, as the picker shows it. */
export const languageNames: Record<UiLang, string> = { nb: 'Bokmål', nn: 'Nynorsk', en: 'English' };
export const strings: Record<UiLang, Strings> = { nb, nn, en };
