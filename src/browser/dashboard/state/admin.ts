/** Administration as state: users, sites with their policy, and the webhook log of the chosen site. */
import { signal } from '@preact/signals';
import { fill } from '../../shared/i18n.js';
import { call } from '../http.js';
import { errorText } from './queue.js';
import { announce, sites, t } from './session.js';

export type Role = 'admin' | 'moderator' | 'editor';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  sites: string[];
  disabled: boolean;
  createdAt: string;
}

export interface SiteRow {
  id: string;
  name: string;
  origins: string[];
  policy: {
    mode: 'pre' | 'post';
    maxLinks: number;
    reportThreshold: number;
    newAuthorHold: number;
    requireLogin: boolean;
    timeZone?: string;
    bannedTerms: string[];
    suspectTerms: string[];
    allowedTerms: string[];
    moderationStatement: string;
    webhookUrl?: string | null;
    closeAfterDays?: number | null;
  };
}

export interface Delivery {
  id: string;
  event: string;
  submissionId: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
  history: {
    attempt: number;
    at: string;
    statusCode: number | null;
    error: string | null;
    durationMs: number;
  }[];
}

export const users = signal<UserRow[] | null>(null);
export const siteRows = signal<SiteRow[] | null>(null);
export const deliveries = signal<Delivery[] | null>(null);

/**
 * A refusal in words: for invalid input, the fields the service refused, by
 * their labels (the forms check what they can first, in the UI language).
 */
export function problemText(res: {
  status: number;
  body: { error?: { code?: string; details?: unknown[] } };
}): string {
  const s = t.value;
  const details = res.body.error?.details as { path?: string }[] | undefined;
  if (res.body.error?.code === 'validation_failed' && details?.length) {
    const labels = s as unknown as Record<string, string | undefined>;
    const fields = [
      ...new Set(
        details.map((d) => {
          const field =
            (d.path ?? '')
              .replace(/^body\./, '')
              .split('.')
              .at(-1) ?? '';
          return labels[`field_${field.replace(/\d+$/, '')}`] ?? field;
        }),
      ),
    ];
    return fill(s.invalid, { what: fields.join(', ') });
  }
  if (res.body.error?.code === 'conflict') return s.error_exists;
  return fill(s.actionFailed, { why: errorText(res) });
}

export async function loadUsers(): Promise<void> {
  const all: UserRow[] = [];
  let cursor = '';
  for (let page = 0; page < 20; page++) {
    const res = await call<{ items: UserRow[]; nextCursor: string | null }>(
      'GET',
      `/api/v1/admin/users?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    if (res.status !== 200) return announce(problemText(res), true);
    all.push(...res.body.items);
    if (!res.body.nextCursor) break;
    cursor = res.body.nextCursor;
  }
  users.value = all;
}

export async function createUser(input: {
  email: string;
  name: string;
  password: string;
  role: Role;
  sites: string[];
}): Promise<string | null> {
  const res = await call<{ user: UserRow }>('POST', '/api/v1/admin/users', input);
  if (res.status !== 201) return problemText(res);
  users.value = [...(users.peek() ?? []), res.body.user];
  announce(fill(t.value.userCreated, { email: res.body.user.email }));
  return null;
}

export async function updateUser(
  id: string,
  change: Partial<Pick<UserRow, 'role' | 'sites' | 'disabled' | 'name'>> & { password?: string },
): Promise<string | null> {
  const res = await call<{ user: UserRow }>('PATCH', `/api/v1/admin/users/${id}`, change);
  if (res.status !== 200) return problemText(res);
  users.value = (users.peek() ?? []).map((u) => (u.id === id ? res.body.user : u));
  announce(fill(t.value.userUpdated, { email: res.body.user.email }));
  return null;
}

export async function loadSites(): Promise<void> {
  const res = await call<{ items: SiteRow[] }>('GET', '/api/v1/admin/sites?limit=100');
  if (res.status !== 200) return announce(problemText(res), true);
  siteRows.value = res.body.items;
}

export async function saveSite(
  id: string | null,
  input: { id?: string; name: string; origins: string[]; policy: Partial<SiteRow['policy']> },
): Promise<string | null> {
  const res = await call<{ site: SiteRow }>(
    id ? 'PATCH' : 'POST',
    id ? `/api/v1/admin/sites/${encodeURIComponent(id)}` : '/api/v1/admin/sites',
    input,
  );
  if (res.status !== 200 && res.status !== 201) return problemText(res);
  const site = res.body.site;
  const rows = siteRows.peek() ?? [];
  siteRows.value = id ? rows.map((r) => (r.id === id ? site : r)) : [...rows, site];
  if (!sites.peek().includes(site.id)) sites.value = [...sites.peek(), site.id];
  announce(fill(t.value.siteSaved, { name: site.name }));
  return null;
}

export interface Judgement {
  decision: 'approve' | 'hold' | 'reject';
  reasons: { rule: string; detail: string; category?: string; params?: Record<string, string | number> }[];
}

export async function judge(
  siteId: string,
  text: string,
  policy: Pick<SiteRow['policy'], 'bannedTerms' | 'suspectTerms' | 'allowedTerms' | 'maxLinks'>,
): Promise<Judgement | string> {
  const res = await call<Judgement>(
    'POST',
    `/api/v1/admin/sites/${encodeURIComponent(siteId)}/moderation-preview`,
    { text, policy },
  );
  return res.status === 200 ? res.body : problemText(res);
}

export async function loadDeliveries(siteId: string): Promise<void> {
  deliveries.value = null;
  const res = await call<{ items: Delivery[] }>(
    'GET',
    `/api/v1/admin/sites/${encodeURIComponent(siteId)}/webhook-deliveries?limit=50`,
  );
  if (res.status !== 200) return announce(problemText(res), true);
  deliveries.value = res.body.items;
}

export async function retryDelivery(siteId: string, id: string): Promise<void> {
  const res = await call(
    'POST',
    `/api/v1/admin/sites/${encodeURIComponent(siteId)}/webhook-deliveries/${id}/retry`,
  );
  if (res.status !== 202) return announce(problemText(res), true);
  announce(t.value.deliveryRequeued);
  await loadDeliveries(siteId);
}
