import type { PublicComment } from '../../comments/comment.js';
import type { LiveBatch } from '../../realtime/live-batches.js';
import { h, newKey, replace } from '../shared/dom.js';
import { fill, formatDate, type Lang, pickLang } from '../shared/i18n.js';
import type { LiveSocket } from '../shared/socket-client.js';
import {
  type AccountabilityContext,
  accountabilityStrings,
  noticeForm,
  statementView,
  writerStatus,
} from './accountability.js';
import { type ApiError, type ApiResult, api } from './api.js';
import { type Strings, strings } from './strings.js';

/** What the embedding page gives every widget: the API origin, the live socket, the reader's login. */
export interface WidgetContext {
  origin: string;
  socket: () => LiveSocket;
  token: () => string | null;
  /** Applies the widget's CSS to a shadow root. */
  style: (root: ShadowRoot) => void;
}

interface PendingComment {
  id: string;
  siteId: string;
  articleId: string;
  parentId: string | null;
  body: string;
  authorName: string;
  createdAt: string;
  /** From the POST answer: lets this browser ask how moderation went. */
  statusToken?: string;
  /** A moderator turned it down; shown to the writer until they dismiss it. */
  rejected?: boolean;
}

type OwnState = 'pending' | 'rejected';

interface CommentPage {
  items: PublicComment[];
  nextCursor: string | null;
  article: { open: boolean; mode?: string; commentCount: number; moderationStatement?: string };
}

interface Created {
  comment: PublicComment & { status: 'approved' | 'pending' | 'rejected' };
  moderation: { decision: string; reasons: { rule: string }[] };
  statusToken: string;
}

const PENDING_KEY = 'ordskifte:pending';
const PENDING_MAX_AGE_MS = 14 * 24 * 3600 * 1000;
/** How often a page left open asks about the writer's held comments (only while there are some). */
const PENDING_CHECK_MS = 60_000;
/** How often the first page is fetched again while the live connection is down. */
const POLL_WITHOUT_SOCKET_MS = 30_000;
const REPORT_REASONS = ['spam', 'abuse', 'off_topic', 'personal_info', 'other'] as const;

/** The reader's own comments awaiting moderation, kept in this browser so they never seem to vanish. */
function readPending(): PendingComment[] {
  try {
    const all = JSON.parse(localStorage.getItem(PENDING_KEY) ?? '[]') as PendingComment[];
    return all.filter((p) => Date.now() - Date.parse(p.createdAt) < PENDING_MAX_AGE_MS);
  } catch {
    return [];
  }
}

function writePending(list: PendingComment[]): void {
  try {
    localStorage.setItem(PENDING_KEY, JSON.stringify(list.slice(-50)));
  } catch {
    // storage full or blocked (private mode): the pending note lasts until reload
  }
}

/** The `name` claim of the site's login token, shown as "you are writing as"; not verified here. */
export function tokenName(token: string | null): string | null {
  const part = token?.split('.')[1];
  if (!part) return null;
  try {
    const json = decodeURIComponent(
      [...atob(part.replace(/-/g, '+').replace(/_/g, '/'))]
        .map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
        .join(''),
    );
    const name = (JSON.parse(json) as { name?: unknown }).name;
    return typeof name === 'string' ? name : null;
  } catch {
    return null;
  }
}

/**
 * One comment section: `<div data-ordskifte data-site data-article>`. Loads
 * when it nears the viewport, shows approved comments newest first with their
 * replies, takes new ones live without moving the page, and posts comments,
 * replies and reports.
 */
export class CommentsWidget {
  readonly host: HTMLElement;
  readonly #ctx: WidgetContext;
  readonly #t: Strings;
  readonly #lang: Lang;
  readonly #site: string;
  readonly #article: string;
  readonly #base: string;
  readonly #maxLength: number;
  readonly #root: ShadowRoot;
  readonly #acc: AccountabilityContext;
  readonly #shown = new Map<string, HTMLElement>();
  #buffered: PublicComment[] = [];
  /** New comments a coalesced message only counted (over its size bound): fetched when the reader asks. */
  #unseen = 0;
  #cursor: string | null = null;
  #open = true;
  #observer: IntersectionObserver | null = null;
  #unlisten: (() => void)[] = [];
  #els!: {
    count: HTMLElement;
    note: HTMLElement;
    formSlot: HTMLElement;
    fresh: HTMLButtonElement;
    list: HTMLOListElement;
    more: HTMLButtonElement;
    status: HTMLElement;
    live: HTMLElement;
  };

  constructor(host: HTMLElement, ctx: WidgetContext) {
    this.host = host;
    this.#ctx = ctx;
    this.#lang = pickLang(host.dataset.lang);
    this.#t = strings[this.#lang];
    this.#site = host.dataset.site ?? '';
    this.#article = host.dataset.article ?? location.pathname;
    this.#maxLength = Number(host.dataset.maxLength) || 3000;
    this.#base = `${ctx.origin}/api/v1/sites/${encodeURIComponent(this.#site)}/articles/${encodeURIComponent(this.#article)}/comments`;
    this.#acc = {
      base: this.#base,
      siteBase: `${ctx.origin}/api/v1/sites/${encodeURIComponent(this.#site)}`,
      lang: this.#lang,
      announce: (text) => this.#announce(text),
    };
    this.#root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    ctx.style(this.#root);
    this.#skeleton();
  }

  /** Loads when the container comes within a screen or so of the viewport. */
  start(): void {
    if (!('IntersectionObserver' in window)) return void this.#load();
    this.#observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          this.#observer?.disconnect();
          this.#observer = null;
          void this.#load();
        }
      },
      { rootMargin: '800px 0px' },
    );
    this.#observer.observe(this.host);
  }

  destroy(): void {
    this.#observer?.disconnect();
    for (const off of this.#unlisten) off();
    this.#unlisten = [];
    const socket = this.#ctx.socket();
    if (socket.connected) socket.emit('unsubscribe', { siteId: this.#site, articleId: this.#article });
    replace(this.#root);
  }

  /** The reader logged in or out on the site: redraw the form with the new identity. */
  identityChanged(): void {
    if (this.#open) replace(this.#els.formSlot, this.#form(null));
  }

  #skeleton(): void {
    const t = this.#t;
    const els = {
      count: h('span', { class: 'count' }),
      note: h('p', { class: 'note' }),
      formSlot: h('div'),
      fresh: h('button', { class: 'btn sec new', type: 'button', hidden: true }),
      list: h('ol', { 'aria-label': t.heading }),
      more: h('button', { class: 'btn sec', type: 'button', hidden: true, text: t.loadMore }),
      status: h('p', { class: 'note', text: t.loading }),
      live: h('div', { class: 'sr', 'aria-live': 'polite', role: 'status' }),
    };
    this.#els = els;
    els.fresh.addEventListener('click', () => void this.#showBuffered());
    els.more.addEventListener('click', () => void this.#loadMore());
    replace(
      this.#root,
      h(
        'section',
        { class: 'w', lang: this.#lang === 'nb' ? 'nb' : 'en', 'aria-label': t.heading },
        h('h2', null, t.heading, ' ', els.count),
        els.note,
        els.formSlot,
        els.live,
        els.status,
        els.fresh,
        els.list,
        els.more,
      ),
    );
  }

  async #load(): Promise<void> {
    const t = this.#t;
    const res = await api<CommentPage>(`${this.#base}?limit=20`);
    if (res.status !== 200) {
      replace(
        this.#els.status,
        t.loadFailed,
        ' ',
        h('button', { class: 'link', type: 'button', text: t.retry, onclick: () => void this.#load() }),
      );
      return;
    }
    this.#els.status.hidden = true;
    const { article } = res.body;
    this.#setCount(article.commentCount);
    this.#open = article.open;
    const notes = [
      !article.open && t.closed,
      article.open && article.mode === 'pre' && t.premoderated,
      typeof article.moderationStatement === 'string' && article.moderationStatement,
    ].filter(Boolean) as string[];
    replace(this.#els.note, notes.join(' '));
    replace(this.#els.formSlot, article.open ? this.#form(null) : null);
    replace(this.#els.list);
    this.#shown.clear();
    this.#appendPage(res.body);
    this.#showPending();
    if (this.#shown.size === 0) replace(this.#els.status, t.empty);
    this.#els.status.hidden = this.#shown.size > 0;
    this.#subscribe();
  }

  async #loadMore(): Promise<void> {
    if (!this.#cursor) return;
    this.#els.more.disabled = true;
    const res = await api<CommentPage>(`${this.#base}?limit=20&cursor=${encodeURIComponent(this.#cursor)}`);
    this.#els.more.disabled = false;
    if (res.status === 200) this.#appendPage(res.body);
  }

  #appendPage(page: CommentPage): void {
    for (const comment of page.items) {
      if (this.#shown.has(comment.id)) continue;
      this.#els.list.append(this.#thread(comment));
    }
    this.#forgetPending([...page.items, ...page.items.flatMap((c) => c.replies ?? [])]);
    this.#cursor = page.nextCursor;
    this.#els.more.hidden = !page.nextCursor;
  }

  #setCount(n: number): void {
    replace(this.#els.count, `(${n === 1 ? this.#t.countOne : fill(this.#t.count, { n })})`);
    this.#els.count.dataset.n = String(n);
  }

  #subscribe(): void {
    const socket = this.#ctx.socket();
    // Coalesced: one message a second however busy the article, instead of an event per comment.
    const join = () =>
      socket.emit('subscribe', { siteId: this.#site, articleId: this.#article, coalesce: true });
    const mine = (c: { siteId: string; articleId: string }) =>
      c.siteId === this.#site && c.articleId === this.#article;
    let first = true;
    this.#unlisten.push(
      socket.on('connect', () => {
        join();
        // After a reconnect, fetch the newest page: anything missed arrives as "new comments".
        if (!first) void this.#catchUp();
        first = false;
      }),
      socket.on<LiveBatch>('comments.changed', (batch) => mine(batch) && this.#changed(batch)),
      // The reader's own shadow-hidden comments still come one by one, to their own room.
      socket.on<PublicComment>('comment.published', (c) => mine(c) && this.#published(c)),
    );
    if (socket.connected) {
      first = false;
      join();
    }
    // A page left open learns how its writer's held comments went, without polling when idle.
    const check = () => {
      if (document.visibilityState === 'visible' && this.#ownPending().some((p) => !p.rejected)) {
        void this.#checkPending();
      }
    };
    // Where WebSockets cannot get through (some proxies), new comments still arrive, by polling.
    const poll = () => {
      if (!socket.connected && document.visibilityState === 'visible') void this.#catchUp();
    };
    const timers = [setInterval(check, PENDING_CHECK_MS), setInterval(poll, POLL_WITHOUT_SOCKET_MS)];
    document.addEventListener('visibilitychange', check);
    this.#unlisten.push(
      () => {
        for (const timer of timers) clearInterval(timer);
      },
      () => document.removeEventListener('visibilitychange', check),
    );
  }

  /**
   * After a reconnect (or while polling without one): the newest page brings
   * what arrived meanwhile, and what it no longer holds within its span was
   * removed meanwhile, so the page resumes where it was without a reload.
   */
  async #catchUp(): Promise<void> {
    const res = await api<CommentPage>(`${this.#base}?limit=20&sort=newest`);
    if (res.status !== 200) return;
    const page = res.body.items;
    const listed = new Set(page.flatMap((c) => [c.id, ...(c.replies ?? []).map((r) => r.id)]));
    const oldest = res.body.nextCursor ? page.at(-1)?.createdAt : '';
    for (const [id, el] of [...this.#shown]) {
      if (el.classList.contains('mine') || listed.has(id)) continue;
      const parent = el.parentElement?.closest<HTMLElement>('li.c')?.dataset.id;
      const at = el.querySelector('time')?.getAttribute('datetime') ?? '';
      const inSpan = parent ? listed.has(parent) : oldest !== undefined && at >= oldest;
      if (inSpan) this.#removed(id);
    }
    for (const c of [...page].reverse()) this.#published(c);
  }

  /** One coalesced message: what did not fit in it is offered with the "new" button and fetched on click. */
  #changed(batch: LiveBatch): void {
    for (const comment of batch.comments) this.#published(comment);
    for (const id of batch.removed) this.#removed(id);
    if (batch.more > 0) {
      this.#unseen += batch.more;
      this.#offerFresh();
    }
  }

  /** A comment became visible: update it in place, attach a reply, or offer it with the "new" button. */
  #published(comment: PublicComment): void {
    const existing = this.#shown.get(comment.id);
    if (existing) {
      // Update in place (featured, or the reader's own pending comment approved), keeping its replies.
      const wasMine = existing.classList.contains('mine');
      const fresh = this.#item(comment);
      const replies =
        existing.querySelector('.replies') ?? (comment.parentId ? null : h('ol', { class: 'replies' }));
      if (replies) fresh.append(replies);
      existing.replaceWith(fresh);
      if (wasMine) {
        this.#forgetPending([comment]);
        this.#bumpCount(1);
      }
      return;
    }
    if (comment.parentId) {
      const replies = this.#shown.get(comment.parentId)?.querySelector('.replies');
      if (replies) {
        replies.append(this.#item(comment));
        this.#bumpCount(1);
      }
      return;
    }
    if (this.#buffered.some((c) => c.id === comment.id)) return;
    if (this.#shown.size === 0) {
      this.#els.status.hidden = true;
      this.#els.list.prepend(this.#thread(comment));
      this.#bumpCount(1);
      this.#announce(this.#t.announceAdded);
      return;
    }
    this.#buffered.push(comment);
    this.#offerFresh();
  }

  #offerFresh(): void {
    const n = this.#buffered.length + this.#unseen;
    this.#els.fresh.hidden = false;
    replace(this.#els.fresh, n === 1 ? this.#t.newOne : fill(this.#t.newMany, { n }));
    this.#announce(n === 1 ? this.#t.announceOne : fill(this.#t.announceNew, { n }));
  }

  async #showBuffered(): Promise<void> {
    if (this.#unseen > 0) {
      // Some new comments were only counted: the first page has them (from a cache, for everyone at once).
      const res = await api<CommentPage>(`${this.#base}?limit=20`);
      if (res.status === 200) {
        this.#unseen = 0;
        for (const c of [...res.body.items].reverse()) {
          if (!this.#shown.has(c.id) && !this.#buffered.some((b) => b.id === c.id)) this.#buffered.push(c);
        }
      }
    }
    const newest = [...this.#buffered].reverse();
    this.#buffered = [];
    this.#els.fresh.hidden = true;
    const nodes = newest.filter((c) => !this.#shown.has(c.id)).map((c) => this.#thread(c));
    this.#els.list.prepend(...nodes);
    this.#bumpCount(nodes.length);
    const first = nodes[0]?.querySelector<HTMLElement>('.body');
    if (first) {
      first.tabIndex = -1;
      first.focus();
    }
  }

  #removed(id: string): void {
    this.#buffered = this.#buffered.filter((c) => c.id !== id);
    if (!this.#shown.has(id)) return;
    this.#unshow(id);
    this.#bumpCount(-1);
  }

  #bumpCount(delta: number): void {
    this.#setCount(Math.max(0, Number(this.#els.count.dataset.n ?? 0) + delta));
  }

  #announce(text: string): void {
    replace(this.#els.live, text);
  }

  /** A top-level comment with its replies and its reply and report buttons. */
  #thread(comment: PublicComment): HTMLElement {
    const el = this.#item(comment);
    const replies = h('ol', { class: 'replies' });
    for (const reply of comment.replies ?? []) replies.append(this.#item(reply));
    el.append(replies);
    return el;
  }

  /** One comment; `own` marks the writer's own comment that is not public (yet). */
  #item(comment: PublicComment, own: OwnState | null = null): HTMLElement {
    const t = this.#t;
    const slot = h('div');
    const canAct = !own && this.#open;
    const el = h(
      'li',
      { class: own ? 'c mine' : 'c', 'data-id': comment.id },
      h(
        'div',
        { class: 'meta' },
        h('span', { class: 'author', text: comment.authorName }),
        h('time', { datetime: comment.createdAt, text: formatDate(comment.createdAt, this.#lang) }),
        comment.featured && h('span', { class: 'badge', text: t.featured }),
        own === 'pending' && h('span', { class: 'badge pending', text: t.pending }),
        own === 'rejected' && h('span', { class: 'badge rejected', text: t.notPublished }),
      ),
      h('p', { class: 'body', text: comment.body }),
      own === 'rejected' && this.#rejectedNote(comment.id),
      canAct &&
        h(
          'div',
          { class: 'acts' },
          !comment.parentId &&
            h('button', {
              class: 'link',
              type: 'button',
              text: t.reply,
              'aria-label': fill(t.replyTo, { name: comment.authorName }),
              onclick: () => this.#toggle(slot, 'reply', () => this.#form(comment, () => replace(slot))),
            }),
          h('button', {
            class: 'link',
            type: 'button',
            text: t.report,
            onclick: () => this.#toggle(slot, 'report', () => this.#reportForm(comment, slot)),
          }),
          h('button', {
            class: 'link',
            type: 'button',
            text: accountabilityStrings[this.#lang].reportIllegal,
            onclick: () =>
              this.#toggle(slot, 'notice', () =>
                noticeForm(this.#acc, comment.id, () => {
                  slot.dataset.kind = '';
                  replace(slot);
                }),
              ),
          }),
        ),
      slot,
    );
    this.#shown.set(comment.id, el);
    return el;
  }

  /**
   * Under the writer's own turned-down comment: why (the statement of reasons, once the status
   * endpoint has one) and how to appeal; until then, or without a token, the short note.
   */
  #rejectedNote(id: string): HTMLElement {
    const t = this.#t;
    const dismiss = h('button', {
      class: 'link',
      type: 'button',
      text: t.dismiss,
      onclick: () => this.#dismissOwn(id),
    });
    const slot = h('div', null, h('p', { class: 'note' }, t.notPublishedWhy, ' ', dismiss));
    const token = readPending().find((p) => p.id === id)?.statusToken;
    if (token) {
      void writerStatus(this.#acc, id, token).then((status) => {
        if (status?.comment.status === 'approved') {
          const own = readPending().find((p) => p.id === id);
          if (own) this.#published({ featured: false, ...own });
        } else if (status?.statement) {
          // A person's decision keeps the short note above the statement; the engine's own does not.
          replace(
            slot,
            !status.statement.automated.decision && h('p', { class: 'note', text: t.notPublishedWhy }),
            statementView(this.#acc, id, token, status),
            h('p', { class: 'note' }, dismiss),
          );
        }
      });
    }
    return slot;
  }

  #toggle(slot: HTMLElement, kind: string, build: () => HTMLElement): void {
    if (slot.dataset.kind === kind) {
      slot.dataset.kind = '';
      replace(slot);
      return;
    }
    slot.dataset.kind = kind;
    const form = build();
    replace(slot, form);
    form.querySelector<HTMLElement>('textarea, input, select')?.focus();
  }

  #ownPending(): PendingComment[] {
    return readPending().filter((p) => p.siteId === this.#site && p.articleId === this.#article);
  }

  #showPending(): void {
    for (const p of this.#ownPending()) {
      if (!this.#shown.has(p.id)) this.#placeOwn(p, p.rejected ? 'rejected' : 'pending');
    }
    void this.#checkPending();
  }

  /**
   * Asks how moderation went for the writer's held comments: approved ones turn into
   * normal comments, rejected ones say so (instead of "awaiting moderation" for two weeks).
   */
  async #checkPending(): Promise<void> {
    for (const p of this.#ownPending()) {
      if (p.rejected || !p.statusToken) continue;
      const res = await api<{ comment: { status: string } }>(
        `${this.#base}/${encodeURIComponent(p.id)}/status?token=${encodeURIComponent(p.statusToken)}`,
      );
      const status = res.status === 200 ? res.body.comment.status : res.status === 404 ? 'gone' : 'pending';
      if (status === 'approved') {
        this.#published({ featured: false, ...p });
      } else if (status === 'rejected') {
        writePending(readPending().map((q) => (q.id === p.id ? { ...q, rejected: true } : q)));
        this.#shown.get(p.id)?.replaceWith(this.#item({ featured: false, ...p }, 'rejected'));
      } else if (status === 'gone') {
        // Erased (privacy request or retention): nothing left to wait for.
        this.#dismissOwn(p.id);
      }
    }
  }

  #dismissOwn(id: string): void {
    writePending(readPending().filter((p) => p.id !== id));
    this.#unshow(id);
  }

  /** Takes a comment off the page; an emptied list says so. */
  #unshow(id: string): void {
    const el = this.#shown.get(id);
    el?.remove();
    this.#shown.delete(id);
    // A removed thread takes its replies with it.
    for (const reply of el?.querySelectorAll<HTMLElement>('.replies > li') ?? []) {
      if (reply.dataset.id) this.#shown.delete(reply.dataset.id);
    }
    if (this.#shown.size === 0) {
      replace(this.#els.status, this.#t.empty);
      this.#els.status.hidden = false;
    }
  }

  /** The reader's own comment goes to the top (or under its parent), pending, rejected or published. */
  #placeOwn(comment: PublicComment | PendingComment, own: OwnState | null): void {
    const full = { featured: false, ...comment };
    if (comment.parentId) {
      const replies = this.#shown.get(comment.parentId)?.querySelector('.replies');
      replies?.append(this.#item(full, own));
    } else {
      const el = this.#item(full, own);
      if (!own) el.append(h('ol', { class: 'replies' }));
      this.#els.list.prepend(el);
    }
    this.#els.status.hidden = true;
  }

  #forgetPending(visible: { id: string }[]): void {
    const ids = new Set(visible.map((c) => c.id));
    const all = readPending();
    const kept = all.filter((p) => !ids.has(p.id));
    if (kept.length !== all.length) writePending(kept);
  }

  /** The comment form, or a reply form under `parent`. */
  #form(parent: PublicComment | null, done?: () => void): HTMLFormElement {
    const t = this.#t;
    const token = this.#ctx.token();
    const who = tokenName(token);
    const id = `o${Math.random().toString(36).slice(2, 8)}`;
    const text = h('textarea', {
      name: 'body',
      required: true,
      id: `${id}t`,
      'aria-describedby': `${id}c`,
      rows: parent ? 3 : 4,
    });
    const counter = h('span', { class: 'count', id: `${id}c` });
    const name = h('input', { name: 'authorName', required: true, autocomplete: 'name', maxlength: 80 });
    const email = h('input', { name: 'authorEmail', type: 'email', autocomplete: 'email' });
    const send = h('button', { class: 'btn', type: 'submit', text: t.send });
    const msg = h('p', { class: 'msg' });
    const savedName = localStorage.getItem('ordskifte:name');
    if (savedName) name.value = savedName;
    let key = newKey();
    const count = () => {
      const n = text.value.length;
      const over = n - this.#maxLength;
      counter.classList.toggle('over', over > 0);
      replace(
        counter,
        over > 0 ? fill(t.tooLong, { n: over }) : fill(t.counter, { n, max: this.#maxLength }),
      );
    };
    count();
    const form = h(
      'form',
      {
        'aria-label': parent ? fill(t.replyTo, { name: parent.authorName }) : t.write,
        novalidate: true,
        oninput: () => {
          key = newKey();
          count();
        },
      },
      !parent && h('h3', { text: t.write }),
      who
        ? h('p', { class: 'note', text: fill(t.writingAs, { name: who }) })
        : [h('label', null, t.name, name), h('label', null, t.email, email)],
      h('label', { for: `${id}t` }, parent ? t.replyText : t.text),
      text,
      counter,
      msg,
      h(
        'div',
        { class: 'row' },
        send,
        parent && h('button', { class: 'btn sec', type: 'button', text: t.cancel, onclick: () => done?.() }),
      ),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (send.disabled) return;
      if (!text.value.trim() || (!who && !name.value.trim())) {
        (text.value.trim() ? name : text).focus();
        return;
      }
      if (text.value.length > this.#maxLength) return text.focus();
      send.disabled = true;
      replace(send, t.sending);
      const body: Record<string, string> = { body: text.value };
      if (!who) {
        body.authorName = name.value.trim();
        if (email.value.trim()) body.authorEmail = email.value.trim();
        localStorage.setItem('ordskifte:name', body.authorName);
      }
      if (parent) body.parentId = parent.id;
      const headers: Record<string, string> = { 'Idempotency-Key': key };
      if (token) headers.authorization = `Bearer ${token}`;
      const res = await api<Created>(this.#base, { method: 'POST', body, headers });
      send.disabled = false;
      replace(send, t.send);
      this.#afterPost(res, { form, text, msg, done });
    });
    return form;
  }

  #afterPost(
    res: ApiResult<Created & ApiError>,
    ui: { form: HTMLFormElement; text: HTMLTextAreaElement; msg: HTMLElement; done?: () => void },
  ): void {
    const t = this.#t;
    const say = (text: string, kind: '' | 'err' | 'warn' = '') => {
      ui.msg.className = kind ? `msg ${kind}` : 'msg';
      replace(ui.msg, text);
      this.#announce(text);
    };
    if (res.status === 201) {
      const { comment, moderation } = res.body;
      if (comment.status === 'rejected') {
        const why = [...new Set(moderation.reasons.map((r) => t[`rule_${r.rule}` as keyof Strings]))]
          .filter(Boolean)
          .join(', ');
        say(fill(t.rejected, { why: why || t.rejectedGeneric }), 'err');
        // Kept in this browser with its status token: the writer sees the statement of reasons and can appeal.
        const rejected: PendingComment = {
          id: comment.id,
          siteId: this.#site,
          articleId: this.#article,
          parentId: comment.parentId,
          body: comment.body,
          authorName: comment.authorName,
          createdAt: comment.createdAt,
          statusToken: res.body.statusToken,
          rejected: true,
        };
        writePending([...readPending().filter((p) => p.id !== rejected.id), rejected]);
        if (!this.#shown.has(comment.id)) this.#placeOwn(rejected, 'rejected');
        return;
      }
      ui.text.value = '';
      ui.form.dispatchEvent(new Event('input'));
      if (comment.status === 'approved') {
        if (!this.#shown.has(comment.id)) {
          this.#placeOwn(comment, null);
          this.#bumpCount(1);
        }
        say(t.published);
      } else {
        const pending: PendingComment = {
          id: comment.id,
          siteId: this.#site,
          articleId: this.#article,
          parentId: comment.parentId,
          body: comment.body,
          authorName: comment.authorName,
          createdAt: comment.createdAt,
          statusToken: res.body.statusToken,
        };
        writePending([...readPending().filter((p) => p.id !== pending.id), pending]);
        if (!this.#shown.has(comment.id)) this.#placeOwn(pending, 'pending');
        say(t.held, 'warn');
      }
      ui.done?.();
      return;
    }
    const code = res.body.error?.code;
    const closed = code === 'comments_closed';
    if (closed) {
      this.#open = false;
      replace(this.#els.note, t.closed);
    }
    const why = (res.body.error?.details ?? []).map((d) => d.message).join('; ');
    say(
      res.status === 429
        ? fill(t.rateLimited, { s: res.retryAfter || 60 })
        : closed
          ? t.closed
          : res.status === 401
            ? this.#ctx.token()
              ? t.loginExpired
              : t.loginRequired
            : res.status === 422
              ? fill(t.invalid, { why: why || res.body.error?.message || '' })
              : res.status === 0
                ? t.offline
                : t.failed,
      'err',
    );
  }

  #reportForm(comment: PublicComment, slot: HTMLElement): HTMLElement {
    const t = this.#t;
    const group = `r${Math.random().toString(36).slice(2, 8)}`;
    const note = h('input', { name: 'note', maxlength: 500 });
    const msg = h('p', { class: 'msg' });
    const send = h('button', { class: 'btn', type: 'submit', text: t.reportSend });
    const key = newKey();
    const form = h(
      'form',
      { 'aria-label': t.report },
      h(
        'fieldset',
        null,
        h('legend', { text: t.reportTitle }),
        REPORT_REASONS.map((reason, i) =>
          h(
            'label',
            { class: 'radio' },
            h('input', { type: 'radio', name: group, value: reason, checked: i === 0 }),
            t[`reason_${reason}`],
          ),
        ),
      ),
      h('label', null, t.reportNote, note),
      msg,
      h(
        'div',
        { class: 'row' },
        send,
        h('button', {
          class: 'btn sec',
          type: 'button',
          text: t.cancel,
          onclick: () => {
            slot.dataset.kind = '';
            replace(slot);
          },
        }),
      ),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const reason = form.querySelector<HTMLInputElement>('input[type=radio]:checked')?.value ?? 'other';
      send.disabled = true;
      const res = await api(`${this.#base}/${encodeURIComponent(comment.id)}/reports`, {
        method: 'POST',
        body: note.value.trim() ? { reason, note: note.value.trim() } : { reason },
        headers: { 'Idempotency-Key': key },
      });
      send.disabled = false;
      const ok = res.status >= 200 && res.status < 300;
      msg.className = ok ? 'msg' : 'msg err';
      const text = ok
        ? t.reported
        : res.status === 429
          ? fill(t.rateLimited, { s: res.retryAfter || 60 })
          : res.status === 0
            ? t.offline
            : t.failed;
      replace(msg, text);
      this.#announce(text);
      if (ok) replace(slot, msg);
    });
    return form;
  }
}
