import type { EditorSubmission } from '../../submissions/submission.js';
import { SequencedStream } from '../../realtime/sequenced-stream.js';
import { h, newKey, replace } from '../shared/dom.js';
import { fill, formatDate, type Lang } from '../shared/i18n.js';
import type { LiveSocket } from '../shared/socket-client.js';
import { highlightSegments } from './highlight.js';
import { LatestRead } from './latest-read.js';
import { describeReason } from './reasons.js';
import { call } from './http.js';
import type { DashboardStrings } from './strings.js';

type Status = EditorSubmission['status'];
type Action = EditorSubmission['allowedActions'][number];
const STATUSES: Status[] = ['received', 'in_review', 'accepted', 'published', 'rejected'];

interface Detail {
  submission: EditorSubmission;
  revisions: {
    revision: number;
    title: string;
    body: string;
    editor: { name: string } | null;
    createdAt: string;
  }[];
  notes: { visibility: 'internal' | 'author'; text: string; author: { name: string }; createdAt: string }[];
  audit: { action: string; actor: { name: string }; at: string }[];
}

/** What the submissions view needs from the dashboard around it. */
export interface SubmissionsHost {
  site: string;
  submissionCounts: Record<string, number> | null;
  readonly lang: Lang;
  readonly t: DashboardStrings;
  announce(text: string): void;
  rejoin(lastSeq: { comments?: number; submissions?: number }): void;
  renderTabs(): void;
  renderList(): void;
}

/**
 * The editors' review of opinion pieces: a queue per status, the piece with
 * its moderation reasons highlighted, edits kept as revisions, notes (internal
 * or to the writer), and the workflow actions with version checks.
 */
export class SubmissionsView {
  readonly stream: SequencedStream<EditorSubmission & { seq: number }>;
  status: Status = 'received';
  items: EditorSubmission[] = [];
  detail: Detail | null = null;
  message = '';
  unavailable = false;
  readonly #host: SubmissionsHost;
  #root = h('div', { class: 'subs' });
  #drafts = new Map<string, Record<string, string>>();
  readonly #listReads = new LatestRead();
  readonly #detailReads = new LatestRead();

  constructor(host: SubmissionsHost) {
    this.#host = host;
    this.stream = new SequencedStream({
      deliver: (_type, event) => this.#event(event),
      rejoin: (lastSeq) => this.#host.rejoin({ submissions: lastSeq }),
      onResync: () => void this.reload(null),
    });
  }

  listen(socket: LiveSocket): void {
    const sequenced = (type: string) => (event: EditorSubmission & { seq: number }) => {
      if (event.siteId === this.#host.site) this.stream.accept(type, event);
    };
    socket.on('submission.created', sequenced('submission.created'));
    socket.on('submission.updated', sequenced('submission.updated'));
    socket.on<{ siteId: string; counts: Record<string, number> }>('submission.counts', (event) => {
      if (event.siteId !== this.#host.site) return;
      this.#host.submissionCounts = event.counts;
      this.#host.renderTabs();
      this.#draw();
    });
  }

  resync(): void {
    this.stream.resync();
  }

  /** Refetches the list (and the open piece); `seq` (from a join ack) restarts the event stream. */
  async reload(seq: number | null): Promise<void> {
    const latest = this.#listReads.start();
    const res = await call<{ items: EditorSubmission[]; counts: Record<string, number> }>(
      'GET',
      `/api/v1/moderation/sites/${this.#host.site}/submissions?status=${this.status}&limit=50`,
    );
    if (!latest()) {
      // A later reload overtook this one; only the event stream restart must still happen.
      if (seq !== null) this.stream.start(seq);
      return;
    }
    this.unavailable = res.status === 404 || res.status === 403;
    if (res.status === 200) {
      this.items = res.body.items;
      this.#host.submissionCounts = res.body.counts;
      if (this.detail) await this.open(this.detail.submission.id);
    }
    if (seq !== null) this.stream.start(seq);
    this.#host.renderTabs();
    this.#draw();
  }

  #event(event: EditorSubmission): void {
    const at = this.items.findIndex((s) => s.id === event.id);
    const known = this.items[at];
    if (known && known.version >= event.version) return;
    if (event.status !== this.status) this.items = this.items.filter((s) => s.id !== event.id);
    else if (known) this.items = this.items.map((s) => (s.id === event.id ? { ...s, ...event } : s));
    else this.items = [...this.items, event];
    if (this.detail?.submission.id === event.id && this.detail.submission.version < event.version) {
      void this.open(event.id);
    }
    this.#draw();
  }

  element(): HTMLElement {
    this.#draw();
    return this.#root;
  }

  async open(id: string): Promise<void> {
    const latest = this.#detailReads.start();
    const res = await call<Detail>('GET', `/api/v1/moderation/submissions/${id}`);
    if (!latest()) return;
    if (res.status === 200) this.detail = res.body;
    this.#draw();
  }

  #draw(): void {
    const { t, lang } = this.#host;
    if (this.unavailable) {
      replace(this.#root, h('p', { class: 'empty', text: t.submissionsUnavailable }));
      return;
    }
    const counts = this.#host.submissionCounts ?? {};
    replace(
      this.#root,
      h(
        'nav',
        { class: 'subtabs' },
        STATUSES.map((status) =>
          h(
            'button',
            {
              type: 'button',
              class: status === this.status ? 'tab active' : 'tab',
              'aria-pressed': status === this.status ? 'true' : 'false',
              onclick: () => {
                this.status = status;
                this.detail = null;
                void this.reload(null);
              },
            },
            t[`sub_${status}`],
            h('span', { class: 'n', text: String(counts[status] ?? 0) }),
          ),
        ),
      ),
      h(
        'div',
        { class: 'work' },
        h(
          'section',
          { class: 'list' },
          this.items.length === 0
            ? h('p', { class: 'empty', text: t.empty })
            : h(
                'ul',
                { class: 'queue' },
                this.items.map((s) =>
                  h(
                    'li',
                    { class: s.id === this.detail?.submission.id ? 'item sel' : 'item', 'data-id': s.id },
                    h(
                      'button',
                      { type: 'button', class: 'open', onclick: () => void this.open(s.id) },
                      h('span', { class: 'who', text: s.title }),
                      h('time', { datetime: s.createdAt, text: formatDate(s.createdAt, lang) }),
                      h('span', {
                        class: 'excerpt',
                        text: `${s.authorName} · ${fill(t.chars, { n: s.length })}`,
                      }),
                    ),
                  ),
                ),
              ),
        ),
        h(
          'section',
          { class: 'detail' },
          this.detail ? this.#detail(this.detail) : h('p', { class: 'empty', text: t.chooseItem }),
        ),
      ),
    );
  }

  #detail(d: Detail): HTMLElement {
    const { t, lang } = this.#host;
    const s = d.submission;
    const bodyReasons = s.moderation.reasons.filter((r) => (r.field ?? 'body') === 'body');
    const preview = h('div', { class: 'body' });
    for (const seg of highlightSegments(
      s.body,
      bodyReasons.map((r) => r.span),
    )) {
      preview.append(seg.reasons.length ? h('mark', { text: seg.text }) : seg.text);
    }
    // What the editor is typing survives the redraws that live events cause.
    const draft = this.#drafts.get(s.id) ?? {};
    this.#drafts.set(s.id, draft);
    const field = <E extends HTMLInputElement | HTMLTextAreaElement>(el: E, name: string, initial = '') => {
      el.value = draft[name] ?? initial;
      el.addEventListener('input', () => {
        draft[name] = el.value;
      });
      return el;
    };
    const title = field(
      h('input', { name: 'title', disabled: !s.editable, maxlength: 120 }),
      'title',
      s.title,
    );
    const body = field(h('textarea', { name: 'body', rows: 14, disabled: !s.editable }), 'body', s.body);
    const summary = field(h('input', { name: 'summary', maxlength: 500 }), 'summary');
    const note = field(h('input', { name: 'note', maxlength: 4000 }), 'note');
    const toAuthor = field(h('input', { name: 'noteToAuthor', maxlength: 4000 }), 'noteToAuthor');
    const edit = async () => {
      const change: Record<string, unknown> = { version: s.version };
      if (title.value.trim() !== s.title) change.title = title.value.trim();
      if (body.value !== s.body) change.body = body.value;
      if (!('title' in change) && !('body' in change)) return;
      if (summary.value.trim()) change.summary = summary.value.trim();
      const res = await call<{ submission: EditorSubmission; revision: { revision: number } }>(
        'PATCH',
        `/api/v1/moderation/submissions/${s.id}`,
        change,
        newKey(),
      );
      this.#after(
        res.status,
        res.body,
        res.status === 200 ? fill(t.saved, { n: res.body.revision.revision }) : '',
        ['title', 'body', 'summary'],
      );
    };
    const act = async (action: Action) => {
      const input: Record<string, unknown> = { action, version: s.version };
      const internal = (draft.note ?? note.value).trim();
      const forAuthor = (draft.noteToAuthor ?? toAuthor.value).trim();
      if (internal) input.note = internal;
      if (forAuthor) input.noteToAuthor = forAuthor;
      const res = await call<{ submission: EditorSubmission }>(
        'POST',
        `/api/v1/moderation/submissions/${s.id}/actions`,
        input,
        newKey(),
      );
      this.#after(res.status, res.body, `${t[`act_${action}`]}: ${s.title}`, ['note', 'noteToAuthor']);
    };
    const noteText = field(h('textarea', { name: 'noteText', rows: 2, maxlength: 4000 }), 'noteText');
    const visibility = h(
      'select',
      { name: 'visibility' },
      h('option', { value: 'internal', text: t.noteInternal }),
      h('option', { value: 'author', text: t.noteAuthor }),
    );
    const addNote = async () => {
      // The draft, not the element: a live redraw may have replaced the element being typed in.
      const text = (draft.noteText ?? noteText.value).trim();
      if (!text) return;
      const res = await call('POST', `/api/v1/moderation/submissions/${s.id}/notes`, {
        text,
        visibility: visibility.value,
      });
      if (res.status === 201) {
        delete draft.noteText;
        await this.open(s.id);
      }
    };
    return h(
      'article',
      null,
      h('h2', { text: s.title }),
      h(
        'p',
        { class: 'meta' },
        `${t[`sub_${s.status}`]} · ${s.authorName}${s.authorLocation ? `, ${s.authorLocation}` : ''}`,
      ),
      h('p', {
        class: 'meta',
        text: fill(t.contact, {
          email: s.authorEmail ?? '',
          phone: s.authorPhone ? `, ${s.authorPhone}` : '',
        }),
      }),
      this.message && h('p', { class: 'notice', role: 'alert', text: this.message }),
      s.moderation.reasons.length > 0 &&
        h(
          'ul',
          { class: 'reasons' },
          s.moderation.reasons.map((r) =>
            h(
              'li',
              null,
              h('strong', { text: t[`rule_${r.rule}` as keyof DashboardStrings] ?? r.rule }),
              `: ${describeReason(r, t)}`,
            ),
          ),
        ),
      preview,
      h(
        'div',
        { class: 'actions' },
        s.allowedActions.map((a) =>
          h('button', { type: 'button', class: `act ${a}`, text: t[`act_${a}`], onclick: () => void act(a) }),
        ),
      ),
      h('label', null, t.actionNote, note),
      h('label', null, t.actionNoteToAuthor, toAuthor),
      s.editable && [
        h('label', null, t.subTitle, title),
        h('label', null, t.text, body),
        h('label', null, t.editSummary, summary),
        h('button', { type: 'button', class: 'save', text: t.saveEdit, onclick: () => void edit() }),
      ],
      h('h3', { text: t.revisions }),
      h(
        'ol',
        { class: 'audit' },
        d.revisions.map((r) =>
          h(
            'li',
            null,
            h(
              'details',
              null,
              h('summary', {
                text: fill(t.revision, {
                  n: r.revision,
                  who: r.editor?.name ?? t.original,
                  when: formatDate(r.createdAt, lang),
                }),
              }),
              h('p', { class: 'body', text: `${r.title}\n\n${r.body}` }),
            ),
          ),
        ),
      ),
      h('h3', { text: t.notes }),
      d.notes.length === 0
        ? h('p', { text: t.noNotes })
        : h(
            'ul',
            { class: 'audit' },
            d.notes.map((n) =>
              h('li', {
                text: `${formatDate(n.createdAt, lang)} ${n.author.name} (${n.visibility === 'author' ? t.noteAuthor : t.noteInternal}): ${n.text}`,
              }),
            ),
          ),
      h('label', null, t.noteText, noteText),
      h(
        'div',
        { class: 'row' },
        visibility,
        h('button', { type: 'button', text: t.addNote, onclick: () => void addNote() }),
      ),
      h('h3', { text: t.audit }),
      h(
        'ol',
        { class: 'audit' },
        d.audit.map((a) => h('li', { text: `${formatDate(a.at, lang)} ${a.actor.name}: ${a.action}` })),
      ),
    );
  }

  #after(
    status: number,
    body: { error?: { message?: string; details?: { current?: unknown }[] } },
    ok: string,
    consumed: string[],
  ): void {
    const { t } = this.#host;
    if (status === 200) {
      this.message = '';
      // Forget only what this request sent: the live event of the same change can redraw
      // the form before this answer arrives, and the editor may already be typing a note.
      const draft = this.detail ? this.#drafts.get(this.detail.submission.id) : undefined;
      for (const name of consumed) delete draft?.[name];
      this.#host.announce(ok);
      if (this.detail) void this.open(this.detail.submission.id).then(() => void this.reload(null));
      return;
    }
    const current = body.error?.details?.[0]?.current as EditorSubmission | undefined;
    const by = current?.lastAction?.by.name;
    this.message =
      status === 409 && current
        ? by
          ? fill(t.alreadyHandled, { name: by, state: t[`sub_${current.status}`] })
          : fill(t.changedMeanwhile, { state: t[`sub_${current.status}`] })
        : fill(t.actionFailed, { why: body.error?.message ?? String(status) });
    this.#host.announce(this.message);
    if (this.detail) void this.open(this.detail.submission.id);
    else this.#draw();
  }
}
