/** What the notices, appeals and statistics views share: their styles, the list, the comment, the time waited. */
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import type { ModComment } from '../../../comments/comment.js';
import { fill } from '../../shared/i18n.js';
import {
  type CaseItem,
  type CaseKind,
  cases,
  loadCases,
  loaded,
  loadError,
} from '../state/accountability.js';
import { formatDate } from '../state/format.js';
import { lang, site } from '../state/session.js';
import styles from './accountability.css';
import { cs, duration } from './accountability-strings.js';
import { firstControl, keepFocus } from './keep-focus.js';

let adopted = false;
/** These views' CSS comes with their chunk, not the first load (the workbench's budget). */
export function adoptStyles(): void {
  if (adopted) return;
  adopted = true;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(styles);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

/** Past a day, a case is shown as overdue: DSA Art. 16 and 20 ask for decisions without undue delay. */
const LONG_WAIT_SECONDS = 24 * 3600;

export function Waited({ since, now }: { since: string; now: number }) {
  const seconds = Math.max(0, (now - new Date(since).getTime()) / 1000);
  const s = cs.value;
  return (
    <span class={seconds > LONG_WAIT_SECONDS ? 'waited long' : 'waited'}>
      <time dateTime={since} title={formatDate(since, lang.value)}>
        {fill(s.waited, { t: duration(seconds, s) })}
      </time>
    </span>
  );
}

/** The comment a case is about, as its writer wrote it. */
export function CaseComment({ c }: { c: ModComment }) {
  const s = cs.value;
  return (
    <>
      <p class="label">
        {s.theComment} ({s[`commentStatus_${c.status}`]})
      </p>
      <blockquote>{c.body}</blockquote>
      <p class="meta">
        {fill(s.writtenBy, { name: c.authorName, date: formatDate(c.createdAt, lang.value) })} ·{' '}
        {fill(s.inArticle, { article: c.articleId })}
      </p>
    </>
  );
}

type CaseTexts = { heading: string; intro: string; empty: string };

/**
 * One queue of cases (notices or appeals), oldest first: loaded again when the
 * site changes, with its heading, what it is for, a load error or an empty
 * state, and one card per case drawn by the view.
 */
export function CaseSection({
  kind,
  texts,
  onSite,
  card,
}: {
  kind: CaseKind;
  texts: CaseTexts;
  onSite?: () => void;
  card: (item: CaseItem) => ComponentChildren;
}) {
  const s = cs.value;
  const siteId = site.value;
  useEffect(() => {
    void loadCases(kind);
    onSite?.();
  }, [siteId]);
  const list = cases[kind].value;
  const failed = loadError.value[kind];
  return (
    <section class="cases" aria-labelledby={`${kind}-title`}>
      <h2 id={`${kind}-title`} tabIndex={-1}>
        {texts.heading}
      </h2>
      <p class="intro">{texts.intro}</p>
      {failed !== null && <p class="result bad">{fill(s.failed, { why: String(failed) })}</p>}
      {loaded.value[kind] && list.length === 0 && <p class="empty">{texts.empty}</p>}
      <ul class="case-list">{list.map(card)}</ul>
    </section>
  );
}

/**
 * Where keyboard focus goes once a case is decided: the card and its buttons leave the list, so to
 * the next case's first control, the one before it, or the list's heading; a card that stays (the
 * decision failed) keeps it on the button pressed. Call before the request, run what it returns after.
 */
export function focusAfterDecision(card: HTMLElement | null, pressed: Element | null): () => void {
  const next = card?.nextElementSibling ?? card?.previousElementSibling;
  const heading = card?.closest('section')?.querySelector('h2');
  return () => keepFocus(() => [pressed, firstControl(next), heading]);
}
