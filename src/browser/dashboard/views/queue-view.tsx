import { useSignalEffect } from '@preact/signals';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import type { ClaimPayload } from '../../../realtime/events.js';
import { fill } from '../../shared/i18n.js';
import type { QueueName } from '../queue-state.js';
import { formatDate } from '../state/format.js';
import { claim } from '../state/live.js';
import * as q from '../state/queue.js';
import { backToList, phoneDetail, showDetailOnPhone } from '../state/route.js';
import { catalogue, loadCatalogue } from '../state/catalogue.js';
import { lang, site, t, user } from '../state/session.js';
import type { Strings } from '../strings/index.js';
import { CommentDetail } from './comment-detail.js';
import { FilterBar } from './filter-bar.js';
import { helpOpen } from './help.js';
import { ruleLabel } from './labels.js';

/** Who else has the item open, in words ("Anne og Bjørn ser på denne"). */
export function claimText(list: readonly ClaimPayload[] | undefined, s: Strings): string {
  if (!list?.length) return '';
  const me = user.peek()?.id;
  const others = list.filter((c) => c.by.id !== me).map((c) => c.by.name);
  if (others.length === 0) return s.claimedByMe;
  const names =
    others.length === 1 ? others[0]! : `${others.slice(0, -1).join(', ')} ${s.and} ${others.at(-1)}`;
  return fill(others.length === list.length ? s.claimedBy : s.claimedByYouAnd, { names });
}

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return Boolean(el?.closest?.('input:not([type=checkbox]), textarea, select, [contenteditable]'));
}

/** One key per decision, unless the moderator is typing in a field. */
function onKey(event: KeyboardEvent): void {
  if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
  const current = q.selected.peek();
  const id = current?.c.id;
  const allowed = current ? q.actionsFor(current.c) : [];
  const act = (action: q.CommentAction) => {
    if (!id) return;
    if (!allowed.includes(action)) return;
    void q.act(id, action, reasonOf(id));
  };
  switch (event.key) {
    case 'j':
    case 'ArrowDown':
      if (event.key === 'ArrowDown' && !(event.target as HTMLElement).closest?.('.queue')) return;
      q.move(1);
      break;
    case 'k':
    case 'ArrowUp':
      if (event.key === 'ArrowUp' && !(event.target as HTMLElement).closest?.('.queue')) return;
      q.move(-1);
      break;
    case 'a':
      act('approve');
      break;
    case 'r':
      act('reject');
      break;
    case 'f':
      if (current) act(current.c.featured ? 'unfeature' : 'feature');
      break;
    case 'x':
      if (id) q.toggleChecked(id);
      break;
    case 'u':
      void q.undo();
      break;
    case '?': {
      // Opened here too, not only through the signal: after Escape the signal can still
      // say open for a moment (the dialog's close event comes a task later), and setting
      // it again would change nothing.
      helpOpen.value = true;
      const dialog = document.querySelector<HTMLDialogElement>('dialog.help');
      if (dialog && !dialog.open) dialog.showModal();
      break;
    }
    default: {
      // 1-9: choose a reject reason from the site's catalogue (again: unchoose); r then rejects with it.
      const n = /^[1-9]$/.test(event.key) ? Number(event.key) : 0;
      const reason = n ? catalogue.peek()[n - 1] : undefined;
      if (!id || !reason) return;
      const chosen = q.reasonCodeOf(id);
      chosen.value = chosen.peek() === reason.code ? '' : reason.code;
    }
  }
  event.preventDefault();
}

/** The reason typed for this item (sent with the decision; a chosen catalogue reason as its code). */
export function reasonOf(id: string): q.ActOptions {
  const text = q.draftOf(id).peek().trim();
  const code = q.reasonCodeOf(id).peek();
  return { ...(text ? { reason: text } : {}), ...(code ? { reasonCode: code } : {}) };
}

export function QueueView({ name }: { name: QueueName }) {
  useEffect(() => {
    if (q.queueName.peek() !== name) {
      q.resetQueue(name);
      void q.loadQueue();
    }
  }, [name]);
  useSignalEffect(() => {
    if (site.value) void loadCatalogue();
  });
  // A layout effect: the keys work from the moment the queue is drawn (a plain effect runs
  // after paint, and a key pressed in between, right after switching tabs, was lost).
  useLayoutEffect(() => {
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
  // Colleagues see which item this moderator has open.
  const previous = useRef<string | null>(null);
  useSignalEffect(() => {
    const id = q.selectedId.value;
    claim(id, previous.current);
    previous.current = id;
  });
  const s = t.value;
  return (
    <div class={phoneDetail.value ? 'work show-detail' : 'work'}>
      <QueueList s={s} />
      <section class="detail" aria-label={s.detailLabel}>
        <button type="button" class="back" onClick={backToList}>
          {s.backToList}
        </button>
        {q.selected.value ? <CommentDetail entry={q.selected.value} /> : <p class="empty">{s.chooseItem}</p>}
      </section>
    </div>
  );
}

function QueueList({ s }: { s: Strings }) {
  const list = q.entries.value;
  const checked = q.checked.value;
  const chosen = list.filter((e) => checked.has(e.c.id)).length;
  const listRef = useRef<HTMLUListElement>(null);
  const sectionRef = useRef<HTMLElement>(null);
  // Keyboard focus follows the selection after j/k and after every decision; when the
  // last item is decided it stays on the list itself, never falls to the page.
  useLayoutEffect(() => {
    if (q.focusTick.peek() === 0) return;
    const active = document.activeElement;
    if (active && typing(active) && !sectionRef.current?.contains(active)) return;
    const id = q.selectedId.peek();
    const button = id ? listRef.current?.querySelector<HTMLElement>(`li[data-id="${id}"] .open`) : null;
    if (button) {
      button.focus({ preventScroll: true });
      button.scrollIntoView({ block: 'nearest' });
    } else if (!sectionRef.current?.contains(active ?? null) || active === document.body) {
      sectionRef.current?.focus({ preventScroll: true });
    }
  }, [q.focusTick.value, list.length === 0]);
  const name = q.queueName.value;
  return (
    <section class="list" aria-label={s[`tab_${name}`]} ref={sectionRef} tabIndex={-1}>
      <FilterBar />
      {/* Nothing to act on, nothing to act with: an empty queue on a phone showed two greyed bulk buttons and the keyboard line above "Ingenting her". */}
      {list.length > 0 && (
        <>
          <div class="toolbar">
            <label class="all">
              <input
                type="checkbox"
                checked={list.length > 0 && chosen === list.length}
                onChange={(e) => {
                  q.checked.value = new Set(e.currentTarget.checked ? list.map((x) => x.c.id) : []);
                }}
              />
              {s.selectAll}
            </label>
            <button
              type="button"
              class="bulk approve"
              disabled={chosen === 0}
              onClick={() => void q.bulk('approve')}
            >
              {fill(s.bulkApprove, { n: chosen })}
            </button>
            <button
              type="button"
              class="bulk reject"
              disabled={chosen === 0}
              onClick={() => void q.bulk('reject')}
            >
              {fill(s.bulkReject, { n: chosen })}
            </button>
          </div>
          <p class="hint">
            {s.shortcuts}{' '}
            <button type="button" class="linkish" onClick={() => (helpOpen.value = true)}>
              {s.helpOpen}
            </button>
          </p>
        </>
      )}
      {list.length === 0 ? (
        <p class="empty">{q.loading.value ? s.loading : s.empty}</p>
      ) : (
        <ul class="queue" ref={listRef} aria-label={s[`tab_${name}`]}>
          {list.map((e) => (
            <Row key={e.c.id} e={e} s={s} isChecked={checked.has(e.c.id)} />
          ))}
        </ul>
      )}
      {q.nextCursor.value && (
        <button type="button" class="more" onClick={() => void q.loadQueue(true)}>
          {s.loadMore}
        </button>
      )}
    </section>
  );
}

function Row({ e, s, isChecked }: { e: q.Entry; s: Strings; isChecked: boolean }) {
  const c = e.c;
  const selected = q.selectedId.value === c.id;
  const claimsText = claimText(q.claims.value.get(c.id), s);
  const excerpt = c.body.length > 160 ? `${c.body.slice(0, 159)}…` : c.body;
  const rules = [...new Set(c.moderation.reasons.map((r) => r.rule))];
  const classes = ['item', selected && 'sel', e.gone && 'gone', e.busy && 'busy'].filter(Boolean).join(' ');
  return (
    <li class={classes} data-id={c.id}>
      <input
        type="checkbox"
        aria-label={fill(s.select, { name: c.authorName })}
        checked={isChecked}
        onChange={() => q.toggleChecked(c.id)}
      />
      <button
        type="button"
        class="open"
        aria-current={selected ? 'true' : undefined}
        onClick={() => {
          q.select(c.id);
          showDetailOnPhone();
        }}
      >
        <span class="who">{c.authorName}</span>
        <time dateTime={c.createdAt}>{formatDate(c.createdAt, lang.value)}</time>
        <span class="excerpt">{excerpt}</span>
        <span class="tags">
          {rules.map((rule) => (
            <span key={rule} class="tag">
              {ruleLabel(rule, s)}
            </span>
          ))}
          {c.reports.count > 0 && <span class="tag warn">{`${s.reportedFlag} ×${c.reports.count}`}</span>}
          {claimsText && <span class="tag claim">{claimsText}</span>}
        </span>
        {(e.gone || e.notice) && <span class="row-notice">{e.gone ?? e.notice}</span>}
      </button>
    </li>
  );
}
