import type { PublicComment } from '../../comments/comment.js';
import { h, newKey, replace } from '../shared/dom.js';
import { fill } from '../shared/i18n.js';
import { type ApiError, type ApiResult, api } from './api.js';
import type { Strings } from './strings.js';

export interface Created {
  comment: PublicComment & { status: 'approved' | 'pending' | 'rejected' };
  moderation: { decision: string; reasons: { rule: string; category?: string; severity?: string }[] };
  statusToken: string;
}

interface Preview {
  decision: 'approve' | 'hold' | 'reject';
  reasons: { category: string; spans: { start: number; end: number }[] }[];
}

/** What a form needs from its widget. */
export interface ComposeContext {
  t: Strings;
  lang: string;
  /** The article's comments URL. */
  base: string;
  maxLength: number;
  token(): string | null;
  announce(text: string): void;
  /** A post (or an edit) went through; the widget shows the comment. */
  done(created: Created, edited: boolean): void;
  /** The article closed meanwhile. */
  closed(): void;
}

/** Reasons every post on the article meets: nothing the writer can rephrase. */
const STRUCTURAL = new Set(['premoderation', 'new_author']);
const RULE_CATEGORY: Record<string, string> = {
  too_many_links: 'links',
  shouting: 'shouting',
  duplicate: 'duplicate',
  premoderation: 'premoderation',
  new_author: 'new_author',
  banned_author: 'author',
  too_long: 'length',
  too_short: 'length',
};

/** Moderation reasons in the reader's words, by category (as the preview groups them). */
export function categoryWords(
  t: Strings,
  reasons: { rule?: string; category?: string; severity?: string }[],
): string {
  const words = reasons
    .filter((r) => r.severity !== 'info')
    .map((r) => {
      const category = r.category ?? RULE_CATEGORY[r.rule ?? ''] ?? 'other';
      return t[`cat_${category}` as keyof Strings] ?? t.cat_other;
    });
  return [...new Set(words)].join(', ') || t.cat_other;
}

/** The failure of a post or an edit, in words. */
export function failure(t: Strings, res: ApiResult<ApiError>, loggedIn: boolean): string {
  const why = (res.body.error?.details ?? []).map((d) => d.message).join('; ');
  if (res.status === 429) return fill(t.rateLimited, { s: res.retryAfter || 60 });
  if (res.body.error?.code === 'comments_closed') return t.closed;
  if (res.body.error?.code === 'edit_window_closed') return t.editClosed;
  if (res.status === 401) return loggedIn ? t.loginExpired : t.loginRequired;
  if (res.status === 422) return fill(t.invalid, { why: why || res.body.error?.message || '' });
  return res.status === 0 ? t.offline : t.failed;
}

/** The reader's text with the parts the preview points at marked (text nodes only). */
function marked(text: string, preview: Preview): HTMLElement {
  const spans = preview.reasons
    .flatMap((r) => r.spans)
    .sort((a, b) => a.start - b.start)
    .filter((s, i, all) => i === 0 || s.start >= (all[i - 1]?.end ?? 0));
  const p = h('p', { class: 'body' });
  let at = 0;
  for (const span of spans) {
    p.append(text.slice(at, span.start), h('mark', { text: text.slice(span.start, span.end) }));
    at = span.end;
  }
  p.append(text.slice(at));
  return p;
}

/**
 * The comment form, a reply form under `parent`, or the edit form of the
 * writer's own comment. Publishing first asks the service how the text would
 * be moderated; when it would be held or turned down for what it says, the
 * reader sees what and why (never the word that matched) and can rephrase
 * or publish anyway.
 */
export function commentForm(
  ctx: ComposeContext,
  options: {
    parent?: PublicComment | null;
    edit?: { comment: PublicComment; token: string };
    cancel?: () => void;
    /** A reply was published: its form closes and the reply, in the thread, takes over (the outcome is announced). */
    published?: (id: string) => void;
  } = {},
): HTMLFormElement {
  const { t } = ctx;
  const { parent = null, edit } = options;
  const token = ctx.token();
  const who = tokenName(token);
  const id = `o${Math.random().toString(36).slice(2, 8)}`;
  const text = h('textarea', {
    name: 'body',
    required: true,
    id: `${id}t`,
    'aria-describedby': `${id}c`,
    rows: parent || edit ? 3 : 4,
  });
  if (edit) text.value = edit.comment.body;
  const counter = h('span', { class: 'count', id: `${id}c` });
  const name = h('input', { name: 'authorName', required: true, autocomplete: 'name', maxlength: 80 });
  const email = h('input', { name: 'authorEmail', type: 'email', autocomplete: 'email' });
  // Opt-in to the reply digest: never ticked for the reader (the address alone is no consent).
  const follow = h('input', { type: 'checkbox', name: 'digest' });
  const send = h('button', { class: 'btn', type: 'submit', text: edit ? t.save : t.send });
  const msg = h('p', { class: 'msg' });
  const nudge = h('div', { class: 'nudge', hidden: true, role: 'alert' });
  name.value = localStorage.getItem('ordskifte:name') ?? '';
  let key = newKey();
  let checked = '';
  const count = () => {
    const over = text.value.length - ctx.maxLength;
    counter.classList.toggle('over', over > 0);
    replace(
      counter,
      over > 0 ? fill(t.tooLong, { n: over }) : fill(t.counter, { n: text.value.length, max: ctx.maxLength }),
    );
  };
  count();
  const say = (words: string, kind: '' | 'err' | 'warn' = '') => {
    msg.className = kind ? `msg ${kind}` : 'msg';
    replace(msg, words);
    ctx.announce(words);
  };
  const form = h(
    'form',
    {
      'aria-label': edit ? t.edit : parent ? fill(t.replyTo, { name: parent.authorName }) : t.write,
      novalidate: true,
      oninput: () => {
        key = newKey();
        nudge.hidden = true;
        count();
      },
    },
    !parent && !edit && h('h3', { text: t.write }),
    edit
      ? null
      : who
        ? h('p', { class: 'note', text: fill(t.writingAs, { name: who }) })
        : [h('label', null, t.name, name), h('label', null, t.email, email)],
    !edit && !parent && h('label', { class: 'radio' }, follow, who ? t.digestLogin : t.digest),
    h('label', { for: `${id}t` }, parent ? t.replyText : t.text),
    text,
    counter,
    nudge,
    msg,
    h(
      'div',
      { class: 'row' },
      send,
      options.cancel &&
        h('button', { class: 'btn sec', type: 'button', text: t.cancel, onclick: options.cancel }),
    ),
  );

  /** Shows what would stop the text; resolves true when the reader publishes anyway. */
  const nudgeFor = (preview: Preview) => {
    const reasons = preview.reasons.filter((r) => !STRUCTURAL.has(r.category));
    const publish = h('button', { class: 'btn', type: 'submit', text: t.nudgeSend });
    replace(
      nudge,
      h('h3', { text: t.nudgeTitle }),
      h('p', { text: preview.decision === 'reject' ? t.nudgeReject : t.nudgeHold }),
      h(
        'ul',
        null,
        reasons.map((r) => h('li', { text: t[`cat_${r.category}` as keyof Strings] ?? t.cat_other })),
      ),
      reasons.some((r) => r.spans.length > 0) && marked(text.value, preview),
      h(
        'div',
        { class: 'row' },
        h('button', {
          class: 'btn sec',
          type: 'button',
          text: t.nudgeEdit,
          onclick: () => {
            const first = reasons.flatMap((r) => r.spans)[0];
            text.focus();
            if (first) text.setSelectionRange(first.start, first.end);
          },
        }),
        publish,
      ),
    );
    nudge.hidden = false;
    publish.focus();
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (send.disabled) return;
    const body = text.value;
    if (!body.trim() || (!who && !edit && !name.value.trim())) {
      (body.trim() ? name : text).focus();
      return;
    }
    if (body.length > ctx.maxLength) return text.focus();
    if (follow.checked && !who && !email.value.trim()) {
      say(t.digestNeedsEmail, 'err');
      return email.focus();
    }
    send.disabled = true;
    replace(send, t.sending);
    // The last post's outcome ("published") is not this text's: it would stand beside this one's nudge.
    msg.className = 'msg';
    replace(msg);
    delete form.dataset.held;
    const payload: Record<string, string> = { body };
    if (!who && !edit) {
      payload.authorName = name.value.trim();
      if (email.value.trim()) payload.authorEmail = email.value.trim();
      localStorage.setItem('ordskifte:name', payload.authorName);
    }
    if (parent) payload.parentId = parent.id;
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    // Ask first, once per text: the second press of Publish for the same text posts it anyway.
    if (checked !== body) {
      checked = body;
      const preview = await api<Preview>(`${ctx.base}/preview`, { method: 'POST', body: payload, headers });
      if (
        preview.status === 200 &&
        preview.body.decision !== 'approve' &&
        preview.body.reasons.some((r) => !STRUCTURAL.has(r.category))
      ) {
        send.disabled = false;
        replace(send, edit ? t.save : t.send);
        nudgeFor(preview.body);
        return;
      }
    }
    nudge.hidden = true;
    const res = edit
      ? await api<Created>(`${ctx.base}/${edit.comment.id}`, {
          method: 'PATCH',
          body: { token: edit.token, body },
        })
      : await api<Created>(ctx.base, {
          method: 'POST',
          body: payload,
          headers: { ...headers, 'Idempotency-Key': key },
        });
    send.disabled = false;
    replace(send, edit ? t.save : t.send);
    if (res.status === 200 || res.status === 201) {
      const { comment, moderation } = res.body;
      if (comment.status === 'rejected' && !edit) {
        // The text stays in the form to be rewritten; the widget keeps the comment with its statement of reasons.
        say(fill(t.rejected, { what: categoryWords(t, moderation.reasons) }), 'err');
        ctx.done(res.body, false);
        return;
      }
      if (!edit) {
        text.value = '';
        checked = '';
        form.dispatchEvent(new Event('input'));
      }
      let words =
        comment.status === 'approved'
          ? edit
            ? t.editSaved
            : t.published
          : fill(comment.status === 'pending' ? t.held : t.rejected, {
              what: categoryWords(t, moderation.reasons),
            });
      if (follow.checked) {
        follow.checked = false;
        const sub = await api<{ confirmed: boolean }>(ctx.base.replace(/articles\/.*/, 'readers/me/digest'), {
          method: 'PUT',
          body: { lang: ctx.lang, ...(who ? {} : { tokens: `${comment.id}.${res.body.statusToken}` }) },
          headers,
        });
        words += ` ${sub.status !== 200 ? t.digestFailed : sub.body.confirmed ? t.digestOn : t.digestConfirm}`;
      }
      say(words, comment.status === 'approved' ? '' : comment.status === 'pending' ? 'warn' : 'err');
      // Which comment the message speaks of, so it can change when a moderator publishes it (heldPublished).
      if (comment.status === 'pending') form.dataset.held = comment.id;
      ctx.done(res.body, Boolean(edit));
      if (comment.status === 'approved' && !edit) options.published?.(comment.id);
      return;
    }
    if (res.body.error?.code === 'comments_closed') ctx.closed();
    say(failure(t, res, Boolean(token)), 'err');
  });
  return form;
}

/**
 * The reader's held comment `id` is published: a form whose message still says it is held ("Bare du ser den til
 * da") says it is published instead. True when a form said so, for the widget to announce the change.
 */
export function heldPublished(root: ParentNode, id: string, t: Strings): boolean {
  let told = false;
  for (const form of root.querySelectorAll<HTMLFormElement>(`form[data-held="${id}"]`)) {
    delete form.dataset.held;
    const msg = form.querySelector(':scope > p.msg');
    if (!msg) continue;
    msg.className = 'msg';
    replace(msg, t.published);
    told = true;
  }
  return told;
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
