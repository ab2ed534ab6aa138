import { useState } from 'preact/hooks';
import { RULE_NAMES } from '../../../moderation/engine/types.js';
import { fill } from '../../shared/i18n.js';
import { newsroomDay, newsroomDayStart } from '../state/format.js';
import * as q from '../state/queue.js';
import { t } from '../state/session.js';
import { ruleLabel } from './labels.js';

/** A newsroom day (YYYY-MM-DD from a date input) as the instant it starts, for the API. */
const dayStart = (day: string, plusDays = 0) => (day ? newsroomDayStart(day, plusDays).toISOString() : '');
const dayOf = (iso: string | undefined, minusDays = 0) => (iso ? newsroomDay(iso, minusDays) : '');

/** Narrowing and search for the queue: one of article, author and rule; dates; text in a bounded window. */
export function FilterBar() {
  const s = t.value;
  const current = q.filters.value;
  const [text, setText] = useState(current.q ?? '');
  const [rule, setRule] = useState(current.rule ?? '');
  const [article, setArticle] = useState(current.articleId ?? '');
  const [from, setFrom] = useState(dayOf(current.from));
  const [to, setTo] = useState(dayOf(current.to, 1));
  const [error, setError] = useState('');
  const search = q.searchInfo.value;
  const active = Object.keys(current).length > 0;
  return (
    <details class="filter-box" open={active || undefined}>
      <summary>{active ? s.filtersActive : s.filtersLabel}</summary>
      <form
        class="filters"
        aria-label={s.filtersLabel}
        onSubmit={(e) => {
          e.preventDefault();
          const narrowings = [article.trim(), rule, current.authorKey].filter(Boolean).length;
          if (narrowings > 1) return setError(s.filterOneOnly);
          if (text.trim().length === 1) return setError(s.searchTooShort);
          if (from && to && from > to) return setError(s.filterDates);
          setError('');
          q.applyFilters({
            q: text,
            rule,
            articleId: article,
            authorKey: current.authorKey,
            from: dayStart(from),
            to: dayStart(to, 1),
          });
        }}
      >
        <label>
          {s.searchText}
          <input
            type="search"
            name="q"
            maxLength={200}
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
        </label>
        <label>
          {s.filterRule}
          <select name="rule" value={rule} onChange={(e) => setRule(e.currentTarget.value)}>
            <option value="">{s.filterAll}</option>
            {RULE_NAMES.map((r) => (
              <option key={r} value={r}>
                {ruleLabel(r, s)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {s.filterArticle}
          <input
            name="articleId"
            maxLength={200}
            value={article}
            onInput={(e) => setArticle(e.currentTarget.value)}
          />
        </label>
        <label>
          {s.filterFrom}
          <input type="date" name="from" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          {s.filterTo}
          <input type="date" name="to" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        <div class="row filter-buttons">
          <button type="submit">{s.filterApply}</button>
          {active && (
            <button
              type="button"
              onClick={() => {
                setText('');
                setRule('');
                setArticle('');
                setFrom('');
                setTo('');
                setError('');
                q.applyFilters({});
              }}
            >
              {s.filterClear}
            </button>
          )}
        </div>
        {current.authorKey && (
          <p class="chip">
            {s.filterAuthor}{' '}
            <button
              type="button"
              class="linkish"
              aria-label={s.filterAuthorRemove}
              onClick={() => q.applyFilters({ ...current, authorKey: '' })}
            >
              {s.filterAuthorRemove}
            </button>
          </p>
        )}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        {search && (
          <p class="meta search-info" role="status">
            {search.complete
              ? fill(s.searchedAll, { n: search.scanned })
              : fill(s.searchedPart, { n: search.scanned })}
          </p>
        )}
      </form>
    </details>
  );
}
