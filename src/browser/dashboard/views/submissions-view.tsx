import { useEffect, useRef } from 'preact/hooks';
import { fill } from '../../shared/i18n.js';
import { highlightSegments } from '../highlight.js';
import { describeReason } from '../reasons.js';
import { formatDate } from '../state/format.js';
import { phoneDetail, showDetailOnPhone, backToList } from '../state/route.js';
import { lang, t } from '../state/session.js';
import * as sub from '../state/submissions.js';
import type { Strings } from '../strings/index.js';
import { keepFocus } from './keep-focus.js';
import { auditAction, ruleLabel } from './labels.js';

/** The editors' review of opinion pieces: a list per status, the piece, its edits, notes and workflow. */
export function SubmissionsView() {
  const s = t.value;
  if (sub.unavailable.value) return <p class="empty">{s.submissionsUnavailable}</p>;
  const counts = sub.counts.value ?? {};
  const open = sub.detail.value;
  return (
    <div class="subs">
      <nav class="subtabs" aria-label={s.subStatuses}>
        {sub.STATUSES.map((status) => (
          <button
            key={status}
            type="button"
            class={status === sub.status.value ? 'tab active' : 'tab'}
            aria-pressed={status === sub.status.value ? 'true' : 'false'}
            data-status={status}
            onClick={() => sub.showStatus(status)}
          >
            {s[`sub_${status}`]}
            <span class="n">{String(counts[status] ?? 0)}</span>
          </button>
        ))}
      </nav>
      <div class={phoneDetail.value ? 'work show-detail' : 'work'}>
        <section class="list" aria-label={s[`sub_${sub.status.value}`]}>
          {sub.items.value.length === 0 ? (
            <p class="empty">{s.empty}</p>
          ) : (
            <ul class="queue">
              {sub.items.value.map((p) => (
                <li key={p.id} class={p.id === open?.submission.id ? 'item sel' : 'item'} data-id={p.id}>
                  <button
                    type="button"
                    class="open"
                    aria-current={p.id === open?.submission.id ? 'true' : undefined}
                    onClick={() => {
                      void sub.openPiece(p.id);
                      showDetailOnPhone();
                    }}
                  >
                    <span class="who">{p.title}</span>
                    <time dateTime={p.createdAt}>{formatDate(p.createdAt, lang.value)}</time>
                    <span class="excerpt">{`${p.authorName} · ${fill(s.chars, { n: p.length })}`}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section class="detail wide" aria-label={s.detailLabel}>
          <button type="button" class="back" onClick={backToList}>
            {s.backToList}
          </button>
          {open ? <Piece d={open} s={s} /> : <p class="empty">{s.choosePiece}</p>}
        </section>
      </div>
    </div>
  );
}

function Field(props: {
  id: string;
  name: string;
  label: string;
  initial?: string;
  multiline?: boolean;
  rows?: number;
  maxLength: number;
  disabled?: boolean;
}) {
  const draft = sub.draftOf(props.id).value;
  const value = draft[props.name] ?? props.initial ?? '';
  const onInput = (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) =>
    sub.setDraft(props.id, props.name, e.currentTarget.value);
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is one of the two elements below
    <label>
      {props.label}
      {props.multiline ? (
        <textarea
          name={props.name}
          rows={props.rows ?? 3}
          maxLength={props.maxLength}
          disabled={props.disabled}
          value={value}
          onInput={onInput}
        />
      ) : (
        <input
          name={props.name}
          maxLength={props.maxLength}
          disabled={props.disabled}
          value={value}
          onInput={onInput}
        />
      )}
    </label>
  );
}

function Piece({ d, s }: { d: sub.PieceDetail; s: Strings }) {
  const p = d.submission;
  const bodyReasons = p.moderation.reasons.filter((r) => (r.field ?? 'body') === 'body');
  const draft = sub.draftOf(p.id).value;
  const ref = useRef<HTMLElement>(null);
  const acted = useRef(false);
  // A step swaps the buttons (Start behandling → Godta, Publiser → none) when the piece comes back at its
  // new version: the pressed one is gone, so focus goes to the next step's note (a field, so a second
  // Enter takes no step), or to the title when no step is left.
  useEffect(() => {
    if (!acted.current) return;
    acted.current = false;
    keepFocus(() => [ref.current?.querySelector('.decide [name=note]'), ref.current?.querySelector('h2')]);
  }, [p.version]);
  return (
    <article aria-labelledby="piece-title" ref={ref}>
      <h2 id="piece-title" tabIndex={-1}>
        {p.title}
      </h2>
      <p class="meta">
        {`${s[`sub_${p.status}`]} · ${p.authorName}${p.authorLocation ? `, ${p.authorLocation}` : ''} · `}
        <time dateTime={p.createdAt}>{formatDate(p.createdAt, lang.value)}</time>
      </p>
      <p class="meta">
        {fill(s.contact, { email: p.authorEmail ?? '', phone: p.authorPhone ? `, ${p.authorPhone}` : '' })}
      </p>
      {sub.message.value && (
        <p class="notice" role="alert">
          {sub.message.value}
        </p>
      )}
      {p.moderation.reasons.length > 0 && (
        <ul class="reasons">
          {p.moderation.reasons.map((r, i) => (
            <li key={i}>
              <strong>{ruleLabel(r.rule, s)}</strong>
              {`: ${describeReason(r, s)}`}
            </li>
          ))}
        </ul>
      )}
      {p.editable ? (
        <fieldset class="edit">
          <legend>{s.editPiece}</legend>
          <Field id={p.id} name="title" label={s.subTitle} initial={p.title} maxLength={120} />
          <Field
            id={p.id}
            name="body"
            label={s.text}
            initial={p.body}
            multiline
            rows={16}
            maxLength={20000}
          />
          {bodyReasons.length > 0 && (
            <details class="matches">
              <summary>{s.showMatches}</summary>
              <p class="body">
                {highlightSegments(
                  p.body,
                  bodyReasons.map((r) => r.span),
                ).map((seg, i) => (seg.reasons.length ? <mark key={i}>{seg.text}</mark> : seg.text))}
              </p>
            </details>
          )}
          <Field id={p.id} name="summary" label={s.editSummary} maxLength={500} />
          <button type="button" class="save" onClick={() => void sub.saveEdit(p)}>
            {s.saveEdit}
          </button>
        </fieldset>
      ) : (
        <p class="body">
          {highlightSegments(
            p.body,
            bodyReasons.map((r) => r.span),
          ).map((seg, i) => (seg.reasons.length ? <mark key={i}>{seg.text}</mark> : seg.text))}
        </p>
      )}
      {p.allowedActions.length > 0 && (
        <fieldset class="decide">
          <legend>{s.decide}</legend>
          <Field id={p.id} name="note" label={s.actionNote} maxLength={4000} />
          <Field id={p.id} name="noteToAuthor" label={s.actionNoteToAuthor} maxLength={4000} />
          <div class="actions">
            {p.allowedActions.map((a) => (
              <button
                key={a}
                type="button"
                class={`act ${a}`}
                onClick={() => {
                  acted.current = true;
                  void sub.actOnPiece(p, a);
                }}
              >
                {s[`act_${a}`]}
              </button>
            ))}
          </div>
        </fieldset>
      )}
      <h3>{s.notes}</h3>
      {d.notes.length === 0 ? (
        <p>{s.noNotes}</p>
      ) : (
        <ul class="audit">
          {d.notes.map((n, i) => (
            <li key={n.id ?? i}>
              {`${formatDate(n.createdAt, lang.value)} ${n.author.name} (${n.visibility === 'author' ? s.noteAuthor : s.noteInternal}): ${n.text}`}
            </li>
          ))}
        </ul>
      )}
      <fieldset class="note">
        <legend>{s.addNote}</legend>
        <Field id={p.id} name="noteText" label={s.noteText} multiline rows={2} maxLength={4000} />
        <label>
          {s.noteVisibility}
          <select
            name="visibility"
            value={draft.noteVisibility ?? 'internal'}
            onChange={(e) => sub.setDraft(p.id, 'noteVisibility', e.currentTarget.value)}
          >
            <option value="internal">{s.noteInternal}</option>
            <option value="author">{s.noteAuthor}</option>
          </select>
        </label>
        <button type="button" class="add-note" onClick={() => void sub.addNote(p)}>
          {s.addNote}
        </button>
      </fieldset>
      <h3>{s.revisions}</h3>
      <ol class="audit">
        {d.revisions.map((r) => (
          <li key={r.revision}>
            <details>
              <summary>
                {fill(s.revision, {
                  n: r.revision,
                  who: r.editor?.name ?? s.original,
                  when: formatDate(r.createdAt, lang.value),
                })}
              </summary>
              <p class="body">{`${r.title}\n\n${r.body}`}</p>
            </details>
          </li>
        ))}
      </ol>
      <h3>{s.audit}</h3>
      <ol class="audit">
        {d.audit.map((a, i) => (
          <li key={i}>{`${formatDate(a.at, lang.value)} ${a.actor.name}: ${auditAction(a.action, s)}`}</li>
        ))}
      </ol>
    </article>
  );
}
