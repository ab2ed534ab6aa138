import type { ModComment } from '../../../comments/comment.js';
import { fill } from '../../shared/i18n.js';
import type { Strings } from '../strings/index.js';
import { explainedRules, riskModelLine, riskPercent, ruleLabel } from './labels.js';

/**
 * The risk model's score for a comment (the site's own model, or Ordskifte's
 * base model until the site has decided anything: the line under the meter says which) and what pushed it up
 * (docs/MODERATION.md, "The per-site risk model"; the comment's `risk.top`),
 * heaviest first: a word or a word pair of the text, quoted, or the rules that
 * matched, by the names the rest of the workbench gives them. Nothing when the
 * site has no score (the base model switched off and no decision learnt yet). Nothing in it takes focus: the
 * keyboard stays on the queue.
 */
export function RiskPanel({ c, s }: { c: ModComment; s: Strings }) {
  const risk = c.risk;
  if (!risk) return null;
  const percent = riskPercent(risk.score);
  return (
    <section class="risk" aria-labelledby="risk-title">
      <h3 id="risk-title">{s.riskTitle}</h3>
      <p class="risk-score">
        <meter
          min={0}
          max={100}
          low={50}
          high={80}
          optimum={0}
          value={percent}
          aria-labelledby="risk-title risk-percent"
        />{' '}
        <span id="risk-percent">{fill(s.riskScore, { percent })}</span>
      </p>
      <p class="meta">{riskModelLine(risk.modelVersion, s)}</p>
      {risk.top.length > 0 && (
        <>
          <p id="risk-top">{s.riskTop}</p>
          <ul class="risk-top" aria-labelledby="risk-top">
            {risk.top.map((item) => {
              const rules = explainedRules(item.feature);
              return rules === null ? (
                <li key={item.feature}>
                  <q>{item.feature}</q>
                </li>
              ) : (
                <li key={item.feature} class="rules">
                  {fill(s.riskRules, { rules: rules.map((r) => ruleLabel(r, s)).join(', ') })}
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}
