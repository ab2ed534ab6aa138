/**
 * The notices queue (DSA Art. 16): open notices of illegal content, oldest
 * first, each with the time it has waited, what the notifier wrote and the
 * comment; a moderator removes the comment (on the law the category names, or
 * a ground they choose) or keeps it. Updated live.
 */
import { useRef, useState } from 'preact/hooks';
import { fill } from '../../shared/i18n.js';
import { type CaseItem, decideNotice, type NoticeCase, now } from '../state/accountability.js';
import { catalogue, loadCatalogue } from '../state/catalogue.js';
import { errorText } from '../state/queue.js';
import { noticeCategoryName } from '../../../notices/notice-categories.js';
import { announce, lang } from '../state/session.js';
import { cs } from './accountability-strings.js';
import { adoptStyles, CaseComment, CaseSection, focusAfterDecision, Waited } from './case-parts.js';

adoptStyles();

function NoticeCard({ item, notice }: { item: CaseItem; notice: NoticeCase }) {
  const s = cs.value;
  const [busy, setBusy] = useState(false);
  const card = useRef<HTMLLIElement>(null);
  const [reasonCode, setReasonCode] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState('');
  const headingId = `notice-${notice.id}`;
  const decide = async (action: 'remove' | 'keep') => {
    const refocus = focusAfterDecision(card.current, document.activeElement);
    setBusy(true);
    setProblem('');
    const res = await decideNotice(notice, {
      action,
      ...(action === 'remove' && reasonCode ? { reasonCode } : {}),
      ...(note.trim() ? { reason: note.trim() } : {}),
    });
    setBusy(false);
    refocus();
    if (res.status === 200) announce(action === 'remove' ? s.decidedRemoved : s.decidedKept);
    else if (res.status === 409) announce(s.alreadyDecided, true);
    else {
      const why = res.status === 0 ? s.networkFailed : errorText(res);
      setProblem(fill(s.failed, { why }));
      announce(fill(s.failed, { why }), true);
    }
  };
  return (
    <li ref={card} class={busy ? 'case busy' : 'case'} aria-labelledby={headingId} data-notice={notice.id}>
      <h3 id={headingId}>{noticeCategoryName(notice.category, lang.value)}</h3>
      <p>
        <Waited since={notice.receivedAt} now={now.value} /> ·{' '}
        {notice.notifierName ? fill(s.notifiedBy, { name: notice.notifierName }) : s.notifiedAnonymously}
        {notice.notifierGaveEmail ? ` ${s.notifierEmail}` : ''}
      </p>
      <p class="label">{s.notifierExplanation}</p>
      <blockquote>{notice.explanation}</blockquote>
      <CaseComment c={item} />
      <div class="decide">
        <label>
          {s.ground}
          <select value={reasonCode} onChange={(e) => setReasonCode(e.currentTarget.value)}>
            <option value="">{s.groundByCategory}</option>
            {catalogue.value.map((r) => (
              <option key={r.code} value={r.code}>
                {r.labels[lang.value]} ({r.ground.reference})
              </option>
            ))}
          </select>
        </label>
        <label>
          {s.note}
          <textarea value={note} maxLength={500} onInput={(e) => setNote(e.currentTarget.value)} />
        </label>
        <div class="actions">
          <button type="button" class="act reject" disabled={busy} onClick={() => void decide('remove')}>
            {s.remove}
          </button>
          <button type="button" class="act approve" disabled={busy} onClick={() => void decide('keep')}>
            {s.keep}
          </button>
        </div>
        {problem && (
          <p class="result bad" role="alert">
            {problem}
          </p>
        )}
      </div>
    </li>
  );
}

export function NoticesView() {
  const s = cs.value;
  return (
    <CaseSection
      kind="notices"
      texts={{ heading: s.noticesHeading, intro: s.noticesIntro, empty: s.noticesEmpty }}
      onSite={() => void loadCatalogue()}
      card={(item) =>
        item.notice ? <NoticeCard key={item.notice.id} item={item} notice={item.notice} /> : null
      }
    />
  );
}
