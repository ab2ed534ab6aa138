/**
 * What the open comment needs beyond the queue entry: its audit trail, the
 * comment it answers, the article, readers' reports with their notes. Read
 * once per comment version; only the answer to the latest read is kept.
 */
import { signal } from '@preact/signals';
import type { ModComment } from '../../../comments/comment.js';
import { call } from '../http.js';
import { LatestRead } from '../latest-read.js';

export interface AuditEntry {
  id?: string;
  action: string;
  actor: { name: string };
  reason: string | null;
  before: { status?: string } | null;
  after: { status?: string } | null;
  at: string;
}

export interface ArticleInfo {
  id: string;
  open: boolean;
  mode: 'pre' | 'post' | null;
  title?: string | null;
  url?: string | null;
}

export interface ReportEntry {
  id: string;
  reason: string;
  note: string | null;
  createdAt: string;
}

export interface CommentContext {
  id: string;
  version: number;
  audit: AuditEntry[];
  parent: ModComment | null;
  article: ArticleInfo | null;
  reports: ReportEntry[];
}

export const context = signal<CommentContext | null>(null);
const reads = new LatestRead();

export async function loadContext(c: ModComment): Promise<void> {
  const known = context.peek();
  const latest = reads.start();
  // Already shown (back with k before the next item's answer came): that answer, still on its
  // way, is stale now, and the read started above makes it so.
  if (known && known.id === c.id && known.version === c.version) return;
  const [res, reports] = await Promise.all([
    call<{ audit: AuditEntry[]; parent?: ModComment | null; article?: ArticleInfo | null }>(
      'GET',
      `/api/v1/moderation/comments/${c.id}`,
    ),
    c.reports.count > 0
      ? call<{ items: ReportEntry[] }>('GET', `/api/v1/moderation/comments/${c.id}/reports`)
      : Promise.resolve(null),
  ]);
  if (!latest() || res.status !== 200) return;
  context.value = {
    id: c.id,
    version: c.version,
    audit: res.body.audit,
    parent: res.body.parent ?? null,
    article: res.body.article ?? null,
    reports: reports?.status === 200 ? reports.body.items : [],
  };
}

/** An article switch changed: the open comment's context shows the new state. */
export function articleChanged(article: ArticleInfo): void {
  const known = context.peek();
  if (known?.article && known.article.id === article.id)
    context.value = { ...known, article: { ...known.article, ...article } };
}
