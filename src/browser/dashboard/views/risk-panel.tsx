import type { ModComment } from '../../../comments/comment.js';
import { fill } from '../../shared/i18n.js';
import type { Strings } from '../strings/index.js';

/**
 * The site's risk model's score for a comment and the pieces of text that
 * pushed it up (docs/MODERATION.md, "The per-site risk model"). Nothing before
 * the model has learnt from a decision.
 */
export function RiskPanel({ c, s }: { c: ModComment; s: Strings }) {
  const risk = c.risk;
  if (!risk) return null;
  const percent = Math.round(risk.score * 100);
  return (
    <section class="risk" aria-label={s.riskTitle}>
      <h3>{s.riskTitle}</h3>
      <p>
        <meter min={0} max={100} low={50} high={80} optimum={0} value={percent} />{' '}
        {fill(s.riskScore, { percent })}
        <small class="meta block">
          {risk.modelVersion === 1
            ? s.riskModelOne
            : fill(s.riskModelVersion, { version: risk.modelVersion })}
        </small>
      </p>
      {risk.top.length > 0 && (
        <p>
          {s.riskTop}{' '}
          {risk.top.map((f, i) => (
            <code key={i} title={f.weight.toFixed(3)}>
              {f.feature}
            </code>
          ))}
        </p>
      )}
    </section>
  );
}
