import { safeHttpUrl } from '../links.js';

/**
 * An article by the title from the site's trusted metadata, linked to the article
 * (a new tab) when its address is http(s); by its id when it has no title. The
 * title is text, never markup.
 */
export function ArticleName({
  id,
  title,
  url,
  showId = false,
}: {
  id: string;
  title?: string | null;
  url?: string | null;
  showId?: boolean;
}) {
  const href = safeHttpUrl(url);
  const name = title || id;
  return (
    <>
      {href ? (
        <a class="article-link" href={href} target="_blank" rel="noopener noreferrer">
          {name}
        </a>
      ) : (
        <span class="article-title">{name}</span>
      )}
      {showId && title && <span class="meta block">{id}</span>}
    </>
  );
}
