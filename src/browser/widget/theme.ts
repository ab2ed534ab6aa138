/** The theme: `data-theme`, else the page's own `color-scheme`, else light. */
export function themeOf(host: HTMLElement): 'light' | 'dark' | 'auto' {
  const asked = host.dataset.theme;
  if (asked === 'dark' || asked === 'auto' || asked === 'light') return asked;
  const scheme = getComputedStyle(host).colorScheme ?? '';
  return /dark/.test(scheme) ? (/light/.test(scheme) ? 'auto' : 'dark') : 'light';
}
