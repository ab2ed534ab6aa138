import { useEffect, useRef, useState } from 'preact/hooks';
import { fill } from '../../shared/i18n.js';
import {
  type AuthorAction,
  actionsFor,
  actOnAuthor,
  author,
  authorBusy,
  loadAuthor,
} from '../state/author.js';
import { formatDate } from '../state/format.js';
import { applyFilters } from '../state/queue.js';
import { lang, t } from '../state/session.js';
import type { Strings } from '../strings/index.js';
import { keepFocus } from './keep-focus.js';
import { auditAction, statusLabel } from './labels.js';

function standingWords(a: NonNullable<typeof author.value>['author'], s: Strings): string {
  const words = [
    a.banned && s.standing_banned,
    a.shadowBanned && s.standing_shadowBanned,
    a.premoderated && s.standing_premoderated,
    a.trusted && s.standing_trusted,
  ].filter(Boolean);
  return words.length ? words.join(', ') : s.standing_none;
}

/** The author of the open item: standing, history, recent comments, and what can be done about them. */
export function AuthorPanel({ authorKey, name }: { authorKey: string; name: string }) {
  const s = t.value;
  const [reason, setReason] = useState('');
  const [existing, setExisting] = useState(false);
  const [chosen, setChosen] = useState<AuthorAction | null>(null);
  const [error, setError] = useState('');
  const panel = useRef<HTMLElement>(null);
  useEffect(() => {
    void loadAuthor(authorKey);
    setChosen(null);
    setReason('');
    setExisting(false);
  }, [authorKey]);
  const info = author.value?.author.key === authorKey ? author.value : null;
  if (!info) return <p class="meta">{`${name} · ${s.loading}`}</p>;
  const a = info.author;
  return (
    <section class="author" aria-labelledby="author-title" ref={panel}>
      <h3 id="author-title">{`${s.author}: ${a.name || name}`}</h3>
      <p>
        <strong>{s.standing}</strong> {standingWords(a, s)}
      </p>
      <p>{fill(s.history, info.history)}</p>
      {a.firstSeenAt && (
        <p class="meta">{fill(s.firstSeen, { when: formatDate(a.firstSeenAt, lang.value) })}</p>
      )}
      <div class="row">
        {actionsFor(a).map((action) => (
          <button
            key={action}
            type="button"
            class={chosen === action ? 'author-act chosen' : 'author-act'}
            aria-pressed={chosen === action ? 'true' : 'false'}
            data-action={action}
            onClick={() => setChosen(chosen === action ? null : action)}
          >
            {s[`author_${action}`]}
          </button>
        ))}
        <button type="button" class="linkish" onClick={() => applyFilters({ authorKey })}>
          {s.authorAllComments}
        </button>
      </div>
      {chosen && (
        <form
          noValidate
          class="author-form"
          onSubmit={async (e) => {
            e.preventDefault();
            if (reason.trim().length < 3) return setError(s.reasonNeeded);
            setError('');
            if (await actOnAuthor(a, chosen, reason.trim(), existing)) {
              setChosen(null);
              setReason('');
              setExisting(false);
              // The form and its button leave the page (and Steng ute becomes Opphev utestenging):
              // focus goes to the author's actions, not to the page.
              keepFocus(() => [panel.current?.querySelector('button.author-act')]);
            }
          }}
        >
          <label>
            {fill(s.authorReason, { action: s[`author_${chosen}`] })}
            <input
              name="authorReason"
              required
              minLength={3}
              maxLength={500}
              value={reason}
              onInput={(e) => setReason(e.currentTarget.value)}
            />
          </label>
          {(chosen === 'ban' || chosen === 'shadow_ban' || chosen === 'unshadow_ban') && (
            <label class="check">
              <input
                type="checkbox"
                checked={existing}
                onChange={(e) => setExisting(e.currentTarget.checked)}
              />
              {chosen === 'ban' ? s.banExisting : chosen === 'shadow_ban' ? s.hideExisting : s.showExisting}
            </label>
          )}
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" class="danger" disabled={authorBusy.value}>
            {fill(s.authorConfirm, { action: s[`author_${chosen}`], name: a.name || name })}
          </button>
        </form>
      )}
      <details>
        <summary>{fill(s.recentComments, { n: info.recentComments.length })}</summary>
        <ul class="recent">
          {info.recentComments.map((c) => (
            <li key={c.id}>
              <span class="tag">{statusLabel(c.status, s)}</span>{' '}
              <time dateTime={c.createdAt}>{formatDate(c.createdAt, lang.value)}</time>
              <p class="excerpt-wrap">{c.body.length > 240 ? `${c.body.slice(0, 239)}…` : c.body}</p>
            </li>
          ))}
        </ul>
      </details>
      {info.actions.length > 0 && (
        <details>
          <summary>{s.authorLog}</summary>
          <ol class="audit">
            {info.actions.map((e) => (
              <li key={e.id}>
                <time dateTime={e.at}>{formatDate(e.at, lang.value)}</time>
                {` ${e.actor.name}: ${auditAction(e.action, s)}`}
                {e.reason ? ` – ${e.reason}` : ''}
              </li>
            ))}
          </ol>
        </details>
      )}
    </section>
  );
}
