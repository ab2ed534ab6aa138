/**
 * The editors' opinion pieces as state: the list of one status, the piece
 * open with its revisions, notes and audit, and the drafts being typed.
 */
import { batch, type Signal, signal } from '@preact/signals';
import type { EditorSubmission } from '../../../submissions/submission.js';
import { newKey } from '../../shared/dom.js';
import { fill } from '../../shared/i18n.js';
import { call } from '../http.js';
import { LatestRead } from '../latest-read.js';
import { errorText } from './queue.js';
import { announce, site, t } from './session.js';

export type Status = EditorSubmission['status'];
export type PieceAction = EditorSubmission['allowedActions'][number];
export const STATUSES: Status[] = ['received', 'in_review', 'accepted', 'published', 'rejected'];

export interface PieceDetail {
  submission: EditorSubmission;
  revisions: {
    revision: number;
    title: string;
    body: string;
    editor: { name: string } | null;
    summary?: string | null;
    createdAt: string;
  }[];
  notes: {
    id?: string;
    visibility: 'internal' | 'author';
    text: string;
    author: { name: string };
    createdAt: string;
  }[];
  audit: { action: string; actor: { name: string }; at: string; reason?: string | null }[];
}

export const status = signal<Status>('received');
export const items = signal<EditorSubmission[]>([]);
export const counts = signal<Record<string, number> | null>(null);
export const detail = signal<PieceDetail | null>(null);
export const message = signal('');
export const unavailable = signal(false);

/** Field drafts per piece: what the editor types survives every live redraw. */
const drafts = new Map<string, Signal<Record<string, string>>>();
export function draftOf(id: string) {
  let draft = drafts.get(id);
  if (!draft) {
    draft = signal<Record<string, string>>({});
    drafts.set(id, draft);
  }
  return draft;
}
export function setDraft(id: string, name: string, value: string): void {
  const draft = draftOf(id);
  draft.value = { ...draft.peek(), [name]: value };
}
function forget(id: string, names: string[]): void {
  const draft = draftOf(id);
  const next = { ...draft.peek() };
  for (const name of names) delete next[name];
  draft.value = next;
}

const listReads = new LatestRead();
const detailReads = new LatestRead();

/**
 * A read is answered as the server found the piece (or list) when it read it. The live
 * stream can tell of a later change first: a colleague's action, or the editor's own
 * just before a click, lands between the server's read and the answer's arrival. So the
 * newest version the stream told of per piece is kept, and the events heard while a list
 * read is on its way are applied again over its answer: an answer is never allowed to
 * put back what an event already said had changed. The counts likewise: counts sent
 * during a list read are kept over the answer's (a change after they were counted
 * sends counts again).
 */
const told = new Map<string, number>();
interface Heard {
  events: EditorSubmission[];
  counts: boolean;
}
const heardDuringListReads = new Set<Heard>();

export function reset(): void {
  told.clear();
  batch(() => {
    items.value = [];
    detail.value = null;
    message.value = '';
  });
}

export async function reload(): Promise<void> {
  const latest = listReads.start();
  const heard: Heard = { events: [], counts: false };
  heardDuringListReads.add(heard);
  const res = await call<{ items: EditorSubmission[]; counts: Record<string, number> }>(
    'GET',
    `/api/v1/moderation/sites/${encodeURIComponent(site.peek())}/submissions?status=${status.peek()}&limit=50`,
  );
  heardDuringListReads.delete(heard);
  if (!latest()) return;
  unavailable.value = res.status === 404 || res.status === 403;
  if (res.status !== 200) return;
  batch(() => {
    items.value = res.body.items;
    if (!heard.counts) counts.value = res.body.counts;
    // In stream order; an event older than the list is skipped by its version, and one
    // the list predates moves its piece in or out as it would have without the read.
    for (const event of heard.events) merge(event);
  });
  const open = detail.peek();
  if (open) await openPiece(open.submission.id);
}

export function showStatus(next: Status): void {
  batch(() => {
    status.value = next;
    detail.value = null;
    message.value = '';
  });
  void reload();
}

export function applyEvent(event: EditorSubmission): void {
  told.set(event.id, Math.max(told.get(event.id) ?? 0, event.version));
  for (const heard of heardDuringListReads) heard.events.push(event);
  merge(event);
}

/** The status counts the stream sent. */
export function applyCounts(next: Record<string, number>): void {
  counts.value = next;
  for (const heard of heardDuringListReads) heard.counts = true;
}

function merge(event: EditorSubmission): void {
  const list = items.peek();
  const known = list.find((s) => s.id === event.id);
  if (known && known.version >= event.version) return;
  if (event.status !== status.peek()) items.value = list.filter((s) => s.id !== event.id);
  else if (known) items.value = list.map((s) => (s.id === event.id ? { ...s, ...event } : s));
  else items.value = [...list, event];
  const open = detail.peek();
  if (open?.submission.id === event.id && open.submission.version < event.version) void openPiece(event.id);
}

export async function openPiece(id: string, again = true): Promise<void> {
  const latest = detailReads.start();
  const res = await call<PieceDetail>('GET', `/api/v1/moderation/submissions/${id}`);
  if (!latest()) return;
  if (res.status === 200) {
    // Read before a change the stream has told of since: read it again (once; an event
    // is sent after its change is stored, so the second read has it).
    if (again && res.body.submission.version < (told.get(id) ?? 0)) return openPiece(id, false);
    if (detail.peek()?.submission.id !== id) message.value = '';
    detail.value = res.body;
  }
}

type Answer = { status: number; body: { error?: { message?: string; details?: { current?: unknown }[] } } };

function after(res: Answer, ok: string, consumed: string[]): void {
  const open = detail.peek();
  const s = t.value;
  if (res.status === 200 || res.status === 201) {
    message.value = '';
    if (open) forget(open.submission.id, consumed);
    announce(ok);
    if (open) void openPiece(open.submission.id).then(() => reload());
    return;
  }
  const current = res.body.error?.details?.[0]?.current as EditorSubmission | undefined;
  const by = current?.lastAction?.by.name;
  message.value =
    res.status === 409 && current
      ? by
        ? fill(s.alreadyHandled, { name: by, state: s[`sub_${current.status}`] })
        : fill(s.changedMeanwhile, { state: s[`sub_${current.status}`] })
      : fill(s.actionFailed, { why: errorText(res as never) });
  announce(message.value, true);
  if (open) void openPiece(open.submission.id);
}

export async function saveEdit(piece: EditorSubmission): Promise<void> {
  const draft = draftOf(piece.id).peek();
  const change: Record<string, unknown> = { version: piece.version };
  const title = (draft.title ?? piece.title).trim();
  const body = draft.body ?? piece.body;
  if (title !== piece.title) change.title = title;
  if (body !== piece.body) change.body = body;
  if (!('title' in change) && !('body' in change)) {
    announce(t.value.nothingChanged);
    return;
  }
  if (draft.summary?.trim()) change.summary = draft.summary.trim();
  const res = await call<{ revision: { revision: number } }>(
    'PATCH',
    `/api/v1/moderation/submissions/${piece.id}`,
    change,
    newKey(),
  );
  after(res, res.status === 200 ? fill(t.value.saved, { n: res.body.revision.revision }) : '', [
    'title',
    'body',
    'summary',
  ]);
}

export async function actOnPiece(piece: EditorSubmission, action: PieceAction): Promise<void> {
  const draft = draftOf(piece.id).peek();
  const input: Record<string, unknown> = { action, version: piece.version };
  if (draft.note?.trim()) input.note = draft.note.trim();
  if (draft.noteToAuthor?.trim()) input.noteToAuthor = draft.noteToAuthor.trim();
  const res = await call('POST', `/api/v1/moderation/submissions/${piece.id}/actions`, input, newKey());
  after(res, `${t.value[`act_${action}`]}: ${piece.title}`, ['note', 'noteToAuthor']);
}

export async function addNote(piece: EditorSubmission): Promise<void> {
  const draft = draftOf(piece.id).peek();
  const text = draft.noteText?.trim();
  if (!text) return;
  const res = await call('POST', `/api/v1/moderation/submissions/${piece.id}/notes`, {
    text,
    visibility: draft.noteVisibility === 'author' ? 'author' : 'internal',
  });
  after(res, t.value.noteAdded, ['noteText']);
}
