import { useEffect } from 'preact/hooks';
import type { ModComment } from '../../../comments/comment.js';
import { fill } from '../../shared/i18n.js';
import { highlightSegments } from '../highlight.js';
import { call } from '../http.js';
import { describeReason } from '../reasons.js';
import { catalogue } from '../state/catalogue.js';
import { type ArticleInfo, articleChanged, context, loadContext } from '../state/detail.js';
import { formatDate } from '../state/format.js';
import * as q from '../state/queue.js';
import { errorText } from '../state/queue.js';
import { announce, lang, site, t } from '../state/session.js';
import type { Strings } from '../strings/index.js';
import { ArticleName } from './article-name.js';
import { AuthorPanel } from './author-panel.js';
import { RiskPanel } from './risk-panel.js';
import { auditAction, auditChange, reportLabel, ruleLabel } from './labels.js';
import { claimText, reasonOf } from './queue-view.js';

const KEYS: Record<q.CommentAction, string> = { approve: 'a', reject: 'r', feature: 'f', unfeature: 'f' };

function stateWords(c: ModComment, s: Strings): string {
  return [s[`status_${c.status}`], c.featured && s.featured, c.reported && s.reportedFlag]
    .filter(Boolean)
    .join(', ');
}

function Body({ c, s }: { c: ModComment; s: Strings }) {
  const reasons = c.moderation.reasons;
  return (
    <p class="body">
      {highlightSegments(
        c.body,
        reasons.map((r) => r.span),
      ).map((segment, i) =>
        segment.reasons.length === 0 ? (
          segment.text
        ) : (
          <mark key={i} title={segment.reasons.map((k) => ruleLabel(reasons[k]?.rule ?? '', s)).join(', ')}>
            {segment.text}
          </mark>
        ),
      )}
    </p>
  );
}

export function CommentDetail({ entry }: { entry: q.Entry }) {
  const c = entry.c;
  const s = t.value;
  useEffect(() => {
    void loadContext(c);
  }, [c.id, c.version]);
  const ctx = context.value?.id === c.id ? context.value : null;
  const draft = q.draftOf(c.id);
  const code = q.reasonCodeOf(c.id);
  const claims = claimText(q.claims.value.get(c.id), s);
  const message = entry.gone ?? entry.notice;
  return (
    <article aria-labelledby="detail-author" class={entry.gone ? 'gone' : undefined}>
      <header>
        <h2 id="detail-author">{c.authorName}</h2>
        <p class="meta">
          {stateWords(c, s)} · <time dateTime={c.createdAt}>{formatDate(c.createdAt, lang.value)}</time>
        </p>
        <p class="meta">
          {`${s.article}: `}
          <ArticleName id={c.articleId} title={ctx?.article?.title} url={ctx?.article?.url} />
        </p>
        {claims && <p class="claim">{claims}</p>}
      </header>
      {message && (
        <p class="notice" role="alert">
          {message}
        </p>
      )}
      {ctx?.parent && (
        <figure class="parent">
          <figcaption>{fill(s.inReplyTo, { name: ctx.parent.authorName })}</figcaption>
          <blockquote>{ctx.parent.body}</blockquote>
        </figure>
      )}
      <Body c={c} s={s} />
      {/* Readers' reports are why a reported item is here: they come first, not below the reject reasons. */}
      {c.reports.count > 0 && (
        <>
          <h3>{s.reports}</h3>
          <ul class="reports">
            {Object.entries(c.reports.reasons).map(([why, n]) => (
              <li key={why}>{`${reportLabel(why, s)}: ${n}`}</li>
            ))}
            {ctx?.reports
              .filter((r) => r.note)
              .map((r) => (
                <li key={r.id} class="report-note">
                  <span class="tag">{reportLabel(r.reason, s)}</span> <q>{r.note}</q>
                </li>
              ))}
          </ul>
        </>
      )}
      <h3>{s.reasons}</h3>
      {c.moderation.reasons.length === 0 ? (
        <p>{s.noReasons}</p>
      ) : (
        <ul class="reasons">
          {c.moderation.reasons.map((r, i) => (
            <li key={i}>
              <strong>{ruleLabel(r.rule, s)}</strong>
              {`: ${describeReason(r, s)}`}
              {r.span && <Matched text={c.body.slice(r.span.start, r.span.end)} term={r.params?.term} />}
            </li>
          ))}
        </ul>
      )}
      <RiskPanel c={c} s={s} />
      <div class="actions">
        {q.actionsFor(c).map((action) => (
          <button
            key={action}
            type="button"
            class={`act ${action}`}
            aria-keyshortcuts={KEYS[action]}
            disabled={entry.busy}
            onClick={() => void q.act(c.id, action, reasonOf(c.id))}
          >
            {`${s[action]} (${KEYS[action]})`}
          </button>
        ))}
      </div>
      {catalogue.value.length > 0 && q.actionsFor(c).includes('reject') && (
        <fieldset class="catalogue">
          <legend>{s.rejectReasonPick}</legend>
          {catalogue.value.slice(0, 9).map((r, i) => (
            <label key={r.code} class="check" title={r.ground.explanation[lang.value]}>
              <input
                type="radio"
                name={`reason-${c.id}`}
                value={r.code}
                checked={code.value === r.code}
                onClick={() => {
                  code.value = code.peek() === r.code ? '' : r.code;
                }}
              />
              <kbd>{i + 1}</kbd>
              {r.labels[lang.value]}
              {r.ground.type === 'law' && <span class="tag">{s.groundLaw}</span>}
            </label>
          ))}
          {catalogue.value.length > 9 && (
            <label class="more-reasons">
              {s.moreReasons}
              <select
                value={catalogue.value.slice(9).some((r) => r.code === code.value) ? code.value : ''}
                onChange={(e) => {
                  code.value = e.currentTarget.value;
                }}
              >
                <option value="">–</option>
                {catalogue.value.slice(9).map((r) => (
                  <option key={r.code} value={r.code}>
                    {r.ground.type === 'law'
                      ? `${r.labels[lang.value]} (${s.groundLaw})`
                      : r.labels[lang.value]}
                  </option>
                ))}
              </select>
            </label>
          )}
        </fieldset>
      )}
      <label class="reason">
        {s.rejectReason}
        <input
          value={draft.value}
          maxLength={500}
          onInput={(e) => {
            draft.value = e.currentTarget.value;
          }}
        />
      </label>
      {c.reports.count === 0 && (
        <>
          <h3>{s.reports}</h3>
          <p>{s.noReports}</p>
        </>
      )}
      <AuthorPanel authorKey={c.authorKey} name={c.authorName} />
      {c.author.email && <p class="meta">{fill(s.authorEmail, { email: c.author.email })}</p>}
      <h3>{s.article}</h3>
      <ArticleControls articleId={c.articleId} info={ctx?.article ?? null} s={s} />
      <h3>{s.audit}</h3>
      {!ctx ? (
        <p>{s.loading}</p>
      ) : ctx.audit.length === 0 ? (
        <p>{s.noAudit}</p>
      ) : (
        <ol class="audit">
          {ctx.audit.map((e, i) => (
            <li key={e.id ?? i}>
              <time dateTime={e.at}>{formatDate(e.at, lang.value)}</time>
              {` ${e.actor.name}: ${auditAction(e.action, s)}${auditChange(e.before, e.after, s)}`}
              {e.reason ? ` – ${e.reason}` : ''}
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}

/** The words in the text a rule matched, unless the reason already quotes them as they stand. */
function Matched({ text, term }: { text: string; term: string | number | undefined }) {
  if (typeof term === 'string' && term.toLocaleLowerCase() === text.toLocaleLowerCase()) return null;
  return (
    <>
      {' '}
      <q>{text}</q>
    </>
  );
}

function ArticleControls({
  articleId,
  info,
  s,
}: {
  articleId: string;
  info: ArticleInfo | null;
  s: Strings;
}) {
  const patch = async (change: { open?: boolean; mode?: 'pre' | 'post' }) => {
    const res = await call<{ article: ArticleInfo }>(
      'PATCH',
      `/api/v1/moderation/sites/${encodeURIComponent(site.peek())}/articles/${encodeURIComponent(articleId)}`,
      change,
    );
    const a = res.body.article;
    if (res.status === 200 && a) {
      articleChanged(a);
      announce(
        fill(s.articleUpdated, {
          id: info?.title ?? a.id,
          open: a.open ? s.articleOpen : s.articleClosed,
          mode: s[`mode_${a.mode ?? 'site'}`],
        }),
      );
    } else announce(fill(s.actionFailed, { why: errorText(res) }), true);
  };
  const open = info?.open ?? true;
  return (
    <div class="article">
      <p>
        <span class="article-title">{info?.title || articleId}</span>
        {info && (
          <span class="meta">
            {` · ${open ? s.articleOpen : s.articleClosed}, ${s[`mode_${info.mode ?? 'site'}`]}`}
          </span>
        )}
      </p>
      <div class="row">
        {open ? (
          <button type="button" onClick={() => void patch({ open: false })}>
            {s.closeArticle}
          </button>
        ) : (
          <button type="button" onClick={() => void patch({ open: true })}>
            {s.openArticle}
          </button>
        )}
        {info?.mode === 'pre' ? (
          <button type="button" onClick={() => void patch({ mode: 'post' })}>
            {s.postModeration}
          </button>
        ) : (
          <button type="button" onClick={() => void patch({ mode: 'pre' })}>
            {s.preModeration}
          </button>
        )}
      </div>
    </div>
  );
}
