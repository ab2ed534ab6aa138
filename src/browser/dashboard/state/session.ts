/**
 * Who is logged in, where, in which language, and whether the live
 * connection is up: the signals every view reads. Views never keep their own
 * copy of these; a change here redraws whatever depends on it.
 */
import { computed, effect, signal } from '@preact/signals';
import { loadStrings, type Strings, stringsFor, type UiLang, uiLangs } from '../strings/index.js';

export interface User {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'moderator' | 'editor';
  sites: string[];
}

function firstLang(): UiLang {
  const stored = localStorage.getItem('ordskifte:lang');
  if (stored && (uiLangs as string[]).includes(stored)) return stored as UiLang;
  const browser = navigator.language.toLowerCase();
  if (browser.startsWith('nn')) return 'nn';
  return browser.startsWith('en') ? 'en' : 'nb';
}

/** The language shown: set only through `setLang`, once its dictionary is loaded. */
export const lang = signal<UiLang>('nb');
export const t = computed<Strings>(() => stringsFor(lang.value));

/** Switches the whole UI live, after fetching the language's dictionary (once). */
export async function setLang(next: UiLang): Promise<void> {
  await loadStrings(next);
  lang.value = next;
}

const ready = signal(false);

/** The stored or the browser's language (Bokmål if that one cannot be fetched), loaded before the first render. */
export const languageReady = setLang(firstLang())
  .catch(() => setLang('nb'))
  .then(() => {
    ready.value = true;
  });

effect(() => {
  if (!ready.value) return;
  localStorage.setItem('ordskifte:lang', lang.value);
  document.documentElement.lang = lang.value;
  document.title = t.value.appTitle;
});

/** undefined while the session is being read, null when logged out. */
export const user = signal<User | null | undefined>(undefined);
/** The login form says why it is shown: true when a session this browser held has ended (not after "Logg ut"). */
export const sessionEnded = signal(false);
export const sites = signal<string[]>([]);
export const site = signal('');
export const online = signal(false);

export const isAdmin = computed(() => user.value?.role === 'admin');
export const isModerator = computed(() => user.value?.role === 'admin' || user.value?.role === 'moderator');
export const isEditor = computed(() => user.value?.role === 'admin' || user.value?.role === 'editor');

/**
 * Two live regions: polite for arrivals and confirmations, assertive for
 * conflicts and failures. A counter lets the same sentence be announced twice.
 */
export const announcement = signal({ polite: '', assertive: '', n: 0 });
export function announce(text: string, urgent = false): void {
  const previous = announcement.peek();
  announcement.value = {
    polite: urgent ? previous.polite : text,
    assertive: urgent ? text : previous.assertive,
    n: previous.n + 1,
  };
}

export function chooseSite(next: string): void {
  site.value = next;
  localStorage.setItem('ordskifte:site', next);
}

/** The stored site if the user still has it, else their first. */
export function initialSite(list: string[]): string {
  const stored = localStorage.getItem('ordskifte:site') ?? '';
  return list.includes(stored) ? stored : (list[0] ?? '');
}
