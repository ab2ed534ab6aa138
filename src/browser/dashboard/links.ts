/**
 * Links the workbench shows come from data (an article's URL in the site's own
 * metadata). Only http and https are links: a `javascript:` or `data:` URL stored
 * by mistake or malice must never become a clickable href.
 */
export function safeHttpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
}
