import { fill } from '../shared/i18n.js';
import type { Strings as DashboardStrings } from './strings/index.js';

/** A moderation reason as the API sends it; `params` are the values its sentence is built from. */
export interface ReasonView {
  rule: string;
  category?: string;
  detail: string;
  params?: Record<string, string | number>;
}

/**
 * A reason in the moderator's language. The engine's `detail` is English; its
 * `params` let the dashboard say the same in Norwegian. Reasons stored before
 * params existed (or from a rule this dashboard does not know) show the detail.
 */
export function describeReason(reason: ReasonView, t: DashboardStrings): string {
  const params = reason.params;
  if (!params) return reason.detail;
  const text = t as unknown as Record<string, string | undefined>;
  const template =
    (typeof params.kind === 'string' ? text[`why_${reason.rule}_${params.kind}`] : undefined) ??
    text[`why_${reason.rule}`];
  if (!template) return reason.detail;
  const values: Record<string, string | number> = {
    ...params,
    category: text[`category_${reason.category}`] ?? '',
  };
  // The risk model's score and threshold are fractions of 1: said in whole percent, as its panel does.
  if (reason.rule === 'risk_model')
    for (const key of ['score', 'threshold']) {
      const value = params[key];
      if (typeof value === 'number') values[key] = Math.round(value * 100);
    }
  return fill(template, values);
}
