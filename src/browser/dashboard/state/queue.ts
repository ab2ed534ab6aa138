/**
 * The comment queue as state: the entries shown, the selection, checked
 * items, claims, drafts, the in-flight and undoable actions. Live events,
 * answers and keys change this store; the components draw it.
 *
 * Actions are optimistic: the next item is selected at once and the answer
 * reconciles. A 409 or a failure rolls back (the item returns, selected, with
 * the reason in words). An item that someone else handles while it is open
 * stays in the list, marked, until the moderator moves on.
 */
import { batch, computed, type Signal, signal } from '@preact/signals';
import type { ModComment } from '../../../comments/comment.js';
import type { ClaimPayload, QueueCountsPayload } from '../../../realtime/events.js';
import { newKey } from '../../shared/dom.js';
import { fill } from '../../shared/i18n.js';
import { call } from '../http.js';
import { LatestRead } from '../latest-read.js';
import { applyToQueue, belongsTo, type QueueName } from '../queue-state.js';
import type { Strings } from '../strings/index.js';
import { go } from './route.js';
import { announce, site, t, user } from './session.js';

export type CommentAction = 'approve' | 'reject' | 'feature' | 'unfeature';

export interface Entry {
  c: ModComment;
  /** Someone else handled it while it was shown: the sentence that says so. */
  gone?: string;
  /** An inline message on the item (a conflict, a failure). */
  notice?: string;
  /** An action on it is waiting for the server's answer. */
  busy?: boolean;
}

export interface Filters {
  articleId?: string;
  authorKey?: string;
  rule?: string;
  from?: string;
  to?: string;
  q?: string;
}

interface Undoable {
  id: string;
  action: CommentAction;
  before: ModComment;
  index: number;
  /** Resolves with the version after the action, or null when it did not apply. */
  applied: Promise<number | null>;
  until: number;
}

export const UNDO_MS = 10_000;

export const queueName = signal<QueueName>('pending');
export const entries = signal<Entry[]>([]);
export const nextCursor = signal<string | null>(null);
export const counts = signal<QueueCountsPayload>({ pending: 0, reported: 0, rejected: 0, approved: 0 });
export const selectedId = signal<string | null>(null);
export const checked = signal<ReadonlySet<string>>(new Set());
/** Every active claim per comment: several moderators can have the same item open. */
export const claims = signal<ReadonlyMap<string, ClaimPayload[]>>(new Map());
export const filters = signal<Filters>({});
export const loading = signal(false);
/** With a text search: how much of the queue the last answer read. */
export const searchInfo = signal<{ scanned: number; window: number; complete: boolean } | null>(null);
export const undoable = signal<Undoable | null>(null);
/** Bumped when the list should move keyboard focus to the selected row. */
export const focusTick = signal(0);
/** Draft reasons per comment: they survive redraws, live events and conflicts. */
const drafts = new Map<string, Signal<string>>();

export const selected = computed(() => entries.value.find((e) => e.c.id === selectedId.value) ?? null);

export function draftOf(id: string) {
  let draft = drafts.get(id);
  if (!draft) {
    draft = signal('');
    drafts.set(id, draft);
  }
  return draft;
}

const stateWords = (c: ModComment, s: Strings) =>
  [s[`status_${c.status}`], c.featured && s.featured, c.reported && s.reportedFlag]
    .filter(Boolean)
    .join(', ');

/** "Allerede behandlet av NAVN: godkjent" — or, without a name, that it changed meanwhile. */
export function handledText(current: ModComment, s: Strings = t.value): string {
  const name = current.lastAction?.by.name;
  const state = stateWords(current, s);
  return name ? fill(s.alreadyHandled, { name, state }) : fill(s.changedMeanwhile, { state });
}

/** What an action would make of the comment, as the server decides it (for the optimistic view). */
export function predict(c: ModComment, action: CommentAction): ModComment {
  switch (action) {
    case 'approve':
      return { ...c, status: 'approved', reported: false };
    case 'reject':
      return { ...c, status: 'rejected', featured: false, reported: false };
    case 'feature':
      return { ...c, featured: true };
    case 'unfeature':
      return { ...c, featured: false };
  }
}

/** The actions that apply to a comment in its state (the server refuses the others). */
export function actionsFor(c: ModComment): CommentAction[] {
  const list: CommentAction[] = [];
  if (c.status !== 'approved' || c.reported) list.push('approve');
  if (c.status !== 'rejected') list.push('reject');
  if (c.status === 'approved') list.push(c.featured ? 'unfeature' : 'feature');
  return list;
}

function setEntries(next: Entry[]): void {
  entries.value = next;
}

function replaceEntry(id: string, change: (e: Entry) => Entry | null): void {
  const next: Entry[] = [];
  for (const e of entries.peek()) {
    if (e.c.id !== id) next.push(e);
    else {
      const changed = change(e);
      if (changed) next.push(changed);
    }
  }
  setEntries(next);
}

function insertAt(entry: Entry, index: number): void {
  const list = entries.peek().filter((e) => e.c.id !== entry.c.id);
  list.splice(Math.max(0, Math.min(index, list.length)), 0, entry);
  setEntries(list);
}

/** Selects an item (or nothing); items marked as handled elsewhere go once the moderator leaves them. */
export function select(id: string | null, focus = true): void {
  batch(() => {
    const previous = selectedId.peek();
    if (previous && previous !== id) {
      const left = entries.peek().find((e) => e.c.id === previous);
      if (left?.gone && !left.busy) setEntries(entries.peek().filter((e) => e.c.id !== previous));
    }
    selectedId.value = id;
    if (focus) focusTick.value++;
  });
}

/** Moves the selection by `step` rows (j/k). */
export function move(step: 1 | -1): void {
  const list = entries.peek();
  if (list.length === 0) return;
  const at = list.findIndex((e) => e.c.id === selectedId.peek());
  const next =
    at < 0 ? (step === 1 ? 0 : list.length - 1) : Math.max(0, Math.min(list.length - 1, at + step));
  select(list[next]!.c.id);
}

const queueReads = new LatestRead();

function queueQuery(name: QueueName, cursor: string | null): string {
  const params = new URLSearchParams({ status: name, limit: '50' });
  for (const [key, value] of Object.entries(filters.peek())) if (value) params.set(key, String(value));
  if (cursor) params.set('cursor', cursor);
  return `/api/v1/moderation/sites/${encodeURIComponent(site.peek())}/queue?${params}`;
}

/** Reads the queue (or its next page); only the answer to the latest full read is applied. */
export async function loadQueue(more = false): Promise<number> {
  const name = queueName.peek();
  const latest = more ? queueReads.join() : queueReads.start();
  if (!more) loading.value = true;
  const res = await call<{
    items: ModComment[];
    nextCursor: string | null;
    counts: QueueCountsPayload;
    search?: { scanned: number; window: number; complete: boolean };
  }>('GET', queueQuery(name, more ? nextCursor.peek() : null));
  if (!latest() || name !== queueName.peek()) return res.status;
  loading.value = false;
  if (res.status !== 200) {
    if (res.status !== 401) announce(fill(t.value.loadFailed, { why: errorText(res) }), true);
    return res.status;
  }
  batch(() => {
    const fresh = res.body.items.map((c) => ({ c }));
    if (more) {
      const known = new Set(entries.peek().map((e) => e.c.id));
      setEntries([...entries.peek(), ...fresh.filter((e) => !known.has(e.c.id))]);
    } else {
      // Keep what the moderator is looking at, marked, if it left the queue meanwhile.
      const open = entries.peek().find((e) => e.c.id === selectedId.peek());
      const list: Entry[] = fresh;
      if (open && !fresh.some((e) => e.c.id === open.c.id) && (open.gone || open.notice)) list.unshift(open);
      setEntries(list);
      if (selectedId.peek() && !list.some((e) => e.c.id === selectedId.peek())) selectedId.value = null;
    }
    nextCursor.value = res.body.nextCursor;
    counts.value = res.body.counts;
    searchInfo.value = res.body.search ?? null;
  });
  return res.status;
}

/** Switches to another queue (or site): a fresh list, nothing selected or checked. */
export function resetQueue(name: QueueName): void {
  batch(() => {
    queueName.value = name;
    entries.value = [];
    nextCursor.value = null;
    selectedId.value = null;
    checked.value = new Set();
    undoable.value = null;
  });
}

/** Narrows the queue (and shows `queue`, if given): a fresh read with the new filters. */
export function applyFilters(next: Filters, queue: QueueName = queueName.peek()): void {
  const clean: Filters = {};
  for (const [key, value] of Object.entries(next) as [keyof Filters, string | undefined][]) {
    if (value?.trim()) clean[key] = value.trim();
  }
  batch(() => {
    filters.value = clean;
    resetQueue(queue);
  });
  go(queue);
  void loadQueue();
}

/**
 * An error answer in the UI language, by its code (the API's own message is
 * English, for developers): what a moderator can do about it.
 */
export function errorText(res: { status: number; body: { error?: { code?: string } } }): string {
  const s = t.value;
  if (res.status === 0) return s.networkDown;
  const code = res.body.error?.code;
  const text = code ? (s as unknown as Record<string, string | undefined>)[`error_${code}`] : undefined;
  return text ?? fill(s.error_other, { status: res.status });
}

/** A created or updated comment from the live stream. */
export function applyEvent(event: ModComment): void {
  const name = queueName.peek();
  const list = entries.peek();
  const at = list.findIndex((e) => e.c.id === event.id);
  const known = list[at];
  if (known && known.c.version >= event.version) return;
  if (known?.busy) return; // our own action's answer reconciles it
  if (known && !belongsTo(event, name) && event.id === selectedId.peek()) {
    // The open item was decided elsewhere (a colleague, or this moderator's ban of its
    // author): it stays, marked, with the draft kept, until the moderator moves on.
    const mine = event.lastAction?.by.id === user.peek()?.id;
    const gone = mine
      ? fill(t.value.handledByYou, { state: stateWords(event, t.value) })
      : handledText(event);
    replaceEntry(event.id, (e) => ({ ...e, c: event, gone }));
    announce(gone, !mine);
    return;
  }
  if (known) {
    if (!belongsTo(event, name)) setEntries(list.filter((e) => e.c.id !== event.id));
    else replaceEntry(event.id, (e) => ({ ...e, c: event, gone: undefined }));
    return;
  }
  const comments = applyToQueue(
    list.map((e) => e.c),
    event,
    name,
  );
  if (comments.length > list.length) {
    setEntries(comments.map((c) => list.find((e) => e.c.id === c.id) ?? { c }));
    announce(fill(t.value.arrived, { queue: t.value[`tab_${name}`], name: event.authorName }));
  }
}

export function setClaims(list: ClaimPayload[]): void {
  const map = new Map<string, ClaimPayload[]>();
  for (const claim of list) map.set(claim.commentId, [...(map.get(claim.commentId) ?? []), claim]);
  claims.value = map;
}

export function claimed(claim: ClaimPayload): void {
  const map = new Map(claims.peek());
  const others = (map.get(claim.commentId) ?? []).filter((c) => c.by.id !== claim.by.id);
  map.set(claim.commentId, [...others, claim]);
  claims.value = map;
}

export function released(claim: { commentId: string; by: { id: string } }): void {
  const map = new Map(claims.peek());
  const left = (map.get(claim.commentId) ?? []).filter((c) => c.by.id !== claim.by.id);
  if (left.length) map.set(claim.commentId, left);
  else map.delete(claim.commentId);
  claims.value = map;
}

export interface ActOptions {
  reason?: string;
  reasonCode?: string;
  /** Bulk actions leave the selection where it is. */
  bulk?: boolean;
}

/**
 * One decision: optimistic in the list (the next item is selected at once),
 * sent at the version shown, reconciled with the answer. Returns the outcome.
 */
export async function act(
  id: string,
  action: CommentAction,
  options: ActOptions = {},
): Promise<'ok' | 'conflict' | 'failed'> {
  const list = entries.peek();
  const index = list.findIndex((e) => e.c.id === id);
  const entry = list[index];
  if (!entry || entry.busy) return 'failed';
  // Decided elsewhere while it was open (marked, kept for its draft): a key pressed now would be
  // sent at the colleague's version and silently undo their decision. It says so again instead.
  if (entry.gone) {
    announce(entry.gone, true);
    return 'conflict';
  }
  const before = entry.c;
  const predicted = predict(before, action);
  const leaves = !belongsTo(predicted, queueName.peek());
  const wasSelected = selectedId.peek() === id;
  let resolveApplied: (version: number | null) => void = () => undefined;
  const applied = new Promise<number | null>((resolve) => {
    resolveApplied = resolve;
  });
  batch(() => {
    if (leaves) {
      setEntries(list.filter((e) => e.c.id !== id));
      if (wasSelected && !options.bulk) {
        const rest = entries.peek();
        const next = rest[Math.min(index, rest.length - 1)];
        selectedId.value = next ? next.c.id : null;
        focusTick.value++;
      }
    } else replaceEntry(id, (e) => ({ ...e, c: predicted, busy: true, notice: undefined }));
    if (!options.bulk) undoable.value = { id, action, before, index, applied, until: Date.now() + UNDO_MS };
  });
  const body: Record<string, unknown> = { action, version: before.version };
  if (options.reason) body.reason = options.reason;
  if (options.reasonCode) body.reasonCode = options.reasonCode;
  const res = await call<{ comment: ModComment }>(
    'POST',
    `/api/v1/moderation/comments/${id}/actions`,
    body,
    newKey(),
  );
  const s = t.value;
  if (res.status === 200) {
    const updated = res.body.comment;
    resolveApplied(updated.version);
    drafts.delete(id);
    if (belongsTo(updated, queueName.peek()) && entries.peek().some((e) => e.c.id === id)) {
      replaceEntry(id, () => ({ c: updated }));
    } else if (!belongsTo(updated, queueName.peek())) {
      setEntries(entries.peek().filter((e) => e.c.id !== id || e.gone));
    }
    announce(fill(s.done, { action: s[`did_${action}`], name: before.authorName }));
    return 'ok';
  }
  resolveApplied(null);
  if (undoable.peek()?.id === id) undoable.value = null;
  const current = res.body.error?.details?.[0]?.current as ModComment | undefined;
  const conflict = res.status === 409 && current;
  const notice = conflict ? handledText(current) : fill(s.actionFailed, { why: errorText(res) });
  const shown = conflict ? current : before;
  // Rollback: the item comes back where it was, selected again, saying what happened.
  batch(() => {
    insertAt(
      { c: shown, notice, ...(conflict && !belongsTo(current, queueName.peek()) ? { gone: notice } : {}) },
      index,
    );
    if (!options.bulk) {
      selectedId.value = id;
      focusTick.value++;
    }
  });
  announce(notice, true);
  return conflict ? 'conflict' : 'failed';
}

/** u: reverses the last decision within 10 s, as an audited action at the version it produced. */
export async function undo(): Promise<void> {
  const last = undoable.peek();
  const s = t.value;
  if (!last || Date.now() > last.until) {
    undoable.value = null;
    announce(s.nothingToUndo, true);
    return;
  }
  undoable.value = null;
  const version = await last.applied;
  if (version === null) return;
  const back = belongsTo(last.before, queueName.peek());
  if (back) {
    batch(() => {
      insertAt({ c: last.before, busy: true }, last.index);
      selectedId.value = last.id;
      focusTick.value++;
    });
  }
  const res = await call<{ comment: ModComment }>(
    'POST',
    `/api/v1/moderation/comments/${last.id}/actions`,
    { action: 'undo', version },
    newKey(),
  );
  if (res.status === 200) {
    const restored = res.body.comment;
    if (belongsTo(restored, queueName.peek())) {
      if (!back) insertAt({ c: restored }, last.index);
      else replaceEntry(last.id, () => ({ c: restored }));
    } else replaceEntry(last.id, () => null);
    announce(fill(s.undone, { action: s[`did_${last.action}`], name: last.before.authorName }));
    return;
  }
  const current = res.body.error?.details?.[0]?.current as ModComment | undefined;
  const notice =
    res.status === 409 && current ? handledText(current) : fill(s.undoFailed, { why: errorText(res) });
  if (back) {
    replaceEntry(last.id, (e) => ({
      c: current ?? e.c,
      notice,
      ...(current && !belongsTo(current, queueName.peek()) ? { gone: notice } : {}),
    }));
  }
  announce(notice, true);
}

export function toggleChecked(id: string): void {
  const next = new Set(checked.peek());
  if (next.has(id)) next.delete(id);
  else next.add(id);
  checked.value = next;
}

export async function bulk(action: 'approve' | 'reject'): Promise<void> {
  const chosen = entries.peek().filter((e) => checked.peek().has(e.c.id));
  let ok = 0;
  let conflicts = 0;
  for (const e of chosen) {
    const result = await act(e.c.id, action, { bulk: true });
    if (result === 'ok') ok++;
    else if (result === 'conflict') conflicts++;
  }
  checked.value = new Set();
  announce(fill(t.value.bulkDone, { ok, conflicts }));
}

/** The catalogue reason chosen for an item (its code is sent with a rejection). */
const codes = new Map<string, Signal<string>>();
export function reasonCodeOf(id: string) {
  let code = codes.get(id);
  if (!code) {
    code = signal('');
    codes.set(id, code);
  }
  return code;
}
