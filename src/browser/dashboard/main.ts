/**
 * The moderator dashboard at /moderate: login, site picker, comment queues
 * with live updates, one-key actions, claims, bulk actions, article switches,
 * audit trails, and the editors' opinion-piece review. Same origin as the
 * API: cookie session plus the CSRF header; no inline script (strict CSP).
 */
import type { ModComment } from '../../comments/comment.js';
import type { ClaimPayload, JoinResult, QueueCountsPayload } from '../../realtime/events.js';
import { SequencedStream } from '../../realtime/sequenced-stream.js';
import { h, newKey, replace } from '../shared/dom.js';
import { fill, formatDate, type Lang, pickLang } from '../shared/i18n.js';
import { LiveSocket } from '../shared/socket-client.js';
import { highlightSegments } from './highlight.js';
import { LatestRead } from './latest-read.js';
import { call } from './http.js';
import { applyToQueue, type QueueName, queueNames } from './queue-state.js';
import { describeReason } from './reasons.js';
import { type DashboardStrings, dashboardStrings } from './strings.js';
import { SubmissionsView } from './submissions.js';

export interface User {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'moderator' | 'editor';
  sites: string[];
}

interface AuditEntry {
  action: string;
  actor: { name: string };
  reason: string | null;
  before: { status?: string } | null;
  after: { status?: string } | null;
  at: string;
}

type Tab = QueueName | 'submissions';
type Action = 'approve' | 'reject' | 'feature' | 'unfeature';

const app = document.getElementById('app')!;
let lang: Lang = pickLang(
  localStorage.getItem('ordskifte:lang') ?? (navigator.language.startsWith('en') ? 'en' : 'nb'),
);
let t: DashboardStrings = dashboardStrings[lang];

function setLang(next: Lang): void {
  lang = next;
  t = dashboardStrings[lang];
  localStorage.setItem('ordskifte:lang', lang);
  document.documentElement.lang = lang;
  document.title = t.appTitle;
}

const stateWords = (c: ModComment) =>
  [t[`status_${c.status}`], c.featured && t.featured, c.reported && t.reportedFlag]
    .filter(Boolean)
    .join(', ');

/** Logged in: header, tabs, the queue and the selected item; owns the /moderation socket. */
class Dashboard {
  readonly user: User;
  site = '';
  tab: Tab = 'pending';
  items: ModComment[] = [];
  nextCursor: string | null = null;
  counts: QueueCountsPayload = { pending: 0, reported: 0, rejected: 0, approved: 0 };
  submissionCounts: Record<string, number> | null = null;
  selected: string | null = null;
  checked = new Set<string>();
  claims = new Map<string, ClaimPayload>();
  notices = new Map<string, string>();
  socket: LiveSocket;
  comments: SequencedStream<ModComment & { seq: number }>;
  submissionsView: SubmissionsView;
  reasonDraft = '';
  #audit: { id: string; version: number; entries: AuditEntry[] } | null = null;
  readonly #queueReads = new LatestRead();
  #syncing = 0;
  #els = {
    status: h('p', { class: 'conn', role: 'status' }),
    announce: h('div', { class: 'sr', 'aria-live': 'polite' }),
    tabs: h('nav', { class: 'tabs', 'aria-label': '' }),
    main: h('div', { class: 'work' }),
  };

  constructor(user: User, sites: string[]) {
    this.user = user;
    this.site = sites.includes(localStorage.getItem('ordskifte:site') ?? '')
      ? localStorage.getItem('ordskifte:site')!
      : (sites[0] ?? '');
    this.comments = new SequencedStream({
      deliver: (type, event) => this.#commentEvent(type, event),
      rejoin: (lastSeq) => this.rejoin({ comments: lastSeq }),
      onResync: () => void this.sync(),
    });
    this.submissionsView = new SubmissionsView(this);
    this.socket = new LiveSocket(location.origin, '/moderation', { maxDelayMs: 5000 });
    this.socket.on('connect', () => {
      this.#connection(true);
      void this.sync();
    });
    this.socket.on('disconnect', () => this.#connection(false));
    this.socket.on<string>('connect_error', (message) => {
      if (message === 'unauthorized') void boot();
    });
    const sequenced = (type: string) => (event: ModComment & { seq: number; siteId: string }) => {
      if (event.siteId === this.site) this.comments.accept(type, event);
    };
    this.socket.on('comment.created', sequenced('comment.created'));
    this.socket.on('comment.updated', sequenced('comment.updated'));
    this.socket.on<QueueCountsPayload & { siteId: string }>('queue.counts', (counts) => {
      if (counts.siteId !== this.site) return;
      this.counts = counts;
      this.renderTabs();
    });
    this.socket.on<{ siteId: string; stream: string }>('resync', (event) => {
      if (event.siteId !== this.site) return;
      if (event.stream === 'comments') this.comments.resync();
      else this.submissionsView.resync();
    });
    this.socket.on<ClaimPayload>('comment.claimed', (claim) => {
      this.claims.set(claim.commentId, claim);
      this.renderList();
    });
    this.socket.on<ClaimPayload>('comment.released', (claim) => {
      if (this.claims.get(claim.commentId)?.by.id === claim.by.id) this.claims.delete(claim.commentId);
      this.renderList();
    });
    this.submissionsView.listen(this.socket);
    this.render(sites);
    this.#connection(false);
  }

  get lang(): Lang {
    return lang;
  }

  get t(): DashboardStrings {
    return t;
  }

  get isEditor(): boolean {
    return this.user.role === 'admin' || this.user.role === 'editor';
  }

  get isModerator(): boolean {
    return this.user.role === 'admin' || this.user.role === 'moderator';
  }

  /** Asks the server to replay what a stream missed (a gap that did not close by itself). */
  rejoin(lastSeq: { comments?: number; submissions?: number }): void {
    if (this.socket.connected)
      void this.socket.request('join', { siteId: this.site, lastSeq }).catch(() => undefined);
  }

  announce(text: string): void {
    replace(this.#els.announce, text);
  }

  /**
   * (Re)joins the site room with the last seq seen, then refetches the queue:
   * after a reconnect, a resync or a site change the list is the server's.
   */
  async sync(): Promise<void> {
    if (!this.site || !this.socket.connected) return;
    const run = ++this.#syncing;
    const lastSeq: { comments?: number; submissions?: number } = {};
    if (this.comments.lastSeq !== null) lastSeq.comments = this.comments.lastSeq;
    const subSeq = this.submissionsView.stream.lastSeq;
    if (subSeq !== null) lastSeq.submissions = subSeq;
    let ack: JoinResult;
    try {
      ack = await this.socket.request<JoinResult>('join', { siteId: this.site, lastSeq });
    } catch {
      return;
    }
    if (run !== this.#syncing || !ack.ok) return;
    if (ack.counts) this.counts = ack.counts;
    if (ack.submissionCounts) this.submissionCounts = ack.submissionCounts;
    this.claims = new Map(ack.claims.map((c) => [c.commentId, c]));
    if (this.isModerator) await this.loadQueue();
    if (run !== this.#syncing) return;
    this.comments.start(ack.lastSeq.comments ?? 0);
    if (this.isEditor) await this.submissionsView.reload(ack.lastSeq.submissions ?? 0);
    this.renderTabs();
  }

  async loadQueue(more = false): Promise<void> {
    if (this.tab === 'submissions') return;
    const tab = this.tab;
    // "More" extends the current list; a full read replaces it and makes older answers stale.
    const latest = more ? this.#queueReads.join() : this.#queueReads.start();
    const cursor = more && this.nextCursor ? `&cursor=${encodeURIComponent(this.nextCursor)}` : '';
    const res = await call<{ items: ModComment[]; nextCursor: string | null; counts: QueueCountsPayload }>(
      'GET',
      `/api/v1/moderation/sites/${this.site}/queue?status=${tab}&limit=50${cursor}`,
    );
    if (res.status === 401) return void boot();
    if (res.status !== 200 || tab !== this.tab || !latest()) return;
    this.items = more
      ? [...this.items, ...res.body.items.filter((i) => !this.items.some((c) => c.id === i.id))]
      : res.body.items;
    this.nextCursor = res.body.nextCursor;
    this.counts = res.body.counts;
    if (!more && this.selected && !this.items.some((c) => c.id === this.selected)) this.selected = null;
    this.renderTabs();
    this.renderList();
  }

  #commentEvent(_type: string, event: ModComment): void {
    if (this.tab === 'submissions') return;
    const before = this.items;
    this.items = applyToQueue(this.items, event, this.tab);
    if (before !== this.items) {
      if (this.items.length > before.length) this.announce(`${t[`tab_${this.tab}`]}: ${event.authorName}`);
      this.renderList();
    }
  }

  #connection(online: boolean): void {
    this.#els.status.className = online ? 'conn on' : 'conn off';
    replace(this.#els.status, online ? t.online : t.offline);
  }

  render(sites: string[]): void {
    setLang(lang);
    const picker = h(
      'select',
      {
        id: 'site',
        onchange: (event: Event) => {
          this.site = (event.target as HTMLSelectElement).value;
          localStorage.setItem('ordskifte:site', this.site);
          this.items = [];
          this.selected = null;
          this.checked.clear();
          this.comments.resync();
        },
      },
      sites.map((s) => h('option', { value: s, selected: s === this.site, text: s })),
    );
    replace(
      app,
      h(
        'header',
        { class: 'top' },
        h('h1', { text: 'Ordskifte' }),
        sites.length > 0 && h('label', { class: 'site' }, t.site, ' ', picker),
        this.#els.status,
        h('span', { class: 'who', text: this.user.name || this.user.email }),
        h('button', {
          type: 'button',
          lang: lang === 'nb' ? 'en' : 'nb',
          'aria-label': t.languageLabel,
          text: t.language,
          onclick: () => {
            setLang(lang === 'nb' ? 'en' : 'nb');
            this.render(sites);
          },
        }),
        h('button', {
          type: 'button',
          text: t.logout,
          onclick: async () => {
            await call('POST', '/api/v1/auth/logout');
            this.socket.close();
            void boot();
          },
        }),
      ),
      this.#els.announce,
      sites.length === 0 ? h('p', { class: 'empty', text: t.noSites }) : [this.#els.tabs, this.#els.main],
    );
    if (!this.isModerator && this.tab !== 'submissions') this.tab = 'submissions';
    this.renderTabs();
    this.renderList();
  }

  renderTabs(): void {
    const tabs: Tab[] = [
      ...(this.isModerator ? queueNames : []),
      ...(this.isEditor ? (['submissions'] as const) : []),
    ];
    this.#els.tabs.setAttribute('aria-label', t.queues);
    replace(
      this.#els.tabs,
      tabs.map((tab) => {
        const n =
          tab === 'submissions'
            ? this.submissionCounts
              ? (this.submissionCounts.received ?? 0) + (this.submissionCounts.in_review ?? 0)
              : null
            : this.counts[tab];
        return h(
          'button',
          {
            type: 'button',
            class: tab === this.tab ? 'tab active' : 'tab',
            'aria-pressed': tab === this.tab ? 'true' : 'false',
            'data-tab': tab,
            onclick: () => {
              if (this.tab === tab) return;
              this.tab = tab;
              this.items = [];
              this.selected = null;
              this.checked.clear();
              this.renderTabs();
              this.renderList();
              if (tab === 'submissions') void this.submissionsView.reload(null);
              else void this.loadQueue();
            },
          },
          t[`tab_${tab}`],
          n === null ? '' : h('span', { class: 'n', 'data-count': tab, text: String(n) }),
        );
      }),
    );
  }

  /** Redraws the list and the open item, keeping keyboard focus on the same control. */
  renderList(): void {
    const focusKey = (document.activeElement as HTMLElement | null)?.dataset?.key;
    this.#drawList();
    if (focusKey) document.querySelector<HTMLElement>(`[data-key="${CSS.escape(focusKey)}"]`)?.focus();
  }

  #drawList(): void {
    if (this.tab === 'submissions') {
      replace(this.#els.main, this.submissionsView.element());
      return;
    }
    const selected = this.items.find((c) => c.id === this.selected) ?? null;
    const checkedCount = [...this.checked].filter((id) => this.items.some((c) => c.id === id)).length;
    const all = h('input', {
      type: 'checkbox',
      checked: this.items.length > 0 && checkedCount === this.items.length,
      onchange: (event: Event) => {
        const on = (event.target as HTMLInputElement).checked;
        this.checked = new Set(on ? this.items.map((c) => c.id) : []);
        this.renderList();
      },
    });
    const bulk = (action: 'approve' | 'reject', label: string) =>
      h('button', {
        type: 'button',
        class: `bulk ${action}`,
        disabled: checkedCount === 0,
        text: fill(label, { n: checkedCount }),
        onclick: () => void this.bulk(action),
      });
    const list = h(
      'ul',
      { class: 'queue', 'aria-label': t[`tab_${this.tab}`] },
      this.items.map((c) => this.#row(c)),
    );
    replace(
      this.#els.main,
      h(
        'section',
        { class: 'list' },
        h(
          'div',
          { class: 'toolbar' },
          h('label', { class: 'all' }, all, t.selectAll),
          bulk('approve', t.bulkApprove),
          bulk('reject', t.bulkReject),
        ),
        h('p', { class: 'hint', text: t.shortcuts }),
        this.items.length === 0 ? h('p', { class: 'empty', text: t.empty }) : list,
        this.nextCursor &&
          h('button', {
            type: 'button',
            class: 'more',
            text: t.loadMore,
            onclick: () => void this.loadQueue(true),
          }),
      ),
      h(
        'section',
        { class: 'detail', 'aria-live': 'off' },
        selected ? this.#detail(selected) : h('p', { class: 'empty', text: t.chooseItem }),
      ),
    );
  }

  #row(c: ModComment): HTMLElement {
    const claim = this.claims.get(c.id);
    const excerpt = c.body.length > 160 ? `${c.body.slice(0, 159)}…` : c.body;
    return h(
      'li',
      { class: c.id === this.selected ? 'item sel' : 'item', 'data-id': c.id },
      h('input', {
        type: 'checkbox',
        'data-key': `check:${c.id}`,
        'aria-label': fill(t.select, { name: c.authorName }),
        checked: this.checked.has(c.id),
        onchange: (event: Event) => {
          if ((event.target as HTMLInputElement).checked) this.checked.add(c.id);
          else this.checked.delete(c.id);
          this.renderList();
        },
      }),
      h(
        'button',
        {
          type: 'button',
          class: 'open',
          'data-key': `open:${c.id}`,
          'aria-current': c.id === this.selected ? 'true' : false,
          onclick: () => this.open(c.id),
        },
        h('span', { class: 'who', text: c.authorName }),
        h('time', { datetime: c.createdAt, text: formatDate(c.createdAt, lang) }),
        h('span', { class: 'excerpt', text: excerpt }),
        h(
          'span',
          { class: 'tags' },
          [...new Set(c.moderation.reasons.map((r) => r.rule))].map((rule) =>
            h('span', { class: 'tag', text: t[`rule_${rule}` as keyof DashboardStrings] ?? rule }),
          ),
          c.reports.count > 0 &&
            h('span', { class: 'tag warn', text: `${t.reportedFlag} ×${c.reports.count}` }),
          claim && h('span', { class: 'tag claim', text: this.#claimText(claim) }),
        ),
      ),
    );
  }

  #claimText(claim: ClaimPayload): string {
    return claim.by.id === this.user.id ? t.claimedByMe : fill(t.claimedBy, { name: claim.by.name });
  }

  /** Opens an item: claims it (others see who is on it), releases the previous one, loads its audit trail. */
  open(id: string): void {
    if (this.selected === id) return;
    const previous = this.selected;
    if (previous) this.socket.emit('release', { commentId: previous });
    this.selected = id;
    this.reasonDraft = '';
    if (this.socket.connected) this.socket.emit('claim', { commentId: id });
    this.renderList();
    document.querySelector<HTMLElement>(`[data-key="${CSS.escape(`open:${id}`)}"]`)?.focus();
  }

  #detail(c: ModComment): HTMLElement {
    const claim = this.claims.get(c.id);
    const reasons = c.moderation.reasons;
    const text = h('p', { class: 'body' });
    for (const segment of highlightSegments(
      c.body,
      reasons.map((r) => r.span),
    )) {
      if (segment.reasons.length === 0) text.append(segment.text);
      else {
        const words = segment.reasons.map(
          (i) => t[`rule_${reasons[i]?.rule}` as keyof DashboardStrings] ?? reasons[i]?.rule,
        );
        text.append(h('mark', { title: words.join(', '), text: segment.text }));
      }
    }
    const reason = h('input', {
      class: 'reason',
      'data-key': 'reason',
      'aria-label': t.rejectReason,
      placeholder: t.rejectReason,
      maxlength: 500,
      value: this.reasonDraft,
      oninput: (event: Event) => {
        this.reasonDraft = (event.target as HTMLInputElement).value;
      },
    });
    const action = (name: Action, label: string, key: string) =>
      h('button', {
        type: 'button',
        class: `act ${name}`,
        'data-key': `act:${name}`,
        'aria-keyshortcuts': key,
        text: `${label} (${key})`,
        onclick: () => void this.act(c, name, reason.value.trim() || undefined),
      });
    const audit = h('ol', { class: 'audit' });
    this.#showAudit(c, audit);
    const notice = this.notices.get(c.id);
    return h(
      'article',
      { 'aria-label': c.authorName },
      h(
        'header',
        null,
        h('h2', { text: c.authorName }),
        h(
          'p',
          { class: 'meta' },
          stateWords(c),
          ' · ',
          h('time', { datetime: c.createdAt, text: formatDate(c.createdAt, lang) }),
        ),
        claim && h('p', { class: 'claim', text: this.#claimText(claim) }),
      ),
      notice && h('p', { class: 'notice', role: 'alert', text: notice }),
      text,
      h(
        'div',
        { class: 'actions' },
        action('approve', t.approve, 'a'),
        action('reject', t.reject, 'r'),
        c.featured ? action('unfeature', t.unfeature, 'f') : action('feature', t.feature, 'f'),
        reason,
      ),
      h('h3', { text: t.reasons }),
      reasons.length === 0
        ? h('p', { text: t.noReasons })
        : h(
            'ul',
            { class: 'reasons' },
            reasons.map((r) =>
              h(
                'li',
                null,
                h('strong', { text: t[`rule_${r.rule}` as keyof DashboardStrings] ?? r.rule }),
                ': ',
                describeReason(r, t),
                r.span && h('q', { text: c.body.slice(r.span.start, r.span.end) }),
              ),
            ),
          ),
      h('h3', { text: t.reports }),
      c.reports.count === 0
        ? h('p', { text: t.noReports })
        : h(
            'ul',
            null,
            Object.entries(c.reports.reasons).map(([why, n]) =>
              h('li', { text: `${t[`report_${why}` as keyof DashboardStrings] ?? why}: ${n}` }),
            ),
          ),
      h('h3', { text: t.author }),
      h('p', null, c.author.name, c.author.email ? ` <${c.author.email}>` : ''),
      h('p', { text: fill(t.history, c.author.history) }),
      h('h3', { text: t.article }),
      this.#articleControls(c.articleId),
      h('h3', { text: t.audit }),
      audit,
    );
  }

  /** The audit trail of the open item, fetched once per version of it. */
  #showAudit(c: ModComment, list: HTMLElement): void {
    const cached = this.#audit;
    if (cached && cached.id === c.id && cached.version === c.version) {
      this.#drawAudit(cached.entries, list);
      return;
    }
    replace(list, h('li', { text: '…' }));
    void call<{ audit: AuditEntry[] }>('GET', `/api/v1/moderation/comments/${c.id}`).then((res) => {
      if (res.status !== 200) return replace(list);
      this.#audit = { id: c.id, version: c.version, entries: res.body.audit };
      this.#drawAudit(res.body.audit, list);
    });
  }

  #drawAudit(entries: AuditEntry[], list: HTMLElement): void {
    replace(
      list,
      entries.length === 0
        ? h('li', { text: t.noAudit })
        : entries.map((e) =>
            h(
              'li',
              null,
              h('time', { datetime: e.at, text: formatDate(e.at, lang) }),
              ` ${e.actor.name}: ${e.action}`,
              e.before?.status && e.after?.status ? ` (${e.before.status} → ${e.after.status})` : '',
              e.reason ? ` – ${e.reason}` : '',
            ),
          ),
    );
  }

  #articleControls(articleId: string): HTMLElement {
    const result = h('span', { class: 'result', role: 'status' });
    const patch = async (change: { open?: boolean; mode?: 'pre' | 'post' }) => {
      const res = await call<{ article: { id: string; open: boolean; mode: 'pre' | 'post' | null } }>(
        'PATCH',
        `/api/v1/moderation/sites/${this.site}/articles/${encodeURIComponent(articleId)}`,
        change,
      );
      const a = res.body.article;
      replace(
        result,
        res.status === 200 && a
          ? fill(t.articleUpdated, {
              id: a.id,
              open: a.open ? t.articleOpen : t.articleClosed,
              mode: t[`mode_${a.mode ?? 'site'}`],
            })
          : fill(t.actionFailed, { why: res.body.error?.message ?? res.status }),
      );
    };
    const button = (label: string, change: { open?: boolean; mode?: 'pre' | 'post' }) =>
      h('button', { type: 'button', text: label, onclick: () => void patch(change) });
    return h(
      'div',
      { class: 'article' },
      h('code', { text: articleId }),
      button(t.closeArticle, { open: false }),
      button(t.openArticle, { open: true }),
      button(t.preModeration, { mode: 'pre' }),
      button(t.postModeration, { mode: 'post' }),
      result,
    );
  }

  /** One action at the version shown; a 409 shows who handled it and the state it is in now. */
  async act(c: ModComment, action: Action, reason?: string): Promise<'ok' | 'conflict' | 'failed'> {
    const res = await call<{ comment: ModComment }>(
      'POST',
      `/api/v1/moderation/comments/${c.id}/actions`,
      { action, version: c.version, ...(reason ? { reason } : {}) },
      newKey(),
    );
    if (res.status === 200) {
      const updated = res.body.comment;
      const index = this.items.findIndex((i) => i.id === c.id);
      this.notices.delete(c.id);
      this.items = this.tab === 'submissions' ? this.items : applyToQueue(this.items, updated, this.tab);
      this.checked.delete(c.id);
      if (this.selected === c.id && !this.items.some((i) => i.id === c.id)) {
        const next = this.items[Math.min(index, this.items.length - 1)];
        this.selected = null;
        if (next) this.open(next.id);
      }
      this.announce(fill(t.done, { action: t[action], name: c.authorName }));
      this.renderList();
      return 'ok';
    }
    if (res.status === 409) {
      const current = res.body.error?.details?.[0]?.current as ModComment | undefined;
      if (current) this.items = this.items.map((i) => (i.id === c.id ? current : i));
      const name = current?.lastAction?.by.name;
      const state = current ? stateWords(current) : '';
      const message = name ? fill(t.alreadyHandled, { name, state }) : fill(t.changedMeanwhile, { state });
      this.notices.set(c.id, message);
      this.announce(message);
      this.renderList();
      return 'conflict';
    }
    if (res.status === 401) void boot();
    const message = fill(t.actionFailed, { why: res.body.error?.message ?? String(res.status) });
    this.notices.set(c.id, message);
    this.renderList();
    return 'failed';
  }

  async bulk(action: 'approve' | 'reject'): Promise<void> {
    const chosen = this.items.filter((c) => this.checked.has(c.id));
    let ok = 0;
    let conflicts = 0;
    for (const c of chosen) {
      const result = await this.act(c, action);
      if (result === 'ok') ok++;
      else if (result === 'conflict') conflicts++;
    }
    this.checked.clear();
    this.renderList();
    this.announce(fill(t.bulkDone, { ok, conflicts }));
  }

  /** j/k/a/r/f/x, unless the moderator is typing in a field. */
  key(event: KeyboardEvent): void {
    if (this.tab === 'submissions' || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target as HTMLElement;
    if (target.closest('input:not([type=checkbox]), textarea, select, [contenteditable]')) return;
    const at = this.items.findIndex((c) => c.id === this.selected);
    const current = this.items[at];
    switch (event.key) {
      case 'j':
      case 'k': {
        const next =
          this.items[event.key === 'j' ? Math.min(at + 1, this.items.length - 1) : Math.max(at - 1, 0)];
        if (next) this.open(next.id);
        break;
      }
      case 'a':
        if (current) void this.act(current, 'approve');
        break;
      case 'r':
        if (current) void this.act(current, 'reject');
        break;
      case 'f':
        if (current) void this.act(current, current.featured ? 'unfeature' : 'feature');
        break;
      case 'x':
        if (current) {
          if (this.checked.has(current.id)) this.checked.delete(current.id);
          else this.checked.add(current.id);
          this.renderList();
        }
        break;
      default:
        return;
    }
    event.preventDefault();
  }
}

let dashboard: Dashboard | null = null;
document.addEventListener('keydown', (event) => dashboard?.key(event));

function loginView(): void {
  setLang(lang);
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true });
  const password = h('input', {
    type: 'password',
    name: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const msg = h('p', { class: 'error', role: 'alert' });
  const form = h(
    'form',
    { class: 'login' },
    h('h1', { text: t.appTitle }),
    h('h2', { text: t.loginHeading }),
    h('label', null, t.email, email),
    h('label', null, t.password, password),
    msg,
    h('button', { type: 'submit', text: t.login }),
    h('button', {
      type: 'button',
      class: 'linkish',
      text: t.language,
      onclick: () => {
        setLang(lang === 'nb' ? 'en' : 'nb');
        loginView();
      },
    }),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const res = await call('POST', '/api/v1/auth/login', { email: email.value, password: password.value });
    if (res.status === 200) return void boot();
    replace(msg, res.status === 429 ? fill(t.loginLimited, { s: res.retryAfter || 60 }) : t.loginFailed);
  });
  replace(app, form);
  email.focus();
}

async function siteList(user: User): Promise<string[]> {
  if (user.role !== 'admin') return user.sites;
  const res = await call<{ items: { id: string }[] }>('GET', '/api/v1/admin/sites');
  return res.status === 200 ? res.body.items.map((s) => s.id) : user.sites;
}

async function boot(): Promise<void> {
  dashboard?.socket.close();
  dashboard = null;
  const res = await call<{ user: User }>('GET', '/api/v1/auth/session');
  if (res.status !== 200) return loginView();
  dashboard = new Dashboard(res.body.user, await siteList(res.body.user));
}

setLang(lang);
void boot();
