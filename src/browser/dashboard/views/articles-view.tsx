import { useSignalEffect } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { articles, loadArticles, switchArticle } from '../state/articles.js';
import { formatDate } from '../state/format.js';
import { applyFilters, counts } from '../state/queue.js';
import { lang, t } from '../state/session.js';
import { ArticleName } from './article-name.js';

/** Articles by latest comment: where the debate is now, its counts, and its switches. */
export function ArticlesView() {
  const s = t.value;
  useEffect(() => {
    void loadArticles();
  }, []);
  // Live: the queue counts move with every change; the overview follows, at most every 5 s.
  const last = useRef(0);
  useSignalEffect(() => {
    counts.value;
    const now = Date.now();
    if (now - last.current < 5000) return;
    last.current = now;
    void loadArticles();
  });
  const rows = articles.value;
  if (!rows) return <p class="empty">{s.loading}</p>;
  if (rows.length === 0) return <p class="empty">{s.noArticles}</p>;
  return (
    <section class="panel articles" aria-labelledby="articles-title">
      <h2 id="articles-title">{s.articlesTitle}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{s.article}</th>
              <th scope="col">{s.articleState}</th>
              <th scope="col" class="num">
                {s.tab_pending}
              </th>
              <th scope="col" class="num">
                {s.tab_reported}
              </th>
              <th scope="col" class="num">
                {s.tab_rejected}
              </th>
              <th scope="col" class="num">
                {s.tab_approved}
              </th>
              <th scope="col">{s.lastComment}</th>
              <th scope="col">{s.articleActions}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr key={a.id} data-article={a.id}>
                <th scope="row">
                  <ArticleName id={a.id} title={a.title} url={a.url} showId />
                </th>
                <td>{`${a.open ? s.articleOpen : s.articleClosed}, ${s[`mode_${a.mode ?? 'site'}`]}`}</td>
                <td class="num" data-label={s.tab_pending}>
                  <button
                    type="button"
                    class="linkish"
                    aria-label={`${s.tab_pending}: ${a.counts.pending} – ${a.title ?? a.id}`}
                    onClick={() => applyFilters({ articleId: a.id }, 'pending')}
                  >
                    {String(a.counts.pending)}
                  </button>
                </td>
                <td class="num" data-label={s.tab_reported}>
                  <button
                    type="button"
                    class="linkish"
                    aria-label={`${s.tab_reported}: ${a.counts.reported} – ${a.title ?? a.id}`}
                    onClick={() => applyFilters({ articleId: a.id }, 'reported')}
                  >
                    {String(a.counts.reported)}
                  </button>
                </td>
                <td class="num" data-label={s.tab_rejected}>
                  {String(a.counts.rejected)}
                </td>
                <td class="num" data-label={s.tab_approved}>
                  {String(a.counts.approved)}
                </td>
                <td class="last" data-label={s.lastComment}>
                  <time dateTime={a.lastCommentAt}>{formatDate(a.lastCommentAt, lang.value)}</time>
                </td>
                <td class="switches">
                  <button type="button" onClick={() => void switchArticle(a.id, { open: !a.open })}>
                    {a.open ? s.closeArticle : s.openArticle}
                  </button>
                  <button
                    type="button"
                    onClick={() => void switchArticle(a.id, { mode: a.mode === 'pre' ? 'post' : 'pre' })}
                  >
                    {a.mode === 'pre' ? s.postModeration : s.preModeration}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
