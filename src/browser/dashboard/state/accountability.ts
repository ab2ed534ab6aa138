/**
 * The notices (DSA Art. 16) and appeals (Art. 20) queues: open cases, oldest
 * first, kept up to date by the live events `notice.received`,
 * `notice.decided`, `appeal.received` and `appeal.decided` (on the comments
 * stream, in seq order), and the moderators' decisions on them.
 */
import { signal } from '@preact/signals';
import type { ModComment } from '../../../comments/comment.js';
import { call, type Reply } from '../http.js';
import { LatestRead } from '../latest-read.js';
import { site } from './session.js';

export type CaseKind = 'notices' | 'appeals';
export const caseKinds: readonly CaseKind[] = ['notices', 'appeals'];

export interface NoticeCase {
  id: string;
  category: string;
  explanation: string;
  notifierName: string | null;
  notifierGaveEmail: boolean;
  status: 'received' | 'decided';
  decision: 'removed' | 'kept' | null;
  receivedAt: string;
  version: number;
}

export interface StatementSummary {
  decision: 'not_published' | 'removed' | 'restricted';
  facts: string;
  ground: { type: 'terms' | 'law'; reference: string; explanation: string };
  automated: { detection: boolean; decision: boolean };
  issuedAt: string;
}

export interface AppealCase {
  id: string;
  status: 'received' | 'decided';
  outcome: 'upheld' | 'reversed' | null;
  explanation: string;
  receivedAt: string;
  version: number;
  statement: StatementSummary | null;
  /** Who made the decision appealed against (null: the engine). */
  originalDecider: { id: string; name: string } | null;
}

export type CaseItem = ModComment & { notice?: NoticeCase; appeal?: AppealCase };

/** The case's own id (a comment may have several notices). */
export const caseId = (item: CaseItem): string => item.notice?.id ?? item.appeal?.id ?? item.id;
const caseOf = (item: CaseItem) => item.notice ?? item.appeal;

export const cases = {
  notices: signal<CaseItem[]>([]),
  appeals: signal<CaseItem[]>([]),
};
export const loaded = signal<Record<CaseKind, boolean>>({ notices: false, appeals: false });
export const loadError = signal<Record<CaseKind, number | null>>({ notices: null, appeals: null });
/** Open notices and appeals of the site (the tabs' numbers); null until read. */
export const openCases = signal<Record<CaseKind, number> | null>(null);
/** The clock the waiting times are shown against: ticks while the workbench is open. */
export const now = signal(Date.now());
setInterval(() => {
  now.value = Date.now();
}, 30_000);

const listReads = { notices: new LatestRead(), appeals: new LatestRead() };
const countReads = new LatestRead();
const queuePath = (kind: CaseKind, limit: number) =>
  `/api/v1/moderation/sites/${encodeURIComponent(site.peek())}/queue?status=${kind}&limit=${limit}`;

type QueueReply = { items: CaseItem[]; openCases?: Record<CaseKind, number> };

/** Reads an open-cases queue (up to 100, oldest first) and the counts. */
export async function loadCases(kind: CaseKind): Promise<void> {
  if (!site.peek()) return;
  const latest = listReads[kind].start();
  const res = await call<QueueReply>('GET', queuePath(kind, 100));
  if (!latest()) return;
  if (res.status !== 200) {
    loadError.value = { ...loadError.peek(), [kind]: res.status };
    return;
  }
  cases[kind].value = res.body.items;
  loaded.value = { ...loaded.peek(), [kind]: true };
  loadError.value = { ...loadError.peek(), [kind]: null };
  if (res.body.openCases) openCases.value = res.body.openCases;
}

/** Reads the counts only (after a batch of live events, and on every (re)join). */
export async function loadCounts(): Promise<void> {
  if (!site.peek()) return;
  const latest = countReads.start();
  const res = await call<QueueReply>('GET', queuePath('notices', 1));
  if (latest() && res.status === 200 && res.body.openCases) openCases.value = res.body.openCases;
}

let countsTimer: ReturnType<typeof setTimeout> | null = null;
function scheduleCounts(): void {
  if (countsTimer) return;
  countsTimer = setTimeout(() => {
    countsTimer = null;
    void loadCounts();
  }, 300);
}

/** After a (re)join or a site change: the server's lists and counts. */
export async function refresh(): Promise<void> {
  await Promise.all([loadCounts(), ...caseKinds.filter((k) => loaded.peek()[k]).map((k) => loadCases(k))]);
}

export function reset(): void {
  for (const kind of caseKinds) cases[kind].value = [];
  loaded.value = { notices: false, appeals: false };
  openCases.value = null;
}

const byReceived = (a: CaseItem, b: CaseItem) =>
  (caseOf(a)?.receivedAt ?? '').localeCompare(caseOf(b)?.receivedAt ?? '');

/**
 * A live event: a received case joins its list in order (once, whatever the
 * replay), a decided one leaves it. Counts are read again shortly after.
 */
export function applyCaseEvent(type: string, event: Record<string, unknown>): void {
  const kind: CaseKind = type.startsWith('notice.') ? 'notices' : 'appeals';
  const item = event as unknown as CaseItem;
  const id = caseId(item);
  const list = cases[kind].peek();
  if (type.endsWith('.received')) {
    const at = list.findIndex((c) => caseId(c) === id);
    const version = caseOf(item)?.version ?? 0;
    if (at >= 0 && (caseOf(list[at]!)?.version ?? 0) >= version) return;
    const rest = at >= 0 ? list.filter((_, i) => i !== at) : list;
    cases[kind].value = [...rest, item].sort(byReceived);
  } else {
    cases[kind].value = list.filter((c) => caseId(c) !== id);
  }
  scheduleCounts();
}

export type CaseReply = Reply<{ notice?: NoticeCase; appeal?: AppealCase }>;

/** Removes the decided case from its list at once (the live event confirms it). */
function settled(kind: CaseKind, id: string, res: CaseReply): void {
  if (res.status === 200 || res.status === 409) {
    cases[kind].value = cases[kind].peek().filter((c) => caseId(c) !== id);
    scheduleCounts();
  }
}

export async function decideNotice(
  notice: NoticeCase,
  input: { action: 'remove' | 'keep'; reasonCode?: string; reason?: string },
): Promise<CaseReply> {
  const res: CaseReply = await call('POST', `/api/v1/moderation/notices/${notice.id}/actions`, {
    action: input.action,
    version: notice.version,
    ...(input.reasonCode ? { reasonCode: input.reasonCode } : {}),
    ...(input.reason ? { reason: input.reason } : {}),
  });
  settled('notices', notice.id, res);
  return res;
}

export async function decideAppeal(
  appeal: AppealCase,
  input: { action: 'uphold' | 'reverse'; reason: string },
): Promise<CaseReply> {
  const res: CaseReply = await call('POST', `/api/v1/moderation/appeals/${appeal.id}/actions`, {
    action: input.action,
    version: appeal.version,
    reason: input.reason,
  });
  settled('appeals', appeal.id, res);
  return res;
}
