/**
 * The receipts of notices this browser sent (DSA Art. 16), kept in
 * localStorage like the reader's own comments: the receipt token is what lets
 * the notifier ask how their notice was decided. Shared by the widget (which
 * only asks whether there are any here) and its accountability chunk.
 */
export interface NoticeReceipt {
  id: string;
  token: string;
  siteId: string;
  articleId: string;
  commentId: string;
  /** When the service received it (ISO). */
  at: string;
}

const KEY = 'ordskifte:notices';
const MAX_AGE_MS = 90 * 24 * 3600 * 1000;

function all(): NoticeReceipt[] {
  try {
    const list = JSON.parse(localStorage.getItem(KEY) ?? '[]') as NoticeReceipt[];
    return Array.isArray(list) ? list.filter((r) => Date.now() - Date.parse(r.at) < MAX_AGE_MS) : [];
  } catch {
    return [];
  }
}

function save(list: NoticeReceipt[]): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(list.slice(-50)));
  } catch {
    // storage full or blocked: the receipt lasts as long as the page
  }
}

export const receiptsFor = (siteId: string, articleId: string): NoticeReceipt[] =>
  all().filter((r) => r.siteId === siteId && r.articleId === articleId);

export const keepReceipt = (receipt: NoticeReceipt) =>
  save([...all().filter((r) => r.id !== receipt.id), receipt]);

export const forgetReceipt = (id: string) => save(all().filter((r) => r.id !== id));
