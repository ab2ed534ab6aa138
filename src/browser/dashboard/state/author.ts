/**
 * Authors in view: standing, history and recent comments of the open item's
 * author, and the moderators' actions on them (each with a reason, audited).
 */
import { signal } from '@preact/signals';
import type { ModComment } from '../../../comments/comment.js';
import { fill } from '../../shared/i18n.js';
import { call } from '../http.js';
import { LatestRead } from '../latest-read.js';
import { errorText } from './queue.js';
import { announce, site, t } from './session.js';

export const authorActions = [
  'ban',
  'unban',
  'shadow_ban',
  'unshadow_ban',
  'premoderate',
  'unpremoderate',
  'trust',
  'untrust',
] as const;
export type AuthorAction = (typeof authorActions)[number];

export interface Standing {
  key: string;
  name: string;
  trusted: boolean;
  banned: boolean;
  shadowBanned: boolean;
  premoderated: boolean;
  version: number;
  firstSeenAt: string | null;
  lastSeenAt: string | null;
}

export interface AuthorInfo {
  author: Standing;
  history: { approved: number; rejected: number; pending: number };
  recentComments: ModComment[];
  actions: { id: string; action: string; actor: { name: string }; reason: string | null; at: string }[];
}

export const author = signal<AuthorInfo | null>(null);
export const authorBusy = signal(false);
const reads = new LatestRead();

export async function loadAuthor(key: string): Promise<void> {
  const latest = reads.start();
  if (author.peek()?.author.key !== key) author.value = null;
  const res = await call<AuthorInfo>(
    'GET',
    `/api/v1/moderation/sites/${encodeURIComponent(site.peek())}/authors/${encodeURIComponent(key)}`,
  );
  if (latest() && res.status === 200) author.value = res.body;
}

/** The actions that apply to the author's standing now (and their undo). */
export function actionsFor(a: Standing): AuthorAction[] {
  return [
    a.banned ? 'unban' : 'ban',
    a.shadowBanned ? 'unshadow_ban' : 'shadow_ban',
    a.premoderated ? 'unpremoderate' : 'premoderate',
    a.trusted ? 'untrust' : 'trust',
  ];
}

export async function actOnAuthor(
  a: Standing,
  action: AuthorAction,
  reason: string,
  applyToExisting: boolean,
): Promise<boolean> {
  authorBusy.value = true;
  const res = await call<{ author: Standing; existingCommentsChanged: number }>(
    'POST',
    `/api/v1/moderation/sites/${encodeURIComponent(site.peek())}/authors/${encodeURIComponent(a.key)}`,
    { action, reason, version: a.version, ...(applyToExisting ? { applyToExisting: true } : {}) },
  );
  authorBusy.value = false;
  const s = t.value;
  if (res.status === 200) {
    announce(
      fill(s.authorDone, {
        action: s[`author_${action}`],
        name: a.name,
        n: res.body.existingCommentsChanged,
      }),
    );
    await loadAuthor(a.key);
    return true;
  }
  announce(res.status === 409 ? s.authorChanged : fill(s.actionFailed, { why: errorText(res) }), true);
  await loadAuthor(a.key);
  return false;
}
