/**
 * The appeals queue (DSA Art. 20): open appeals, oldest first, with the time
 * waited, the statement of reasons the writer got, who decided, the writer's
 * appeal and the comment. A person upholds or reverses, with a reason; the
 * one who made the decision is told in words (403 conflict_of_interest) when
 * someone else must. Updated live.
 */
import { useRef, useState } from 'preact/hooks';
import { fill } from '../../shared/i18n.js';
import { type AppealCase, type CaseItem, decideAppeal, now } from '../state/accountability.js';
import { errorText } from '../state/queue.js';
import { announce, user } from '../state/session.js';
import { cs } from './accountability-strings.js';
import { adoptStyles, CaseComment, CaseSection, focusAfterDecision, Waited } from './case-parts.js';

adoptStyles();

function AppealCard({ item, appeal }: { item: CaseItem; appeal: AppealCase }) {
  const s = cs.value;
  const [busy, setBusy] = useState(false);
  const card = useRef<HTMLLIElement>(null);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState('');
  const headingId = `appeal-${appeal.id}`;
  const reasonId = `appeal-reason-${appeal.id}`;
  const statement = appeal.statement;
  const decider = appeal.originalDecider;
  const mine = decider !== null && decider.id === user.value?.id;
  const decide = async (action: 'uphold' | 'reverse') => {
    if (!reason.trim()) {
      setProblem(s.reasonRequired);
      document.getElementById(reasonId)?.focus();
      return;
    }
    const refocus = focusAfterDecision(card.current, document.activeElement);
    setBusy(true);
    setProblem('');
    const res = await decideAppeal(appeal, { action, reason: reason.trim() });
    setBusy(false);
    refocus();
    if (res.status === 200) announce(action === 'reverse' ? s.decidedReversed : s.decidedUpheld);
    else if (res.status === 409) announce(s.alreadyDecided, true);
    else {
      const text =
        res.body.error?.code === 'conflict_of_interest'
          ? s.conflictOfInterest
          : fill(s.failed, { why: res.status === 0 ? s.networkFailed : errorText(res) });
      setProblem(text);
      announce(text, true);
    }
  };
  return (
    <li ref={card} class={busy ? 'case busy' : 'case'} aria-labelledby={headingId} data-appeal={appeal.id}>
      <h3 id={headingId}>{statement ? s[`decision_${statement.decision}`] : s.appealText}</h3>
      <p>
        <Waited since={appeal.receivedAt} now={now.value} /> ·{' '}
        {decider ? fill(s.decidedByPerson, { name: decider.name }) : s.decidedByEngine}
      </p>
      {mine && <p class="notice">{s.decidedByYou}</p>}
      {statement && (
        <>
          <p class="label">{s.statementLabel}</p>
          <blockquote class="statement">
            {statement.facts}
            {'\n'}
            {statement.ground.reference}
          </blockquote>
        </>
      )}
      <p class="label">{s.appealText}</p>
      <blockquote>{appeal.explanation}</blockquote>
      <CaseComment c={item} />
      <div class="decide">
        <label for={reasonId}>{s.appealReason}</label>
        <textarea
          id={reasonId}
          value={reason}
          maxLength={2000}
          required
          aria-invalid={problem === s.reasonRequired ? 'true' : undefined}
          onInput={(e) => setReason(e.currentTarget.value)}
        />
        <div class="actions">
          <button type="button" class="act approve" disabled={busy} onClick={() => void decide('reverse')}>
            {statement?.decision === 'restricted' ? s.reverseRestriction : s.reverseComment}
          </button>
          <button type="button" class="act reject" disabled={busy} onClick={() => void decide('uphold')}>
            {s.uphold}
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

export function AppealsView() {
  const s = cs.value;
  return (
    <CaseSection
      kind="appeals"
      texts={{ heading: s.appealsHeading, intro: s.appealsIntro, empty: s.appealsEmpty }}
      card={(item) =>
        item.appeal ? <AppealCard key={item.appeal.id} item={item} appeal={item.appeal} /> : null
      }
    />
  );
}
