/**
 * Which view is shown, kept in the URL's hash (`#/pending`, `#/articles`,
 * `#/admin-users`), so a reload or a bookmark comes back to the same place.
 * On a phone the list and the open item are two screens: opening an item
 * pushes a history entry, and back (the button or the phone's own) returns
 * to the list at the same scroll position.
 */
import { signal } from '@preact/signals';

const parse = () => decodeURIComponent(location.hash.replace(/^#\/?/, '').split('/')[0] ?? '');

export const route = signal(parse());
export const phoneDetail = signal(false);
let listScroll = 0;

window.addEventListener('hashchange', () => {
  route.value = parse();
});

window.addEventListener('popstate', (event) => {
  if (phoneDetail.peek() && !(event.state as { detail?: boolean } | null)?.detail) {
    phoneDetail.value = false;
    requestAnimationFrame(() => window.scrollTo(0, listScroll));
  }
});

export function go(view: string): void {
  if (route.peek() === view) return;
  location.hash = `#/${encodeURIComponent(view)}`;
  route.value = view;
}

export const narrow = () => window.matchMedia('(max-width: 800px)').matches;

/** On a phone: show the open item as its own screen (a history entry, so back works). */
export function showDetailOnPhone(): void {
  if (!narrow() || phoneDetail.peek()) return;
  listScroll = window.scrollY;
  history.pushState({ detail: true }, '');
  phoneDetail.value = true;
  window.scrollTo(0, 0);
}

export function backToList(): void {
  if (phoneDetail.peek()) history.back();
}
