import { knownZone } from '../../../sites/newsroom-time.js';
import { useEffect, useState } from 'preact/hooks';
import { fill } from '../../shared/i18n.js';
import { describeReason } from '../reasons.js';
import { type Judgement, judge, loadSites, type SiteRow, saveSite, siteRows } from '../state/admin.js';
import { site as currentSite, t } from '../state/session.js';
import type { Strings } from '../strings/index.js';
import { ruleLabel } from './labels.js';

const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:(\d{1,5}|\*))?$/i;
const SITE_ID = /^[a-z0-9-]{2,40}$/;
const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

function TestBox({ siteId, lists, s }: { siteId: string; lists: Parameters<typeof judge>[2]; s: Strings }) {
  const [text, setText] = useState('');
  const [result, setResult] = useState<Judgement | string | null>(null);
  return (
    <fieldset class="test-box">
      <legend>{s.testBox}</legend>
      <label>
        {s.testText}
        <textarea
          name="sample"
          rows={3}
          maxLength={20000}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
      </label>
      <button
        type="button"
        disabled={!text.trim()}
        onClick={async () => setResult(await judge(siteId, text, lists))}
      >
        {s.testRun}
      </button>
      <div role="status" class="test-result">
        {typeof result === 'string' ? (
          <p class="error">{result}</p>
        ) : result ? (
          <>
            <p class={`verdict ${result.decision}`}>{s[`verdict_${result.decision}`]}</p>
            {result.reasons.length === 0 ? (
              <p>{s.noReasons}</p>
            ) : (
              <ul class="reasons">
                {result.reasons.map((r, i) => (
                  <li key={i}>
                    <strong>{ruleLabel(r.rule, s)}</strong>
                    {`: ${describeReason(r, s)}`}
                  </li>
                ))}
              </ul>
            )}
          </>
        ) : null}
      </div>
    </fieldset>
  );
}

function SiteEditor({ row, s, onSaved }: { row: SiteRow | null; s: Strings; onSaved: (id: string) => void }) {
  const p = row?.policy;
  const [id, setId] = useState(row?.id ?? '');
  const [name, setName] = useState(row?.name ?? '');
  const [origins, setOrigins] = useState((row?.origins ?? []).join('\n'));
  const [mode, setMode] = useState<'pre' | 'post'>(p?.mode ?? 'post');
  const [maxLinks, setMaxLinks] = useState(String(p?.maxLinks ?? 1));
  const [reportThreshold, setReportThreshold] = useState(String(p?.reportThreshold ?? 3));
  const [newAuthorHold, setNewAuthorHold] = useState(String(p?.newAuthorHold ?? 0));
  const [requireLogin, setRequireLogin] = useState(p?.requireLogin ?? false);
  const [timeZone, setTimeZone] = useState(p?.timeZone ?? 'Europe/Oslo');
  const [statement, setStatement] = useState(p?.moderationStatement ?? '');
  const [banned, setBanned] = useState((p?.bannedTerms ?? []).join('\n'));
  const [suspect, setSuspect] = useState((p?.suspectTerms ?? []).join('\n'));
  const [allowed, setAllowed] = useState((p?.allowedTerms ?? []).join('\n'));
  const [error, setError] = useState('');
  const number = (value: string, min: number, max: number) => {
    const n = Number(value);
    return Number.isInteger(n) && n >= min && n <= max ? n : null;
  };
  const lists = {
    bannedTerms: lines(banned),
    suspectTerms: lines(suspect),
    allowedTerms: lines(allowed),
    maxLinks: number(maxLinks, 0, 100) ?? 1,
  };
  return (
    <form
      noValidate
      class="panel admin-form site-form"
      aria-labelledby="site-form-title"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!row && !SITE_ID.test(id)) return setError(s.badSiteId);
        const badOrigin = lines(origins).find((o) => !ORIGIN.test(o));
        if (badOrigin) return setError(fill(s.badOrigin, { origin: badOrigin }));
        const links = number(maxLinks, 0, 100);
        const threshold = number(reportThreshold, 1, 1000);
        const hold = number(newAuthorHold, 0, 100);
        if (links === null || threshold === null || hold === null) return setError(s.badNumber);
        if (!knownZone(timeZone.trim())) return setError(fill(s.badTimeZone, { zone: timeZone.trim() }));
        const problem = await saveSite(row?.id ?? null, {
          ...(row ? {} : { id }),
          name: name.trim() || id,
          origins: lines(origins),
          policy: {
            mode,
            maxLinks: links,
            reportThreshold: threshold,
            newAuthorHold: hold,
            requireLogin,
            timeZone: timeZone.trim(),
            moderationStatement: statement.trim(),
            bannedTerms: lists.bannedTerms,
            suspectTerms: lists.suspectTerms,
            allowedTerms: lists.allowedTerms,
          },
        });
        setError(problem ?? '');
        if (!problem) onSaved(row?.id ?? id);
      }}
    >
      <h3 id="site-form-title">{row ? fill(s.editSite, { name: row.name }) : s.newSite}</h3>
      {!row && (
        <label>
          {s.siteId}
          <input
            name="id"
            required
            pattern="[a-z0-9-]{2,40}"
            value={id}
            onInput={(e) => setId(e.currentTarget.value)}
          />
        </label>
      )}
      <label>
        {s.siteName}
        <input name="name" maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        {s.siteOrigins}
        <textarea
          name="origins"
          rows={3}
          value={origins}
          onInput={(e) => setOrigins(e.currentTarget.value)}
        />
      </label>
      <div class="grid-3">
        <label>
          {s.siteMode}
          <select name="mode" value={mode} onChange={(e) => setMode(e.currentTarget.value as 'pre' | 'post')}>
            <option value="post">{s.mode_post}</option>
            <option value="pre">{s.mode_pre}</option>
          </select>
        </label>
        <label>
          {s.siteMaxLinks}
          <input
            type="number"
            name="maxLinks"
            min={0}
            max={100}
            value={maxLinks}
            onInput={(e) => setMaxLinks(e.currentTarget.value)}
          />
        </label>
        <label>
          {s.siteReportThreshold}
          <input
            type="number"
            name="reportThreshold"
            min={1}
            max={1000}
            value={reportThreshold}
            onInput={(e) => setReportThreshold(e.currentTarget.value)}
          />
        </label>
        <label>
          {s.siteNewAuthorHold}
          <input
            type="number"
            name="newAuthorHold"
            min={0}
            max={100}
            value={newAuthorHold}
            onInput={(e) => setNewAuthorHold(e.currentTarget.value)}
          />
        </label>
      </div>
      <label class="check">
        <input
          type="checkbox"
          name="requireLogin"
          checked={requireLogin}
          onChange={(e) => setRequireLogin(e.currentTarget.checked)}
        />
        {s.siteRequireLogin}
      </label>
      <label>
        {s.siteTimeZone}
        <input
          name="timeZone"
          maxLength={64}
          autoComplete="off"
          spellcheck={false}
          value={timeZone}
          onInput={(e) => setTimeZone(e.currentTarget.value)}
        />
      </label>
      <label>
        {s.siteStatement}
        <textarea
          name="statement"
          rows={2}
          maxLength={2000}
          value={statement}
          onInput={(e) => setStatement(e.currentTarget.value)}
        />
      </label>
      <div class="grid-3">
        <label>
          {s.bannedTerms}
          <textarea
            name="bannedTerms"
            rows={6}
            value={banned}
            onInput={(e) => setBanned(e.currentTarget.value)}
          />
        </label>
        <label>
          {s.suspectTerms}
          <textarea
            name="suspectTerms"
            rows={6}
            value={suspect}
            onInput={(e) => setSuspect(e.currentTarget.value)}
          />
        </label>
        <label>
          {s.allowedTerms}
          <textarea
            name="allowedTerms"
            rows={6}
            value={allowed}
            onInput={(e) => setAllowed(e.currentTarget.value)}
          />
        </label>
      </div>
      <p class="meta">{s.termsHelp}</p>
      {row && <TestBox siteId={row.id} lists={lists} s={s} />}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit">{row ? s.saveSite : s.createSite}</button>
    </form>
  );
}

/** Sites: origins, policy, term lists with a test box, and new sites. */
export function AdminSitesView() {
  const s = t.value;
  const [chosen, setChosen] = useState<string | null>(currentSite.peek() || null);
  useEffect(() => {
    void loadSites();
  }, []);
  const rows = siteRows.value;
  if (!rows) return <p class="empty">{s.loading}</p>;
  const row = chosen ? (rows.find((r) => r.id === chosen) ?? null) : null;
  return (
    <div class="admin">
      <nav class="panel" aria-label={s.sitesTitle}>
        <h2>{s.sitesTitle}</h2>
        <ul class="site-list">
          {rows.map((r) => (
            <li key={r.id}>
              <button
                type="button"
                aria-pressed={r.id === chosen ? 'true' : 'false'}
                onClick={() => setChosen(r.id)}
              >
                {`${r.name} (${r.id})`}
              </button>
            </li>
          ))}
          <li>
            <button
              type="button"
              aria-pressed={chosen === null ? 'true' : 'false'}
              onClick={() => setChosen(null)}
            >
              {s.newSite}
            </button>
          </li>
        </ul>
      </nav>
      <SiteEditor
        key={row ? `${row.id}:${JSON.stringify(row.policy)}` : 'new'}
        row={row}
        s={s}
        onSaved={setChosen}
      />
    </div>
  );
}
