import type { PublicComment } from '../../comments/comment.js';
import { append, h } from '../shared/dom.js';
import { fill } from '../shared/i18n.js';
import type { Strings, WidgetLang } from './strings.js';
import { relativeTime } from './time.js';

/** The writer's own comment that is not public: held, or turned down by a moderator. */
export type OwnState = 'pending' | 'rejected' | null;

/** What one comment's view reads and what its buttons do; the widget implements it. */
export interface ItemContext {
  t: Strings;
  lang: WidgetLang;
  /** The article takes replies now. */
  open(): boolean;
  respected(id: string): boolean;
  ignoring(authorId: string): boolean;
  /** This browser wrote it (it holds its token). */
  isOwn(id: string): boolean;
  /** The writer can still edit it (within the site's window). */
  canEdit(id: string): boolean;
  respect(comment: PublicComment, button: HTMLButtonElement): void;
  reply(comment: PublicComment, slot: HTMLElement): void;
  report(comment: PublicComment, slot: HTMLElement): void;
  /** "Meld ulovlig innhold": the notice form (from the accountability chunk) in the comment's slot. */
  notice(comment: PublicComment, slot: HTMLElement): void;
  /** Under the writer's own turned-down comment: its statement of reasons in `slot`, else `fallback()`. */
  explain(id: string, slot: HTMLElement, fallback: () => void): void;
  ignore(comment: PublicComment, on: boolean): void;
  edit(comment: PublicComment, slot: HTMLElement): void;
  remove(comment: PublicComment, button: HTMLButtonElement): void;
  dismiss(id: string): void;
}

export const permalinkHash = (id: string) => `#ordskifte-c-${id}`;

/** "Respekt 3", pressed when the reader gave it. */
export function respectButton(comment: PublicComment, ctx: ItemContext): HTMLButtonElement {
  const n = comment.reactions.respect;
  // The visible words start the accessible name (WCAG 2.5.3); who it is for follows, for screen readers.
  const button = h(
    'button',
    { class: 'link respect', type: 'button', 'aria-pressed': String(ctx.respected(comment.id)), 'data-n': n },
    n ? `${ctx.t.respect} ${n}` : ctx.t.respect,
    h('span', { class: 'sr', text: `, ${fill(ctx.t.respectFor, { name: comment.authorName })}` }),
  );
  button.addEventListener('click', () => ctx.respect(comment, button));
  return button;
}

/** One comment: who and when (a permalink), the text, and what the reader can do with it. */
export function commentItem(comment: PublicComment, ctx: ItemContext, own: OwnState = null): HTMLLIElement {
  const { t } = ctx;
  const el = h('li', { class: own ? 'c mine' : 'c', 'data-id': comment.id });
  if (comment.authorId && !own && ctx.ignoring(comment.authorId)) {
    el.append(
      h(
        'p',
        { class: 'note' },
        fill(t.ignored, { name: comment.authorName }),
        ' ',
        h('button', {
          class: 'link',
          type: 'button',
          text: t.unignore,
          onclick: () => ctx.ignore(comment, false),
        }),
      ),
    );
    return el;
  }
  const slot = h('div', { class: 'slot' });
  const mine = ctx.isOwn(comment.id);
  const shown = !own && !comment.deleted;
  const button = (text: string, onclick: (b: HTMLButtonElement) => void, label?: string) => {
    const b = h('button', { class: 'link', type: 'button', text, 'aria-label': label ?? null });
    b.addEventListener('click', () => onclick(b));
    return b;
  };
  append(el, [
    h(
      'div',
      { class: 'meta' },
      comment.deleted ? null : h('span', { class: 'author', text: comment.authorName }),
      h(
        'a',
        { href: permalinkHash(comment.id) },
        // The exact time is its title, filled in on hover (exactOnHover).
        h('time', {
          datetime: comment.createdAt,
          text: relativeTime(comment.createdAt, t),
        }),
        h('span', { class: 'sr', text: `, ${fill(t.permalink, { name: comment.authorName || t.deleted })}` }),
      ),
      comment.editedAt && !comment.deleted && h('span', { class: 'ed', text: t.edited }),
      comment.featured && h('span', { class: 'badge', text: t.featured }),
      own === 'pending' && h('span', { class: 'badge pending', text: t.pending }),
      own === 'rejected' && h('span', { class: 'badge rejected', text: t.notPublished }),
    ),
    comment.deleted
      ? h('p', { class: 'body gone', text: t.deleted })
      : h('p', { class: 'body', text: comment.body }),
    own === 'rejected' &&
      rejectedNote(
        comment,
        ctx,
        mine,
        button(t.dismiss, () => ctx.dismiss(comment.id)),
      ),
    h(
      'div',
      { class: 'acts' },
      shown && respectButton(comment, ctx),
      shown &&
        !comment.parentId &&
        ctx.open() &&
        button(t.reply, () => ctx.reply(comment, slot), fill(t.replyTo, { name: comment.authorName })),
      shown && !mine && button(t.report, () => ctx.report(comment, slot)),
      shown && !mine && button(t.reportIllegal, () => ctx.notice(comment, slot)),
      shown &&
        !mine &&
        comment.authorId &&
        button(t.ignore, () => ctx.ignore(comment, true), fill(t.ignoreFor, { name: comment.authorName })),
      mine && own !== 'rejected' && ctx.canEdit(comment.id) && button(t.edit, () => ctx.edit(comment, slot)),
      mine && button(t.delete, (b) => ctx.remove(comment, b)),
    ),
    slot,
  ]);
  return el;
}

/**
 * Why the writer's own comment was turned down: its statement of reasons when
 * this browser holds the comment's token (the general note until the status
 * endpoint says there is none), else the general note.
 */
function rejectedNote(
  comment: PublicComment,
  ctx: ItemContext,
  mine: boolean,
  dismiss: HTMLButtonElement,
): HTMLElement[] {
  const general = h('span', { text: ctx.t.notPublishedWhy, hidden: mine });
  const why = h('div', { class: 'why' });
  if (mine) ctx.explain(comment.id, why, () => (general.hidden = false));
  return [why, h('p', { class: 'note' }, general, ' ', dismiss)];
}
