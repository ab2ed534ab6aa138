import type { StatsService } from './stats-service.js';

type Report = Awaited<ReturnType<StatsService['transparency']>>;

export const CSV_COLUMNS = [
  'section',
  'metric',
  'category',
  'eu_category',
  'ground',
  'reference',
  'reason_code',
  'type',
  'detection',
  'decision',
  'outcome',
  'value',
  'unit',
] as const;
type Row = Partial<Record<(typeof CSV_COLUMNS)[number], string | number | null>>;

const SECTION = {
  identification: '1.1 Report identification',
  notices: '1.3 Notices (Art. 16)',
  ownInitiative: '1.4 Own-initiative content moderation (Art. 15(1)(c))',
  complaints: '1.5 Internal complaint-handling (Art. 20, Art. 24(1))',
  automated: '1.6 Automated means (Art. 15(1)(e))',
};

/** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; CRLF between records. */
const field = (value: string | number | null | undefined) => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/**
 * The transparency report as CSV in the structure of the EU harmonised
 * template: one row per metric, its dimensions in their own columns, and
 * the sections of Annex I of Implementing Regulation (EU) 2024/2835.
 * docs/TRANSPARENCY.md describes every metric.
 */
export function transparencyCsv(report: Report): string {
  const rows: Row[] = [];
  const r = report.report;
  rows.push(
    { section: SECTION.identification, metric: 'service', value: r.siteName },
    { section: SECTION.identification, metric: 'service_id', value: r.siteId },
    { section: SECTION.identification, metric: 'period_start', value: r.from },
    { section: SECTION.identification, metric: 'period_end', value: r.to },
    { section: SECTION.identification, metric: 'generated_at', value: r.generatedAt },
  );
  const n = report.notices;
  for (const c of n.byCategory) {
    const dims = { section: SECTION.notices, category: c.category, eu_category: c.euCategory, ground: 'law' };
    rows.push(
      { ...dims, metric: 'notices_received', value: c.received, unit: 'count' },
      { ...dims, metric: 'notices_decided', outcome: 'removed', value: c.removed, unit: 'count' },
      { ...dims, metric: 'notices_decided', outcome: 'kept', value: c.kept, unit: 'count' },
      { ...dims, metric: 'notices_pending', value: c.pending, unit: 'count' },
      { ...dims, metric: 'median_time_to_decision', value: c.medianHoursToDecision, unit: 'hours' },
    );
  }
  rows.push(
    {
      section: SECTION.notices,
      metric: 'notices_received',
      category: 'all',
      value: n.received,
      unit: 'count',
    },
    {
      section: SECTION.notices,
      metric: 'notices_decided_by_automated_means',
      category: 'all',
      value: n.decidedByAutomatedMeans,
      unit: 'count',
    },
    {
      section: SECTION.notices,
      metric: 'median_time_to_decision',
      category: 'all',
      value: n.medianHoursToDecision,
      unit: 'hours',
    },
  );
  for (const d of report.ownInitiative.items) {
    rows.push({
      section: SECTION.ownInitiative,
      metric: 'decisions',
      ground: d.ground,
      reference: d.reference,
      reason_code: d.reasonCode,
      type: d.type,
      detection: d.detection,
      decision: d.decision,
      value: d.count,
      unit: 'count',
    });
  }
  rows.push({
    section: SECTION.ownInitiative,
    metric: 'decisions_total',
    value: report.ownInitiative.total,
    unit: 'count',
  });
  const a = report.appeals;
  rows.push(
    { section: SECTION.complaints, metric: 'complaints_received', value: a.received, unit: 'count' },
    {
      section: SECTION.complaints,
      metric: 'complaints_decided',
      outcome: 'upheld',
      value: a.upheld,
      unit: 'count',
    },
    {
      section: SECTION.complaints,
      metric: 'complaints_decided',
      outcome: 'reversed',
      value: a.reversed,
      unit: 'count',
    },
    { section: SECTION.complaints, metric: 'complaints_pending', value: a.pending, unit: 'count' },
    {
      section: SECTION.complaints,
      metric: 'median_time_to_decision',
      value: a.medianHoursToDecision,
      unit: 'hours',
    },
  );
  const sumWhere = (test: (d: Report['ownInitiative']['items'][number]) => boolean) =>
    report.ownInitiative.items.filter(test).reduce((s, d) => s + d.count, 0);
  rows.push(
    {
      section: SECTION.automated,
      metric: 'decisions',
      detection: 'automated',
      decision: 'automated',
      value: sumWhere((d) => d.detection === 'automated' && d.decision === 'automated'),
      unit: 'count',
    },
    {
      section: SECTION.automated,
      metric: 'decisions',
      detection: 'automated',
      decision: 'manual',
      value: sumWhere((d) => d.detection === 'automated' && d.decision === 'manual'),
      unit: 'count',
    },
    {
      section: SECTION.automated,
      metric: 'decisions',
      detection: 'manual',
      decision: 'manual',
      value: sumWhere((d) => d.detection === 'manual' && d.decision === 'manual'),
      unit: 'count',
    },
  );
  const lines = [
    CSV_COLUMNS.join(','),
    ...rows.map((row) => CSV_COLUMNS.map((c) => field(row[c])).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
