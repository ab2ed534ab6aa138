/** The articles overview: the site's articles by latest comment, with counts and switches. */
import { signal } from '@preact/signals';
import type { QueueCountsPayload } from '../../../realtime/events.js';
import { fill } from '../../shared/i18n.js';
import { call } from '../http.js';
import { LatestRead } from '../latest-read.js';
import { errorText } from './queue.js';
import { announce, site, t } from './session.js';

export interface ArticleRow {
  id: string;
  title?: string | null;
  url?: string | null;
  open: boolean;
  mode: 'pre' | 'post' | null;
  lastCommentAt: string;
  counts: QueueCountsPayload;
}

export const articles = signal<ArticleRow[] | null>(null);
const reads = new LatestRead();

export async function loadArticles(): Promise<void> {
  const latest = reads.start();
  const res = await call<{ items: ArticleRow[] }>(
    'GET',
    `/api/v1/moderation/sites/${encodeURIComponent(site.peek())}/articles?limit=100`,
  );
  if (!latest()) return;
  if (res.status === 200) articles.value = res.body.items;
  else announce(fill(t.value.loadFailed, { why: errorText(res) }), true);
}

/** Opens or closes an article, or changes its moderation mode; the row shows the answer. */
export async function switchArticle(
  id: string,
  change: { open?: boolean; mode?: 'pre' | 'post' },
): Promise<{ open: boolean; mode: 'pre' | 'post' | null } | null> {
  const res = await call<{ article: { id: string; open: boolean; mode: 'pre' | 'post' | null } }>(
    'PATCH',
    `/api/v1/moderation/sites/${encodeURIComponent(site.peek())}/articles/${encodeURIComponent(id)}`,
    change,
  );
  const s = t.value;
  if (res.status !== 200) {
    announce(fill(s.actionFailed, { why: errorText(res) }), true);
    return null;
  }
  const a = res.body.article;
  articles.value =
    articles.peek()?.map((row) => (row.id === id ? { ...row, open: a.open, mode: a.mode } : row)) ?? null;
  const row = articles.peek()?.find((r) => r.id === id);
  announce(
    fill(s.articleUpdated, {
      id: row?.title ?? id,
      open: a.open ? s.articleOpen : s.articleClosed,
      mode: s[`mode_${a.mode ?? 'site'}`],
    }),
  );
  return a;
}
