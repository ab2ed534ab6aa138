/**
 * The newsroom's statistics (GET …/stats): decisions by source and the
 * waiting times per hour or day, drawn with uPlot (this chunk loads only when
 * the view is opened), the same figures as tables, the work per moderator,
 * and for admins the DSA transparency report as JSON or CSV.
 */
import { useSignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import uplotStyles from 'uplot/dist/uPlot.min.css';
import { fill } from '../../shared/i18n.js';
import { call } from '../http.js';
import { LatestRead } from '../latest-read.js';
import { formatNumber, newsroomDay, newsroomDayStart, newsroomZone } from '../state/format.js';
import { errorText } from '../state/queue.js';
import { isAdmin, lang, site } from '../state/session.js';
import type { UiLang } from '../strings/index.js';
import { cs, duration } from './accountability-strings.js';
import { adoptStyles } from './case-parts.js';

adoptStyles();
{
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(uplotStyles);
  document.adoptedStyleSheets = [sheet, ...document.adoptedStyleSheets];
}

interface Durations {
  count: number;
  p50Seconds: number | null;
  p95Seconds: number | null;
}
interface Figures {
  decisions: {
    engine: { approve: number; hold: number; reject: number };
    moderator: { approve: number; reject: number };
  };
  heldWait: Durations;
  reportToAction: Durations;
  noticeToAction: Durations;
  actionsByModerator: {
    id: string;
    name: string;
    comments: number;
    authors: number;
    notices: number;
    appeals: number;
    actions: number;
  }[];
}
interface Stats {
  bucket: 'hour' | 'day';
  buckets: (Figures & { start: string; end: string })[];
  totals: Figures;
  truncated: boolean;
}

type Range = 'day' | 'week' | 'month';
const RANGES: Record<Range, { bucket: 'hour' | 'day'; hours: number }> = {
  day: { bucket: 'hour', hours: 24 },
  week: { bucket: 'day', hours: 7 * 24 },
  month: { bucket: 'day', hours: 30 * 24 },
};
const locales: Record<UiLang, string> = { nb: 'nb-NO', nn: 'nn-NO', en: 'en-GB' };

/** A bucket's start on the newsroom's clock (its hour, or its day), wherever the browser is. */
function timeLabel(seconds: number, bucket: 'hour' | 'day', l: UiLang): string {
  const timeZone = newsroomZone.value;
  const options: Intl.DateTimeFormatOptions =
    bucket === 'hour'
      ? { hour: '2-digit', minute: '2-digit', timeZone }
      : { day: 'numeric', month: 'short', timeZone };
  return new Date(seconds * 1000).toLocaleString(locales[l], options);
}

/** Series colours that read on the light and the dark panel alike. */
function palette(): string[] {
  const dark = window.matchMedia('(prefers-color-scheme: dark)').matches;
  return dark
    ? ['#7fd39b', '#ffd166', '#f5a09a', '#8ab4f8', '#d0a9f5']
    : ['#1b6b35', '#8a5a00', '#a3261d', '#0b57d0', '#6a1b9a'];
}

function Chart({
  title,
  x,
  series,
  bucket,
}: {
  title: string;
  x: number[];
  series: { label: string; values: (number | null)[] }[];
  bucket: 'hour' | 'day';
}) {
  const box = useRef<HTMLDivElement>(null);
  const l = lang.value;
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const css = getComputedStyle(document.documentElement);
    const fg = css.getPropertyValue('--fg').trim() || '#1d1d1f';
    const line = css.getPropertyValue('--line').trim() || '#d5d5db';
    const colours = palette();
    const axis = {
      stroke: fg,
      grid: { stroke: line, width: 1 },
      ticks: { stroke: line, width: 1 },
    };
    const plot = new uPlot(
      {
        width: Math.max(280, el.clientWidth - 16),
        height: 240,
        series: [
          { label: cs.peek().col_time, value: (_u, v) => (v == null ? '' : timeLabel(v, bucket, l)) },
          ...series.map((s, i) => ({
            label: s.label,
            stroke: colours[i % colours.length],
            width: 2,
            value: (_u: uPlot, v: number | null) => (v == null ? '–' : formatNumber(v, l)),
          })),
        ],
        axes: [
          { ...axis, values: (_u, splits) => splits.map((v) => timeLabel(v, bucket, l)) },
          { ...axis, values: (_u, splits) => splits.map((v) => formatNumber(v, l)) },
        ],
        cursor: { drag: { x: false, y: false } },
        // The axis's hours and midnights are the newsroom's, not the browser's.
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), newsroomZone.peek()),
      },
      [x, ...series.map((s) => s.values)],
      el,
    );
    // The canvas is a picture: the table under it holds the same figures for screen readers.
    plot.root.setAttribute('aria-hidden', 'true');
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(280, el.clientWidth - 16), height: 240 }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [x, series, bucket, l]);
  return (
    <figure>
      <figcaption>
        <h3>{title}</h3>
      </figcaption>
      <div class="chart" ref={box} />
    </figure>
  );
}

/** A table that may scroll sideways on a phone: keyboard users must be able to reach and scroll it. */
function Scroll({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region takes focus so it can be scrolled by keyboard (axe scrollable-region-focusable)
    <section class="scroll" tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}

function FiguresTable({
  x,
  series,
  bucket,
  caption,
}: {
  x: number[];
  series: { label: string; values: (number | null)[] }[];
  bucket: 'hour' | 'day';
  caption: string;
}) {
  const s = cs.value;
  const l = lang.value;
  return (
    <details>
      <summary>{s.figures}</summary>
      <Scroll label={caption}>
        <table>
          <caption class="sr">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{s.col_time}</th>
              {series.map((c) => (
                <th key={c.label} scope="col">
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {x.map((t, i) => (
              <tr key={t}>
                <th scope="row">{timeLabel(t, bucket, l)}</th>
                {series.map((c) => (
                  <td key={c.label}>{c.values[i] == null ? s.none : formatNumber(c.values[i]!, l)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </Scroll>
    </details>
  );
}

const minutes = (d: Durations, key: 'p50Seconds' | 'p95Seconds') =>
  d[key] == null ? null : Math.round((d[key]! / 60) * 10) / 10;

function Export() {
  const s = cs.value;
  // The newsroom's days: "to 7 December" ends at the newsroom's midnight, wherever the browser is.
  const today = newsroomDay(Date.now());
  const from = useSignal(`${today.slice(0, 4)}-01-01`);
  const to = useSignal(today);
  const day = /^\d{4}-\d{2}-\d{2}$/;
  const start = day.test(from.value) ? newsroomDayStart(from.value) : new Date(Number.NaN);
  const end = day.test(to.value) ? newsroomDayStart(to.value, 1) : new Date(Number.NaN);
  const valid = !Number.isNaN(start.getTime()) && !Number.isNaN(end.getTime()) && start < end;
  const href = (format: 'json' | 'csv') =>
    `/api/v1/admin/sites/${encodeURIComponent(site.value)}/transparency?from=${encodeURIComponent(start.toISOString())}&to=${encodeURIComponent(end.toISOString())}&format=${format}`;
  return (
    <section aria-labelledby="transparency-title">
      <h3 id="transparency-title">{s.transHeading}</h3>
      <p>{s.transIntro}</p>
      <form class="export" onSubmit={(e) => e.preventDefault()}>
        <label>
          {s.transFrom}
          <input type="date" value={from.value} onInput={(e) => (from.value = e.currentTarget.value)} />
        </label>
        <label>
          {s.transTo}
          <input type="date" value={to.value} onInput={(e) => (to.value = e.currentTarget.value)} />
        </label>
        {valid ? (
          <>
            <a href={href('json')} download={`transparency-${site.value}-${from.value}-${to.value}.json`}>
              {s.downloadJson}
            </a>
            <a href={href('csv')} download={`transparency-${site.value}-${from.value}-${to.value}.csv`}>
              {s.downloadCsv}
            </a>
          </>
        ) : (
          <p class="result bad" role="alert">
            {s.badRange}
          </p>
        )}
      </form>
    </section>
  );
}

const reads = new LatestRead();

export function StatsView() {
  const s = cs.value;
  const l = lang.value;
  const siteId = site.value;
  const range = useSignal<Range>('day');
  const stats = useSignal<Stats | null>(null);
  const problem = useSignal('');
  useEffect(() => {
    const { bucket, hours } = RANGES[range.value];
    const to = new Date();
    let from = new Date(to.getTime() - hours * 3600_000);
    // From a whole hour, or from the newsroom's midnight (not the browser's).
    if (bucket === 'hour') from.setUTCMinutes(0, 0, 0);
    else from = newsroomDayStart(newsroomDay(from));
    const latest = reads.start();
    stats.value = null;
    void call<Stats>(
      'GET',
      `/api/v1/moderation/sites/${encodeURIComponent(siteId)}/stats?bucket=${bucket}&from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`,
    ).then((res) => {
      if (!latest()) return;
      if (res.status === 200) {
        stats.value = res.body;
        problem.value = '';
      } else problem.value = fill(s.failed, { why: errorText(res) });
    });
  }, [siteId, range.value]);

  const data = stats.value;
  const { x, decisions, waits } = useMemo(() => {
    if (!data) return { x: [], decisions: [], waits: [] };
    const b = data.buckets;
    return {
      x: b.map((one) => new Date(one.start).getTime() / 1000),
      decisions: [
        { label: s.s_engineApprove, values: b.map((one) => one.decisions.engine.approve) },
        { label: s.s_engineHold, values: b.map((one) => one.decisions.engine.hold) },
        { label: s.s_engineReject, values: b.map((one) => one.decisions.engine.reject) },
        { label: s.s_modApprove, values: b.map((one) => one.decisions.moderator.approve) },
        { label: s.s_modReject, values: b.map((one) => one.decisions.moderator.reject) },
      ],
      waits: [
        { label: s.s_heldP50, values: b.map((one) => minutes(one.heldWait, 'p50Seconds')) },
        { label: s.s_heldP95, values: b.map((one) => minutes(one.heldWait, 'p95Seconds')) },
        { label: s.s_reportP50, values: b.map((one) => minutes(one.reportToAction, 'p50Seconds')) },
        { label: s.s_noticeP50, values: b.map((one) => minutes(one.noticeToAction, 'p50Seconds')) },
      ],
    };
  }, [data, s]);
  const time = (v: number | null) => (v == null ? s.none : duration(v, s));
  const workload = data?.totals.actionsByModerator ?? [];
  return (
    <section class="stats" aria-labelledby="stats-title">
      <h2 id="stats-title">{s.statsHeading}</h2>
      <label>
        {s.period}{' '}
        <select
          name="range"
          value={range.value}
          onChange={(e) => (range.value = e.currentTarget.value as Range)}
        >
          {(Object.keys(RANGES) as Range[]).map((r) => (
            <option key={r} value={r}>
              {s[`range_${r}`]}
            </option>
          ))}
        </select>
      </label>
      {problem.value && (
        <p class="result bad" role="alert">
          {problem.value}
        </p>
      )}
      {!data && !problem.value && <p class="empty">…</p>}
      {data && (
        <>
          {data.truncated && <p class="notice">{s.truncated}</p>}
          <Chart title={s.chartDecisions} x={x} series={decisions} bucket={data.bucket} />
          <FiguresTable x={x} series={decisions} bucket={data.bucket} caption={s.chartDecisions} />
          <Chart title={s.chartWaits} x={x} series={waits} bucket={data.bucket} />
          <FiguresTable x={x} series={waits} bucket={data.bucket} caption={s.chartWaits} />
          <h3>{s.totalsHeading}</h3>
          <Scroll label={s.totalsHeading}>
            <table data-table="waits">
              <thead>
                <tr>
                  <th scope="col">{s.col_what}</th>
                  <th scope="col">{s.col_count}</th>
                  <th scope="col">{s.col_p50}</th>
                  <th scope="col">{s.col_p95}</th>
                </tr>
              </thead>
              <tbody>
                {(
                  [
                    [s.w_held, data.totals.heldWait],
                    [s.w_report, data.totals.reportToAction],
                    [s.w_notice, data.totals.noticeToAction],
                  ] as const
                ).map(([label, d]) => (
                  <tr key={label}>
                    <th scope="row">{label}</th>
                    <td>{formatNumber(d.count, l)}</td>
                    <td>{time(d.p50Seconds)}</td>
                    <td>{time(d.p95Seconds)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Scroll>
          <h3 id="workload-title">{s.workloadHeading}</h3>
          {workload.length === 0 ? (
            <p class="empty">{s.noWork}</p>
          ) : (
            <Scroll label={s.workloadHeading}>
              <table data-table="workload" aria-labelledby="workload-title">
                <thead>
                  <tr>
                    <th scope="col">{s.col_name}</th>
                    <th scope="col">{s.col_comments}</th>
                    <th scope="col">{s.col_authors}</th>
                    <th scope="col">{s.col_notices}</th>
                    <th scope="col">{s.col_appeals}</th>
                    <th scope="col">{s.col_actions}</th>
                  </tr>
                </thead>
                <tbody>
                  {workload.map((m) => (
                    <tr key={m.id} data-moderator={m.id}>
                      <th scope="row">{m.name}</th>
                      <td>{formatNumber(m.comments, l)}</td>
                      <td>{formatNumber(m.authors, l)}</td>
                      <td>{formatNumber(m.notices, l)}</td>
                      <td>{formatNumber(m.appeals, l)}</td>
                      <td>{formatNumber(m.actions, l)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Scroll>
          )}
        </>
      )}
      {isAdmin.value && <Export />}
    </section>
  );
}
