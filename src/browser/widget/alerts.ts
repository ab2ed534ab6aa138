import type { PublicComment } from '../../comments/comment.js';
import { h, replace } from '../shared/dom.js';
import { fill } from '../shared/i18n.js';
import { api } from './api.js';
import { permalinkHash } from './comment-item.js';
import { ownComments, pref, setPref } from './own-store.js';
import type { Strings, WidgetLang } from './strings.js';
import { exactTime, relativeTime } from './time.js';

interface Alert {
  id: string;
  type: 'reply' | 'approved' | 'rejected' | 'featured';
  at: string;
  articleId: string;
  commentId: string;
  excerpt: string;
  reply: PublicComment | null;
  unread: boolean;
}

interface DigestStatus {
  subscribed: boolean;
  email: string | null;
}

interface AlertPage {
  items: Alert[];
  unread: { total: number };
}

/** How often an open page asks for news while it is visible. */
const EVERY_MS = 120_000;

/**
 * Replies that reach the reader: a button with the unread count in the
 * widget's header and, when pressed, the list (replies to their comments and
 * moderators' decisions on them). A logged-in reader is asked for by login;
 * an anonymous one by the status tokens this browser kept from posting.
 */
export class Alerts {
  readonly button: HTMLButtonElement;
  readonly panel: HTMLElement;
  #timer: ReturnType<typeof setInterval> | undefined;
  #items: Alert[] = [];
  /** A logged-in reader's reply digest (for that login), asked for when the panel opens. */
  #digest: (DigestStatus & { login: string }) | null = null;

  constructor(
    private readonly ctx: {
      t: Strings;
      lang: WidgetLang;
      origin: string;
      site: string;
      article: string;
      token(): string | null;
      /** Show a comment of this article (a permalink within the page). */
      open(id: string): void;
    },
  ) {
    this.button = h('button', { class: 'link bell', type: 'button', 'aria-expanded': 'false', hidden: true });
    this.panel = h('div', {
      class: 'panel alerts',
      hidden: true,
      role: 'region',
      'aria-label': ctx.t.alerts,
    });
    this.button.addEventListener('click', () => this.#toggle());
  }

  start(): void {
    void this.refresh();
    this.#timer = setInterval(() => document.visibilityState === 'visible' && void this.refresh(), EVERY_MS);
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** Asks for news, if this reader has anything to be told about. */
  async refresh(): Promise<void> {
    const { origin, site, token } = this.ctx;
    const login = token();
    const mine = ownComments()
      .filter((c) => c.siteId === site)
      .slice(-50);
    if (!login && mine.length === 0) return;
    const query = new URLSearchParams({ limit: '20' });
    if (!login) {
      query.set('tokens', mine.map((c) => `${c.id}.${c.token}`).join(','));
      const seen = pref(`seen:${site}`);
      if (seen) query.set('seen', seen);
    }
    const res = await api<AlertPage>(
      `${origin}/api/v1/sites/${encodeURIComponent(site)}/readers/me/notifications?${query}`,
      { headers: login ? { authorization: `Bearer ${login}` } : {} },
    );
    if (res.status !== 200) return;
    this.#items = res.body.items;
    this.#badge(res.body.unread.total);
    if (!this.panel.hidden) this.#render();
  }

  #badge(unread: number): void {
    const { t } = this.ctx;
    this.button.hidden = false;
    replace(
      this.button,
      t.alerts,
      unread > 0 && h('span', { class: 'dot', text: unread > 99 ? '99+' : unread }),
    );
    this.button.setAttribute('aria-label', unread > 0 ? fill(t.alertsUnread, { n: unread }) : t.alerts);
  }

  #toggle(): void {
    const open = this.panel.hidden;
    this.panel.hidden = !open;
    this.button.setAttribute('aria-expanded', String(open));
    if (!open) return;
    this.#render();
    void this.#loadDigest();
    // Read now: remembered by this browser, and by the service for a logged-in reader.
    const now = new Date().toISOString();
    const login = this.ctx.token();
    if (login) {
      void api(
        `${this.ctx.origin}/api/v1/sites/${encodeURIComponent(this.ctx.site)}/readers/me/notifications/seen`,
        {
          method: 'POST',
          body: { at: now },
          headers: { authorization: `Bearer ${login}` },
        },
      );
    } else setPref(`seen:${this.ctx.site}`, now);
    this.#badge(0);
  }

  #digestUrl(): string {
    return `${this.ctx.origin}/api/v1/sites/${encodeURIComponent(this.ctx.site)}/readers/me/digest`;
  }

  async #loadDigest(): Promise<void> {
    const login = this.ctx.token();
    if (!login) return;
    const res = await api<DigestStatus>(this.#digestUrl(), { headers: { authorization: `Bearer ${login}` } });
    if (res.status !== 200) return;
    this.#digest = { ...res.body, login };
    if (!this.panel.hidden) this.#render();
  }

  /** The reply digest, switched on and off here by a logged-in reader whose login carries an address. */
  #digestSwitch(): HTMLElement[] {
    const { t, lang } = this.ctx;
    const digest = this.#digest;
    const login = this.ctx.token();
    if (!login || digest?.login !== login || !digest.email) return [];
    const box = h('input', { type: 'checkbox', name: 'digest', checked: digest.subscribed });
    const msg = h('p', { class: 'msg', role: 'status' });
    box.addEventListener('change', async () => {
      const on = box.checked;
      box.disabled = true;
      const res = await api(this.#digestUrl(), {
        method: on ? 'PUT' : 'DELETE',
        body: on ? { lang } : undefined,
        headers: { authorization: `Bearer ${login}` },
      });
      box.disabled = false;
      const ok = res.status === 200 || res.status === 204;
      if (ok) digest.subscribed = on;
      box.checked = digest.subscribed;
      msg.className = ok ? 'msg' : 'msg err';
      replace(msg, ok ? (on ? t.digestOn : t.digestOff) : t.failed);
    });
    return [h('label', { class: 'radio' }, box, t.digestLogin), msg];
  }

  #render(): void {
    const { t, lang } = this.ctx;
    replace(
      this.panel,
      h('h3', { text: t.alerts }),
      this.#items.length === 0
        ? h('p', { class: 'note', text: t.alertsEmpty })
        : h(
            'ol',
            null,
            this.#items.map((item) => {
              const title = fill(t[`alert_${item.type}`], { name: item.reply?.authorName ?? '' });
              const target = item.reply?.id ?? item.commentId;
              const here = item.articleId === this.ctx.article;
              return h(
                'li',
                { class: item.unread ? 'unread' : '' },
                here
                  ? h('a', {
                      href: permalinkHash(target),
                      text: title,
                      onclick: (event: Event) => {
                        event.preventDefault();
                        this.ctx.open(target);
                      },
                    })
                  : h('span', { text: title }),
                ' ',
                h('time', {
                  datetime: item.at,
                  title: exactTime(item.at, lang),
                  text: relativeTime(item.at, t),
                }),
                h('p', { text: `«${item.reply?.body.slice(0, 140) ?? item.excerpt}»` }),
              );
            }),
          ),
      this.#digestSwitch(),
      h('button', { class: 'btn sec', type: 'button', text: t.close, onclick: () => this.#toggle() }),
    );
  }
}
