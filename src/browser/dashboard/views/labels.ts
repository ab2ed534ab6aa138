import { fill } from '../../shared/i18n.js';
import type { Strings } from '../strings/index.js';

type Lookup = Record<string, string | undefined>;

/** A rule's name in the UI language; an unknown rule shows its code (a code is not English prose). */
export const ruleLabel = (rule: string, s: Strings) => (s as unknown as Lookup)[`rule_${rule}`] ?? rule;

/**
 * The rules of the explanation's item for the rules' reasons, `(rules: threat, slur)`
 * (the model's `describe` in src/moderation/model/features.ts); null for a word or a pair.
 */
export function explainedRules(feature: string): string[] | null {
  const rules = /^\(rules: (.*)\)$/.exec(feature)?.[1];
  return rules === undefined ? null : rules.split(', ').filter(Boolean);
}

export const reportLabel = (why: string, s: Strings) => (s as unknown as Lookup)[`report_${why}`] ?? why;
export const statusLabel = (status: string, s: Strings) =>
  (s as unknown as Lookup)[`status_${status}`] ?? (s as unknown as Lookup)[`sub_${status}`] ?? status;

/** An audit entry's action in words ("godkjente", "startet behandling"); unknown ones show the code. */
export const auditAction = (action: string, s: Strings) =>
  (s as unknown as Lookup)[`audit_${action}`] ?? action;

/** A field value of an audit record's before/after, in words where it is a status. */
export function auditChange(
  before: { status?: unknown } | null | undefined,
  after: { status?: unknown } | null | undefined,
  s: Strings,
): string {
  const from = typeof before?.status === 'string' ? statusLabel(before.status, s) : '';
  const to = typeof after?.status === 'string' ? statusLabel(after.status, s) : '';
  return from && to && from !== to ? ` (${from} → ${to})` : '';
}

/**
 * What the risk score was learnt from, by the log seq the site's model had applied
 * (`risk.modelVersion`): 0 is the shipped base model alone (a site scores with it
 * before its moderators' first decision; docs/MODERATION.md, "The shipped base model").
 */
/** A model's score as a whole percentage, never 0 or 100: a score is not certainty. */
export function riskPercent(score: number): number {
  return Math.min(99, Math.max(1, Math.round(score * 100)));
}

export function riskModelLine(modelVersion: number, s: Strings): string {
  if (modelVersion === 0) return s.riskModelBase;
  if (modelVersion === 1) return s.riskModelOne;
  return fill(s.riskModelVersion, { version: modelVersion });
}
