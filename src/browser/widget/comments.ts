import type { PublicComment, ThreadSort } from '../../comments/comment.js';
import { h, newKey, replace } from '../shared/dom.js';
import { fill } from '../shared/i18n.js';
import type { LiveSocket } from '../shared/socket-client.js';
import type { AccountabilityContext, WriterStatus } from './accountability.js';
import { loadAccountability } from './accountability-loader.js';
import { Alerts } from './alerts.js';
import { type ApiError, type ApiResult, api } from './api.js';
import { commentItem, type ItemContext, type OwnState, respectButton } from './comment-item.js';
import { type ComposeContext, type Created, commentForm, failure, heldPublished } from './compose.js';
import { followArticle } from './live.js';
import { receiptsFor } from './notice-receipts.js';
import {
  forgetOwn,
  ignored,
  keepOwn,
  type OwnComment,
  ownComments,
  pref,
  setIgnored,
  setPref,
  updateOwn,
} from './own-store.js';
import { pickWidgetLang, type Strings, strings, type WidgetLang } from './strings.js';
import { themeOf } from './theme.js';
import { exactOnHover, relativeTime } from './time.js';

/** What the embedding page gives every widget: the API origin, the live socket, the reader's login. */
export interface WidgetContext {
  origin: string;
  socket: () => LiveSocket;
  token: () => string | null;
  /** Applies the widget's CSS to a shadow root. */
  style: (root: ShadowRoot) => void;
}

interface CommentPage {
  items: PublicComment[];
  nextCursor: string | null;
  sort: ThreadSort;
  featured: PublicComment[];
  article: {
    open: boolean;
    mode?: string;
    commentCount: number;
    moderationStatement?: string | null;
    requireLogin?: boolean;
    loginUrl?: string | null;
    editWindowSeconds?: number;
  };
}

const SORTS: ThreadSort[] = ['newest', 'oldest', 'respect', 'replies'];
const REPORT_REASONS = ['spam', 'abuse', 'off_topic', 'personal_info', 'other'] as const;
/** Threads with more replies than this start folded ("N svar"). */
const OPEN_REPLIES = 3;
/** How often a page left open asks about the writer's held comments (only while there are some). */
const PENDING_CHECK_MS = 60_000;
const HASH = /^#ordskifte-c-([0-9a-f]{24})$/;

/** Within 800 px of the viewport, and shown at all (a hidden container waits for the observer). */
function nearView(host: HTMLElement): boolean {
  const box = host.getBoundingClientRect();
  return (box.width > 0 || box.height > 0) && box.bottom > -800 && box.top < innerHeight + 800;
}

/** For the site's developer: what is wrong, precisely (readers see a short neutral line). */
const tellDeveloper = (message: string) => console.error(`Ordskifte: ${message}`);

/**
 * One comment section: `<div data-ordskifte data-site data-article>`. Loads
 * when it nears the viewport; shows the editors' picks and the comments in
 * the reader's chosen order with their replies; takes new ones live without
 * moving the page; lets the reader respect, reply, report, ignore, and edit
 * or delete what they wrote; tells them honestly what happens to it.
 */
export class CommentsWidget implements ItemContext {
  readonly host: HTMLElement;
  readonly t: Strings;
  readonly lang: WidgetLang;
  readonly #ctx: WidgetContext;
  readonly #site: string;
  readonly #article: string;
  readonly #base: string;
  readonly #maxLength: number;
  /** Article attributes the page's CMS signed (docs/WIDGET.md); without a signature the service ignores them. */
  readonly #signed: Record<string, string | undefined>;
  readonly #root: ShadowRoot;
  readonly #shown = new Map<string, HTMLElement>();
  readonly #comments = new Map<string, PublicComment>();
  readonly #respected = new Set<string>();
  readonly #alerts: Alerts;
  /** The status endpoint's answer per own turned-down comment (statement, appeal). */
  readonly #writer = new Map<string, WriterStatus>();
  #buffered: PublicComment[] = [];
  #unseen = 0;
  #sort: ThreadSort | null = pref('sort') as ThreadSort | null;
  #cursor: string | null = null;
  #page: CommentPage['article'] | null = null;
  #observer: IntersectionObserver | null = null;
  #destroyed = false;
  /** The first page, asked for as soon as the script runs when the container is (nearly) in view. */
  #first: Promise<ApiResult<CommentPage & ApiError>> | null = null;
  #unlisten: (() => void)[] = [];
  #els!: Record<
    'count' | 'note' | 'receipts' | 'prompt' | 'status' | 'live' | 'picks' | 'linked' | 'list' | 'bar',
    HTMLElement
  > & { fresh: HTMLButtonElement; more: HTMLButtonElement; sort: HTMLSelectElement };

  constructor(host: HTMLElement, ctx: WidgetContext) {
    this.host = host;
    this.#ctx = ctx;
    this.lang = pickWidgetLang(host.dataset.lang);
    this.t = strings[this.lang];
    this.#site = host.dataset.site ?? '';
    this.#article = host.dataset.article ?? location.pathname;
    this.#maxLength = Number(host.dataset.maxLength) || 3000;
    const d = host.dataset;
    this.#signed = d.signature
      ? {
          publishedAt: d.publishedAt,
          articleTitle: d.articleTitle,
          articleUrl: d.articleUrl,
          signedAt: d.signedAt,
          signature: d.signature,
        }
      : {};
    this.#base = `${ctx.origin}/api/v1/sites/${encodeURIComponent(this.#site)}/articles/${encodeURIComponent(this.#article)}/comments`;
    // In view already (the usual case for a reader who came for the comments, or a short
    // article): the first page is on its way while the shadow root and its styles are built.
    if (nearView(host)) this.#first = api<CommentPage>(this.#firstUrl(HASH.exec(location.hash)?.[1]));
    this.#root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    ctx.style(this.#root);
    exactOnHover(this.#root, this.lang);
    this.#alerts = new Alerts({
      t: this.t,
      lang: this.lang,
      origin: ctx.origin,
      site: this.#site,
      article: this.#article,
      token: ctx.token,
      open: (id) => void this.#goTo(id),
    });
    this.#skeleton();
    if (!host.dataset.site)
      tellDeveloper('the container has no data-site attribute: add the site id given by the admin API.');
  }

  /** Loads now when the container is within a screen or so of the viewport, else when it comes that near. */
  start(): void {
    if (this.#first || !('IntersectionObserver' in window)) return void this.#load();
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
    this.#destroyed = true;
    this.#observer?.disconnect();
    this.#alerts.stop();
    for (const off of this.#unlisten) off();
    this.#unlisten = [];
    replace(this.#root);
  }

  /** The reader logged in or out on the site: the writing prompt and the notifications follow. */
  identityChanged(): void {
    this.#prompt();
    if (this.#page) this.#emptyState();
    void this.#alerts.refresh();
  }

  #skeleton(): void {
    const t = this.t;
    const sort = h(
      'select',
      { name: 'sort' },
      SORTS.map((s) => h('option', { value: s, text: t[`sort_${s}`] })),
    );
    sort.addEventListener('change', () => {
      this.#sort = sort.value as ThreadSort;
      setPref('sort', this.#sort);
      void this.#load();
    });
    const els = {
      count: h('span', { class: 'count' }),
      bar: h(
        'div',
        { class: 'bar', hidden: true },
        h('label', { class: 'row' }, t.sort, sort),
        this.#alerts.button,
      ),
      sort,
      note: h('p', { class: 'note' }),
      receipts: h('div'),
      prompt: h('div'),
      status: h('p', { class: 'note', text: t.loading }),
      live: h('div', { class: 'sr', 'aria-live': 'polite', role: 'status' }),
      linked: h('p', { class: 'note', hidden: true }),
      picks: h('div', { class: 'picks', hidden: true, role: 'region', 'aria-label': t.picks }),
      fresh: h('button', { class: 'btn sec new', type: 'button', hidden: true }),
      list: h('ol', { 'aria-label': t.heading }),
      more: h('button', { class: 'btn sec', type: 'button', hidden: true, text: t.loadMore }),
    };
    this.#els = els;
    els.fresh.addEventListener('click', () => void this.#showBuffered());
    els.more.addEventListener('click', () => void this.#loadMore());
    const theme = themeOf(this.host);
    replace(
      this.#root,
      h(
        'section',
        { class: `w ${theme}`, lang: this.lang, 'aria-label': t.heading },
        h('h2', null, t.heading, els.count),
        els.bar,
        this.#alerts.panel,
        els.note,
        els.receipts,
        els.prompt,
        els.live,
        els.status,
        els.linked,
        els.picks,
        els.fresh,
        els.list,
        els.more,
      ),
    );
  }

  #url(query: Record<string, string | null | undefined>): string {
    const params = new URLSearchParams({ limit: '20' });
    for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
    return `${this.#base}?${params}`;
  }

  /** The first page's address: the signed article attributes, the reader's order, a permalinked comment. */
  #firstUrl(linked: string | undefined): string {
    return this.#url({ ...this.#signed, sort: this.#sort, around: linked });
  }

  async #load(): Promise<void> {
    const t = this.t;
    const linked = HASH.exec(location.hash)?.[1];
    const early = this.#first;
    this.#first = null;
    let res = await (early ?? api<CommentPage>(this.#firstUrl(linked)));
    if (linked && res.status === 404) {
      this.#linked(t.linkGone);
      res = await api<CommentPage>(this.#url({ sort: this.#sort }));
    } else this.#linked(linked ? t.linked : null);
    if (res.status !== 200) return this.#failed(res.status, res.body);
    performance.mark('ordskifte:loaded');
    const page = res.body;
    this.#page = page.article;
    this.#els.status.hidden = true;
    this.#els.bar.hidden = false;
    this.#els.sort.value = page.sort;
    this.#setCount(page.article.commentCount);
    const notes = [
      page.article.open && page.article.mode === 'pre' && t.premoderated,
      page.article.moderationStatement,
    ].filter(Boolean) as string[];
    replace(this.#els.note, notes.join(' '));
    this.#prompt();
    this.#shown.clear();
    this.#buffered = [];
    this.#unseen = 0;
    this.#els.fresh.hidden = true;
    replace(this.#els.list);
    this.#picks(page.featured);
    this.#appendPage(page);
    this.#showOwn();
    this.#emptyState();
    if (linked) this.#highlight(linked);
    // The live connection, the reader's own reactions and receipts wait until the page is on
    // the screen: a task after the frame that painted it.
    requestAnimationFrame(() => {
      performance.mark('ordskifte:painted');
      setTimeout(() => {
        if (this.#unlisten.length === 0 && !this.#destroyed) this.#follow();
        void this.#loadMine();
        void this.#showReceipts();
      });
    });
  }

  /** A load that failed: a short neutral line for readers, the precise cause for the site's developer. */
  #failed(status: number, body: { error?: { code?: string; message?: string } }): void {
    const t = this.t;
    const where = `${this.#ctx.origin}, site "${this.#site}", article "${this.#article}"`;
    if (status === 404) tellDeveloper(`no site "${this.#site}" on ${this.#ctx.origin}: check data-site.`);
    else if (status === 403)
      tellDeveloper(
        `this page's origin ${location.origin} is not one of the origins of site "${this.#site}". Add it with PATCH /api/v1/admin/sites/${this.#site} {"origins": [...]}. (${body.error?.message ?? ''})`,
      );
    else if (status === 422)
      tellDeveloper(`the service refused the request for ${where}: ${body.error?.message}`);
    else if (status === 0)
      console.warn(
        `Ordskifte: no answer from ${this.#ctx.origin} (offline, blocked, or a Content-Security-Policy without connect-src ${this.#ctx.origin}).`,
      );
    const misconfigured = status === 403 || status === 404 || status === 422;
    replace(
      this.#els.status,
      misconfigured ? t.unavailable : t.loadFailed,
      !misconfigured && ' ',
      !misconfigured &&
        h('button', { class: 'link', type: 'button', text: t.retry, onclick: () => void this.#load() }),
    );
    this.#els.status.hidden = false;
  }

  /** The writing prompt: nothing on a closed article, a login button before any form where login is required. */
  #prompt(): void {
    const t = this.t;
    const page = this.#page;
    if (!page) return;
    let prompt: HTMLElement;
    if (!page.open) prompt = h('p', { class: 'msg warn', text: t.closed });
    else if (page.requireLogin && !this.#ctx.token()) {
      const url = page.loginUrl?.replace('{return}', encodeURIComponent(location.href));
      if (!url)
        tellDeveloper(`site "${this.#site}" requires login but has no policy.loginUrl to send readers to.`);
      prompt = url
        ? h('p', null, h('a', { class: 'btn', href: url, text: t.login }))
        : h('p', { class: 'note', text: t.loginRequired });
    } else prompt = commentForm(this.#compose());
    replace(this.#els.prompt, prompt);
  }

  /** No comments: "be the first" only to a reader who can write here now (not before login on a login-only site). */
  #emptyState(): void {
    const t = this.t;
    const page = this.#page;
    const canWrite = page?.open && (!page.requireLogin || this.#ctx.token());
    replace(this.#els.status, page?.open ? `${t.empty}${canWrite ? ` ${t.beFirst}` : ''}` : t.emptyClosed);
    this.#els.status.hidden = this.#shown.size > 0;
  }

  #linked(text: string | null): void {
    this.#els.linked.hidden = !text;
    if (!text) return;
    replace(
      this.#els.linked,
      text,
      ' ',
      h('button', {
        class: 'link',
        type: 'button',
        text: this.t.showAll,
        onclick: () => {
          history.replaceState(null, '', location.pathname + location.search);
          void this.#load();
        },
      }),
    );
  }

  async #loadMore(): Promise<void> {
    if (!this.#cursor) return;
    this.#els.more.disabled = true;
    const res = await api<CommentPage>(this.#url({ sort: this.#els.sort.value, cursor: this.#cursor }));
    this.#els.more.disabled = false;
    if (res.status === 200) this.#appendPage(res.body);
  }

  /** What this reader respected and, logged in, wrote but others do not see. */
  async #loadMine(): Promise<void> {
    const headers = this.#identity();
    if (!headers) return;
    const res = await api<{
      reactions: { respect: string[] };
      comments: (PublicComment & { status: string })[];
    }>(
      `${this.#ctx.origin}/api/v1/sites/${encodeURIComponent(this.#site)}/articles/${encodeURIComponent(this.#article)}/readers/me`,
      { headers },
    );
    if (res.status !== 200) return;
    for (const id of res.body.reactions.respect) this.#respected.add(id);
    for (const id of res.body.reactions.respect) this.#patchRespect(id);
    for (const c of res.body.comments) {
      if (!this.#shown.has(c.id)) this.#placeOwn(c, c.status === 'approved' ? null : (c.status as OwnState));
    }
  }

  /** How this reader is known for reactions: their login, or this browser's reader key. */
  #identity(): Record<string, string> | null {
    const token = this.#ctx.token();
    if (token) return { authorization: `Bearer ${token}` };
    const key = pref(`reader:${this.#site}`);
    return key ? { 'ordskifte-reader': key } : null;
  }

  #appendPage(page: CommentPage): void {
    for (const comment of page.items) {
      if (!this.#shown.has(comment.id)) this.#els.list.append(this.#thread(comment));
    }
    const seen = new Set(page.items.flatMap((c) => [c.id, ...(c.replies ?? []).map((r) => r.id)]));
    for (const own of this.#own())
      if (seen.has(own.id) && own.state !== 'approved') updateOwn(own.id, { state: 'approved' });
    this.#cursor = page.nextCursor;
    this.#els.more.hidden = !page.nextCursor;
  }

  #picks(featured: PublicComment[]): void {
    const picks = this.#els.picks;
    picks.hidden = featured.length === 0;
    replace(
      picks,
      h('h3', { text: this.t.picks }),
      h(
        'ol',
        null,
        featured.map((c) => commentItem(c, this)),
      ),
    );
  }

  #setCount(n: number): void {
    replace(this.#els.count, `(${n === 1 ? this.t.countOne : fill(this.t.count, { n })})`);
    this.#els.count.dataset.n = String(n);
  }

  #bumpCount(delta: number): void {
    this.#setCount(Math.max(0, Number(this.#els.count.dataset.n ?? 0) + delta));
  }

  /** Every live update: one place (see live.ts), applied to what the reader sees without moving it. */
  #follow(): void {
    const socket = this.#ctx.socket();
    this.#unlisten.push(
      followArticle(socket, this.#site, this.#article, {
        published: (c) => this.#published(c),
        removed: (id) => this.#removed(id),
        reactions: (id, reactions) => {
          const comment = this.#comments.get(id);
          if (!comment) return;
          comment.reactions = reactions;
          this.#patchRespect(id);
        },
        unseen: (n) => {
          this.#unseen += n;
          this.#offerFresh();
        },
        catchUp: () => void this.#catchUp(),
      }),
    );
    socket.on<string>('connect_error', (why) => {
      if (/forbidden_origin|not_found/.test(why)) tellDeveloper(`the live connection was refused: ${why}`);
    });
    // A page left open learns how its writer's held comments went, and how long ago things were.
    const check = () => {
      if (document.visibilityState !== 'visible') return;
      if (this.#waitingOwn().length > 0) void this.#checkOwn();
      for (const time of this.#root.querySelectorAll('time')) {
        time.textContent = relativeTime(time.dateTime, this.t);
      }
    };
    const timer = setInterval(check, PENDING_CHECK_MS);
    const onHash = () => {
      const id = HASH.exec(location.hash)?.[1];
      if (id) void this.#goTo(id);
    };
    document.addEventListener('visibilitychange', check);
    window.addEventListener('hashchange', onHash);
    this.#unlisten.push(() => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', check);
      window.removeEventListener('hashchange', onHash);
    });
    this.#alerts.start();
  }

  /**
   * After a reconnect (or while polling without one): the newest page brings
   * what arrived meanwhile, and what it no longer holds within its span was
   * removed meanwhile.
   */
  async #catchUp(): Promise<void> {
    const res = await api<CommentPage>(this.#url({ sort: 'newest' }));
    if (res.status !== 200) return;
    const page = res.body.items;
    const listed = new Set(page.flatMap((c) => [c.id, ...(c.replies ?? []).map((r) => r.id)]));
    const oldest = res.body.nextCursor ? page.at(-1)?.createdAt : '';
    for (const [id, el] of [...this.#shown]) {
      if (el.classList.contains('mine') || listed.has(id)) continue;
      const parent = el.parentElement?.closest<HTMLElement>('li.c')?.dataset.id;
      const at = this.#comments.get(id)?.createdAt ?? '';
      if (parent ? listed.has(parent) : oldest !== undefined && at >= oldest) this.#removed(id);
    }
    this.#unseen = 0;
    for (const c of [...page].reverse()) this.#published(c);
  }

  /** A comment became visible or changed: update it in place, attach a reply, or offer it with the "new" button. */
  #published(comment: PublicComment): void {
    const existing = this.#shown.get(comment.id);
    if (existing) {
      const wasOwn = existing.classList.contains('mine');
      // A catch-up lists what is shown already: redrawing it unchanged would take the reader's
      // focus and a half-done "Ja, slett" away.
      if (!wasOwn && same(this.#comments.get(comment.id), comment)) return;
      this.#swap(existing, comment);
      if (wasOwn) {
        updateOwn(comment.id, { state: 'approved' });
        this.#bumpCount(1);
        if (heldPublished(this.#root, comment.id, this.t)) this.#announce(this.t.published);
      }
      return;
    }
    if (comment.parentId) {
      const parent = this.#shown.get(comment.parentId);
      if (parent) {
        this.#replies(parent).append(this.#item(comment));
        this.#replyToggle(parent);
        this.#bumpCount(1);
      }
      return;
    }
    if (this.#buffered.some((c) => c.id === comment.id)) return;
    if (this.#shown.size === 0) {
      this.#els.status.hidden = true;
      this.#els.list.prepend(this.#thread(comment));
      this.#bumpCount(1);
      this.#announce(this.t.announceAdded);
      return;
    }
    this.#buffered.push(comment);
    this.#offerFresh();
  }

  #offerFresh(): void {
    const n = this.#buffered.length + this.#unseen;
    this.#els.fresh.hidden = false;
    replace(this.#els.fresh, n === 1 ? this.t.newOne : fill(this.t.newMany, { n }));
    this.#announce(n === 1 ? this.t.announceOne : fill(this.t.announceNew, { n }));
  }

  async #showBuffered(): Promise<void> {
    if (this.#unseen > 0) await this.#catchUp();
    const newest = [...this.#buffered].reverse();
    this.#buffered = [];
    this.#unseen = 0;
    this.#els.fresh.hidden = true;
    const nodes = newest.filter((c) => !this.#shown.has(c.id)).map((c) => this.#thread(c));
    this.#els.list.prepend(...nodes);
    this.#bumpCount(nodes.length);
    this.#els.status.hidden = this.#shown.size > 0;
    const first = nodes[0]?.querySelector<HTMLElement>('.body');
    if (first) {
      first.tabIndex = -1;
      first.focus();
    }
  }

  #removed(id: string): void {
    this.#buffered = this.#buffered.filter((c) => c.id !== id);
    if (!this.#shown.has(id)) return;
    const parent = this.#shown.get(id)?.parentElement?.closest<HTMLElement>('li.c');
    const comment = this.#comments.get(id);
    const own = this.#own().find((c) => c.id === id);
    this.#unshow(id);
    if (parent) this.#replyToggle(parent);
    this.#bumpCount(-1);
    if (own && comment) void this.#ownRemoved(own, comment);
  }

  /** The writer's own published comment was removed: it stays with them, with the statement of reasons. */
  async #ownRemoved(own: OwnComment, comment: PublicComment): Promise<void> {
    const status = await this.#writerStatus(own);
    if (status?.comment.status !== 'rejected' || this.#shown.has(own.id)) return;
    updateOwn(own.id, { state: 'rejected' });
    this.#placeOwn(comment, 'rejected');
  }

  #announce(text: string): void {
    replace(this.#els.live, text);
  }

  // ——— one comment and its thread ———

  #item(comment: PublicComment, own: OwnState = null): HTMLLIElement {
    const el = commentItem(comment, this, own);
    this.#comments.set(comment.id, comment);
    this.#shown.set(comment.id, el);
    return el;
  }

  /** A top-level comment with its replies, folded behind "N svar" when there are many. */
  #thread(comment: PublicComment): HTMLElement {
    const el = this.#item(comment);
    const replies = h('ol', { class: 'replies', id: `r${comment.id}` });
    for (const reply of comment.replies ?? []) replies.append(this.#item(reply));
    replies.hidden = (comment.replies?.length ?? 0) > OPEN_REPLIES;
    el.append(replies);
    this.#replyToggle(el);
    return el;
  }

  #replies(thread: HTMLElement): HTMLElement {
    let replies = thread.querySelector<HTMLElement>(':scope > .replies');
    if (!replies) {
      replies = h('ol', { class: 'replies', id: `r${thread.dataset.id}` });
      thread.append(replies);
    }
    return replies;
  }

  /** The "N svar" toggle of a thread, kept in step with its replies. */
  #replyToggle(thread: HTMLElement): void {
    const replies = thread.querySelector<HTMLElement>(':scope > .replies');
    let toggle = thread.querySelector<HTMLButtonElement>(':scope > .rt');
    const n = replies?.children.length ?? 0;
    if (!replies || n === 0) return void toggle?.remove();
    if (!toggle) {
      const button = h('button', { class: 'link rt', type: 'button', 'aria-controls': replies.id });
      button.addEventListener('click', () => {
        replies.hidden = !replies.hidden;
        button.setAttribute('aria-expanded', String(!replies.hidden));
      });
      toggle = button;
      replies.before(toggle);
    }
    toggle.setAttribute('aria-expanded', String(!replies.hidden));
    replace(toggle, n === 1 ? this.t.repliesOne : fill(this.t.repliesMany, { n }));
  }

  /** Redraws a comment in place, keeping its replies, their toggle and an open form. */
  #swap(existing: HTMLElement, comment: PublicComment, own: OwnState = null): void {
    const fresh = this.#item(comment, own);
    const slot = existing.querySelector(':scope > .slot');
    if (slot?.firstChild) fresh.querySelector(':scope > .slot')?.replaceWith(slot);
    for (const keep of existing.querySelectorAll(':scope > .rt, :scope > .replies')) fresh.append(keep);
    existing.replaceWith(fresh);
    if (this.#els.picks.contains(fresh)) return;
    const pick = this.#els.picks.querySelector(`li[data-id="${comment.id}"]`);
    pick?.replaceWith(commentItem(comment, this));
  }

  #unshow(id: string): void {
    const el = this.#shown.get(id);
    el?.remove();
    this.#shown.delete(id);
    for (const reply of el?.querySelectorAll<HTMLElement>('.replies > li') ?? []) {
      if (reply.dataset.id) this.#shown.delete(reply.dataset.id);
    }
    this.#emptyState();
  }

  #patchRespect(id: string): void {
    const comment = this.#comments.get(id);
    if (!comment) return;
    for (const old of this.#root.querySelectorAll<HTMLElement>(`li[data-id="${id}"] > .acts > .respect`)) {
      old.replaceWith(respectButton(comment, this));
    }
  }

  /** Opens a comment by its permalink: here if it is shown, else the page that holds it. */
  async #goTo(id: string): Promise<void> {
    if (this.#shown.has(id)) return this.#highlight(id);
    history.replaceState(null, '', `#ordskifte-c-${id}`);
    await this.#load();
  }

  #highlight(id: string): void {
    const el = this.#shown.get(id);
    if (!el) return;
    const replies = el.parentElement;
    if (replies?.hidden) {
      replies.hidden = false;
      this.#replyToggle(replies.closest<HTMLElement>('li.c') as HTMLElement);
    }
    for (const old of this.#root.querySelectorAll('.hl')) old.classList.remove('hl');
    el.classList.add('hl');
    el.tabIndex = -1;
    el.scrollIntoView({ block: 'center' });
    el.focus({ preventScroll: true });
  }

  // ——— ItemContext: what a comment's buttons do ———

  open = () => Boolean(this.#page?.open);
  respected = (id: string) => this.#respected.has(id);
  ignoring = (authorId: string) => ignored().includes(authorId);
  isOwn = (id: string) => this.#own().some((c) => c.id === id);
  canEdit = (id: string) => {
    const own = this.#own().find((c) => c.id === id);
    const window = (this.#page?.editWindowSeconds ?? 0) * 1000;
    return Boolean(own && this.open() && Date.now() - Date.parse(own.createdAt) < window);
  };

  /** Respect, given or taken back at once and put right if the service says otherwise. */
  async respect(comment: PublicComment, button: HTMLButtonElement): Promise<void> {
    const on = !this.#respected.has(comment.id);
    const apply = (mine: boolean, n: number) => {
      if (mine) this.#respected.add(comment.id);
      else this.#respected.delete(comment.id);
      const current = this.#comments.get(comment.id) ?? comment;
      current.reactions = { respect: n };
      this.#patchRespect(comment.id);
    };
    const before = comment.reactions.respect;
    apply(on, Math.max(0, before + (on ? 1 : -1)));
    button.disabled = true;
    const send = () => {
      const headers = this.#identity();
      return headers
        ? api<{ reactions: { respect: number }; mine: boolean }>(
            `${this.#base}/${comment.id}/reactions/respect`,
            {
              method: on ? 'PUT' : 'DELETE',
              headers,
            },
          )
        : null;
    };
    if (!this.#identity()) await this.#newReaderKey();
    let res = await send();
    if (res?.status === 401 && !this.#ctx.token()) {
      // A key from another deployment or a wiped secret: take a new one once.
      setPref(`reader:${this.#site}`, null);
      await this.#newReaderKey();
      res = await send();
    }
    if (res?.status === 200) apply(res.body.mine, res.body.reactions.respect);
    else {
      apply(!on, before);
      if (res) this.#announce(failure(this.t, res, Boolean(this.#ctx.token())));
    }
  }

  async #newReaderKey(): Promise<void> {
    const res = await api<{ readerKey: string }>(
      `${this.#ctx.origin}/api/v1/sites/${encodeURIComponent(this.#site)}/readers/anonymous`,
      { method: 'POST' },
    );
    if (res.status === 201) setPref(`reader:${this.#site}`, res.body.readerKey);
  }

  reply(comment: PublicComment, slot: HTMLElement): void {
    // Closed, the slot forgets it held a form: otherwise the next press of "Svar" only closed it again.
    const close = () => {
      slot.dataset.kind = '';
      replace(slot);
    };
    this.#toggle(slot, 'reply', () =>
      commentForm(this.#compose(), {
        parent: comment,
        cancel: close,
        // A published reply stands in the thread: the open form with "publisert" in it read as a form to use
        // again. Focus goes to the reply (the form and its button are gone); the outcome was announced.
        published: (id) => {
          const body = this.#shown.get(id)?.querySelector<HTMLElement>('.body');
          close();
          if (!body) return;
          body.tabIndex = -1;
          body.focus();
        },
      }),
    );
  }

  report(comment: PublicComment, slot: HTMLElement): void {
    this.#toggle(slot, 'report', () => this.#reportForm(comment, slot));
  }

  notice(comment: PublicComment, slot: HTMLElement): void {
    if (slot.dataset.kind === 'notice') {
      slot.dataset.kind = '';
      replace(slot);
      return;
    }
    slot.dataset.kind = 'notice';
    slot.setAttribute('aria-busy', 'true');
    replace(slot);
    void this.#accountability().then((parts) => {
      slot.removeAttribute('aria-busy');
      if (slot.dataset.kind !== 'notice') return;
      if (!parts) return replace(slot, h('p', { class: 'msg err', text: this.t.failed }));
      const form = parts.noticeForm(this.#accountabilityContext(), comment.id, () => {
        slot.dataset.kind = '';
        replace(slot);
      });
      replace(slot, form);
      form.querySelector<HTMLElement>('input')?.focus();
    });
  }

  explain(id: string, slot: HTMLElement, fallback: () => void): void {
    const own = this.#own().find((c) => c.id === id);
    if (!own) {
      fallback();
      return;
    }
    void (async () => {
      const status = this.#writer.get(id) ?? (await this.#writerStatus(own));
      if (status?.comment.status === 'approved') return this.#reinstated(id);
      const statement = status?.statement;
      const parts = statement ? await this.#accountability() : null;
      if (!status || !statement || !parts) return fallback();
      replace(
        slot,
        parts.statementView(this.#accountabilityContext(), id, own.token, { ...status, statement }),
      );
    })();
  }

  ignore(comment: PublicComment, on: boolean): void {
    setIgnored(comment.authorId, on);
    for (const c of this.#comments.values()) {
      const el = this.#shown.get(c.id);
      if (c.authorId === comment.authorId && el) this.#swap(el, c);
    }
  }

  edit(comment: PublicComment, slot: HTMLElement): void {
    const own = this.#own().find((c) => c.id === comment.id);
    if (!own) return;
    this.#toggle(slot, 'edit', () =>
      commentForm(this.#compose(), { edit: { comment, token: own.token }, cancel: () => replace(slot) }),
    );
  }

  /** Delete asks once more on the same button ("Ja, slett"), then takes the comment back. */
  async remove(comment: PublicComment, button: HTMLButtonElement): Promise<void> {
    const own = this.#own().find((c) => c.id === comment.id);
    if (!own) return;
    if (button.dataset.sure !== '1') {
      button.dataset.sure = '1';
      replace(button, this.t.deleteSure);
      return;
    }
    button.disabled = true;
    const res = await api(`${this.#base}/${comment.id}?token=${encodeURIComponent(own.token)}`, {
      method: 'DELETE',
    });
    button.disabled = false;
    if (res.status !== 204 && res.status !== 404) return this.#announce(failure(this.t, res, false));
    forgetOwn(comment.id);
    const el = this.#shown.get(comment.id);
    const keepsReplies = Boolean(el?.querySelector('.replies > li'));
    const wasPublic = el && !el.classList.contains('mine');
    if (el && keepsReplies)
      this.#swap(el, { ...comment, deleted: true, body: '', authorName: '', authorId: '' });
    else if (el) {
      this.#unshow(comment.id);
      const parent = el.parentElement?.closest<HTMLElement>('li.c');
      if (parent) this.#replyToggle(parent);
    }
    if (wasPublic) this.#bumpCount(-1);
    this.#announce(this.t.deletedOwn);
  }

  dismiss(id: string): void {
    forgetOwn(id);
    this.#unshow(id);
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

  // ——— accountability: notices, statements of reasons, appeals (a chunk of its own) ———

  #accountability() {
    return loadAccountability(this.#ctx.origin, this.#root).catch(() => null);
  }

  #accountabilityContext(): AccountabilityContext {
    return {
      base: this.#base,
      siteBase: `${this.#ctx.origin}/api/v1/sites/${encodeURIComponent(this.#site)}`,
      site: this.#site,
      article: this.#article,
      lang: this.lang,
      announce: (text) => this.#announce(text),
    };
  }

  /** The status endpoint on the writer's own comment (kept: the statement view reads it). */
  async #writerStatus(own: OwnComment): Promise<WriterStatus | null> {
    const res = await api<WriterStatus>(
      `${this.#base}/${own.id}/status?token=${encodeURIComponent(own.token)}`,
    );
    if (res.status !== 200) return null;
    this.#writer.set(own.id, res.body);
    return res.body;
  }

  /** A turned-down comment of the writer's that is public now (an appeal reversed the decision). */
  #reinstated(id: string): void {
    updateOwn(id, { state: 'approved' });
    const el = this.#shown.get(id);
    const comment = this.#comments.get(id);
    if (el && comment && el.classList.contains('mine')) this.#swap(el, comment);
  }

  /** Notices this browser sent about comments here: their receipts, with how each was decided. */
  async #showReceipts(): Promise<void> {
    const receipts = receiptsFor(this.#site, this.#article);
    if (receipts.length === 0) return replace(this.#els.receipts);
    const parts = await this.#accountability();
    if (parts) replace(this.#els.receipts, parts.receiptsPanel(this.#accountabilityContext(), receipts));
  }

  /** Own comments whose fate may still change: held, or turned down with an appeal waiting. */
  #waitingOwn(): OwnComment[] {
    return this.#own().filter(
      (c) =>
        c.state === 'pending' ||
        (c.state === 'rejected' && this.#writer.get(c.id)?.appeal?.status === 'received'),
    );
  }

  // ——— the writer's own comments ———

  #own(): OwnComment[] {
    return ownComments().filter((c) => c.siteId === this.#site && c.articleId === this.#article);
  }

  #compose(): ComposeContext {
    return {
      t: this.t,
      lang: this.lang,
      base: this.#base,
      maxLength: this.#maxLength,
      token: this.#ctx.token,
      announce: (text) => this.#announce(text),
      closed: () => {
        if (this.#page) this.#page.open = false;
        this.#prompt();
      },
      done: (created, edited) => this.#written(created, edited),
    };
  }

  /** A post or an edit went through: the comment shows (to its writer only while held) and is remembered. */
  #written(created: Created, edited: boolean): void {
    const { comment, statusToken } = created;
    const state = comment.status;
    if (!edited) {
      keepOwn({
        id: comment.id,
        siteId: this.#site,
        articleId: this.#article,
        parentId: comment.parentId,
        body: comment.body,
        authorName: comment.authorName,
        createdAt: comment.createdAt,
        token: statusToken,
        state,
      });
    } else updateOwn(comment.id, { body: comment.body, state });
    const own: OwnState = state === 'approved' ? null : state;
    const existing = this.#shown.get(comment.id);
    if (existing) {
      const wasPublic = !existing.classList.contains('mine');
      this.#swap(existing, comment, own);
      if (wasPublic !== (own === null)) this.#bumpCount(own === null ? 1 : -1);
    } else {
      // A turned-down comment stays with its writer: the statement of reasons and the appeal are under it.
      this.#placeOwn(comment, own);
      if (!own) this.#bumpCount(1);
    }
    void this.#alerts.refresh();
  }

  /** The reader's own comment goes to the top (or under its parent), held, turned down or published. */
  #placeOwn(comment: PublicComment, own: OwnState): void {
    if (comment.parentId) {
      const parent = this.#shown.get(comment.parentId);
      if (!parent) return;
      this.#replies(parent).append(this.#item(comment, own));
      this.#replyToggle(parent);
    } else {
      const el = this.#item(comment, own);
      el.append(h('ol', { class: 'replies', id: `r${comment.id}` }));
      this.#els.list.prepend(el);
    }
    this.#els.status.hidden = true;
  }

  #showOwn(): void {
    for (const c of this.#own()) {
      if (c.state === 'approved' || this.#shown.has(c.id)) continue;
      this.#placeOwn(
        {
          ...c,
          authorId: '',
          featured: false,
          reactions: { respect: 0 },
          editedAt: null,
          deleted: false,
        },
        c.state,
      );
    }
    void this.#checkOwn();
  }

  /** Asks how moderation went for the writer's held comments (instead of "awaiting moderation" for weeks). */
  async #checkOwn(): Promise<void> {
    for (const own of this.#waitingOwn()) {
      const res = await api<WriterStatus>(
        `${this.#base}/${own.id}/status?token=${encodeURIComponent(own.token)}`,
      );
      if (res.status === 200) this.#writer.set(own.id, res.body);
      const status =
        res.status === 200 ? res.body.comment.status : res.status === 404 ? 'deleted' : own.state;
      const el = this.#shown.get(own.id);
      const comment = this.#comments.get(own.id);
      if (status === 'approved' && el && comment) this.#published(comment);
      else if (status === 'rejected' && el && comment) {
        // Newly turned down, or an appeal decided: drawn again with its statement.
        updateOwn(own.id, { state: 'rejected' });
        this.#swap(el, comment, 'rejected');
      } else if (status === 'deleted') this.dismiss(own.id);
    }
  }

  #reportForm(comment: PublicComment, slot: HTMLElement): HTMLElement {
    const t = this.t;
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
          onclick: () => this.#toggle(slot, 'report', () => form),
        }),
      ),
    );
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const reason = form.querySelector<HTMLInputElement>('input[type=radio]:checked')?.value ?? 'other';
      send.disabled = true;
      const res = await api(`${this.#base}/${comment.id}/reports`, {
        method: 'POST',
        body: note.value.trim() ? { reason, note: note.value.trim() } : { reason },
        headers: { 'Idempotency-Key': key },
      });
      send.disabled = false;
      const ok = res.status >= 200 && res.status < 300;
      msg.className = ok ? 'msg' : 'msg err';
      const text = ok ? t.reported : failure(t, res, false);
      replace(msg, text);
      this.#announce(text);
      if (ok) replace(slot, msg);
    });
    return form;
  }
}

/** The same comment, as far as its own line shows it (its replies are drawn on their own). */
function same(a: PublicComment | undefined, b: PublicComment): boolean {
  const line = (c: PublicComment) =>
    JSON.stringify([c.body, c.authorName, c.editedAt, c.deleted, c.featured, c.reactions?.respect]);
  return a !== undefined && line(a) === line(b);
}
